# What the AMG root ships, read from the repository's own files and put in
# the shape of the grafana/grafana provider's arguments: the dashboards of
# src/dashboards and the alert rule groups of provisioning/alerting. No
# provider: scripts/terraform-check.sh validates and tests this module
# offline (tests/amg_content.tftest.hcl), which the parent root cannot be.

terraform {
  required_version = ">= 1.5.0"
}

variable "datasource_uid" {
  description = "uid of the Security Lake datasource the rules query (the files name it securitylake)."
  type        = string
  default     = "securitylake"
}

locals {
  repo = "${path.module}/../../../.."

  # Each alert rule file holds one or more groups; keyed by group name.
  groups = merge([
    for f in fileset("${local.repo}/provisioning/alerting", "*.yaml") : {
      for g in yamldecode(file("${local.repo}/provisioning/alerting/${f}")).groups : g.name => g
    }
  ]...)

  seconds = { s = 1, m = 60, h = 3600, d = 86400 }
}

output "dashboards" {
  description = "Dashboard JSON by file name."
  value       = { for f in fileset("${local.repo}/src/dashboards", "*.json") : f => file("${local.repo}/src/dashboards/${f}") }
}

output "rule_groups" {
  description = "Alert rule groups by name, with the grafana_rule_group arguments."
  value = {
    for name, g in local.groups : name => {
      # "5m" -> 300
      interval_seconds = sum([for d in regexall("([0-9]+)([smhd])", g.interval) : tonumber(d[0]) * local.seconds[d[1]]])
      rules = [
        for r in g.rules : {
          uid            = r.uid
          name           = r.title
          condition      = r.condition
          for            = r.for
          no_data_state  = r.noDataState
          exec_err_state = r.execErrState
          labels         = try(r.labels, {})
          annotations    = try(r.annotations, {})
          data = [
            for d in r.data : {
              ref_id         = d.refId
              datasource_uid = d.datasourceUid == "securitylake" ? var.datasource_uid : d.datasourceUid
              model          = jsonencode(d.model)
              from           = d.relativeTimeRange.from
              to             = d.relativeTimeRange.to
            }
          ]
        }
      ]
    }
  }
}
