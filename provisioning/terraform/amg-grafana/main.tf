# Amazon Managed Grafana has no file provisioning: this root ships what the
# provisioning/ folder gives a self-hosted Grafana (the Security Lake
# datasource, the "Security Lake" folder, the dashboards of src/dashboards
# and the alert rules of provisioning/alerting) through the Grafana API with
# the grafana/grafana provider. Apply it after the parent module (which makes
# the workspace role, its query policy and its Lake Formation grants) and
# after installing the Security Lake plugin in the workspace.
#
# Checked here with `terraform fmt -check` only: the grafana/grafana provider
# is not in this repository's offline provider mirror, so the root is not
# initialized, validated or tested by scripts/terraform-check.sh.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    grafana = {
      source  = "grafana/grafana"
      version = ">= 3.0"
    }
  }
}

variable "grafana_url" {
  description = "The workspace URL, https://<aws_grafana_workspace endpoint>."
  type        = string
}

variable "grafana_auth" {
  description = "A workspace service account token with the Admin role (aws_grafana_workspace_service_account_token)."
  type        = string
  sensitive   = true
}

variable "datasource_json_data" {
  description = "The parent module's datasource_json_data output (create_amg_role or amg_existing_role_name: authType ec2_iam_role, the workspace role)."
  # any, not map(any): the object mixes strings and a number, which a map
  # would turn into strings.
  type = any
}

variable "datasource_uid" {
  description = "The datasource's uid: the alert rules read the datasource securitylake."
  type        = string
  default     = "securitylake"
}

variable "folder_uid" {
  description = "uid of the folder of the dashboards and alert rules."
  type        = string
  default     = "securitylake"
}

provider "grafana" {
  url  = var.grafana_url
  auth = var.grafana_auth
}

module "content" {
  source         = "./content"
  datasource_uid = var.datasource_uid
}

resource "grafana_data_source" "securitylake" {
  type = "seclake-securitylake-datasource"
  name = "Amazon Security Lake"
  uid  = var.datasource_uid
  # The workspace role: no keys, no assumed role (Grafana runs as the role).
  json_data_encoded = jsonencode({ for k, v in var.datasource_json_data : k => v if v != null })

  lifecycle {
    precondition {
      condition     = try(var.datasource_json_data.authType, "") == "ec2_iam_role" && try(var.datasource_json_data.assumeRoleArn, null) == null
      error_message = "AMG queries as its workspace role: pass the datasource_json_data of the module applied with create_amg_role or amg_existing_role_name (authType ec2_iam_role, no assumeRoleArn)."
    }
  }
}

resource "grafana_folder" "securitylake" {
  title = "Security Lake"
  uid   = var.folder_uid
}

resource "grafana_dashboard" "securitylake" {
  for_each = module.content.dashboards

  folder      = grafana_folder.securitylake.uid
  config_json = each.value
  overwrite   = true
}

resource "grafana_rule_group" "securitylake" {
  for_each = module.content.rule_groups

  name             = each.key
  folder_uid       = grafana_folder.securitylake.uid
  interval_seconds = each.value.interval_seconds

  dynamic "rule" {
    for_each = each.value.rules
    content {
      uid            = rule.value.uid
      name           = rule.value.name
      condition      = rule.value.condition
      for            = rule.value.for
      no_data_state  = rule.value.no_data_state
      exec_err_state = rule.value.exec_err_state
      labels         = rule.value.labels
      annotations    = rule.value.annotations

      dynamic "data" {
        for_each = rule.value.data
        content {
          ref_id         = data.value.ref_id
          datasource_uid = data.value.datasource_uid
          model          = data.value.model
          relative_time_range {
            from = data.value.from
            to   = data.value.to
          }
        }
      }
    }
  }

  # The rules query the datasource: create it first.
  depends_on = [grafana_data_source.securitylake]
}

output "dashboards" {
  description = "The dashboards' uids."
  value       = [for d in grafana_dashboard.securitylake : d.uid]
}

output "rule_groups" {
  description = "The alert rule groups."
  value       = keys(grafana_rule_group.securitylake)
}
