output "kms_key_arn" {
  description = "ARN of the KMS key of the database secrets and storage."
  value       = aws_kms_key.this.arn
}
