# The module planned for each supported set-up with the real AWS provider
# (5.100.0) and fake keys: nothing reaches AWS. A plan renders the IAM policy
# documents, so the assertions read the policies as they would be attached.
# What a plan cannot know (the caller's account, an existing role, the ARNs
# AWS assigns to new roles and the results bucket's id) is overridden below.
#
# The least-privilege rules checked here and in the module (policy_guard.tf):
# no wildcard where a name is known (the module's preconditions; the run
# wildcard_table_is_refused proves they fail), every Security Lake table the
# inputs name has its Lake Formation SELECT + DESCRIBE grant for every role,
# KMS only with a key and only on it, S3 only on the query-results bucket.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "fake-access-key"
  secret_key                  = "fake-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

provider "aws" {
  alias                       = "eu"
  region                      = "eu-west-1"
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

override_data {
  target = data.aws_iam_role.amg_existing
  values = { arn = "arn:aws:iam::111122223333:role/service-role/AmazonGrafanaServiceRole-abc123", name = "AmazonGrafanaServiceRole-abc123" }
}

override_resource {
  target          = aws_iam_role.self_hosted
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:role/grafana-securitylake-query", id = "grafana-securitylake-query" }
}

override_resource {
  target          = aws_iam_role.amg
  override_during = plan
  values          = { arn = "arn:aws:iam::111122223333:role/grafana-securitylake-amg-workspace", id = "grafana-securitylake-amg-workspace" }
}

# The provider sets a bucket's id to its name.
override_resource {
  target          = aws_s3_bucket.results
  override_during = plan
  values          = { id = "grafana-athena-query-results-111122223333-us-east-1" }
}

run "self_hosted_same_account" {
  command = plan

  variables {
    trusted_principal_arns = ["arn:aws:iam::111122223333:role/grafana-server"]
    external_id            = "grafana-ext"
    sources_v2             = ["cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings", "eks_audit", "waf"]
    sources_v1             = ["cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings"]
    grant_default_database = true
  }

  assert {
    condition     = jsondecode(data.aws_iam_policy_document.self_hosted_trust.json).Statement == [{ Sid = "GrafanaPrincipals", Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:role/grafana-server" }, Condition = { StringEquals = { "sts:ExternalId" = "grafana-ext" } } }]
    error_message = "trust policy: ${data.aws_iam_policy_document.self_hosted_trust.json}"
  }

  # Every table of every version 2 source and of the version 1 sources asked
  # for, named as Security Lake names them, has SELECT + DESCRIBE for the role.
  assert {
    condition = alltrue([
      for t in [
        "amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0",
        "amazon_security_lake_table_us_east_1_lambda_execution_2_0",
        "amazon_security_lake_table_us_east_1_s3_data_2_0",
        "amazon_security_lake_table_us_east_1_vpc_flow_2_0",
        "amazon_security_lake_table_us_east_1_route53_2_0",
        "amazon_security_lake_table_us_east_1_sh_findings_2_0",
        "amazon_security_lake_table_us_east_1_eks_audit_2_0",
        "amazon_security_lake_table_us_east_1_waf_2_0",
        "amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0",
        "amazon_security_lake_table_us_east_1_lambda_execution_1_0",
        "amazon_security_lake_table_us_east_1_s3_data_1_0",
        "amazon_security_lake_table_us_east_1_vpc_flow_1_0",
        "amazon_security_lake_table_us_east_1_route53_1_0",
        "amazon_security_lake_table_us_east_1_sh_findings_1_0",
        ] : anytrue([
          for g in values(aws_lakeformation_permissions.table) :
          g.principal == "arn:aws:iam::111122223333:role/grafana-securitylake-query" && g.table[0].catalog_id == "111122223333" && g.table[0].database_name == "amazon_security_lake_glue_db_us_east_1" && g.table[0].name == t && contains(g.permissions, "SELECT") && contains(g.permissions, "DESCRIBE")
      ])
    ])
    error_message = "a Security Lake table lacks its SELECT + DESCRIBE grant: ${jsonencode([for g in values(aws_lakeformation_permissions.table) : g.table[0].name])}"
  }

  assert {
    condition     = length(aws_lakeformation_permissions.table) == 14
    error_message = "${length(aws_lakeformation_permissions.table)} table grants, want the 14 tables asked for and no other"
  }

  assert {
    condition = toset([for g in values(aws_lakeformation_permissions.database) : "${g.database[0].catalog_id}:${g.database[0].name}:${join(",", g.permissions)}" if g.principal == "arn:aws:iam::111122223333:role/grafana-securitylake-query"]) == toset([
      "111122223333:amazon_security_lake_glue_db_us_east_1:DESCRIBE",
      "111122223333:default:DESCRIBE",
    ])
    error_message = "the role needs DESCRIBE on the lake database and default, nothing more"
  }

  # KMS only with a key: none here, and results use SSE-S3.
  assert {
    condition     = !anytrue([for st in jsondecode(aws_iam_role_policy.self_hosted[0].policy).Statement : anytrue([for a in flatten([st.Action]) : startswith(a, "kms:")])])
    error_message = "a KMS permission without kms_key_arn"
  }

  assert {
    condition     = aws_athena_workgroup.grafana.configuration[0].result_configuration[0].encryption_configuration[0].encryption_option == "SSE_S3"
    error_message = "results without a key must use SSE_S3"
  }

  # S3 only on the query-results bucket and its prefix.
  assert {
    condition = alltrue(flatten([
      for st in jsondecode(aws_iam_role_policy.self_hosted[0].policy).Statement : [
        for r in flatten([st.Resource]) : contains([
          "arn:aws:s3:::grafana-athena-query-results-111122223333-us-east-1",
          "arn:aws:s3:::grafana-athena-query-results-111122223333-us-east-1/securitylake/*",
        ], r)
        if startswith(r, "arn:aws:s3:") || anytrue([for a in flatten([st.Action]) : startswith(a, "s3:")])
      ]
    ]))
    error_message = "an S3 permission beyond the results bucket: ${aws_iam_role_policy.self_hosted[0].policy}"
  }

  # The plugin reads large results from the query's result file (one
  # GetObject instead of a GetQueryResults call per 1,000 rows): the role
  # may read the objects under the results prefix and no other object.
  assert {
    condition = anytrue([
      for st in jsondecode(aws_iam_role_policy.self_hosted[0].policy).Statement :
      contains(flatten([st.Action]), "s3:GetObject") && flatten([st.Resource]) == ["arn:aws:s3:::grafana-athena-query-results-111122223333-us-east-1/securitylake/*"]
      if st.Effect == "Allow"
      ]) && alltrue([
      for st in jsondecode(aws_iam_role_policy.self_hosted[0].policy).Statement :
      flatten([st.Resource]) == ["arn:aws:s3:::grafana-athena-query-results-111122223333-us-east-1/securitylake/*"]
      if anytrue([for a in flatten([st.Action]) : contains(["s3:GetObject", "s3:Get*", "s3:*", "*"], a)])
    ])
    error_message = "s3:GetObject must be granted on exactly the results location: ${aws_iam_role_policy.self_hosted[0].policy}"
  }

  assert {
    condition     = aws_s3_bucket.results[0].bucket == "grafana-athena-query-results-111122223333-us-east-1" && aws_s3_bucket_public_access_block.results[0].restrict_public_buckets
    error_message = "the results bucket must be grafana-athena-query-results-<account>-<region> (AMG's pattern) and private"
  }

  # The workgroup: AMG's tag, an enforced configuration and the cutoff.
  assert {
    condition     = aws_athena_workgroup.grafana.tags["GrafanaDataSource"] == "true" && aws_athena_workgroup.grafana.configuration[0].enforce_workgroup_configuration && aws_athena_workgroup.grafana.configuration[0].bytes_scanned_cutoff_per_query == 10737418240
    error_message = "workgroup: tag GrafanaDataSource=true, enforced configuration and a bytes-scanned cutoff"
  }

  assert {
    condition = jsonencode(output.datasource_json_data) == jsonencode({
      authType        = "default"
      assumeRoleArn   = "arn:aws:iam::111122223333:role/grafana-securitylake-query"
      externalId      = "grafana-ext"
      defaultRegion   = "us-east-1"
      catalog         = "AwsDataCatalog"
      database        = "amazon_security_lake_glue_db_us_east_1"
      workgroup       = "grafana-securitylake"
      outputLocation  = "s3://grafana-athena-query-results-111122223333-us-east-1/securitylake/"
      maxBytesScanned = 10737418240
      lakeRegions     = null
    })
    error_message = "datasource_json_data: ${jsonencode(output.datasource_json_data)}"
  }
}

run "amg_workspace_role" {
  command = plan

  variables {
    create_self_hosted_role = false
    create_amg_role         = true
    amg_workspace_arn       = "arn:aws:grafana:us-east-1:111122223333:/workspaces/g-abc123"
    sources_v2              = ["vpc_flow", "cloud_trail_mgmt"]
    sources_v1              = []
  }

  assert {
    condition     = length(aws_iam_role.self_hosted) == 0 && length(aws_iam_role_policy.self_hosted) == 0
    error_message = "no self-hosted role when create_self_hosted_role is false"
  }

  # Only workspaces of this account, and only the one named, may assume it.
  assert {
    condition     = jsondecode(aws_iam_role.amg[0].assume_role_policy).Statement == [{ Sid = "ManagedGrafanaWorkspace", Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "grafana.amazonaws.com" }, Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" }, ArnLike = { "aws:SourceArn" = "arn:aws:grafana:us-east-1:111122223333:/workspaces/g-abc123" } } }]
    error_message = "AMG trust policy: ${aws_iam_role.amg[0].assume_role_policy}"
  }

  assert {
    condition     = aws_iam_role_policy.amg[0].role == "grafana-securitylake-amg-workspace"
    error_message = "the query policy must be on the workspace role"
  }

  # Grants only on the two tables asked for, to the workspace role.
  assert {
    condition = toset([for g in values(aws_lakeformation_permissions.table) : "${g.principal} ${g.table[0].catalog_id}:${g.table[0].database_name}.${g.table[0].name} ${join(",", sort(g.permissions))}"]) == toset([
      "arn:aws:iam::111122223333:role/grafana-securitylake-amg-workspace 111122223333:amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_vpc_flow_2_0 DESCRIBE,SELECT",
      "arn:aws:iam::111122223333:role/grafana-securitylake-amg-workspace 111122223333:amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 DESCRIBE,SELECT",
    ])
    error_message = "table grants: ${jsonencode([for g in values(aws_lakeformation_permissions.table) : [g.principal, g.table[0].name]])}"
  }

  # Glue reads name the two tables and nothing else of the lake.
  assert {
    condition = toset([
      for r in flatten([for st in jsondecode(aws_iam_role_policy.amg[0].policy).Statement : flatten([st.Resource]) if st.Sid == "GlueSecurityLakeCatalogRead"]) : r if strcontains(r, ":table/")
      ]) == toset([
      "arn:aws:glue:us-east-1:111122223333:table/amazon_security_lake_glue_db_us_east_1/amazon_security_lake_table_us_east_1_vpc_flow_2_0",
      "arn:aws:glue:us-east-1:111122223333:table/amazon_security_lake_glue_db_us_east_1/amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0",
    ])
    error_message = "Glue table ARNs: ${aws_iam_role_policy.amg[0].policy}"
  }

  assert {
    condition     = !anytrue([for st in jsondecode(aws_iam_role_policy.amg[0].policy).Statement : anytrue([for a in flatten([st.Action]) : startswith(a, "kms:")])])
    error_message = "a KMS permission without kms_key_arn"
  }

  assert {
    condition     = output.datasource_json_data.authType == "ec2_iam_role" && output.datasource_json_data.assumeRoleArn == null && output.amg_role_arn == "arn:aws:iam::111122223333:role/grafana-securitylake-amg-workspace"
    error_message = "AMG uses the workspace role (ec2_iam_role) and no assumeRoleArn"
  }
}

run "existing_role_with_kms_key" {
  command = plan

  variables {
    create_self_hosted_role = false
    amg_existing_role_name  = "AmazonGrafanaServiceRole-abc123"
    kms_key_arn             = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    results_bucket_name     = "my-athena-results"
    results_prefix          = "grafana/"
    sources_v2              = ["cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings", "eks_audit", "waf"]
    sources_v1              = []
  }

  assert {
    condition     = aws_iam_role_policy.amg_existing[0].role == "AmazonGrafanaServiceRole-abc123" && length(aws_iam_role.amg) == 0
    error_message = "the query policy goes on the existing role; no role is created"
  }

  # KMS: one statement, on the key only.
  assert {
    condition = [
      for st in jsondecode(aws_iam_role_policy.amg_existing[0].policy).Statement : "${join(",", sort(flatten([st.Action])))} on ${join(",", flatten([st.Resource]))}"
      if anytrue([for a in flatten([st.Action]) : startswith(a, "kms:")])
    ] == ["kms:Decrypt,kms:GenerateDataKey on arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    error_message = "KMS must be one statement on the key: ${aws_iam_role_policy.amg_existing[0].policy}"
  }

  assert {
    condition     = aws_athena_workgroup.grafana.configuration[0].result_configuration[0].encryption_configuration[0].encryption_option == "SSE_KMS" && aws_athena_workgroup.grafana.configuration[0].result_configuration[0].encryption_configuration[0].kms_key_arn == "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    error_message = "the workgroup must encrypt results with the key"
  }

  # An existing bucket: none is created, and S3 is only on it.
  assert {
    condition     = length(aws_s3_bucket.results) == 0 && aws_athena_workgroup.grafana.configuration[0].result_configuration[0].output_location == "s3://my-athena-results/grafana/"
    error_message = "results go to the given bucket; no bucket is created"
  }

  assert {
    condition = alltrue(flatten([
      for st in jsondecode(aws_iam_role_policy.amg_existing[0].policy).Statement : [
        for r in flatten([st.Resource]) : contains(["arn:aws:s3:::my-athena-results", "arn:aws:s3:::my-athena-results/grafana/*"], r)
        if startswith(r, "arn:aws:s3:") || anytrue([for a in flatten([st.Action]) : startswith(a, "s3:")])
      ]
    ]))
    error_message = "an S3 permission beyond the results bucket: ${aws_iam_role_policy.amg_existing[0].policy}"
  }

  assert {
    condition = length(aws_lakeformation_permissions.table) == 8 && alltrue([
      for g in values(aws_lakeformation_permissions.table) : g.principal == "arn:aws:iam::111122223333:role/service-role/AmazonGrafanaServiceRole-abc123" && contains(g.permissions, "SELECT") && contains(g.permissions, "DESCRIBE")
    ])
    error_message = "the existing role needs SELECT + DESCRIBE on the eight version 2 tables"
  }
}

# Grafana in 111122223333 reads the lake of 444455556666 (in eu-west-1)
# through a Security Lake subscriber's RAM share and a resource link.
run "cross_account_subscriber" {
  command   = plan
  providers = { aws = aws.eu }

  variables {
    trusted_services         = ["ec2.amazonaws.com"]
    create_instance_profile  = true
    security_lake_account_id = "444455556666"
    resource_share_arn       = "arn:aws:ram:eu-west-1:444455556666:resource-share/8a2d9b4e-0000-4000-8000-000000000000"
    results_bucket_name      = "grafana-results-eu"
    sources_v2               = ["vpc_flow"]
    sources_v1               = []
    custom_source_tables     = ["amazon_security_lake_table_eu_west_1_ext_edr_process"]
    grant_default_database   = true
  }

  assert {
    condition     = aws_ram_resource_share_accepter.subscriber[0].share_arn == "arn:aws:ram:eu-west-1:444455556666:resource-share/8a2d9b4e-0000-4000-8000-000000000000"
    error_message = "the RAM share must be accepted"
  }

  assert {
    condition     = aws_glue_catalog_database.resource_link[0].name == "securitylake_shared" && aws_glue_catalog_database.resource_link[0].target_database[0].catalog_id == "444455556666" && aws_glue_catalog_database.resource_link[0].target_database[0].database_name == "amazon_security_lake_glue_db_eu_west_1" && aws_glue_catalog_database.resource_link[0].target_database[0].region == "eu-west-1"
    error_message = "the resource link must point at the producer's lake database in eu-west-1"
  }

  # Tables are granted in the producer's catalog (a grant on the link does
  # not cover its target), custom sources included.
  assert {
    condition = toset([for g in values(aws_lakeformation_permissions.table) : "${g.table[0].catalog_id}:${g.table[0].database_name}.${g.table[0].name} ${join(",", sort(g.permissions))}" if g.principal == "arn:aws:iam::111122223333:role/grafana-securitylake-query"]) == toset([
      "444455556666:amazon_security_lake_glue_db_eu_west_1.amazon_security_lake_table_eu_west_1_vpc_flow_2_0 DESCRIBE,SELECT",
      "444455556666:amazon_security_lake_glue_db_eu_west_1.amazon_security_lake_table_eu_west_1_ext_edr_process DESCRIBE,SELECT",
    ])
    error_message = "table grants: ${jsonencode([for g in values(aws_lakeformation_permissions.table) : [g.principal, g.table[0].catalog_id, g.table[0].name]])}"
  }

  assert {
    condition = toset([for g in values(aws_lakeformation_permissions.database) : "${g.database[0].catalog_id}:${g.database[0].name}"]) == toset([
      "444455556666:amazon_security_lake_glue_db_eu_west_1",
      "111122223333:securitylake_shared",
      "111122223333:default",
    ])
    error_message = "DESCRIBE on the target, the link and default"
  }

  # Glue reads name the producer's tables and the link's, one by one.
  assert {
    condition = toset([
      for r in flatten([for st in jsondecode(aws_iam_role_policy.self_hosted[0].policy).Statement : flatten([st.Resource]) if st.Sid == "GlueSecurityLakeCatalogRead"]) : r if strcontains(r, ":table/")
      ]) == toset([
      "arn:aws:glue:eu-west-1:444455556666:table/amazon_security_lake_glue_db_eu_west_1/amazon_security_lake_table_eu_west_1_vpc_flow_2_0",
      "arn:aws:glue:eu-west-1:444455556666:table/amazon_security_lake_glue_db_eu_west_1/amazon_security_lake_table_eu_west_1_ext_edr_process",
      "arn:aws:glue:eu-west-1:111122223333:table/securitylake_shared/amazon_security_lake_table_eu_west_1_vpc_flow_2_0",
      "arn:aws:glue:eu-west-1:111122223333:table/securitylake_shared/amazon_security_lake_table_eu_west_1_ext_edr_process",
    ])
    error_message = "Glue table ARNs: ${aws_iam_role_policy.self_hosted[0].policy}"
  }

  assert {
    condition = alltrue(flatten([
      for st in jsondecode(aws_iam_role_policy.self_hosted[0].policy).Statement : [
        for r in flatten([st.Resource]) : contains(["arn:aws:s3:::grafana-results-eu", "arn:aws:s3:::grafana-results-eu/securitylake/*"], r)
        if startswith(r, "arn:aws:s3:") || anytrue([for a in flatten([st.Action]) : startswith(a, "s3:")])
      ]
    ]))
    error_message = "an S3 permission beyond the results bucket: ${aws_iam_role_policy.self_hosted[0].policy}"
  }

  assert {
    condition     = jsondecode(aws_iam_role.self_hosted[0].assume_role_policy).Statement == [{ Sid = "GrafanaServices", Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] && aws_iam_instance_profile.self_hosted[0].role == "grafana-securitylake-query"
    error_message = "EC2 trust and an instance profile: ${aws_iam_role.self_hosted[0].assume_role_policy}"
  }

  assert {
    condition     = output.database == "securitylake_shared" && output.datasource_json_data.defaultRegion == "eu-west-1" && output.datasource_json_data.assumeRoleArn == null
    error_message = "the datasource reads the resource link in eu-west-1, as the instance profile's role (no self-assume)"
  }
}

# A table name "*" would widen every Glue read to the whole database: the
# module's precondition (policy_guard.tf) refuses the policy.
run "wildcard_table_is_refused" {
  command = plan

  variables {
    trusted_services     = ["ec2.amazonaws.com"]
    sources_v2           = []
    sources_v1           = []
    custom_source_tables = ["*"]
  }

  expect_failures = [aws_iam_role_policy.self_hosted]
}

run "self_hosted_role_needs_a_trust" {
  command = plan

  variables {
    sources_v2 = ["vpc_flow"]
    sources_v1 = []
  }

  expect_failures = [aws_iam_role.self_hosted]
}
