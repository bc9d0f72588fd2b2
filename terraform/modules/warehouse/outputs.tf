output "url" {
  description = "Base URL of the warehouse service (reachable from allowed_cidr only)."
  value       = "http://${aws_instance.this.public_dns}:${var.http_port}"
}

output "instance_id" {
  description = "ID of the warehouse instance."
  value       = aws_instance.this.id
}

output "security_group_id" {
  description = "Security group of the warehouse instance (allowed into RDS)."
  value       = aws_security_group.this.id
}

output "log_group_arn" {
  description = "ARN of the service's log group."
  value       = aws_cloudwatch_log_group.this.arn
}
