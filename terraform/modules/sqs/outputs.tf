output "queue_arn" {
  description = "ARN of the source queue."
  value       = aws_sqs_queue.this.arn
}

output "queue_url" {
  description = "URL of the source queue."
  value       = aws_sqs_queue.this.id
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.id
}

output "queue_policy_id" {
  description = "ID of the queue policy letting the bucket send (null when no bucket is allowed)."
  value       = one(aws_sqs_queue_policy.this[*].id)
}
