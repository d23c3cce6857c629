output "role_arn" {
  description = "Self-hosted Grafana: the role for the datasource's assumeRoleArn (or the instance/pod role itself)."
  value       = var.create_self_hosted_role ? aws_iam_role.self_hosted[0].arn : null
}

output "instance_profile_name" {
  description = "The EC2 instance profile of the self-hosted role, when created."
  value       = var.create_self_hosted_role && var.create_instance_profile ? aws_iam_instance_profile.self_hosted[0].name : null
}

output "amg_role_arn" {
  description = "Amazon Managed Grafana: the workspace role to set as the workspace's role_arn (customer-managed permission type)."
  value       = var.create_amg_role ? aws_iam_role.amg[0].arn : (var.amg_existing_role_name != null ? data.aws_iam_role.amg_existing[0].arn : null)
}

output "workgroup" {
  description = "The Athena workgroup (datasource setting workgroup)."
  value       = aws_athena_workgroup.grafana.name
}

output "output_location" {
  description = "Where Athena writes query results (enforced by the workgroup)."
  value       = local.output_location
}

output "database" {
  description = "The database the datasource reads (the resource link when cross-account)."
  value       = local.query_database
}

output "tables" {
  description = "The Security Lake tables granted SELECT and DESCRIBE."
  value       = local.lake_tables
}

# assumeRoleArn only when the datasource's credentials belong to another
# principal than the role (keys of a user, another role): Grafana running as
# the role (instance profile, IRSA, ECS task, AMG workspace role) that also
# "assumes" it would need the role to trust itself, which the module does not
# grant (a role trusting itself widens its trust for no gain), so Save & test
# would answer AccessDenied.
locals {
  datasource_assumes_role = var.create_self_hosted_role && coalesce(
    var.datasource_assumes_role,
    length(var.trusted_principal_arns) > 0 && length(var.trusted_services) == 0 && var.oidc_provider_arn == null,
  )
}

output "datasource_json_data" {
  description = "jsonData for the Security Lake datasource (provisioning/datasources/securitylake.yaml or the API). assumeRoleArn is set only when Grafana's credentials belong to another principal (see datasource_assumes_role)."
  value = {
    authType        = var.create_self_hosted_role ? "default" : "ec2_iam_role"
    assumeRoleArn   = local.datasource_assumes_role ? aws_iam_role.self_hosted[0].arn : null
    externalId      = local.datasource_assumes_role ? var.external_id : null
    defaultRegion   = local.region
    catalog         = "AwsDataCatalog"
    database        = local.query_database
    workgroup       = aws_athena_workgroup.grafana.name
    outputLocation  = local.output_location
    maxBytesScanned = var.bytes_scanned_cutoff_per_query
    # Several Regions without a rollup: the datasource queries each one.
    lakeRegions = length(local.regions) > 1 ? local.regions : null
  }
}

output "principal_arns" {
  description = "The roles granted (keyed self_hosted, amg, amg_existing): pass to region/ for each other Region Grafana reads."
  value       = local.principals
}

output "region_databases" {
  description = "The lake database of every Region the query policy covers (regions)."
  value       = local.region_databases
}
