variable "aws_region" {
  type        = string
  description = "AWS region to deploy into."
  default     = "eu-west-1"
}

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name; lets several deployments share an account."
  default     = "chinook"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must be 2-21 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "queue_name_prefix" {
  type        = string
  description = "Prepended to the queue names of pipeline.json (the services get the resulting queue URLs); set it to deploy twice in one account."
  default     = ""
}

variable "bucket_name" {
  type        = string
  description = "Globally unique name of the raw-data bucket; empty derives one from the prefix, region and account."
  default     = ""
}

variable "ingest_package_path" {
  type        = string
  description = "Path to the ingest function's package: services/ingest-service/target/function-jvm.zip (what ./mvnw package builds) or function-native.zip (-Pnative)."
}

variable "ingest_runtime" {
  type        = string
  description = "jvm: the JVM build on java21 (default, built by ./mvnw package); native: the GraalVM/Mandrel build on provided.al2023."
  default     = "jvm"

  validation {
    condition     = contains(["native", "jvm"], var.ingest_runtime)
    error_message = "ingest_runtime must be native or jvm."
  }
}

variable "ingest_memory_mb" {
  type        = number
  description = "Memory of the ingest function in MB (also scales its CPU); null takes pipeline.json's value."
  default     = null
}

variable "ingest_timeout_seconds" {
  type        = number
  description = "Timeout of one ingest invocation in seconds; null takes pipeline.json's value."
  default     = null
}

variable "warehouse_artifact_path" {
  type        = string
  description = "Path to a zip of services/warehouse-service/target/quarkus-app (see docs/deploy.md)."
}

variable "warehouse_instance_type" {
  type        = string
  description = "EC2 instance type of the warehouse service."
  default     = "t3.micro"
}

variable "allowed_cidr" {
  type        = string
  description = "The only CIDR allowed to reach the warehouse service's HTTP port (for example your office IP/32)."

  validation {
    condition     = can(cidrhost(var.allowed_cidr, 0)) && var.allowed_cidr != "0.0.0.0/0"
    error_message = "allowed_cidr must be a valid CIDR and not the whole internet."
  }
}

variable "db_instance_class" {
  type        = string
  description = "RDS instance class for PostgreSQL."
  default     = "db.t4g.micro"
}

variable "db_allocated_storage_gb" {
  type        = number
  description = "RDS storage in GB (20 is the free-tier allowance)."
  default     = 20
}

variable "db_max_allocated_storage_gb" {
  type        = number
  description = "Upper limit of RDS storage autoscaling in GB; 0 turns it off (the default)."
  default     = 0
}

variable "db_backup_retention_days" {
  type        = number
  description = "Days of automated RDS backups. AWS Free-plan accounts (July 2025 onward) refuse more than 1; raise it on a paid plan."
  default     = 1
}

variable "db_deletion_protection" {
  type        = bool
  description = "Deletion protection of the RDS instances; set false (and apply) before terraform destroy."
  default     = true
}

variable "olap_separate_instance" {
  type        = bool
  description = "Put the OLAP database on its own RDS instance instead of a second database on the OLTP instance."
  default     = false
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR of the pipeline's VPC."
  default     = "10.42.0.0/16"
}

variable "interface_endpoint_az_count" {
  type        = number
  description = "Availability zones that get the SQS and Secrets Manager interface endpoints (each costs per hour)."
  default     = 1
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the CloudWatch log groups."
  default     = 14
}

variable "report_expiration_days" {
  type        = number
  description = "Days after which ingest reports under reports/ are deleted."
  default     = 90
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource."
  default     = {}
}

variable "bucket_force_destroy" {
  type        = bool
  description = "Let terraform destroy delete the bucket with every object version in it; set true (and apply) only to tear down."
  default     = false
}

variable "reconcile_schedule_expression" {
  type        = string
  description = "Reconcile the bucket with the ingest manifest on this schedule, e.g. rate(6 hours); empty (the default) schedules nothing."
  default     = ""
}

variable "quicksight_enabled" {
  type        = bool
  default     = false
  description = "Create Amazon QuickSight's VPC connection, data source and data sets on the warehouse (paid: an Enterprise subscription is needed first; see docs/deploy.md)."
}

variable "quicksight_principal_arn" {
  type        = string
  default     = ""
  description = "QuickSight user or group ARN that owns the data source and data sets; required when quicksight_enabled."

  validation {
    condition     = var.quicksight_principal_arn == "" || can(regex("^arn:aws[a-z-]*:quicksight:", var.quicksight_principal_arn))
    error_message = "quicksight_principal_arn must be a QuickSight user or group ARN (arn:aws:quicksight:...)."
  }
}
