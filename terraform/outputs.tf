output "bucket_name" {
  description = "Upload CSVs to s3://<bucket_name>/raw/<table>/<name>.csv."
  value       = module.s3.bucket_name
}

output "ingest_events_queue_url" {
  description = "Queue of S3 notifications feeding the ingest function."
  value       = module.ingest_events_queue.queue_url
}

output "ingest_events_dlq_url" {
  description = "Dead-letter queue of the ingest function."
  value       = module.ingest_events_queue.dead_letter_queue_url
}

output "oltp_changes_queue_url" {
  description = "Queue of change messages feeding the warehouse."
  value       = module.oltp_changes_queue.queue_url
}

output "oltp_changes_dlq_url" {
  description = "Dead-letter queue of the warehouse consumer."
  value       = module.oltp_changes_queue.dead_letter_queue_url
}

output "ingest_function_name" {
  description = "Name of the ingest Lambda function."
  value       = module.lambda.function_name
}

output "warehouse_url" {
  description = "Base URL of the warehouse service (status at /api/status)."
  value       = module.warehouse.url
}

output "database_admin_secret_arns" {
  description = "Secrets Manager ARNs of the RDS master credentials, for set-up and break-glass access only (the values are never output)."
  value       = module.rds.master_secret_arns
}

output "database_role_secret_arns" {
  description = "Secrets Manager ARNs of the services' database logins, by role: ingest, warehouse, status (the values are never output)."
  value       = module.secrets.database_role_secret_arns
}

output "operator_token_secret_arn" {
  description = "Secret holding the operator token that rebuild and reconcile require (the value is never output)."
  value       = module.secrets.operator_token_secret_arn
}

output "reconcile_schedule_arn" {
  description = "ARN of the reconcile schedule, or null when none is set."
  value       = one(module.reconcile_schedule[*].schedule_arn)
}

output "quicksight_data_set_ids" {
  description = "QuickSight data set id of each analysis (empty unless quicksight_enabled)."
  value       = length(module.quicksight) > 0 ? module.quicksight[0].data_set_ids : {}
}
