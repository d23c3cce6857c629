package alertgen

import "strings"

// The lake-health rule watches the lake itself rather than its events.
// Query A joins, per source, account and Region, the newest partition from
// the table's partition listing (metadata) with the newest event time of
// the day of the evaluation (a scan of that one day's partitions, only the
// "time" column): $__freshness. Sources the lake lacks are left out
// ($__union), so a lake with five sources does not alert on the others.

// staleHours is the rule's threshold in hours behind. Security Lake
// delivers events within minutes to about an hour, but a source, account
// and Region can be quiet for hours on its own: at night, or in an idle
// account. The longest quiet stretch in the replica's 30 days of diurnal
// background is 11.0 hours (S3 data events, lake v1); with an hour of
// delivery lag on top, 12 hours stays quiet on it and still fires in half
// a day instead of the 24 to 48 hours of a partition-day rule
// (docs/alerting.md).
const staleHours = 12

// healthSources are the sources of each lake version.
var healthSources = map[int][]string{
	2: {"cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings", "eks_audit", "waf"},
	1: {"cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings"},
}

const healthSQL = `SELECT $__timeTo() AS "time", "source", "accountid", "region", max("hours_behind") AS "hours_behind"
FROM (
$__union(%s,
  (SELECT $__source AS "source", f.* FROM $__freshness AS f))
) GROUP BY 1, 2, 3, 4`

// healthQuery is query A of the rule for one lake version.
func healthQuery(v int) Query {
	refs := make([]string, len(healthSources[v]))
	for i, s := range healthSources[v] {
		refs[i] = sprintf("%s@%d", s, v)
	}
	return Query{SQL: sprintf(healthSQL, strings.Join(refs, ", "))}
}

func healthRules() []Rule {
	v1 := healthQuery(1)
	return []Rule{{
		UID: "seclake-data-stopped", Title: "Data stopped arriving", Health: true,
		Why: sprintf(`The newest event of a source, account and Region is more than %d hours behind the evaluation:
the newest partition comes from table metadata, the newest event time from a scan of the evaluation
day's partitions only (hours_behind counts from midnight UTC when that day has no event yet).
noDataState and execErrState Alerting: no partition at all, or a query that fails (a revoked
grant, a dropped table), is exactly what this rule exists to report.`, staleHours),
		Severity: "high",
		// One hour back: the range only sets the evaluation time; the
		// scan covers the day of its end whatever the range.
		From: 3600, To: 0, Reducer: "max", Above: staleHours,
		V2: healthQuery(2), V1: &v1,
		Summary: `No {{ index .Labels "source" }} data from account {{ index .Labels "accountid" }} in {{ index .Labels "region" }} for {{ .Values.B }} hours`,
		Description: `The newest event of this source, account and Region is older than the threshold. Check that the
source is still enabled in Security Lake for the account and Region, that the lake's partition updater runs,
and that Lake Formation still grants the datasource's role SELECT on the table. The Overview dashboard's
freshness table shows every source side by side.`,
		Anchor: "data-stopped-arriving",
	}}
}
