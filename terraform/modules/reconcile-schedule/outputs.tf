output "schedule_arn" {
  description = "ARN of the reconcile schedule."
  value       = aws_scheduler_schedule.this.arn
}
