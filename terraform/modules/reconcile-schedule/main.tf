# A scheduled reconciliation: EventBridge Scheduler puts a reconcile command on the ingest
# function's queue, and the function finds and loads every upload that has no manifest row.
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-reconcile-schedule"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

data "aws_iam_policy_document" "send" {
  statement {
    sid       = "SendReconcileCommand"
    actions   = ["sqs:SendMessage"]
    resources = [var.queue_arn]
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "send-reconcile-command"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.send.json
}

resource "aws_scheduler_schedule" "this" {
  name                = "${var.name}-reconcile"
  schedule_expression = var.schedule_expression

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = var.queue_arn
    role_arn = aws_iam_role.this.arn
    input    = jsonencode({ chinook = "reconcile", requestId = "scheduled", dryRun = false })
  }

  depends_on = [aws_iam_role_policy.this]
}
