# One role per service. Every action is named (no wildcards) and every resource is one of this
# pipeline's queues, bucket prefixes, secrets, key or log groups. The exception AWS imposes:
# the EC2 network-interface actions a VPC Lambda needs take no resource scoping.

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "ingest" {
  name               = "${var.name}-ingest"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

# Each service reads its own database login; both secrets are encrypted with the pipeline's key.
data "aws_iam_policy_document" "database_secret" {
  statement {
    sid       = "DecryptDatabaseSecret"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "ingest" {
  source_policy_documents = [data.aws_iam_policy_document.database_secret.json]

  statement {
    sid       = "ReadDatabaseLogin"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.ingest_database_secret_arn]
  }

  statement {
    sid       = "ConsumeIngestEvents"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
    resources = [var.ingest_events_queue_arn]
  }

  statement {
    sid       = "RelayChanges"
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
    resources = [var.oltp_changes_queue_arn]
  }

  statement {
    sid       = "ContinueRelayLater"
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
    resources = [var.ingest_events_queue_arn]
  }

  statement {
    sid       = "DeadLetterWhatCanNeverSucceed"
    actions   = ["sqs:SendMessage"]
    resources = [var.ingest_events_dlq_arn]
  }

  statement {
    sid       = "ReadRawFilesAndFilesToValidate"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${var.bucket_arn}/${var.raw_prefix}*", "${var.bucket_arn}/validation/*"]
  }

  # Without ListBucket S3 answers 403, not 404, for a key that does not exist: the same-upload
  # parent lookup (HeadObject of sibling keys) must see "absent" as absent.
  statement {
    sid       = "ListBucketForNotFound"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
  }

  statement {
    sid       = "WriteReportsAndChangeSets"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arn}/reports/*", "${var.bucket_arn}/changes/*", "${var.bucket_arn}/staged-changes/*"]
  }

  # The relay archives a change set staged before its transaction committed by a server-side copy
  # into changes/, then deletes the staged one.
  statement {
    sid       = "ArchiveStagedChangeSets"
    actions   = ["s3:GetObject", "s3:DeleteObject"]
    resources = ["${var.bucket_arn}/staged-changes/*"]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${var.ingest_log_group_arn}:*"]
  }

  statement {
    sid       = "VpcNetworkInterfaces"
    actions   = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "ingest" {
  name   = "ingest"
  role   = aws_iam_role.ingest.id
  policy = data.aws_iam_policy_document.ingest.json
}

data "aws_iam_policy_document" "ec2_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "warehouse" {
  name               = "${var.name}-warehouse"
  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json
}

data "aws_iam_policy_document" "warehouse" {
  source_policy_documents = [data.aws_iam_policy_document.database_secret.json]

  statement {
    sid       = "ReadDatabaseLogins"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = var.warehouse_database_secret_arns
  }

  # The first boot sets up the databases and every service's role (DatabaseRolesBootstrap): it
  # reads the master secrets and the ingest's login to give the role its password.
  statement {
    sid       = "SetUpDatabaseRolesAtBoot"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = concat(var.database_admin_secret_arns, [var.ingest_database_secret_arn])
  }

  statement {
    sid       = "ReadOperatorToken"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.operator_token_secret_arn]
  }

  statement {
    sid       = "ConsumeChanges"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
    resources = [var.oltp_changes_queue_arn]
  }

  statement {
    sid       = "InspectAndReplayDeadLetters"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue"]
    resources = [var.ingest_events_dlq_arn, var.oltp_changes_dlq_arn]
  }

  statement {
    sid       = "QueueDepthsForStatus"
    actions   = ["sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = [var.ingest_events_queue_arn]
  }

  statement {
    sid       = "ReplayTargetsAndDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [var.ingest_events_queue_arn, var.oltp_changes_queue_arn, var.oltp_changes_dlq_arn]
  }

  statement {
    sid       = "ReadArtifactArchivesAndReconcileReports"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arn}/artifacts/*", "${var.bucket_arn}/changes/*", "${var.bucket_arn}/reports/reconcile/*", "${var.bucket_arn}/reports/validation/*"]
  }

  statement {
    sid       = "StoreFilesToValidate"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arn}/validation/*"]
  }

  # Status reads a reconcile report that may not exist yet: without ListBucket S3 answers 403, not 404.
  statement {
    sid       = "ListBucketForNotFound"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${var.warehouse_log_group_arn}:*"]
  }
}

resource "aws_iam_role_policy" "warehouse" {
  name   = "warehouse"
  role   = aws_iam_role.warehouse.id
  policy = data.aws_iam_policy_document.warehouse.json
}

resource "aws_iam_instance_profile" "warehouse" {
  name = "${var.name}-warehouse"
  role = aws_iam_role.warehouse.name
}
