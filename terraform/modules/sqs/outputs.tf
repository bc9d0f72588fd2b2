output "queue_arn" {
  description = "ARN of the source queue."
  value       = aws_sqs_queue.this.arn
}

output "notification_queue_arn" {
  description = "ARN of the source queue, known only once its policy lets the bucket send: S3 validates the destination when the notification is created."
  value       = aws_sqs_queue.this.arn
  depends_on  = [aws_sqs_queue_policy.this]
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
