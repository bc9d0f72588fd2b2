# Amazon QuickSight over the warehouse: off by default, and when asked a data set per analysis.
mock_provider "aws" {
  source = "./tests"
}

variables {
  ingest_package_path     = "tests/fixtures/function-jvm.zip"
  warehouse_artifact_path = "tests/fixtures/warehouse-service.zip"
  allowed_cidr            = "203.0.113.7/32"
}

run "quicksight_is_off_by_default" {
  command = plan

  assert {
    condition     = length(module.quicksight) == 0
    error_message = "QuickSight is paid: nothing of it without quicksight_enabled."
  }
}

run "quicksight_when_asked_has_a_data_set_per_analysis" {
  command = apply

  # The mocked subnets share one id; a QuickSight VPC connection needs two distinct ones.
  override_module {
    target = module.vpc
    outputs = {
      vpc_id                   = "vpc-0123456789abcdef0"
      private_subnet_ids       = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      public_subnet_ids        = ["subnet-0123456789abcdef2"]
      lambda_security_group_id = "sg-0123456789abcdef0"
    }
  }

  variables {
    quicksight_enabled       = true
    quicksight_principal_arn = "arn:aws:quicksight:eu-west-1:123456789012:user/default/analyst"
  }

  assert {
    condition     = length(output.quicksight_data_set_ids) == 13
    error_message = "Every analysis function of sql/olap has its data set."
  }
}

run "quicksight_without_an_owner_is_refused" {
  command = plan

  variables {
    quicksight_enabled = true
  }

  expect_failures = [terraform_data.quicksight_owner]
}
