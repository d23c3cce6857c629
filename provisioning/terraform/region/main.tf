# The per-Region part of the Grafana query set-up, for a lake without a
# rollup Region: Lake Formation grants on one Region's Security Lake database
# and tables, and the Athena workgroup there. Lake Formation and the Glue
# Data Catalog are regional: a grant made through another Region's endpoint
# does not find this Region's database (EntityNotFoundException). Terraform
# cannot loop over provider configurations, so apply this once per extra
# Region, each with a provider of that Region:
#
#   module "grafana_securitylake_eu_west_1" {
#     source         = "./provisioning/terraform/region"
#     providers      = { aws = aws.eu_west_1 }
#     principal_arns = module.grafana_securitylake.principal_arns
#     sources_v2     = ["cloud_trail_mgmt", "vpc_flow"]
#     sources_v1     = []
#     output_location = module.grafana_securitylake.output_location
#   }
#
# The parent module's query policy already names this Region's workgroup,
# database and tables (its regions input), so this adds no IAM.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100"
    }
  }
}

variable "principal_arns" {
  description = "The roles to grant, keyed by a name known at plan time (the parent module's principal_arns output)."
  type        = map(string)
}

variable "sources_v2" {
  description = "Version 2 sources this Region's lake collects (table suffix without _2_0); [] for none."
  type        = list(string)

  validation {
    condition     = alltrue([for s in var.sources_v2 : contains(["cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings", "eks_audit", "waf"], s)])
    error_message = "sources_v2: pass the version 2 sources this Region's lake collects, each one of cloud_trail_mgmt, lambda_execution, s3_data, vpc_flow, route53, sh_findings, eks_audit, waf (or [] for none)."
  }
}

variable "sources_v1" {
  description = "Version 1 sources this Region's lake still keeps (table suffix without _1_0); [] for none."
  type        = list(string)

  validation {
    condition     = alltrue([for s in var.sources_v1 : contains(["cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings"], s)])
    error_message = "sources_v1: pass the version 1 sources this Region's lake still keeps, each one of cloud_trail_mgmt, lambda_execution, s3_data, vpc_flow, route53, sh_findings (or [] for none)."
  }
}

variable "output_location" {
  description = "Where the workgroup writes query results (the parent module's output_location)."
  type        = string
}

variable "workgroup_name" {
  description = "The workgroup's name: the parent module's workgroup_name, which its query policy allows in every Region."
  type        = string
  default     = "grafana-securitylake"
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena cancels a query that scans more bytes (at least 10 MB)."
  type        = number
  default     = 10737418240
}

variable "kms_key_arn" {
  description = "KMS key of the query results (the parent's kms_key_arn); null for SSE-S3."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags of the workgroup."
  type        = map(string)
  default     = {}
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  region_id = replace(data.aws_region.current.name, "-", "_")
  database  = "amazon_security_lake_glue_db_${local.region_id}"
  tables = concat(
    [for s in var.sources_v2 : "amazon_security_lake_table_${local.region_id}_${s}_2_0"],
    [for s in var.sources_v1 : "amazon_security_lake_table_${local.region_id}_${s}_1_0"],
  )
  table_grants = {
    for pair in setproduct(keys(var.principal_arns), local.tables) : "${pair[0]}/${pair[1]}" => { principal = pair[0], table = pair[1] }
  }
}

resource "aws_lakeformation_permissions" "database" {
  for_each = var.principal_arns

  principal   = each.value
  permissions = ["DESCRIBE"]

  database {
    catalog_id = data.aws_caller_identity.current.account_id
    name       = local.database
  }
}

resource "aws_lakeformation_permissions" "table" {
  for_each = local.table_grants

  principal   = var.principal_arns[each.value.principal]
  permissions = ["SELECT", "DESCRIBE"]

  table {
    catalog_id    = data.aws_caller_identity.current.account_id
    database_name = local.database
    name          = each.value.table
  }
}

resource "aws_athena_workgroup" "grafana" {
  name        = var.workgroup_name
  description = "Grafana queries on Amazon Security Lake in ${data.aws_region.current.name}"
  state       = "ENABLED"

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location = var.output_location

      encryption_configuration {
        encryption_option = var.kms_key_arn != null ? "SSE_KMS" : "SSE_S3"
        kms_key_arn       = var.kms_key_arn
      }
    }
  }

  # AMG's managed Athena policy requires this tag (as in the parent module).
  tags = merge(var.tags, { ManagedBy = "terraform", Purpose = "grafana-securitylake", GrafanaDataSource = "true" })

  lifecycle {
    precondition {
      condition     = length(local.tables) > 0
      error_message = "No Security Lake table to read in this Region: pass the sources its lake collects in sources_v2 or sources_v1."
    }
  }
}

output "database" {
  description = "This Region's lake database (the datasource's database for this Region)."
  value       = local.database
}

output "tables" {
  description = "The tables granted SELECT and DESCRIBE in this Region."
  value       = local.tables
}

output "datasource_json_data" {
  description = "The fields of the datasource's jsonData that differ for this Region (merge into the parent's datasource_json_data)."
  value = {
    defaultRegion = data.aws_region.current.name
    database      = local.database
    workgroup     = aws_athena_workgroup.grafana.name
  }
}
