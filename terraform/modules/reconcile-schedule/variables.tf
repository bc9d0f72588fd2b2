variable "name" {
  type        = string
  description = "Name prefix of the schedule and its role."
}

variable "schedule_expression" {
  type        = string
  description = "When to reconcile, as EventBridge Scheduler reads it: rate(6 hours), cron(0 3 * * ? *)."

  validation {
    condition     = can(regex("^(rate|cron|at)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must be rate(...), cron(...) or at(...)."
  }
}

variable "queue_arn" {
  type        = string
  description = "ARN of the ingest function's queue (ingest-events)."
}
