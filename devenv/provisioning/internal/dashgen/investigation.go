package dashgen

import (
	"fmt"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/seclake/securitylake-datasource/pkg/models"
)

// EntityVar is the Investigation dashboard's variable: an IP address, user
// name or resource uid that OCSF observables carry.
const EntityVar = "entity"

// observed is the builder filter of the Investigation panels: any
// observable of the event has the entity as its value (lake version 2;
// version 1 events carry no observables).
func observed() opt {
	return where("observables[].value", models.OpAnyMatch, "${"+EntityVar+"}")
}

func investigation() Dashboard {
	var logs []models.Query
	for i, s := range allV2 {
		ref := string(rune('A' + i))
		logs = append(logs, builder(s+"@2", models.FormatLogs, refID(ref), observed(), limit(100)))
	}
	// One query for every source's series (it was one builder query per
	// source): a pivot costs one Athena query here instead of eight, with
	// the same series, named by source (a source the lake lacks stays empty).
	seriesBranch := `SELECT $__timeGroup(time, $__interval) AS "time", $__source AS "source", count(*) AS "events"
FROM $__table AS t WHERE $__partitionFilter AND any_match(t.observables, o -> o.value = '${entity}') GROUP BY 1, 2`
	pivot := make([]string, len(allV2))
	for i, s := range allV2 {
		pivot[i] = fmt.Sprintf(`sum(CASE WHEN "source" = '%[1]s' THEN "events" END) AS "%[1]s"`, s)
	}
	series := []models.Query{sql(models.FormatTimeSeries, "SELECT \"time\", "+strings.Join(pivot, ", ")+"\nFROM (\n"+
		union(allV2, pinned2, seriesBranch)+"\n) AS e\nGROUP BY 1 ORDER BY 1")}
	seenBranch := `SELECT $__source AS "source", t.class_name AS "class", min(t.time_dt) AS "first_seen", max(t.time_dt) AS "last_seen",
  count(*) AS "events", count(DISTINCT t.accountid) AS "accounts"
FROM $__table AS t WHERE $__partitionFilter AND any_match(t.observables, o -> o.value = '${entity}') GROUP BY 1, 2`
	relatedBranch := `SELECT $__source AS "source", t.observables AS "observables" FROM $__table AS t
WHERE $__partitionFilter AND any_match(t.observables, x -> x.value = '${entity}')`
	return Dashboard{
		File: "investigation.json", UID: InvestigationUID, Title: "Security Lake: Investigation",
		Description: fmt.Sprintf("Every source's events for one IP address, user or resource (the %s variable), found through the OCSF observables of lake version 2. The IP and user columns of the other dashboards link here.", EntityVar),
		Tags:        []string{"investigation"}, VarSource: "cloud_trail_mgmt",
		Extra: []cog.Builder[dashboard.VariableModel]{dashboard.NewTextBoxVariableBuilder(EntityVar).Label("IP, user or resource").
			DefaultValue(dashboard.StringOrMap{String: cog.ToPtr("")}).
			Description("An observable value: an IP address, a user name, an ARN or another resource uid (exact match).").
			Current(dashboard.VariableOption{Text: str(""), Value: str("")}).Hide(dashboard.VariableHideDontHide)},
		Rows: [][]Panel{
			{
				{Type: "timeseries", Title: "Events for ${entity} by source", W: 24, H: 8,
					Description: "Events of each source with an observable equal to the entity (observables[].value, any element).",
					Targets:     series,
					Bars:        true, Stacked: true},
			},
			{
				{Type: "table", Title: "First and last seen per source and class", W: 12, H: 9,
					Targets: []models.Query{sql(models.FormatTable, union(allV2, pinned2, seenBranch)+"\nORDER BY 4 DESC")}},
				{Type: "table", Title: "Related entities", W: 12, H: 9, Links: []string{"entity"},
					Description: "Other observables of the same events (the users of an IP, the IPs of a user, the resources they touched); click one to pivot.",
					Targets: []models.Query{sql(models.FormatTable, `SELECT o.name AS "kind", o.value AS "entity", count(*) AS "events", array_join(array_agg(DISTINCT e.source), ', ') AS "sources"
FROM (
`+union(allV2, pinned2, relatedBranch)+`
) AS e CROSS JOIN UNNEST(e.observables) AS o
WHERE o.value <> '${entity}'
GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 50`)}},
			},
			{
				{Type: "logs", Title: "All events for ${entity}", W: 24, H: 14,
					Description: "The newest 100 events per source.", Targets: logs},
			},
		},
	}
}

// All returns every bundled dashboard.
func All() []Dashboard {
	return []Dashboard{overview(), identity(), network(), dns(), findings(), kubernetes(), waf(), investigation()}
}
