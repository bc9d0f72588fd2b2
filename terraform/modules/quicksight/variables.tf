variable "name" {
  type        = string
  description = "Prefix of the resources' names."
}

variable "aws_account_id" {
  type        = string
  description = "Account whose QuickSight subscription (Enterprise edition) holds the data source and data sets."
}

variable "principal_arn" {
  type        = string
  description = "QuickSight user or group ARN given owner rights on the data source and data sets (arn:aws:quicksight:<region>:<account>:user/default/<name>)."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the database."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets QuickSight puts its network interfaces in (two or more Availability Zones)."
}

variable "database_security_group_id" {
  type        = string
  description = "Security group of the database: QuickSight's interfaces are let in on its port."
}

variable "database_host" {
  type        = string
  description = "Host of the OLAP database."
}

variable "database_port" {
  type        = number
  description = "PostgreSQL port."
}

variable "database_name" {
  type        = string
  description = "Name of the OLAP database."
}

variable "database_secret_arn" {
  type        = string
  description = "Secret with the database credentials (QuickSight's Secrets Manager role must be allowed to read it)."
}
