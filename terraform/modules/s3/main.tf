resource "aws_s3_bucket" "this" {
  bucket        = var.bucket_name
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Versioning lets the ingest read the exact version an event names, even after an overwrite.
resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetObjectVersion"]
    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.tls_only.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-reports"
    status = "Enabled"

    filter {
      prefix = "reports/"
    }

    expiration {
      days = var.report_expiration_days
    }
  }

  # Files sent for validation only (POST /api/validate): checked once, never loaded.
  rule {
    id     = "expire-validation-uploads"
    status = "Enabled"

    filter {
      prefix = "validation/"
    }

    expiration {
      days = var.report_expiration_days
    }
  }

  # A change set is staged before its transaction commits and deleted once archived; one whose
  # transaction rolled back is never referenced. The expiry is far beyond any relay outage the
  # status lag alarms would let pass: a committed set must be archived before it expires.
  rule {
    id     = "expire-staged-change-sets"
    status = "Enabled"

    filter {
      prefix = "staged-changes/"
    }

    expiration {
      days = 30
    }
  }

  rule {
    id     = "archive-change-sets"
    status = "Enabled"

    filter {
      prefix = "changes/"
    }

    transition {
      days          = 30
      storage_class = "GLACIER_IR"
    }
  }

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_notification" "this" {
  bucket = aws_s3_bucket.this.id

  # S3 matches suffixes case-sensitively: exports named .CSV get a configuration of their own
  # (other spellings, like .Csv, are found by reconciliation), and so do gzip-compressed ones.
  dynamic "queue" {
    for_each = {
      "chinook-raw-csv"       = lower(var.raw_suffix)
      "chinook-raw-csv-upper" = upper(var.raw_suffix)
      "chinook-raw-csv-gz"    = "${lower(var.raw_suffix)}.gz"
    }
    content {
      id            = queue.key
      queue_arn     = var.notification_queue_arn
      events        = ["s3:ObjectCreated:*"]
      filter_prefix = var.raw_prefix
      filter_suffix = queue.value
    }
  }
}
