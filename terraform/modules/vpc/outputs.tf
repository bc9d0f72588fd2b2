output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  description = "Private subnets (two AZs): RDS and the ingest function."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets: the warehouse instance."
  value       = aws_subnet.public[*].id
}

output "lambda_security_group_id" {
  description = "Security group of the ingest function."
  value       = aws_security_group.lambda.id
}
