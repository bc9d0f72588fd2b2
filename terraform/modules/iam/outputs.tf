output "ingest_role_arn" {
  description = "Execution role of the ingest function."
  value       = aws_iam_role.ingest.arn
}

output "warehouse_role_arn" {
  description = "Role of the warehouse instance."
  value       = aws_iam_role.warehouse.arn
}

output "warehouse_instance_profile_name" {
  description = "Instance profile carrying the warehouse role."
  value       = aws_iam_instance_profile.warehouse.name
}
