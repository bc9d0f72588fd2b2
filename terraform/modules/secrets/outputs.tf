output "kms_key_arn" {
  description = "ARN of the KMS key of the database secrets and storage."
  value       = aws_kms_key.this.arn
}

output "operator_token_secret_arn" {
  description = "ARN of the secret holding the warehouse's operator token (the value is never output)."
  value       = aws_secretsmanager_secret_version.operator_token.arn
}

output "database_role_secret_arns" {
  description = "ARNs of the secrets of the services' database logins, by role: ingest, warehouse, status (values never output)."
  value       = { for role, version in aws_secretsmanager_secret_version.database_role : role => version.arn }
}
