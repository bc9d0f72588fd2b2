output "data_source_arn" {
  description = "ARN of the QuickSight data source on the OLAP database."
  value       = aws_quicksight_data_source.this.arn
}

output "data_set_ids" {
  description = "QuickSight data set id of each analysis, by the analysis's name."
  value       = { for name, set in aws_quicksight_data_set.this : name => set.data_set_id }
}
