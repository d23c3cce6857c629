package alertgen

import (
	"fmt"
	"strings"
)

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// sqlList writes string literals for an IN list (the values are constants
// of this package, without quotes).
func sqlList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = "'" + v + "'"
	}
	return strings.Join(q, ", ")
}

const header = `Grafana alert rules on Amazon Security Lake (file provisioning,
https://grafana.com/docs/grafana/latest/alerting/set-up/provision-alerting-resources/file-provisioning/).

Each rule: query A on the Security Lake datasource (uid securitylake) returns one numeric series per
account and key entity, bucketed at 5 (port scan: 10) minutes, over a bounded window that ends early
enough for the source's delivery lag; B reduces each series over that window (sum, or max of the
buckets); C fires above the threshold. One alert instance per label set. noDataState OK: a quiet window
is the normal case (lake-health rules alert when data stops arriving). Annotations use
{{ index .Labels "x" }} rather than $labels, because Grafana expands $NAME environment variables in this
file before it reads the templates. Windows, thresholds, cost and false positives: docs/alerting.md.`

const healthHeader = `Grafana alert rule on the health of the Security Lake itself (file provisioning).

Silence is not safety: with noDataState OK on the detection rules, a stopped source, a broken
partition updater or a revoked Lake Formation grant makes every rule quiet. This rule returns,
per source, account and Region, how many hours the newest event lies behind the evaluation
($__freshness: the newest partition from each table's "<table>$partitions" metadata table, the
newest event time from a scan of the evaluation day's partitions only; bytes scanned per
evaluation in docs/alerting.md). Sources the lake does not have are left out ($__union).`

// Files are the provisioning files: lake version 2 in provisioning/alerting,
// version 1 in provisioning/alerting-v1 (copy the directory of your lake's
// version; both for a lake that has both).
func Files() []File {
	id, nw, fw := identityRules(), networkRules(), append(findingRules(), workloadRules()...)
	v2 := func(name string) string { return "The rules read lake version 2 (OCSF 1.1) tables." }
	v1 := "The rules read lake version 1 (OCSF 1.0.0-rc.2) tables (source@1); EKS audit and WAF logs exist only\nin version 2, so their rules have no v1 variant."
	out := []File{
		{Path: "provisioning/alerting/identity.yaml", Header: header + "\n\n" + v2(""), Groups: []Group{{Name: "Identity and API (CloudTrail)", Version: 2, Rules: id}}},
		{Path: "provisioning/alerting/network.yaml", Header: header + "\n\n" + v2(""), Groups: []Group{{Name: "Network (VPC Flow Logs, CloudTrail)", Version: 2, Rules: nw}}},
		{Path: "provisioning/alerting/findings-workloads.yaml", Header: header + "\n\n" + v2(""), Groups: []Group{{Name: "Findings and workloads", Version: 2, Rules: fw}}},
	}
	var v1Rules []Rule
	for _, r := range append(append(id, nw...), fw...) {
		if r.V1 != nil {
			v1Rules = append(v1Rules, r)
		}
	}
	out = append(out, File{Path: "provisioning/alerting-v1/rules-v1.yaml", Header: header + "\n\n" + v1,
		Groups: []Group{{Name: "Security Lake version 1", Version: 1, Rules: v1Rules}}})
	health := healthRules()
	return append(out,
		File{Path: "provisioning/alerting/lake-health.yaml", Header: healthHeader + "\n\n" + v2(""), Groups: []Group{{Name: "Lake health", Version: 2, Rules: health}}},
		File{Path: "provisioning/alerting-v1/lake-health-v1.yaml", Header: healthHeader + "\n\nThe rule reads lake version 1 (OCSF 1.0.0-rc.2) tables (source@1).",
			Groups: []Group{{Name: "Lake health (lake v1)", Version: 1, Rules: health}}})
}
