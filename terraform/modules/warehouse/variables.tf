variable "name" {
  type        = string
  description = "Name prefix of the instance and its security group."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the instance."
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR of the VPC, where the database is."
}

variable "subnet_id" {
  type        = string
  description = "Public subnet of the instance."
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type."
}

variable "allowed_cidr" {
  type        = string
  description = "The only CIDR that may reach the HTTP port."
}

variable "http_port" {
  type        = number
  description = "HTTP port of the warehouse service."
  default     = 8080
}

variable "instance_profile" {
  type        = string
  description = "Instance profile with the warehouse role."
}

variable "artifact_bucket" {
  type        = string
  description = "Bucket that holds the service artifact under artifacts/."
}

variable "artifact_path" {
  type        = string
  description = "Local path of the warehouse-service zip (quarkus-app)."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the service's log group."
}

variable "region" {
  type        = string
  description = "Region of the pipeline."
}

variable "database_host" {
  type        = string
  description = "Host of the instance holding the OLAP database."
}

variable "database_port" {
  type        = number
  description = "PostgreSQL port."
}

variable "database_name" {
  type        = string
  description = "Name of the OLAP database (created on first boot if missing)."
}

variable "oltp_database_name" {
  type        = string
  description = "Name of the OLTP database, whose ingest records (manifest, rejected rows, outbox) file status reads."
}

variable "oltp_database_host" {
  type        = string
  description = "Host of the instance holding the OLTP database."
}

variable "oltp_database_secret_arn" {
  type        = string
  description = "Secret of the warehouse's OLTP login, its status reader (chinook_status)."
}

variable "database_secret_arn" {
  type        = string
  description = "Secret of the warehouse's OLAP login (chinook_warehouse)."
}

variable "ingest_database_secret_arn" {
  type        = string
  description = "Secret of the ingest's login (chinook_ingest): the first boot gives the role this password."
}

variable "database_admin_secret_arns" {
  type        = object({ oltp = string, olap = string })
  description = "RDS master secrets of the instances holding OLTP and OLAP (the same when they share one): the first boot sets up the databases and roles with them."
}

variable "queue_urls" {
  type = object({
    ingest_events     = string
    ingest_events_dlq = string
    oltp_changes      = string
    oltp_changes_dlq  = string
  })
  description = "URLs of the pipeline's queues: the service consumes oltp_changes and reports the depth of all four."
}

variable "reports_bucket" {
  type        = string
  description = "Bucket the ingest function writes its reports to (status reads the reconcile report)."
}

variable "operator_token_secret_arn" {
  type        = string
  description = "Secret holding the bearer token of the state-changing endpoints, read at boot."
}

variable "oltp_changes_max_receive_count" {
  type        = number
  description = "maxReceiveCount of the oltp-changes queue's redrive policy: the service dead-letters a change message on its last receive, with the reason."
}
