output "ingest_role_arn" {
  description = "Execution role of the ingest function, known once its policy is attached (the function must not start without it)."
  value       = aws_iam_role.ingest.arn
  depends_on  = [aws_iam_role_policy.ingest]
}

output "warehouse_role_arn" {
  description = "Role of the warehouse instance."
  value       = aws_iam_role.warehouse.arn
}

output "warehouse_instance_profile_name" {
  description = "Instance profile carrying the warehouse role, known once the role's policy is attached."
  value       = aws_iam_instance_profile.warehouse.name
  depends_on  = [aws_iam_role_policy.warehouse]
}
