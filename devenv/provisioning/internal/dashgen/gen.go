// Package dashgen writes the bundled dashboards (src/dashboards/*.json) from
// the compact Go definitions in this package, so that eight dashboards share
// one set of variables, datasource references, scope and link conventions.
// The JSON files are committed; TestGenerated fails when they differ from
// what this package writes, and go generate rewrites them (from the
// repository root; docs/design/generated.md):
//
//	go -C devenv generate ./provisioning/internal/dashgen
//
// Conventions (docs/design/dashboards-alerts-design.md): every
// dashboard has the variables datasource (default uid securitylake), account
// and region (query variables running a partition-filtered SQL query), and
// the lake version where its sources exist in both versions; every target
// carries accounts ["$account"] and regions ["$region"], so the partition
// predicates include the selection; builder queries where they fit, raw SQL
// with $__table and $__partitionFilter where they do not; IP and user
// columns link to the Investigation dashboard.
package dashgen

import (
	"encoding/json"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/pkg/models"
)

// DefaultDatasourceUID is the uid of the provisioned datasource
// (provisioning/datasources/*.yaml).
const DefaultDatasourceUID = "securitylake"

// InvestigationUID is the uid of the Investigation dashboard, the target of
// every entity link.
const InvestigationUID = "seclake-investigation"

// schemaVersion is Grafana 12's dashboard schema version.
const schemaVersion = 41

// dsRef is the datasource of every panel and target: the datasource variable.
var dsRef = &provisioning.DatasourceRef{Type: provisioning.PluginID, UID: "${" + provisioning.DatasourceVar + "}"}

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
	Extra       []variable
	Annotations []annotation
	Rows        [][]Panel
}

// Panel is one panel definition; Layout places it.
type Panel struct {
	Type, Title, Description string
	W, H                     int
	Targets                  []models.Query
	Unit                     string
	// Links maps a column name to the Investigation link on it.
	Links []string
	// Defaults are extra fieldConfig.defaults keys (thresholds, custom…).
	Defaults map[string]any
	// Overrides are extra fieldConfig overrides.
	Overrides []override
	Options   map[string]any
	// Transformations run in the browser on the panel's frames.
	Transformations []map[string]any
	// Content is the markdown of a text panel.
	Content string
}

type override struct {
	Matcher    map[string]any `json:"matcher"`
	Properties []property     `json:"properties"`
}

type property struct {
	ID    string `json:"id"`
	Value any    `json:"value"`
}

type variable map[string]any

type annotation struct {
	Name   string
	Color  string
	Target models.Query
}

// target is a query as a panel stores it: the datasource, then the model.
type target struct {
	Datasource *provisioning.DatasourceRef `json:"datasource"`
	models.Query
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
func builder(source string, format models.Format, opts ...opt) models.Query {
	q := models.Query{Mode: models.ModeBuilder, Source: source, Format: format}
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
func bucket(b string) opt    { return func(q *models.Query) { q.TimeBucket = b } }
func refID(id string) opt    { return func(q *models.Query) { q.RefID = id } }

// investigateURL is the link from an IP, user or resource value to the
// Investigation dashboard, keeping datasource, scope and time range.
const investigateURL = "/d/" + InvestigationUID + "/security-lake-investigation?var-entity=${__value.raw}" +
	"&${datasource:queryparam}&${account:queryparam}&${region:queryparam}&${__url_time_range}"

// investigateLinks are the field overrides linking columns to Investigation.
func investigateLinks(columns []string) []override {
	var out []override
	for _, c := range columns {
		out = append(out, override{
			Matcher: map[string]any{"id": "byName", "options": c},
			Properties: []property{{ID: "links", Value: []provisioning.Link{{
				Title: "Investigate ${__value.raw}", URL: investigateURL}}}},
		})
	}
	return out
}
