# Plans of single modules against a mocked AWS provider: the rules AWS enforces at apply time.
mock_provider "aws" {
  source = "./tests"
}

run "rds_storage_autoscaling_is_off_unless_asked_and_never_equal_to_the_allocation" {
  command = apply

  module {
    source = "./modules/rds"
  }

  variables {
    name                      = "chinook"
    instance_class            = "db.t4g.micro"
    allocated_storage_gb      = 20
    backup_retention_days     = 1
    subnet_ids                = ["subnet-a", "subnet-b"]
    vpc_id                    = "vpc-0123456789abcdef0"
    client_security_group_ids = ["sg-0123456789abcdef0"]
    kms_key_arn               = "arn:aws:kms:us-east-1:123456789012:key/pipeline"
  }

  assert {
    condition     = aws_db_instance.this["oltp"].max_allocated_storage != aws_db_instance.this["oltp"].allocated_storage
    error_message = "AWS refuses max_allocated_storage equal to allocated_storage."
  }

  assert {
    condition     = aws_db_instance.this["oltp"].publicly_accessible == false
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = aws_db_instance.this["oltp"].storage_encrypted && aws_db_instance.this["oltp"].kms_key_id != var.kms_key_arn
    error_message = "Storage must be encrypted with a key that outlives terraform destroy (not the pipeline's own key), or the final snapshot cannot be restored."
  }

  assert {
    condition     = !aws_db_instance.this["oltp"].skip_final_snapshot
    error_message = "Destroying the database must leave a final snapshot."
  }
}

run "rds_autoscaling_limit_must_exceed_the_allocation" {
  command = plan

  module {
    source = "./modules/rds"
  }

  variables {
    name                      = "chinook"
    instance_class            = "db.t4g.micro"
    allocated_storage_gb      = 20
    max_allocated_storage_gb  = 20
    backup_retention_days     = 1
    subnet_ids                = ["subnet-a", "subnet-b"]
    vpc_id                    = "vpc-0123456789abcdef0"
    client_security_group_ids = ["sg-0123456789abcdef0"]
    kms_key_arn               = "arn:aws:kms:us-east-1:123456789012:key/pipeline"
  }

  expect_failures = [var.max_allocated_storage_gb]
}

run "rds_autoscaling_when_asked" {
  command = plan

  module {
    source = "./modules/rds"
  }

  variables {
    name                      = "chinook"
    instance_class            = "db.t4g.micro"
    allocated_storage_gb      = 20
    max_allocated_storage_gb  = 100
    backup_retention_days     = 1
    subnet_ids                = ["subnet-a", "subnet-b"]
    vpc_id                    = "vpc-0123456789abcdef0"
    client_security_group_ids = ["sg-0123456789abcdef0"]
    kms_key_arn               = "arn:aws:kms:us-east-1:123456789012:key/pipeline"
  }

  assert {
    condition     = aws_db_instance.this["oltp"].max_allocated_storage == 100
    error_message = "The autoscaling limit must reach the instance."
  }
}

run "lambda_refuses_a_jvm_package_on_the_native_runtime" {
  command = plan

  module {
    source = "./modules/lambda"
  }

  variables {
    function_name           = "chinook-ingest"
    runtime_kind            = "native"
    package_path            = "tests/fixtures/function-jvm.zip"
    memory_mb               = 1024
    timeout_seconds         = 60
    role_arn                = "arn:aws:iam::123456789012:role/ingest"
    subnet_ids              = ["subnet-a"]
    security_group_ids      = ["sg-0123456789abcdef0"]
    log_retention_days      = 14
    event_source_queue_arn  = "arn:aws:sqs:us-east-1:123456789012:chinook-ingest-events"
    batch_size              = 10
    batching_window_seconds = 1
    maximum_concurrency     = 2
    environment             = {}
  }

  expect_failures = [aws_lambda_function.this]
}

run "lambda_jvm_package_runs_on_java21_and_reports_item_failures" {
  command = plan

  module {
    source = "./modules/lambda"
  }

  variables {
    function_name           = "chinook-ingest"
    package_path            = "tests/fixtures/function-jvm.zip"
    memory_mb               = 1024
    timeout_seconds         = 60
    role_arn                = "arn:aws:iam::123456789012:role/ingest"
    subnet_ids              = ["subnet-a"]
    security_group_ids      = ["sg-0123456789abcdef0"]
    log_retention_days      = 14
    event_source_queue_arn  = "arn:aws:sqs:us-east-1:123456789012:chinook-ingest-events"
    batch_size              = 10
    batching_window_seconds = 1
    maximum_concurrency     = 2
    environment             = {}
  }

  assert {
    condition     = aws_lambda_function.this.runtime == "java21"
    error_message = "The default package is the JVM build: java21."
  }

  assert {
    condition     = contains(aws_lambda_event_source_mapping.this.function_response_types, "ReportBatchItemFailures")
    error_message = "The mapping must report batch item failures."
  }
}

run "every_queue_has_a_dead_letter_queue_with_lambda_safe_redrive" {
  command = apply

  module {
    source = "./modules/sqs"
  }

  variables {
    name                       = "chinook-ingest-events"
    dead_letter_name           = "chinook-ingest-events-dlq"
    visibility_timeout_seconds = 370
    consumer_timeout_seconds   = 60
    batching_window_seconds    = 1
    message_retention_seconds  = 345600
    dead_letter_retention      = 1209600
    max_receive_count          = 5
    allowed_source_bucket_arn  = "arn:aws:s3:::chinook-raw"
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dead_letter.arn
    error_message = "The source queue must redrive to its dead-letter queue."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount >= 5
    error_message = "maxReceiveCount below 5 dead-letters messages Lambda merely throttled."
  }
}

run "iam_each_service_reads_its_own_database_login_and_only_the_warehouse_boot_the_master_secret" {
  command = plan

  module {
    source = "./modules/iam"
  }

  variables {
    name                           = "chinook"
    bucket_arn                     = "arn:aws:s3:::chinook-raw"
    raw_prefix                     = "raw/"
    ingest_events_queue_arn        = "arn:aws:sqs:us-east-1:123456789012:ingest-events"
    ingest_events_dlq_arn          = "arn:aws:sqs:us-east-1:123456789012:ingest-events-dlq"
    oltp_changes_queue_arn         = "arn:aws:sqs:us-east-1:123456789012:oltp-changes"
    oltp_changes_dlq_arn           = "arn:aws:sqs:us-east-1:123456789012:oltp-changes-dlq"
    ingest_database_secret_arn     = "arn:aws:secretsmanager:us-east-1:123456789012:secret:chinook-db-ingest"
    warehouse_database_secret_arns = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:chinook-db-warehouse", "arn:aws:secretsmanager:us-east-1:123456789012:secret:chinook-db-status"]
    database_admin_secret_arns     = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-oltp"]
    kms_key_arn                    = "arn:aws:kms:us-east-1:123456789012:key/pipeline"
    operator_token_secret_arn      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:chinook-operator-token"
    ingest_log_group_arn           = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/chinook-ingest"
    warehouse_log_group_arn        = "arn:aws:logs:us-east-1:123456789012:log-group:/chinook/warehouse-service"
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.ingest.statement : s.resources if contains(s.actions, "secretsmanager:GetSecretValue")
    ])) == toset([var.ingest_database_secret_arn])
    error_message = "The ingest reads its own database login and no other secret: never the master user's."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.warehouse.statement : s.resources if s.sid == "ReadDatabaseLogins"
    ])) == toset(var.warehouse_database_secret_arns)
    error_message = "The warehouse service reads its OLAP login and its OLTP status reader's."
  }

  assert {
    condition = contains(flatten([
      for s in data.aws_iam_policy_document.warehouse.statement : s.resources if s.sid == "SetUpDatabaseRolesAtBoot"
    ]), var.database_admin_secret_arns[0])
    error_message = "The warehouse instance's first boot sets up the roles with the master secret."
  }
}
