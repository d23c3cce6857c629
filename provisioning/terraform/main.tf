# Names the module derives. Security Lake names its Glue database and tables
# per Region: amazon_security_lake_glue_db_<region_> and
# amazon_security_lake_table_<region_>_<source>_<major>_<minor>
# (https://docs.aws.amazon.com/security-lake/latest/userguide/subscriber-query-examples2.html).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id
  # Athena reads the Glue catalog of its own Region: apply the module with a
  # provider in the Security Lake (rollup) Region.
  region    = data.aws_region.current.name
  region_id = replace(local.region, "-", "_")

  # The catalog that owns the lake tables: this account, or the producer of a
  # subscriber share.
  lake_catalog_id = coalesce(var.security_lake_account_id, local.account_id)
  lake_database   = coalesce(var.database_name, "amazon_security_lake_glue_db_${local.region_id}")

  lake_tables = concat(
    [for s in var.sources_v2 : "amazon_security_lake_table_${local.region_id}_${s}_2_0"],
    [for s in var.sources_v1 : "amazon_security_lake_table_${local.region_id}_${s}_1_0"],
    var.custom_source_tables,
  )

  # Every Region Grafana reads: each has its own lake database and tables.
  # IAM is global, so the one query policy names them all; Lake Formation
  # and the Glue catalog are regional, so the grants of a Region are made
  # through a provider in that Region (here the provider's, region/ for the
  # others).
  regions = var.regions == null ? [local.region] : distinct(var.regions)
  region_databases = {
    for r in local.regions : r => r == local.region ? local.lake_database : "amazon_security_lake_glue_db_${replace(r, "-", "_")}"
  }
  region_tables = {
    for r in local.regions : r => r == local.region ? local.lake_tables : concat(
      [for s in var.sources_v2 : "amazon_security_lake_table_${replace(r, "-", "_")}_${s}_2_0"],
      [for s in var.sources_v1 : "amazon_security_lake_table_${replace(r, "-", "_")}_${s}_1_0"],
    )
  }

  # With a subscriber share, Grafana reads through a resource link in this
  # account; the datasource's database setting is the link.
  use_link       = var.resource_share_arn != null
  query_database = local.use_link ? var.resource_link_database_name : local.lake_database

  # The principals that get the query policy and the Lake Formation grants,
  # keyed by names known at plan time (for_each needs known keys).
  principals = merge(
    var.create_self_hosted_role ? { self_hosted = aws_iam_role.self_hosted[0].arn } : {},
    var.create_amg_role ? { amg = aws_iam_role.amg[0].arn } : {},
    var.amg_existing_role_name != null ? { amg_existing = data.aws_iam_role.amg_existing[0].arn } : {},
  )

  results_bucket  = var.results_bucket_name != null ? var.results_bucket_name : aws_s3_bucket.results[0].id
  output_location = "s3://${local.results_bucket}/${var.results_prefix}"

  tags = merge(var.tags, { ManagedBy = "terraform", Purpose = "grafana-securitylake" })
}

data "aws_iam_role" "amg_existing" {
  count = var.amg_existing_role_name != null ? 1 : 0
  name  = var.amg_existing_role_name
}
