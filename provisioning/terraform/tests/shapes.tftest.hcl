# The lake shapes users have, planned with the real AWS provider (5.100.0)
# and fake keys: a lake that enables only some sources, a version 1 lake, a
# subscriber share with custom names. Nothing assumes every source exists:
# Lake Formation refuses a grant on a missing table (EntityNotFound), so the
# module grants exactly the sources passed, and no run grants the default
# database unless asked.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "fake-access-key"
  secret_key                  = "fake-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

override_data {
  target = data.aws_caller_identity.current
  values = { account_id = "111122223333", arn = "arn:aws:iam::111122223333:user/terraform", user_id = "AIDAEXAMPLE" }
}

override_resource {
  target          = aws_iam_role.self_hosted
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:role/grafana-securitylake-query", id = "grafana-securitylake-query" }
}

override_resource {
  target          = aws_s3_bucket.results
  override_during = plan
  values          = { id = "grafana-athena-query-results-111122223333-us-east-1" }
}

# Five version 2 sources (CloudTrail management, Lambda execution, Route 53,
# VPC Flow, WAF), Grafana on EC2 with the role as its instance profile.
run "minimal" {
  command = plan

  variables {
    trusted_services        = ["ec2.amazonaws.com"]
    create_instance_profile = true
    sources_v2              = ["cloud_trail_mgmt", "lambda_execution", "route53", "vpc_flow", "waf"]
    sources_v1              = []
  }

  assert {
    condition = toset([for g in values(aws_lakeformation_permissions.table) : "${g.table[0].catalog_id}:${g.table[0].database_name}.${g.table[0].name} ${join(",", sort(g.permissions))}"]) == toset([
      "111122223333:amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 DESCRIBE,SELECT",
      "111122223333:amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_lambda_execution_2_0 DESCRIBE,SELECT",
      "111122223333:amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_route53_2_0 DESCRIBE,SELECT",
      "111122223333:amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_vpc_flow_2_0 DESCRIBE,SELECT",
      "111122223333:amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_waf_2_0 DESCRIBE,SELECT",
    ])
    error_message = "grants on exactly the five enabled sources: ${jsonencode([for g in values(aws_lakeformation_permissions.table) : g.table[0].name])}"
  }

  # No grant on default unless asked (it may not exist).
  assert {
    condition     = [for g in values(aws_lakeformation_permissions.database) : "${g.database[0].catalog_id}:${g.database[0].name}"] == ["111122223333:amazon_security_lake_glue_db_us_east_1"]
    error_message = "DESCRIBE on the lake database only: ${jsonencode([for g in values(aws_lakeformation_permissions.database) : g.database[0].name])}"
  }

  assert {
    condition     = !anytrue([for st in jsondecode(aws_iam_role_policy.self_hosted[0].policy).Statement : anytrue([for r in flatten([st.Resource]) : strcontains(r, "database/default")])])
    error_message = "no Glue permission on the default database unless asked"
  }

  # Grafana runs as the role (instance profile): the datasource uses the
  # default chain and must not assume the role it already is.
  assert {
    condition     = output.datasource_json_data.authType == "default" && output.datasource_json_data.assumeRoleArn == null && output.datasource_json_data.externalId == null && output.datasource_json_data.lakeRegions == null
    error_message = "an instance-profile Grafana must not assume its own role, and one Region needs no lakeRegions: ${jsonencode(output.datasource_json_data)}"
  }
}

# A lake that still keeps version 1 tables only; Grafana on EKS through IRSA.
run "v1" {
  command = plan

  variables {
    oidc_provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    oidc_subjects     = ["system:serviceaccount:monitoring:grafana"]
    sources_v2        = []
    sources_v1        = ["cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings"]
  }

  assert {
    condition = toset([for g in values(aws_lakeformation_permissions.table) : g.table[0].name]) == toset([
      "amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0",
      "amazon_security_lake_table_us_east_1_lambda_execution_1_0",
      "amazon_security_lake_table_us_east_1_s3_data_1_0",
      "amazon_security_lake_table_us_east_1_vpc_flow_1_0",
      "amazon_security_lake_table_us_east_1_route53_1_0",
      "amazon_security_lake_table_us_east_1_sh_findings_1_0",
    ])
    error_message = "grants on the six version 1 tables: ${jsonencode([for g in values(aws_lakeformation_permissions.table) : g.table[0].name])}"
  }

  assert {
    condition     = output.datasource_json_data.assumeRoleArn == null
    error_message = "an IRSA Grafana must not assume its own role"
  }
}

# A subscriber share read through a resource link with custom names; Grafana
# holds the keys of another principal, so it assumes the role.
run "subscriber" {
  command = plan

  variables {
    name_prefix                 = "seclake-ro"
    workgroup_name              = "seclake-ro"
    trusted_principal_arns      = ["arn:aws:iam::111122223333:user/grafana"]
    external_id                 = "ext-123"
    security_lake_account_id    = "444455556666"
    resource_share_arn          = "arn:aws:ram:us-east-1:444455556666:resource-share/8a2d9b4e-0000-4000-8000-000000000000"
    resource_link_database_name = "lake_link"
    sources_v2                  = ["cloud_trail_mgmt", "vpc_flow"]
    sources_v1                  = []
  }

  assert {
    condition     = aws_glue_catalog_database.resource_link[0].name == "lake_link" && aws_glue_catalog_database.resource_link[0].target_database[0].catalog_id == "444455556666"
    error_message = "the resource link has the custom name and targets the producer's catalog"
  }

  assert {
    condition = toset([for g in values(aws_lakeformation_permissions.database) : "${g.database[0].catalog_id}:${g.database[0].name}"]) == toset([
      "444455556666:amazon_security_lake_glue_db_us_east_1",
      "111122223333:lake_link",
    ])
    error_message = "DESCRIBE on the target and the link, not default"
  }

  assert {
    condition     = output.database == "lake_link" && output.workgroup == "seclake-ro"
    error_message = "the datasource reads the link in the custom workgroup"
  }

  # Another principal's credentials: assume the role, with the external id;
  # the role is never one of its own trusted principals.
  assert {
    condition     = output.datasource_json_data.assumeRoleArn == "arn:aws:iam::111122223333:role/grafana-securitylake-query" && output.datasource_json_data.externalId == "ext-123" && !contains(flatten([for st in jsondecode(data.aws_iam_policy_document.self_hosted_trust.json).Statement : flatten([try(st.Principal.AWS, [])])]), output.datasource_json_data.assumeRoleArn)
    error_message = "keys of another principal assume the role: ${jsonencode(output.datasource_json_data)}"
  }
}

# Both a service and a principal are trusted: null decides no assumeRoleArn
# (Grafana may run as the role); asking for it without a principal fails.
run "no_self_assume_with_a_service" {
  command = plan

  variables {
    trusted_services       = ["ecs-tasks.amazonaws.com"]
    trusted_principal_arns = ["arn:aws:iam::111122223333:role/ops"]
    sources_v2             = ["vpc_flow"]
    sources_v1             = []
  }

  assert {
    condition     = output.datasource_json_data.assumeRoleArn == null
    error_message = "a task-role Grafana must not assume its own role"
  }
}

run "assume_needs_another_principal" {
  command = plan

  variables {
    trusted_services        = ["ec2.amazonaws.com"]
    datasource_assumes_role = true
    sources_v2              = ["vpc_flow"]
    sources_v1              = []
  }

  expect_failures = [aws_iam_role.self_hosted]
}

run "unknown_source_is_refused" {
  command = plan

  variables {
    trusted_services = ["ec2.amazonaws.com"]
    sources_v2       = ["cloudtrail"]
    sources_v1       = []
  }

  expect_failures = [var.sources_v2]
}

run "no_source_is_refused" {
  command = plan

  variables {
    trusted_services = ["ec2.amazonaws.com"]
    sources_v2       = []
    sources_v1       = []
  }

  expect_failures = [aws_athena_workgroup.grafana]
}

# The role never trusts itself: naming it among the trusted principals fails.
run "role_cannot_trust_itself" {
  command = plan

  variables {
    trusted_principal_arns = ["arn:aws:iam::111122223333:role/grafana-securitylake-query"]
    sources_v2             = ["vpc_flow"]
    sources_v1             = []
  }

  expect_failures = [aws_iam_role.self_hosted]
}
