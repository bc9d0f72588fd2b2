resource "aws_sqs_queue" "dead_letter" {
  name                      = var.dead_letter_name
  message_retention_seconds = var.dead_letter_retention
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  sqs_managed_sse_enabled    = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })

  lifecycle {
    precondition {
      condition     = var.visibility_timeout_seconds >= 6 * var.consumer_timeout_seconds + var.batching_window_seconds
      error_message = "The visibility timeout must be at least six times the consumer's timeout, or messages are processed twice."
    }
    precondition {
      condition     = var.dead_letter_retention > var.message_retention_seconds
      error_message = "The dead-letter queue must keep messages longer than its source queue."
    }
  }
}

resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

data "aws_iam_policy_document" "s3_notifications" {
  count = var.allowed_source_bucket_arn == null ? 0 : 1

  statement {
    sid       = "OnlyThisBucketSendsEvents"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this.arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [var.allowed_source_bucket_arn]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  count = var.allowed_source_bucket_arn == null ? 0 : 1

  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.s3_notifications[0].json
}
