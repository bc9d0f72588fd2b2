variable "name" {
  type        = string
  description = "Name prefix of the VPC's resources."
}

variable "cidr" {
  type        = string
  description = "CIDR block of the VPC; subnets are /24s carved from it."
}

variable "region" {
  type        = string
  description = "Region, for the VPC endpoint service names."
}

variable "interface_endpoint_az_count" {
  type        = number
  description = "How many availability zones get the SQS and Secrets Manager interface endpoints (1 or 2)."
  default     = 1

  validation {
    condition     = var.interface_endpoint_az_count >= 1 && var.interface_endpoint_az_count <= 2
    error_message = "interface_endpoint_az_count must be 1 or 2."
  }
}
