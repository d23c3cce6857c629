package dashgen

import (
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/seclake/securitylake-datasource/pkg/models"
)

// bothVersions are the sources Security Lake has in versions 1 and 2; their
// panels follow the version variable. v2Only sources (EKS audit, WAF) are
// always read from their version 2 tables.
var (
	bothVersions = []string{"cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings"}
	v2Only       = []string{"eks_audit", "waf"}
	allV2        = append(append([]string{}, bothVersions...), v2Only...)
)

// versioned writes a source reference that follows the version variable.
func versioned(source string) string { return source + "@${version}" }

// union writes a $__union of the sources with the SELECT template branch:
// the plugin repeats it once per source the lake has (UNION ALL), each
// branch reading its own table ($__table) under the alias t with its own
// partition predicate ($__partitionFilter); $__source is the branch's
// source name. Sources the lake lacks are left out with a notice.
func union(sources []string, ref func(string) string, branch string) string {
	refs := make([]string, len(sources))
	for i, s := range sources {
		refs[i] = ref(s)
	}
	return "$__union(" + strings.Join(refs, ", ") + ", (\n" + branch + "))"
}

// pinned2 writes a source reference to its version 2 table.
func pinned2(source string) string { return source + "@2" }

func overview() Dashboard {
	eventsBranch := `SELECT $__timeGroup(time, $__interval) AS "time", $__source AS "source", t.class_name AS "class", count(*) AS "events"
FROM $__table AS t WHERE $__partitionFilter GROUP BY 1, 2, 3`
	// Freshness from table metadata plus a scan of the range's last day
	// only ($__freshness): the newest partition from each table's
	// "$partitions" listing, the newest event time from that one day.
	freshBranch := `SELECT $__source AS "source", f.accountid AS "account", f.region AS "region", f.newest_partition AS "newest_partition",
  f.newest_event AS "newest_event", f.hours_behind AS "hours_behind", f.records_newest_day AS "records_newest_day",
  f.files_newest_day AS "files_newest_day", f.records_in_range AS "records_in_range"
FROM $__freshness AS f`
	accountsBranch := `SELECT $__timeGroup(time, 1d) AS "day", t.accountid AS "account" FROM $__table AS t WHERE $__partitionFilter GROUP BY 1, 2`
	severityBranch := `SELECT t.severity AS "severity", t.severity_id AS "severity_id", count(*) AS "n" FROM $__table AS t WHERE $__partitionFilter GROUP BY 1, 2`

	stat := func(title, desc string, q models.Query) Panel {
		return Panel{Type: "stat", Title: title, Description: desc, W: 6, H: 4, Targets: []models.Query{q}, Alert: true}
	}
	return Dashboard{
		File: "overview.json", UID: "seclake-overview", Title: "Security Lake: Overview & data health",
		Description: "Events per source and class, accounts reporting, freshness per source from table metadata (is data still arriving?) and what each panel scans.",
		Tags:        []string{"overview"}, Versioned: true, VarSource: "cloud_trail_mgmt",
		Annotations: []annotation{{Name: "Critical findings", Color: "red", Target: sql(models.FormatTable,
			`SELECT time_dt AS "time", finding_info.title AS "title", concat(metadata.product.name, ': ', finding_info.title) AS "text", severity AS "tags"
FROM $__optionalTable(sh_findings@2) WHERE $__partitionFilter AND severity_id >= 5 ORDER BY 1 DESC LIMIT 100`)}},
		Rows: [][]Panel{
			{
				stat("Root account activity", "CloudTrail events by the root user (actor.user.type = Root, not invoked by a service); any is worth a look (CIS 4.3).",
					builder(versioned("cloud_trail_mgmt"), models.FormatTable, where("actor.user.type", models.OpEq, "Root"),
						where("actor.invoked_by", models.OpIsNull), count("events"))),
				stat("Critical findings", "Security Hub findings with severity Critical (severity_id 5).",
					builder(versioned("sh_findings"), models.FormatTable, where("severity_id", models.OpEq, 5), count("findings"))),
				stat("Refused flows", "VPC flows refused by a security group or network ACL (disposition Blocked).",
					builder(versioned("vpc_flow"), models.FormatTable, where("disposition", models.OpEq, "Blocked"), count("flows"))),
				stat("Failed console logins", "Authentication events (class 3002) that failed.",
					builder(versioned("cloud_trail_mgmt"), models.FormatTable, class(3002), where("status", models.OpEq, "Failure"), count("logins"))),
			},
			{{
				Type: "timeseries", Title: "Events per source and class", W: 24, H: 9,
				Description: "One series per source and OCSF class. EKS audit and WAF exist only in lake version 2 and are always read from their version 2 tables (query B).",
				Targets: []models.Query{
					sql(models.FormatTimeSeries, union(bothVersions, versioned, eventsBranch)+"\nORDER BY 1"),
					sql(models.FormatTimeSeries, union(v2Only, pinned2, eventsBranch)+"\nORDER BY 1"),
				},
				Bars: true, Stacked: true,
			}},
			{
				{
					Type: "timeseries", Title: "Distinct accounts reporting per day", W: 12, H: 8,
					Description: "Accounts with at least one event in any source that exists in both lake versions. A drop means an account stopped sending.",
					Targets: []models.Query{sql(models.FormatTimeSeries, `SELECT "day" AS "time", count(DISTINCT "account") AS "accounts" FROM (
`+union(bothVersions, versioned, accountsBranch)+`
) GROUP BY 1 ORDER BY 1`)},
					Bars: true, Decimals: cog.ToPtr(0.0),
				},
				{
					Type: "barchart", Title: "Events by OCSF severity", W: 12, H: 8,
					Description: "All sources that exist in both lake versions, by OCSF severity.",
					Targets: []models.Query{sql(models.FormatTable, `SELECT "severity", sum("n") AS "events" FROM (
`+union(bothVersions, versioned, severityBranch)+`
) GROUP BY 1 ORDER BY max("severity_id")`)},
				},
			},
			{
				{
					Type: "table", Title: "Newest event per source and account: is data still arriving?", W: 16, H: 10,
					Description: "Per source, account and Region up to the end of the time range: the newest partition (day), read from table metadata (each table's partition listing), and the newest event time, read from the range's last day only (one day's partitions, the time column), so the cost does not grow with the range. hours_behind counts hours from the newest event to the range's end; when the last day has no event yet it counts from midnight UTC (or from the end of the newest partition's day). Above 12 hours the Data stopped arriving rule fires: a stopped source, a broken partition updater or a missing Lake Formation grant. Record and file counts are those of version 2 (Iceberg) tables; version 1 (Hive) listings have none. Sources this lake lacks are listed in the panel's notice.",
					Targets: []models.Query{
						sql(models.FormatTable, union(bothVersions, versioned, freshBranch)+"\nORDER BY 1, 2, 3"),
						sql(models.FormatTable, union(v2Only, pinned2, freshBranch)+"\nORDER BY 1, 2, 3"),
					},
					SortDesc: "hours_behind",
					// Queries A (both versions) and B (v2-only sources) as one table.
					Merge: true,
					Overrides: []dashboard.DashboardFieldConfigSourceOverrides{byName("hours_behind",
						prop("custom.cellOptions", common.TableColoredBackgroundCellOptions{Type: common.TableCellDisplayModeColorBackground}),
						prop("thresholds", steps("orange", 6, "red", 12)))},
				},
				{
					Type: "text", Title: "Data scanned per panel", W: 8, H: 10,
					Content: `Every query reports what Athena scanned and an estimated cost (USD 5 per TB, 10 MB minimum per query):
open a panel's menu, **Inspect → Query**, and read **Data scanned**, **Estimated cost** and **Engine time** in the
statistics, or **Inspect → Panel JSON / Data → meta.custom** for the bytes.

All panels here carry partition predicates (time range, accounts, Regions), so a day of one account costs far
less than the whole lake. Narrow the time range and the account/Region variables to scan less; raise the
datasource's *Max bytes scanned* guard to stop runaway queries.`,
				},
			},
		},
	}
}
