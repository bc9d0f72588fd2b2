variable "name" {
  type        = string
  description = "Name prefix of the instances."
}

variable "separate_olap_instance" {
  type        = bool
  description = "Give OLAP its own instance instead of a second database on the OLTP instance."
  default     = false
}

variable "instance_class" {
  type        = string
  description = "Instance class (db.t4g.micro and db.t3.micro are free-tier classes)."
}

variable "allocated_storage_gb" {
  type        = number
  description = "Storage per instance in GB."
}

variable "max_allocated_storage_gb" {
  type        = number
  description = "Upper limit of storage autoscaling in GB; 0 turns autoscaling off (the default)."
  default     = 0

  validation {
    condition     = var.max_allocated_storage_gb == 0 || var.max_allocated_storage_gb > var.allocated_storage_gb
    error_message = "max_allocated_storage_gb must be 0 (off) or greater than allocated_storage_gb."
  }
}

variable "backup_retention_days" {
  type        = number
  description = "Days of automated backups (1-35)."

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "Automated backups must be on: 1 to 35 days."
  }
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL major version."
  default     = "17"
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets in two AZs."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the instances."
}

variable "client_security_group_ids" {
  type        = list(string)
  description = "Security groups allowed to connect on 5432."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key of the managed master password secret."
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the instances (turn off only to tear down)."
  default     = true
}
