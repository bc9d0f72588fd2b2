# Plans of the whole deployment against a mocked AWS provider: what must hold in every variant.
mock_provider "aws" {
  source = "./tests"
}

variables {
  ingest_package_path     = "tests/fixtures/function-jvm.zip"
  warehouse_artifact_path = "tests/fixtures/warehouse-service.zip"
  allowed_cidr            = "203.0.113.7/32"
}

run "defaults_deploy_the_jvm_function_the_readme_builds" {
  command = apply

  assert {
    condition     = var.ingest_runtime == "jvm"
    error_message = "The default runtime must be the JVM build ./mvnw package produces."
  }

  assert {
    condition     = var.db_backup_retention_days <= 1
    error_message = "The default backup retention must be accepted by Free-plan accounts (at most 1 day)."
  }

  assert {
    condition     = var.db_max_allocated_storage_gb == 0
    error_message = "Storage autoscaling is an option, off by default."
  }

  assert {
    condition     = length(output.database_admin_secret_arns) == 1
    error_message = "OLAP shares the OLTP instance by default."
  }

  assert {
    condition     = output.reconcile_schedule_arn == null
    error_message = "The reconcile schedule is off by default."
  }
}

run "reconcile_on_a_schedule" {
  command = apply

  variables {
    reconcile_schedule_expression = "rate(6 hours)"
  }

  assert {
    condition     = output.reconcile_schedule_arn != null
    error_message = "A schedule expression creates the reconcile schedule."
  }
}

run "native_runtime_with_the_native_package" {
  command = plan

  variables {
    ingest_runtime      = "native"
    ingest_package_path = "tests/fixtures/function-native.zip"
  }
}

run "olap_on_its_own_instance" {
  command = apply

  variables {
    olap_separate_instance = true
  }

  assert {
    condition     = length(output.database_admin_secret_arns) == 2
    error_message = "A separate OLAP instance has its own secret."
  }
}
