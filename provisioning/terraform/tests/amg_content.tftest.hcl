# What amg-grafana/ ships to Amazon Managed Grafana, read from the
# repository's files by amg-grafana/content (no provider, so it runs offline;
# the grafana/grafana resources that consume it are not in the mirror and
# are only fmt-checked).

run "amg_content" {
  command = plan

  module {
    source = "./amg-grafana/content"
  }

  variables {
    datasource_uid = "seclake-amg"
  }

  assert {
    condition     = keys(output.dashboards) == ["dns.json", "findings.json", "identity.json", "investigation.json", "kubernetes.json", "network.json", "overview.json", "waf.json"] && alltrue([for f, j in output.dashboards : startswith(jsondecode(j).uid, "seclake-")])
    error_message = "every dashboard of src/dashboards: ${jsonencode(keys(output.dashboards))}"
  }

  assert {
    condition     = length(output.rule_groups) == 4 && alltrue([for g in values(output.rule_groups) : g.interval_seconds == 300])
    error_message = "four rule groups evaluated every 5 minutes: ${jsonencode({ for k, g in output.rule_groups : k => g.interval_seconds })}"
  }

  assert {
    condition     = length(flatten([for g in values(output.rule_groups) : g.rules])) == 18 && length(distinct([for r in flatten([for g in values(output.rule_groups) : g.rules]) : r.uid])) == 18
    error_message = "the eighteen lake version 2 rules (seventeen detections and the lake-health rule), each with its own uid"
  }

  # Queries go to the datasource given, expressions stay on __expr__, and
  # the model is the file's model as JSON.
  assert {
    condition = alltrue(flatten([
      for g in values(output.rule_groups) : [
        for r in g.rules : [
          for d in r.data : d.datasource_uid == (d.ref_id == "A" ? "seclake-amg" : "__expr__") && jsondecode(d.model).refId == d.ref_id
        ]
      ]
    ]))
    error_message = "rule data must query seclake-amg (A) and __expr__ (B, C)"
  }

  assert {
    condition     = one([for r in flatten([for g in values(output.rule_groups) : g.rules]) : r if r.uid == "seclake-root-account-use"]).data[0].from == 3600 && one([for r in flatten([for g in values(output.rule_groups) : g.rules]) : r if r.uid == "seclake-root-account-use"]).labels.severity == "critical"
    error_message = "the root-account rule keeps its one-hour window and labels"
  }
}
