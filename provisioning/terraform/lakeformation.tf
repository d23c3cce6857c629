# Lake Formation grants. Security Lake tables are Lake Formation-managed:
# IAM alone reads nothing. Each principal gets DESCRIBE on the databases and
# SELECT + DESCRIBE on every table by name — grants on "all tables" were
# reported not to give access (docs/design/security-lake.md), and naming the
# tables keeps the grant to what Grafana reads. A grant on a resource link does
# not cover its target, so with a subscriber share both are granted.
#
# The principal applying this needs Lake Formation administrator rights (or
# grantable permissions) on the lake database.

locals {
  databases = concat(
    [{ catalog_id = local.lake_catalog_id, name = local.lake_database }],
    local.use_link ? [{ catalog_id = local.account_id, name = var.resource_link_database_name }] : [],
    # Athena reads the default database under Lake Formation (Athena user
    # guide, "Considerations and limitations" of Lake Formation).
    var.grant_default_database ? [{ catalog_id = local.account_id, name = "default" }] : [],
  )

  database_grants = {
    for pair in setproduct(keys(local.principals), local.databases) :
    "${pair[0]}/${pair[1].catalog_id}/${pair[1].name}" => { principal = pair[0], catalog_id = pair[1].catalog_id, name = pair[1].name }
  }

  table_grants = {
    for pair in setproduct(keys(local.principals), local.lake_tables) :
    "${pair[0]}/${pair[1]}" => { principal = pair[0], table = pair[1] }
  }
}

resource "aws_lakeformation_permissions" "database" {
  for_each = local.database_grants

  principal   = local.principals[each.value.principal]
  permissions = ["DESCRIBE"]

  database {
    catalog_id = each.value.catalog_id
    name       = each.value.name
  }

  depends_on = [aws_glue_catalog_database.resource_link]
}

resource "aws_lakeformation_permissions" "table" {
  for_each = local.table_grants

  principal   = local.principals[each.value.principal]
  permissions = ["SELECT", "DESCRIBE"]

  table {
    catalog_id    = local.lake_catalog_id
    database_name = local.lake_database
    name          = each.value.table
  }

  depends_on = [aws_ram_resource_share_accepter.subscriber]
}
