variable "function_name" {
  type        = string
  description = "Name of the function."
}

variable "runtime_kind" {
  type        = string
  description = "jvm (java21, the default build) or native (provided.al2023)."
  default     = "jvm"

  validation {
    condition     = contains(["native", "jvm"], var.runtime_kind)
    error_message = "runtime_kind must be native or jvm."
  }
}

variable "package_path" {
  type        = string
  description = "Path to the package built for runtime_kind: function-jvm.zip or function-native.zip."
}

variable "memory_mb" {
  type        = number
  description = "Memory in MB."
}

variable "timeout_seconds" {
  type        = number
  description = "Timeout of one invocation in seconds."
}

variable "role_arn" {
  type        = string
  description = "Execution role."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets the function runs in (to reach RDS)."
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the function."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the function's log group."
}

variable "event_source_queue_arn" {
  type        = string
  description = "SQS queue that feeds the function."
}

variable "batch_size" {
  type        = number
  description = "Messages per invocation."
}

variable "batching_window_seconds" {
  type        = number
  description = "Longest wait to fill a batch."
}

variable "maximum_concurrency" {
  type        = number
  description = "Most concurrent invocations the queue may drive (2-1000)."

  validation {
    condition     = var.maximum_concurrency >= 2 && var.maximum_concurrency <= 1000
    error_message = "maximum_concurrency must be between 2 and 1000."
  }
}

variable "environment" {
  type        = map(string)
  description = "Environment variables of the function (no secrets: pass secret ARNs)."
}
