variable "name" {
  type        = string
  description = "Name prefix of the key."
}

variable "deletion_window_days" {
  type        = number
  description = "Days a scheduled key deletion waits (7-30)."
  default     = 7
}
