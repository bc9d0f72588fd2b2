variable "name" {
  type        = string
  description = "Name of the source queue."
}

variable "dead_letter_name" {
  type        = string
  description = "Name of its dead-letter queue."
}

variable "visibility_timeout_seconds" {
  type        = number
  description = "Visibility timeout of the source queue; at least six times the consumer's timeout plus its batching window."
}

variable "consumer_timeout_seconds" {
  type        = number
  description = "Longest time one consumer call may take (the function's timeout)."
}

variable "batching_window_seconds" {
  type        = number
  description = "Batching window of the consumer, added to six times its timeout."
  default     = 0
}

variable "message_retention_seconds" {
  type        = number
  description = "Retention of the source queue."
}

variable "dead_letter_retention" {
  type        = number
  description = "Retention of the dead-letter queue; longer than the source, as messages keep their enqueue time."
}

variable "max_receive_count" {
  type        = number
  description = "Receives before a message moves to the dead-letter queue (at least 5 for Lambda)."

  validation {
    condition     = var.max_receive_count >= 5
    error_message = "max_receive_count below 5 lets Lambda throttling dead-letter good messages."
  }
}

variable "allowed_source_bucket_arn" {
  type        = string
  description = "Bucket allowed to send S3 event notifications to the queue; null for none."
  default     = null
}
