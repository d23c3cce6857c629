# The subscriber/ submodule (applied in the Security Lake account), planned
# with the real AWS provider and fake keys.

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "fake-access-key"
  secret_key                  = "fake-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

run "lake_formation_subscriber" {
  command = plan

  module {
    source = "./subscriber"
  }

  variables {
    subscriber_account_id = "111122223333"
    external_id           = "grafana-securitylake"
    sources = [
      { name = "CLOUD_TRAIL_MGMT", version = "2.0" },
      { name = "LAMBDA_EXECUTION", version = "2.0" },
      { name = "ROUTE53", version = "2.0" },
      { name = "VPC_FLOW", version = "2.0" },
      { name = "WAF", version = "2.0" },
    ]
  }

  # Query access (a RAM share of the Glue tables), not S3 notifications.
  assert {
    condition     = aws_securitylake_subscriber.grafana.access_type == "LAKEFORMATION"
    error_message = "the subscriber must have Lake Formation (query) access"
  }

  assert {
    condition     = aws_securitylake_subscriber.grafana.subscriber_identity[0].principal == "111122223333" && aws_securitylake_subscriber.grafana.subscriber_identity[0].external_id == "grafana-securitylake"
    error_message = "the subscriber identity is the Grafana account with its external id"
  }

  assert {
    condition = toset([for s in aws_securitylake_subscriber.grafana.source : "${s.aws_log_source_resource[0].source_name}@${s.aws_log_source_resource[0].source_version}"]) == toset([
      "CLOUD_TRAIL_MGMT@2.0", "LAMBDA_EXECUTION@2.0", "ROUTE53@2.0", "VPC_FLOW@2.0", "WAF@2.0",
    ])
    error_message = "the subscriber shares exactly the five sources passed"
  }
}

run "subscriber_source_names_are_checked" {
  command = plan

  module {
    source = "./subscriber"
  }

  variables {
    subscriber_account_id = "111122223333"
    external_id           = "grafana-securitylake"
    sources               = [{ name = "cloud_trail_mgmt", version = "2" }]
  }

  expect_failures = [var.sources]
}
