# Cross-account: the account Grafana queries from is a Security Lake
# subscriber with Lake Formation access (create it in the Security Lake
# account with the subscriber/ module). This side accepts the RAM share and
# creates a resource link to the shared database; Athena cannot query shared
# tables without one (Security Lake user guide:
# https://docs.aws.amazon.com/security-lake/latest/userguide/create-query-subscriber-procedures.html).

resource "aws_ram_resource_share_accepter" "subscriber" {
  count = local.use_link ? 1 : 0

  share_arn = var.resource_share_arn
}

resource "aws_glue_catalog_database" "resource_link" {
  count = local.use_link ? 1 : 0

  name        = var.resource_link_database_name
  description = "Resource link to the shared Security Lake database ${local.lake_database}"

  target_database {
    catalog_id    = local.lake_catalog_id
    database_name = local.lake_database
    region        = local.region
  }

  depends_on = [aws_ram_resource_share_accepter.subscriber]
}
