variable "bucket_name" {
  type        = string
  description = "Globally unique bucket name."
}

variable "raw_prefix" {
  type        = string
  description = "Key prefix of uploads that start the pipeline (raw/)."
}

variable "raw_suffix" {
  type        = string
  description = "Key suffix of uploads that start the pipeline (.csv)."
}

variable "notification_queue_arn" {
  type        = string
  description = "Queue that receives ObjectCreated notifications of raw uploads."
}

variable "report_expiration_days" {
  type        = number
  description = "Days after which objects under reports/ are deleted."
  default     = 90
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days after which overwritten (noncurrent) object versions are deleted."
  default     = 30
}

variable "force_destroy" {
  type        = bool
  description = "Let terraform destroy delete a non-empty bucket (for throw-away environments only)."
  default     = false
}
