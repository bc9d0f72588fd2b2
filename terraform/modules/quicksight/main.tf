# Amazon QuickSight over the warehouse: a VPC connection to the private database, one data source
# on OLAP with the credentials secret, and one direct-query data set per analysis function of
# sql/olap (all periods: QuickSight filters them itself).

locals {
  # Each analysis: its call over all periods and its columns with QuickSight's types.
  analyses = {
    revenue-by-month = {
      sql     = "SELECT * FROM analysis_revenue_by_month(NULL, NULL)"
      columns = { month = "DATETIME", revenue = "DECIMAL", invoices = "INTEGER", quantity = "INTEGER", previous_month_revenue = "DECIMAL", month_over_month = "DECIMAL", previous_year_revenue = "DECIMAL", year_over_year = "DECIMAL" }
    }
    revenue-by-billing-country = {
      sql     = "SELECT * FROM analysis_revenue_by_billing_country(NULL, NULL)"
      columns = { country = "STRING", revenue = "DECIMAL", invoices = "INTEGER", share = "DECIMAL" }
    }
    revenue-by-customer-country = {
      sql     = "SELECT * FROM analysis_revenue_by_customer_country(NULL, NULL)"
      columns = { country = "STRING", revenue = "DECIMAL", customers = "INTEGER", share = "DECIMAL" }
    }
    sales-by-genre = {
      sql     = "SELECT * FROM analysis_sales_by_genre(NULL, NULL)"
      columns = { genre = "STRING", quantity = "INTEGER", revenue = "DECIMAL", share = "DECIMAL" }
    }
    sales-by-media-type = {
      sql     = "SELECT * FROM analysis_sales_by_media_type(NULL, NULL)"
      columns = { media_type = "STRING", quantity = "INTEGER", revenue = "DECIMAL", share = "DECIMAL" }
    }
    top-artists = {
      sql     = "SELECT * FROM analysis_top_artists(NULL, NULL, 1000)"
      columns = { artist = "STRING", revenue = "DECIMAL", quantity = "INTEGER" }
    }
    top-albums = {
      sql     = "SELECT * FROM analysis_top_albums(NULL, NULL, 1000)"
      columns = { album = "STRING", artist = "STRING", revenue = "DECIMAL", quantity = "INTEGER" }
    }
    top-tracks = {
      sql     = "SELECT * FROM analysis_top_tracks(NULL, NULL, 1000)"
      columns = { track_id = "INTEGER", track = "STRING", artist = "STRING", quantity = "INTEGER", revenue = "DECIMAL" }
    }
    customer-value = {
      sql     = "SELECT * FROM analysis_customer_value(NULL, NULL, 100000)"
      columns = { customer_id = "INTEGER", customer = "STRING", country = "STRING", invoices = "INTEGER", revenue = "DECIMAL", average_invoice = "DECIMAL", first_purchase = "DATETIME", last_purchase = "DATETIME", days_between_purchases = "DECIMAL" }
    }
    cohorts = {
      sql     = "SELECT * FROM analysis_cohorts(NULL, NULL)"
      columns = { cohort = "DATETIME", months_after = "INTEGER", customers = "INTEGER", cohort_size = "INTEGER", retention = "DECIMAL" }
    }
    invoice-summary = {
      sql     = "SELECT * FROM analysis_invoice_summary(NULL, NULL)"
      columns = { invoices = "INTEGER", customers = "INTEGER", revenue = "DECIMAL", average_invoice = "DECIMAL", average_lines = "DECIMAL", average_quantity = "DECIMAL" }
    }
    revenue-by-customer-location-then-and-now = {
      sql     = "SELECT * FROM analysis_revenue_by_customer_location_then_and_now(NULL, NULL, 'country')"
      columns = { location = "STRING", revenue_then = "DECIMAL", revenue_now = "DECIMAL", difference = "DECIMAL" }
    }
    price-changes = {
      sql     = "SELECT * FROM analysis_price_changes(NULL, NULL)"
      columns = { track_id = "INTEGER", track = "STRING", quantity = "INTEGER", price_then_min = "DECIMAL", price_then_max = "DECIMAL", price_now = "DECIMAL", revenue_at_price_then = "DECIMAL", revenue_at_price_now = "DECIMAL", difference = "DECIMAL" }
    }
  }

  owner_actions_data_source = ["quicksight:DescribeDataSource", "quicksight:DescribeDataSourcePermissions", "quicksight:PassDataSource", "quicksight:UpdateDataSource", "quicksight:DeleteDataSource", "quicksight:UpdateDataSourcePermissions"]
  owner_actions_data_set    = ["quicksight:DescribeDataSet", "quicksight:DescribeDataSetPermissions", "quicksight:PassDataSet", "quicksight:DescribeIngestion", "quicksight:ListIngestions", "quicksight:UpdateDataSet", "quicksight:DeleteDataSet", "quicksight:CreateIngestion", "quicksight:CancelIngestion", "quicksight:UpdateDataSetPermissions"]
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["quicksight.amazonaws.com"]
    }
  }
}

# QuickSight creates its network interfaces in the subnets with this role.
data "aws_iam_policy_document" "network_interfaces" {
  statement {
    actions   = ["ec2:CreateNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-quicksight-vpc"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "this" {
  name   = "network-interfaces"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.network_interfaces.json
}

resource "aws_security_group" "this" {
  name        = "${var.name}-quicksight"
  description = "QuickSight's network interfaces: out to the warehouse database only."
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "database" {
  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = var.database_security_group_id
  from_port                    = var.database_port
  to_port                      = var.database_port
  ip_protocol                  = "tcp"
  description                  = "PostgreSQL of the warehouse"
}

resource "aws_vpc_security_group_ingress_rule" "database" {
  security_group_id            = var.database_security_group_id
  referenced_security_group_id = aws_security_group.this.id
  from_port                    = var.database_port
  to_port                      = var.database_port
  ip_protocol                  = "tcp"
  description                  = "PostgreSQL from QuickSight"
}

resource "aws_quicksight_vpc_connection" "this" {
  aws_account_id     = var.aws_account_id
  vpc_connection_id  = "${var.name}-warehouse"
  name               = "${var.name} warehouse"
  role_arn           = aws_iam_role.this.arn
  security_group_ids = [aws_security_group.this.id]
  subnet_ids         = var.subnet_ids

  depends_on = [aws_iam_role_policy.this]
}

resource "aws_quicksight_data_source" "this" {
  aws_account_id = var.aws_account_id
  data_source_id = "${var.name}-warehouse"
  name           = "${var.name} warehouse (OLAP)"
  type           = "POSTGRESQL"

  parameters {
    postgresql {
      host     = var.database_host
      port     = var.database_port
      database = var.database_name
    }
  }

  credentials {
    secret_arn = var.database_secret_arn
  }

  vpc_connection_properties {
    vpc_connection_arn = aws_quicksight_vpc_connection.this.arn
  }

  permission {
    principal = var.principal_arn
    actions   = local.owner_actions_data_source
  }
}

resource "aws_quicksight_data_set" "this" {
  for_each = local.analyses

  aws_account_id = var.aws_account_id
  data_set_id    = "${var.name}-${each.key}"
  name           = "${var.name} ${each.key}"
  import_mode    = "DIRECT_QUERY"

  physical_table_map {
    physical_table_map_id = replace(each.key, "-", "")

    custom_sql {
      data_source_arn = aws_quicksight_data_source.this.arn
      name            = each.key
      sql_query       = each.value.sql

      dynamic "columns" {
        for_each = each.value.columns
        content {
          name = columns.key
          type = columns.value
        }
      }
    }
  }

  permissions {
    principal = var.principal_arn
    actions   = local.owner_actions_data_set
  }
}
