locals {
  instances = var.separate_olap_instance ? toset(["oltp", "olap"]) : toset(["oltp"])
}

resource "aws_db_subnet_group" "this" {
  name       = "${var.name}-db"
  subnet_ids = var.subnet_ids
}

resource "aws_security_group" "this" {
  name        = "${var.name}-db"
  description = "PostgreSQL: only from the pipeline's services."
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = { for index, id in var.client_security_group_ids : tostring(index) => id }

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value
  from_port                    = 5432
  to_port                      = 5432
  ip_protocol                  = "tcp"
  description                  = "PostgreSQL from a pipeline service"
}

resource "aws_db_instance" "this" {
  for_each = local.instances

  identifier     = "${var.name}-${each.key}"
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class
  db_name        = each.key
  username       = "chinook"

  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  allocated_storage = var.allocated_storage_gb
  # null turns storage autoscaling off; AWS refuses a maximum that is not above allocated_storage.
  max_allocated_storage = var.max_allocated_storage_gb > 0 ? var.max_allocated_storage_gb : null
  storage_type          = "gp2"
  # The AWS-managed aws/rds key, not the pipeline's own: destroy schedules that key for deletion,
  # which would leave the final snapshot unrestorable.
  storage_encrypted = true

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]
  publicly_accessible    = false
  multi_az               = false

  backup_retention_period    = var.backup_retention_days
  backup_window              = "03:00-03:30"
  maintenance_window         = "sun:04:00-sun:04:30"
  auto_minor_version_upgrade = true
  deletion_protection        = var.deletion_protection
  skip_final_snapshot        = false
  final_snapshot_identifier  = "${var.name}-${each.key}-final"
  copy_tags_to_snapshot      = true
}
