locals {
  runtimes = {
    native = { runtime = "provided.al2023", handler = "bootstrap" }
    jvm    = { runtime = "java21", handler = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest" }
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "this" {
  function_name    = var.function_name
  role             = var.role_arn
  runtime          = local.runtimes[var.runtime_kind].runtime
  handler          = local.runtimes[var.runtime_kind].handler
  filename         = var.package_path
  source_code_hash = filebase64sha256(var.package_path)
  memory_size      = var.memory_mb
  timeout          = var.timeout_seconds
  architectures    = ["x86_64"]

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  environment {
    variables = merge(var.environment, var.runtime_kind == "jvm" ? {
      JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    } : {})
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  lifecycle {
    precondition {
      # A JVM zip on provided.al2023 has no bootstrap and fails every message; the build names each kind.
      condition     = endswith(var.package_path, "-${var.runtime_kind}.zip")
      error_message = "package_path must be the ${var.runtime_kind} build (function-${var.runtime_kind}.zip) for runtime_kind ${var.runtime_kind}."
    }
  }
}

resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn                   = var.event_source_queue_arn
  function_name                      = aws_lambda_function.this.arn
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.batching_window_seconds
  function_response_types            = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.maximum_concurrency
  }
}
