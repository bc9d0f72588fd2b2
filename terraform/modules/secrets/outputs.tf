output "kms_key_arn" {
  description = "ARN of the KMS key of the database secrets and storage."
  value       = aws_kms_key.this.arn
}

output "operator_token_secret_arn" {
  description = "ARN of the secret holding the warehouse's operator token (the value is never output)."
  value       = aws_secretsmanager_secret_version.operator_token.arn
}
