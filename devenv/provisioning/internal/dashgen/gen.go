// Package dashgen writes the bundled dashboards (src/dashboards/*.json) from
// the compact Go definitions in this package, so that eight dashboards share
// one set of variables, datasource references, scope and link conventions.
// Render builds each dashboard with Grafana's Foundation SDK
// (github.com/grafana/grafana-foundation-sdk/go): the dashboard, variable,
// annotation and panel builders of each panel type; our queries enter it
// through its custom dataquery extension point (dataquery in render.go).
// The JSON files are committed; TestGenerated fails when they differ from
// what this package writes and rewrites them with -update:
//
//	go -C devenv generate ./provisioning/internal/dashgen
//
// Conventions (docs/design/dashboards-alerts-design.md): every
// dashboard has the variables datasource (default uid securitylake), account
// and region (query variables running a partition-filtered SQL query), and
// the lake version where its sources exist in both versions; every target
// carries accounts ["$account"] and regions ["$region"], so the partition
// predicates include the selection; builder queries where they fit, raw SQL
// with $__optionalTable / $__union and $__partitionFilter where they do not
// (so a lake without some sources shows notices, not errors); IP and user
// columns link to the Investigation dashboard.
package dashgen

import (
	"encoding/json"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/pkg/models"
)

// DefaultDatasourceUID is the uid of the provisioned datasource
// (provisioning/datasources/*.yaml).
const DefaultDatasourceUID = "securitylake"

// InvestigationUID is the uid of the Investigation dashboard, the target of
// every entity link.
const InvestigationUID = "seclake-investigation"

// Dashboard is one dashboard definition.
type Dashboard struct {
	// File is the file name under src/dashboards.
	File        string
	UID         string
	Title       string
	Description string
	Tags        []string
	// Versioned dashboards get the lake version variable.
	Versioned bool
	// VarSource is the source the account and region variables read.
	VarSource   string
	Extra       []cog.Builder[dashboard.VariableModel]
	Annotations []annotation
	Rows        [][]Panel
}

// Panel is one panel definition; its row in Dashboard.Rows places it. Render builds it with
// the SDK's builder for its Type.
type Panel struct {
	Type, Title, Description string
	W, H                     int
	Targets                  []models.Query
	Unit                     string
	// Links lists the columns that link to the Investigation dashboard.
	Links []string
	// Bars draws a time series as bars (80 % fill); Stacked stacks them.
	Bars, Stacked bool
	// Decimals fixes the number of decimals (nil: automatic).
	Decimals *float64
	// Alert colours a stat red from 1, green below.
	Alert bool
	// Overrides are extra field overrides.
	Overrides []dashboard.DashboardFieldConfigSourceOverrides
	// SortDesc sorts a table by that column, descending.
	SortDesc string
	// Merge joins the frames of the panel's queries into one table.
	Merge bool
	// Content is the markdown of a text panel.
	Content string
}

// byName is a field override on one column.
func byName(column string, props ...dashboard.DynamicConfigValue) dashboard.DashboardFieldConfigSourceOverrides {
	return dashboard.DashboardFieldConfigSourceOverrides{
		Matcher: dashboard.MatcherConfig{Id: "byName", Options: column}, Properties: props}
}

// prop is one field override property.
func prop(id string, value any) dashboard.DynamicConfigValue {
	return dashboard.DynamicConfigValue{Id: id, Value: value}
}

// steps are absolute thresholds: green, then each color from its value.
func steps(from ...any) dashboard.ThresholdsConfig {
	out := dashboard.ThresholdsConfig{Mode: dashboard.ThresholdsModeAbsolute, Steps: []dashboard.Threshold{{Color: "green"}}}
	for i := 0; i+1 < len(from); i += 2 {
		out.Steps = append(out.Steps, dashboard.Threshold{Color: from[i].(string), Value: cog.ToPtr(float64(from[i+1].(int)))})
	}
	return out
}

type annotation struct {
	Name   string
	Color  string
	Target models.Query
}

// scoped adds the dashboard's account and region selection to a query.
func scoped(q models.Query) models.Query {
	q.Accounts = []string{"$account"}
	q.Regions = []string{"$region"}
	return q
}

// opt changes a builder query.
type opt func(*models.Query)

// builder is a builder query on a source ("vpc_flow@${version}").
// Every bundled builder query is optional: on a lake without its source
// it answers no rows with a notice instead of an error.
func builder(source string, format models.Format, opts ...opt) models.Query {
	q := models.Query{Mode: models.ModeBuilder, Source: source, Format: format, Optional: true}
	if format == models.FormatTimeSeries {
		q.TimeBucket = "auto"
	}
	for _, o := range opts {
		o(&q)
	}
	return q
}

// sql is a raw SQL query.
func sql(format models.Format, text string) models.Query {
	return models.Query{Mode: models.ModeSQL, Format: format, RawSQL: text}
}

func where(field string, op models.Op, values ...any) opt {
	return func(q *models.Query) {
		f := models.Filter{Field: field, Op: op}
		vals := make([]models.Value, len(values))
		for i, v := range values {
			b, _ := json.Marshal(v)
			_ = vals[i].UnmarshalJSON(b)
		}
		switch {
		case len(vals) == 1 && op != models.OpIn && op != models.OpNotIn:
			f.Value = vals[0]
		case len(vals) > 0:
			f.Values = vals
		}
		q.Filters = append(q.Filters, f)
	}
}

func group(paths ...string) opt {
	return func(q *models.Query) { q.GroupBy = append(q.GroupBy, paths...) }
}

func agg(fn models.AggFunc, field, alias string) opt {
	return func(q *models.Query) {
		q.Aggregations = append(q.Aggregations, models.Aggregation{Func: fn, Field: field, Alias: alias})
	}
}

func count(alias string) opt { return agg(models.AggCount, "", alias) }

func orderDesc(field string) opt {
	return func(q *models.Query) { q.OrderBy = append(q.OrderBy, models.Order{Field: field, Desc: true}) }
}

func limit(n int) opt        { return func(q *models.Query) { q.Limit = n } }
func fields(p ...string) opt { return func(q *models.Query) { q.Fields = p } }
func class(uid int) opt      { return func(q *models.Query) { q.ClassUID = uid } }
func refID(id string) opt    { return func(q *models.Query) { q.RefID = id } }

// investigateURL is the link from an IP, user or resource value to the
// Investigation dashboard, keeping datasource, scope and time range.
const investigateURL = "/d/" + InvestigationUID + "/security-lake-investigation?var-entity=${__value.raw}" +
	"&${datasource:queryparam}&${account:queryparam}&${region:queryparam}&${__url_time_range}"

// investigateLinks are the field overrides linking columns to Investigation.
func investigateLinks(columns []string) []dashboard.DashboardFieldConfigSourceOverrides {
	var out []dashboard.DashboardFieldConfigSourceOverrides
	for _, c := range columns {
		// A field's data link is {title, url}; the SDK types it as a
		// dashboard link (type, icon, tags…), which Grafana does not use
		// here, so the value is our own provisioning.Link.
		out = append(out, byName(c, prop("links", []provisioning.Link{{
			Title: "Investigate ${__value.raw}", URL: investigateURL}})))
	}
	return out
}
