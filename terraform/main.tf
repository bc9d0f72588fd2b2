locals {
  # The one definition of bucket, queues and function settings; local-cloud reads the same file.
  pipeline = jsondecode(file("${path.module}/pipeline.json"))

  tags = merge({ project = "chinook-pipeline", managed-by = "terraform" }, var.tags)

  bucket_name     = var.bucket_name != "" ? var.bucket_name : "${var.name_prefix}-raw-${var.aws_region}-${data.aws_caller_identity.current.account_id}"
  ingest_timeout  = coalesce(var.ingest_timeout_seconds, local.pipeline.ingestFunction.timeoutSeconds)
  ingest_memory   = coalesce(var.ingest_memory_mb, local.pipeline.ingestFunction.memoryMb)
  ingest_function = "${var.name_prefix}-${local.pipeline.ingestFunction.name}"
}

data "aws_caller_identity" "current" {}

module "vpc" {
  source = "./modules/vpc"

  name                        = var.name_prefix
  cidr                        = var.vpc_cidr
  region                      = var.aws_region
  interface_endpoint_az_count = var.interface_endpoint_az_count
}

module "ingest_events_queue" {
  source = "./modules/sqs"

  name                       = "${var.queue_name_prefix}${local.pipeline.queues.ingestEvents.name}"
  dead_letter_name           = "${var.queue_name_prefix}${local.pipeline.queues.ingestEvents.deadLetter.name}"
  visibility_timeout_seconds = local.pipeline.queues.ingestEvents.visibilityTimeoutSeconds
  consumer_timeout_seconds   = local.ingest_timeout
  batching_window_seconds    = local.pipeline.ingestFunction.maximumBatchingWindowSeconds
  message_retention_seconds  = local.pipeline.queues.ingestEvents.messageRetentionSeconds
  dead_letter_retention      = local.pipeline.queues.ingestEvents.deadLetter.messageRetentionSeconds
  max_receive_count          = local.pipeline.queues.ingestEvents.maxReceiveCount
  allowed_source_bucket_arn  = "arn:aws:s3:::${local.bucket_name}"
}

module "oltp_changes_queue" {
  source = "./modules/sqs"

  name                       = "${var.queue_name_prefix}${local.pipeline.queues.oltpChanges.name}"
  dead_letter_name           = "${var.queue_name_prefix}${local.pipeline.queues.oltpChanges.deadLetter.name}"
  visibility_timeout_seconds = local.pipeline.queues.oltpChanges.visibilityTimeoutSeconds
  consumer_timeout_seconds   = 20 # the warehouse hides the messages it holds again every 20 s (chinook.warehouse.consumer.visibility-heartbeat)
  message_retention_seconds  = local.pipeline.queues.oltpChanges.messageRetentionSeconds
  dead_letter_retention      = local.pipeline.queues.oltpChanges.deadLetter.messageRetentionSeconds
  max_receive_count          = local.pipeline.queues.oltpChanges.maxReceiveCount
  allowed_source_bucket_arn  = null
}

module "s3" {
  source = "./modules/s3"

  bucket_name            = local.bucket_name
  raw_prefix             = local.pipeline.bucket.rawPrefix
  raw_suffix             = local.pipeline.bucket.rawSuffix
  notification_queue_arn = module.ingest_events_queue.notification_queue_arn
  report_expiration_days = var.report_expiration_days
  force_destroy          = var.bucket_force_destroy
}

module "secrets" {
  source = "./modules/secrets"

  name = var.name_prefix
}

module "rds" {
  source = "./modules/rds"

  name                      = var.name_prefix
  separate_olap_instance    = var.olap_separate_instance
  instance_class            = var.db_instance_class
  allocated_storage_gb      = var.db_allocated_storage_gb
  max_allocated_storage_gb  = var.db_max_allocated_storage_gb
  backup_retention_days     = var.db_backup_retention_days
  deletion_protection       = var.db_deletion_protection
  subnet_ids                = module.vpc.private_subnet_ids
  vpc_id                    = module.vpc.vpc_id
  client_security_group_ids = [module.vpc.lambda_security_group_id, module.warehouse.security_group_id]
  kms_key_arn               = module.secrets.kms_key_arn
}

module "iam" {
  source = "./modules/iam"

  name                           = var.name_prefix
  bucket_arn                     = module.s3.bucket_arn
  raw_prefix                     = local.pipeline.bucket.rawPrefix
  ingest_events_queue_arn        = module.ingest_events_queue.queue_arn
  ingest_events_dlq_arn          = module.ingest_events_queue.dead_letter_queue_arn
  oltp_changes_queue_arn         = module.oltp_changes_queue.queue_arn
  oltp_changes_dlq_arn           = module.oltp_changes_queue.dead_letter_queue_arn
  ingest_database_secret_arn     = module.secrets.database_role_secret_arns["ingest"]
  warehouse_database_secret_arns = [module.secrets.database_role_secret_arns["warehouse"], module.secrets.database_role_secret_arns["status"]]
  database_admin_secret_arns     = module.rds.master_secret_arns
  kms_key_arn                    = module.secrets.kms_key_arn
  operator_token_secret_arn      = module.secrets.operator_token_secret_arn
  ingest_log_group_arn           = module.lambda.log_group_arn
  warehouse_log_group_arn        = module.warehouse.log_group_arn
}

module "lambda" {
  source = "./modules/lambda"

  function_name           = local.ingest_function
  runtime_kind            = var.ingest_runtime
  package_path            = var.ingest_package_path
  memory_mb               = local.ingest_memory
  timeout_seconds         = local.ingest_timeout
  role_arn                = module.iam.ingest_role_arn
  subnet_ids              = module.vpc.private_subnet_ids
  security_group_ids      = [module.vpc.lambda_security_group_id]
  log_retention_days      = var.log_retention_days
  event_source_queue_arn  = module.ingest_events_queue.queue_arn
  batch_size              = local.pipeline.ingestFunction.batchSize
  batching_window_seconds = local.pipeline.ingestFunction.maximumBatchingWindowSeconds
  maximum_concurrency     = local.pipeline.ingestFunction.maximumConcurrency
  environment = {
    QUARKUS_DATASOURCE_JDBC_URL                           = "jdbc:postgresql://${module.rds.oltp_address}:${module.rds.port}/${module.rds.oltp_database}"
    CHINOOK_DATABASE_SECRET_ARN                           = module.secrets.database_role_secret_arns["ingest"]
    QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER               = "chinook-database-secret"
    CHINOOK_INGEST_QUEUES_OLTP_CHANGES                    = module.oltp_changes_queue.queue_url
    CHINOOK_INGEST_QUEUES_INGEST_EVENTS                   = module.ingest_events_queue.queue_url
    CHINOOK_INGEST_QUEUES_INGEST_EVENTS_DLQ               = module.ingest_events_queue.dead_letter_queue_url
    CHINOOK_INGEST_QUEUES_INGEST_EVENTS_MAX_RECEIVE_COUNT = local.pipeline.queues.ingestEvents.maxReceiveCount
    CHINOOK_INGEST_CHANGE_SETS_BUCKET                     = local.bucket_name
    CHINOOK_INGEST_RECONCILE_BUCKET                       = local.bucket_name
    CHINOOK_INGEST_RECONCILE_PREFIX                       = local.pipeline.bucket.rawPrefix
    CHINOOK_INGEST_RECONCILE_SUFFIX                       = local.pipeline.bucket.rawSuffix
  }
}

module "warehouse" {
  source = "./modules/warehouse"

  name                           = var.name_prefix
  vpc_id                         = module.vpc.vpc_id
  vpc_cidr                       = var.vpc_cidr
  subnet_id                      = module.vpc.public_subnet_ids[0]
  instance_type                  = var.warehouse_instance_type
  allowed_cidr                   = var.allowed_cidr
  instance_profile               = module.iam.warehouse_instance_profile_name
  artifact_bucket                = module.s3.bucket_name
  artifact_path                  = var.warehouse_artifact_path
  log_retention_days             = var.log_retention_days
  region                         = var.aws_region
  database_host                  = module.rds.olap_address
  database_port                  = module.rds.port
  database_name                  = module.rds.olap_database
  database_secret_arn            = module.secrets.database_role_secret_arns["warehouse"]
  oltp_database_host             = module.rds.oltp_address
  oltp_database_name             = module.rds.oltp_database
  oltp_database_secret_arn       = module.secrets.database_role_secret_arns["status"]
  ingest_database_secret_arn     = module.secrets.database_role_secret_arns["ingest"]
  database_admin_secret_arns     = { oltp = module.rds.oltp_secret_arn, olap = module.rds.olap_secret_arn }
  reports_bucket                 = local.bucket_name
  operator_token_secret_arn      = module.secrets.operator_token_secret_arn
  oltp_changes_max_receive_count = local.pipeline.queues.oltpChanges.maxReceiveCount
  queue_urls = {
    ingest_events     = module.ingest_events_queue.queue_url
    ingest_events_dlq = module.ingest_events_queue.dead_letter_queue_url
    oltp_changes      = module.oltp_changes_queue.queue_url
    oltp_changes_dlq  = module.oltp_changes_queue.dead_letter_queue_url
  }
}

module "reconcile_schedule" {
  source = "./modules/reconcile-schedule"
  count  = var.reconcile_schedule_expression == "" ? 0 : 1

  name                = var.name_prefix
  schedule_expression = var.reconcile_schedule_expression
  queue_arn           = module.ingest_events_queue.queue_arn
}

# QuickSight's data source and data sets need an owner, or nobody could use them.
resource "terraform_data" "quicksight_owner" {
  count = var.quicksight_enabled ? 1 : 0

  lifecycle {
    precondition {
      condition     = var.quicksight_principal_arn != ""
      error_message = "quicksight_enabled needs quicksight_principal_arn: the QuickSight user or group that owns the data sets (arn:aws:quicksight:...)."
    }
  }
}

module "quicksight" {
  source = "./modules/quicksight"
  count  = var.quicksight_enabled && var.quicksight_principal_arn != "" ? 1 : 0

  name                       = var.name_prefix
  aws_account_id             = data.aws_caller_identity.current.account_id
  principal_arn              = var.quicksight_principal_arn
  vpc_id                     = module.vpc.vpc_id
  subnet_ids                 = module.vpc.private_subnet_ids
  database_security_group_id = module.rds.security_group_id
  database_host              = module.rds.olap_address
  database_port              = module.rds.port
  database_name              = module.rds.olap_database
  database_secret_arn        = module.rds.olap_secret_arn
}
