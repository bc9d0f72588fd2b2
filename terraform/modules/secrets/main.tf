# The database passwords are generated and rotated by RDS itself (manage_master_user_password in
# module rds) and kept in Secrets Manager, encrypted with this key: no password ever passes
# through a Terraform variable, output or state. The services read the secret at start.
resource "aws_kms_key" "this" {
  description             = "${var.name}: encrypts the pipeline's database secrets and storage"
  deletion_window_in_days = var.deletion_window_days
  enable_key_rotation     = true
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-pipeline"
  target_key_id = aws_kms_key.this.key_id
}
