variable "name" {
  type        = string
  description = "Name prefix of the roles."
}

variable "bucket_arn" {
  type        = string
  description = "ARN of the raw-data bucket."
}

variable "raw_prefix" {
  type        = string
  description = "Key prefix the ingest function reads (raw/)."
}

variable "ingest_events_queue_arn" {
  type        = string
  description = "Queue the ingest function consumes."
}

variable "ingest_events_dlq_arn" {
  type        = string
  description = "Dead-letter queue of ingest-events (the warehouse inspects and replays it)."
}

variable "oltp_changes_queue_arn" {
  type        = string
  description = "Queue the ingest function sends changes to and the warehouse consumes."
}

variable "oltp_changes_dlq_arn" {
  type        = string
  description = "Dead-letter queue of oltp-changes."
}

variable "ingest_database_secret_arn" {
  type        = string
  description = "ARN of the secret of the ingest's database login (chinook_ingest)."
}

variable "warehouse_database_secret_arns" {
  type        = list(string)
  description = "ARNs of the secrets of the warehouse's database logins: its OLAP role and its OLTP status reader."
}

variable "database_admin_secret_arns" {
  type        = list(string)
  description = "ARNs of the RDS master secrets, read once by the warehouse instance's first boot to set up the roles."
}

variable "kms_key_arn" {
  type        = string
  description = "Key that encrypts the database secrets."
}

variable "ingest_log_group_arn" {
  type        = string
  description = "Log group of the ingest function."
}

variable "warehouse_log_group_arn" {
  type        = string
  description = "Log group of the warehouse service."
}

variable "operator_token_secret_arn" {
  type        = string
  description = "Secret holding the warehouse's operator token, read by the instance at boot."
}
