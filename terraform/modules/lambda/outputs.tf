output "function_name" {
  description = "Name of the ingest function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the ingest function."
  value       = aws_lambda_function.this.arn
}

output "log_group_arn" {
  description = "ARN of the function's log group."
  value       = aws_cloudwatch_log_group.this.arn
}

output "event_source_mapping_uuid" {
  description = "ID of the SQS event source mapping."
  value       = aws_lambda_event_source_mapping.this.uuid
}
