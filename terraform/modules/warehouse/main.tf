data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

resource "aws_s3_object" "artifact" {
  bucket = var.artifact_bucket
  key    = "artifacts/warehouse-service.zip"
  source = var.artifact_path
  etag   = filemd5(var.artifact_path)
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/${var.name}/warehouse-service"
  retention_in_days = var.log_retention_days
}

resource "aws_security_group" "this" {
  name        = "${var.name}-warehouse"
  description = "Warehouse service: HTTP from the allowed CIDR only."
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTP API and dashboard"
    from_port   = var.http_port
    to_port     = var.http_port
    protocol    = "tcp"
    cidr_blocks = [var.allowed_cidr]
  }

  egress {
    description = "HTTPS to SQS, S3, Secrets Manager and package mirrors"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "PostgreSQL inside the VPC"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }
}

resource "aws_instance" "this" {
  ami                    = data.aws_ssm_parameter.al2023.value
  instance_type          = var.instance_type
  subnet_id              = var.subnet_id
  vpc_security_group_ids = [aws_security_group.this.id]
  iam_instance_profile   = var.instance_profile

  metadata_options {
    http_tokens = "required"
  }

  root_block_device {
    encrypted   = true
    volume_size = 8
  }

  user_data_replace_on_change = true
  user_data = templatefile("${path.module}/user-data.sh.tftpl", {
    region          = var.region
    artifact_s3_uri = "s3://${var.artifact_bucket}/${aws_s3_object.artifact.key}"
    artifact_etag   = aws_s3_object.artifact.etag
    db_host         = var.database_host
    db_port         = var.database_port
    db_name         = var.database_name
    secret_arn      = var.database_secret_arn
    oltp_host       = var.oltp_database_host
    oltp_name       = var.oltp_database_name
    oltp_secret_arn = var.oltp_database_secret_arn
    ingest_secret   = var.ingest_database_secret_arn
    admin_secrets   = var.database_admin_secret_arns
    queue_urls      = var.queue_urls
    max_receives    = var.oltp_changes_max_receive_count
    reports_bucket  = var.reports_bucket
    token_secret    = var.operator_token_secret_arn
    http_port       = var.http_port
    cloudwatch_agent_config = templatefile("${path.module}/cloudwatch-agent.json.tftpl", {
      log_group = aws_cloudwatch_log_group.this.name
    })
  })

  tags = { Name = "${var.name}-warehouse" }

  lifecycle {
    # The SSM parameter follows every new Amazon Linux release; replace the instance deliberately.
    ignore_changes = [ami]
  }
}
