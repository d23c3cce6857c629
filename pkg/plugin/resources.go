package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/macros"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// awsRegions are the commercial Regions where Security Lake is offered
// (https://docs.aws.amazon.com/general/latest/gr/securitylake.html).
var awsRegions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
	"eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1",
	"ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
}

func (d *Datasource) regions(context.Context, *http.Request) (any, error) { return awsRegions, nil }

// lakeInfo reports what discovery found: the editor shows it on the config
// page and uses it to offer only existing sources.
func (d *Datasource) lakeInfo(ctx context.Context, _ *http.Request) (any, error) {
	v, err := d.inventory(ctx)
	if err != nil {
		return nil, err
	}
	return v.inv, nil
}

type sourceInfo struct {
	Name      string         `json:"name"`
	Title     string         `json:"title"`
	Custom    bool           `json:"custom,omitempty"`
	Versions  []lake.Version `json:"versions"`
	Available []lake.Version `json:"available"`
}

// sources lists AWS and custom sources with the versions that exist.
func (d *Datasource) sources(ctx context.Context, _ *http.Request) (any, error) {
	v, err := d.inventory(ctx)
	if err != nil {
		return nil, err
	}
	found := map[string][]lake.Version{}
	for _, t := range v.Tables() {
		found[t.Source] = append(found[t.Source], t.Version)
	}
	var out []sourceInfo
	for _, s := range lake.Sources {
		out = append(out, sourceInfo{Name: s.Name, Title: s.Title, Versions: s.Versions, Available: found[s.Name]})
	}
	for _, t := range v.inv.Custom {
		out = append(out, sourceInfo{Name: t.Source, Title: strings.TrimPrefix(t.Source, "ext_") + " (custom)", Custom: true, Versions: []lake.Version{t.Version}, Available: []lake.Version{t.Version}})
	}
	return out, nil
}

// schemaParam resolves ?source=&version= to a table and its schema.
func (d *Datasource) schemaParam(ctx context.Context, r *http.Request) (lake.Table, *ocsf.Schema, error) {
	v, err := d.inventory(ctx)
	if err != nil {
		return lake.Table{}, nil, err
	}
	source := r.URL.Query().Get("source")
	if source == "" {
		return lake.Table{}, nil, badQuery(fmt.Errorf("source is required"))
	}
	ver, err := intParam(r, "version", 0, 0, 2)
	if err != nil {
		return lake.Table{}, nil, err
	}
	t, err := v.inv.Resolve(source, lake.Version(ver))
	if err != nil {
		return t, nil, badQuery(err)
	}
	s, err := v.schema(t)
	return t, s, err
}

func (d *Datasource) classes(ctx context.Context, r *http.Request) (any, error) {
	_, s, err := d.schemaParam(ctx, r)
	if err != nil {
		return nil, err
	}
	return s.Classes, nil
}

type fieldInfo struct {
	ocsf.Field
	Kind      string         `json:"kind"`
	ValueType ocsf.ValueType `json:"valueType"`
	Group     string         `json:"group"`
	Enum      *ocsf.Enum     `json:"enum,omitempty"`
}

// fields lists the typed fields of a source, grouped by top-level OCSF
// object, with enum captions for *_id fields.
func (d *Datasource) fields(ctx context.Context, r *http.Request) (any, error) {
	_, s, err := d.schemaParam(ctx, r)
	if err != nil {
		return nil, err
	}
	class, err := intParam(r, "classUid", 0, 0, 1<<30)
	if err != nil {
		return nil, err
	}
	out := make([]fieldInfo, 0, len(s.Fields))
	for _, f := range s.Fields {
		fi := fieldInfo{Field: f, Kind: kindName(f.Kind()), ValueType: f.ValueType(), Group: groupOf(f.Path)}
		if e, ok := s.EnumFor(f.Path, class); ok {
			fi.Enum = &e
		}
		out = append(out, fi)
	}
	return out, nil
}

func kindName(k ocsf.Kind) string {
	switch k {
	case ocsf.Nested:
		return "nested"
	case ocsf.Element:
		return "element"
	}
	return "scalar"
}

func groupOf(path string) string {
	head, _, found := strings.Cut(path, ".")
	if !found {
		return "event"
	}
	return strings.TrimSuffix(head, "[]")
}

func (d *Datasource) macroList(context.Context, *http.Request) (any, error) {
	return macros.Macros(), nil
}

// previewRequest is the body of POST /sql.
type previewRequest struct {
	Query      json.RawMessage `json:"query"`
	From       int64           `json:"from"`
	To         int64           `json:"to"`
	IntervalMs int64           `json:"intervalMs"`
	MaxPoints  int64           `json:"maxDataPoints"`
}

// previewSQL returns the SQL the backend would run for a query, so the
// editor shows it without rebuilding it in TypeScript.
func (d *Datasource) previewSQL(ctx context.Context, r *http.Request) (any, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	var req previewRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, badQuery(fmt.Errorf("the request body must be {query, from, to}: %s", truncateMsg(err.Error())))
	}
	to := d.now().UTC()
	from := to.Add(-6 * time.Hour)
	if req.From > 0 {
		from = time.UnixMilli(req.From).UTC()
	}
	if req.To > 0 {
		to = time.UnixMilli(req.To).UTC()
	}
	dq := backend.DataQuery{RefID: "preview", JSON: req.Query, TimeRange: backend.TimeRange{From: from, To: to},
		Interval: time.Duration(req.IntervalMs) * time.Millisecond, MaxDataPoints: req.MaxPoints}
	parsed, err := d.parse(dq)
	if err != nil {
		return nil, err
	}
	// A fan-out runs the same statement per Region, with that Region's
	// table names; the preview shows the home Region's.
	plan, err := d.plan(ctx, dq, parsed, "")
	if err != nil {
		return nil, err
	}
	return map[string]any{"sql": plan.sql, "notices": plan.notices}, nil
}

func truncateMsg(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// valueKinds are the bounded look-ups variables can use: a partition or enum
// column, and its caption column when there is one.
var valueKinds = map[string][2]string{
	"accounts":   {lake.ColAccountID, ""},
	"regions":    {lake.ColRegion, ""},
	"severities": {"severity_id", "severity"},
	"classes":    {"class_uid", "class_name"},
}

// valueItem is one option of the values route.
type valueItem struct {
	Value string `json:"value"`
	Text  string `json:"text"`
}

func regionItems(regions []string) []valueItem {
	out := make([]valueItem, len(regions))
	for i, r := range regions {
		out[i] = valueItem{Value: r, Text: r}
	}
	return out
}

// values returns the distinct values of a kind over the range, as
// [{value, text}], with a LIMIT: a variable look-up must stay cheap.
func (d *Datasource) values(ctx context.Context, r *http.Request) (any, error) {
	kind := r.URL.Query().Get("kind")
	cols, ok := valueKinds[kind]
	if !ok && kind != fieldKind {
		return nil, badQuery(fmt.Errorf("kind must be accounts, regions, severities, classes or field"))
	}
	// The range is checked first, before discovery lists any table:
	// runGuarded checks it again with the other guards.
	from, to, err := d.rangeParams(r)
	if err != nil {
		return nil, err
	}
	rng := sqlbuild.TimeRange{From: from, To: to}
	if err := d.checkRange(rng); err != nil {
		return nil, badQuery(err)
	}
	limit, err := intParam(r, "limit", 100, 1, 1000)
	if err != nil {
		return nil, err
	}
	if kind == "regions" && d.settings.MultiRegion() {
		// Without a rollup each Region's tables hold only that Region:
		// the home Region's would list itself alone.
		return regionItems(d.settings.LakeRegions), nil
	}
	if r.URL.Query().Get("source") == "" {
		q := r.URL.Query()
		q.Set("source", "cloud_trail_mgmt")
		r.URL.RawQuery = q.Encode()
	}
	t, s, err := d.schemaParam(ctx, r)
	if err != nil {
		return nil, err
	}
	var enum *ocsf.Enum
	where := ""
	if kind == fieldKind {
		// An ad hoc filter's values: one scalar field of the source, among
		// the rows the dashboard's other ad hoc filters leave.
		if cols[0], enum, err = valueField(s, r.URL.Query().Get("field")); err != nil {
			return nil, badQuery(err)
		}
		if where, err = otherFilters(t, s, r.URL.Query().Get("filters")); err != nil {
			return nil, badQuery(err)
		}
	}
	sql, err := sqlbuild.DistinctValuesWhere(t, rng, cols[0], cols[1], limit, where)
	if err != nil {
		return nil, badQuery(err)
	}
	run, err := d.runGuarded(ctx, guardedSQL{sql: sql, rng: rng})
	if err != nil {
		return nil, err
	}
	res := run.res
	out := make([]valueItem, 0, len(res.Rows))
	for _, row := range res.Rows {
		if len(row) == 0 || row[0] == nil {
			continue
		}
		it := valueItem{Value: *row[0], Text: *row[0]}
		if len(row) > 1 && row[1] != nil {
			it.Text = *row[1]
		}
		it.Text = enumText(enum, it)
		out = append(out, it)
	}
	return out, nil
}
