# A lake without a rollup Region, read in three Regions: one Glue database
# per Region. The module's query policy names all three (IAM is global);
# its Lake Formation grants and workgroup are in the provider's Region, and
# region/ makes them in each other Region through that Region's provider
# (Lake Formation and the Glue catalog are regional). Real AWS provider
# 5.100.0, fake keys.

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

provider "aws" {
  alias                       = "ap"
  region                      = "ap-southeast-2"
  access_key                  = "fake-access-key"
  secret_key                  = "fake-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

run "three_regions" {
  command = plan

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

  variables {
    trusted_services = ["ec2.amazonaws.com"]
    regions          = ["us-east-1", "eu-west-1", "ap-southeast-2"]
    sources_v2       = ["cloud_trail_mgmt", "vpc_flow"]
    sources_v1       = []
  }

  # The policy names each Region's database and tables, one by one.
  assert {
    condition = toset([
      for r in flatten([for st in jsondecode(aws_iam_role_policy.self_hosted[0].policy).Statement : flatten([st.Resource]) if st.Sid == "GlueSecurityLakeCatalogRead"]) : r if strcontains(r, ":table/") || strcontains(r, ":database/")
      ]) == toset(flatten([
        for r in ["us-east-1", "eu-west-1", "ap-southeast-2"] : [
          "arn:aws:glue:${r}:111122223333:database/amazon_security_lake_glue_db_${replace(r, "-", "_")}",
          "arn:aws:glue:${r}:111122223333:table/amazon_security_lake_glue_db_${replace(r, "-", "_")}/amazon_security_lake_table_${replace(r, "-", "_")}_cloud_trail_mgmt_2_0",
          "arn:aws:glue:${r}:111122223333:table/amazon_security_lake_glue_db_${replace(r, "-", "_")}/amazon_security_lake_table_${replace(r, "-", "_")}_vpc_flow_2_0",
        ]
    ]))
    error_message = "Glue ARNs of the three Regions: ${aws_iam_role_policy.self_hosted[0].policy}"
  }

  assert {
    condition = toset(flatten([for st in jsondecode(aws_iam_role_policy.self_hosted[0].policy).Statement : flatten([st.Resource]) if st.Sid == "AthenaQueriesInTheGrafanaWorkgroup"])) == toset([
      "arn:aws:athena:us-east-1:111122223333:workgroup/grafana-securitylake",
      "arn:aws:athena:eu-west-1:111122223333:workgroup/grafana-securitylake",
      "arn:aws:athena:ap-southeast-2:111122223333:workgroup/grafana-securitylake",
    ])
    error_message = "the workgroup in each Region"
  }

  # Lake Formation grants here are the provider's Region only.
  assert {
    condition     = length(aws_lakeformation_permissions.table) == 2 && alltrue([for g in values(aws_lakeformation_permissions.table) : g.table[0].database_name == "amazon_security_lake_glue_db_us_east_1"])
    error_message = "the module grants in its provider's Region; region/ grants the others"
  }

  assert {
    condition     = output.principal_arns == { self_hosted = "arn:aws:iam::111122223333:role/grafana-securitylake-query" } && output.datasource_json_data.assumeRoleArn == null
    error_message = "principal_arns for region/, and no self-assume"
  }

  # The datasource is told the lake's Regions (lakeRegions), the provider's first.
  assert {
    condition     = jsonencode(output.datasource_json_data.lakeRegions) == jsonencode(["us-east-1", "eu-west-1", "ap-southeast-2"]) && output.datasource_json_data.defaultRegion == "us-east-1"
    error_message = "lakeRegions: ${jsonencode(output.datasource_json_data)}"
  }
}

run "eu_west_1" {
  command   = plan
  providers = { aws = aws.eu }

  module {
    source = "./region"
  }

  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "111122223333", arn = "arn:aws:iam::111122223333:user/terraform", user_id = "AIDAEXAMPLE" }
  }

  variables {
    principal_arns  = run.three_regions.principal_arns
    output_location = run.three_regions.output_location
    sources_v2      = ["cloud_trail_mgmt", "vpc_flow"]
    sources_v1      = []
  }

  assert {
    condition = toset([for g in values(aws_lakeformation_permissions.table) : "${g.principal} ${g.table[0].catalog_id}:${g.table[0].database_name}.${g.table[0].name} ${join(",", sort(g.permissions))}"]) == toset([
      "arn:aws:iam::111122223333:role/grafana-securitylake-query 111122223333:amazon_security_lake_glue_db_eu_west_1.amazon_security_lake_table_eu_west_1_cloud_trail_mgmt_2_0 DESCRIBE,SELECT",
      "arn:aws:iam::111122223333:role/grafana-securitylake-query 111122223333:amazon_security_lake_glue_db_eu_west_1.amazon_security_lake_table_eu_west_1_vpc_flow_2_0 DESCRIBE,SELECT",
    ])
    error_message = "eu-west-1 grants: ${jsonencode([for g in values(aws_lakeformation_permissions.table) : g.table[0].name])}"
  }

  assert {
    condition     = [for g in values(aws_lakeformation_permissions.database) : g.database[0].name] == ["amazon_security_lake_glue_db_eu_west_1"]
    error_message = "DESCRIBE on eu-west-1's database only"
  }

  assert {
    condition     = aws_athena_workgroup.grafana.name == "grafana-securitylake" && aws_athena_workgroup.grafana.tags["GrafanaDataSource"] == "true" && aws_athena_workgroup.grafana.configuration[0].result_configuration[0].output_location == "s3://grafana-athena-query-results-111122223333-us-east-1/securitylake/"
    error_message = "the workgroup the policy allows, tagged for AMG, writing to the results bucket"
  }

  assert {
    condition     = output.datasource_json_data == { defaultRegion = "eu-west-1", database = "amazon_security_lake_glue_db_eu_west_1", workgroup = "grafana-securitylake" }
    error_message = "the eu-west-1 datasource fields: ${jsonencode(output.datasource_json_data)}"
  }
}

# Another Region's lake may collect other sources.
run "ap_southeast_2" {
  command   = plan
  providers = { aws = aws.ap }

  module {
    source = "./region"
  }

  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "111122223333", arn = "arn:aws:iam::111122223333:user/terraform", user_id = "AIDAEXAMPLE" }
  }

  variables {
    principal_arns  = run.three_regions.principal_arns
    output_location = run.three_regions.output_location
    sources_v2      = ["vpc_flow"]
    sources_v1      = []
  }

  assert {
    condition     = [for g in values(aws_lakeformation_permissions.table) : "${g.table[0].database_name}.${g.table[0].name}"] == ["amazon_security_lake_glue_db_ap_southeast_2.amazon_security_lake_table_ap_southeast_2_vpc_flow_2_0"]
    error_message = "ap-southeast-2 grants its one source"
  }
}

run "regions_must_include_the_provider_region" {
  command = plan

  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "111122223333", arn = "arn:aws:iam::111122223333:user/terraform", user_id = "AIDAEXAMPLE" }
  }

  variables {
    trusted_services = ["ec2.amazonaws.com"]
    regions          = ["eu-west-1"]
    sources_v2       = ["vpc_flow"]
    sources_v1       = []
  }

  expect_failures = [aws_athena_workgroup.grafana]
}
