output "port" {
  description = "PostgreSQL port."
  value       = 5432
}

output "oltp_address" {
  description = "Host name of the OLTP instance."
  value       = aws_db_instance.this["oltp"].address
}

output "oltp_database" {
  description = "Database name of OLTP."
  value       = "oltp"
}

output "olap_address" {
  description = "Host name of the instance holding the OLAP database."
  value       = var.separate_olap_instance ? aws_db_instance.this["olap"].address : aws_db_instance.this["oltp"].address
}

output "olap_database" {
  description = "Database name of OLAP (a second database on the OLTP instance unless separate)."
  value       = "olap"
}

output "oltp_secret_arn" {
  description = "Secrets Manager ARN of the OLTP instance's managed master credentials."
  value       = aws_db_instance.this["oltp"].master_user_secret[0].secret_arn
}

output "olap_secret_arn" {
  description = "Secrets Manager ARN of the credentials of the instance holding OLAP."
  value       = var.separate_olap_instance ? aws_db_instance.this["olap"].master_user_secret[0].secret_arn : aws_db_instance.this["oltp"].master_user_secret[0].secret_arn
}

output "master_secret_arns" {
  description = "Every managed credentials secret, for the services' IAM policies."
  value       = [for instance in aws_db_instance.this : instance.master_user_secret[0].secret_arn]
}

output "security_group_id" {
  description = "Security group of the instances."
  value       = aws_security_group.this.id
}
