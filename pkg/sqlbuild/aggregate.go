package sqlbuild

import (
	"regexp"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// aliasRe is what a user alias may be. It is quoted anyway; the pattern keeps
// aliases readable as frame names and free of quotes.
var aliasRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_ .-]{0,63}$`)

// aggFuncs are the SQL templates of the aggregation functions and the value
// types each accepts (nil: any scalar). Functions:
// https://trino.io/docs/current/functions/aggregate.html.
var aggFuncs = map[models.AggFunc]struct {
	open  string // the call up to the column
	types []ocsf.ValueType
}{
	models.AggCount:          {"count(", nil},
	models.AggCountDistinct:  {"count(DISTINCT ", nil},
	models.AggApproxDistinct: {"approx_distinct(", nil},
	models.AggSum:            {"sum(", []ocsf.ValueType{ocsf.Integer, ocsf.Float}},
	models.AggAvg:            {"avg(", []ocsf.ValueType{ocsf.Integer, ocsf.Float}},
	models.AggMin:            {"min(", []ocsf.ValueType{ocsf.Integer, ocsf.Float, ocsf.Timestamp, ocsf.String}},
	models.AggMax:            {"max(", []ocsf.ValueType{ocsf.Integer, ocsf.Float, ocsf.Timestamp, ocsf.String}},
}

// countAll is the default aggregation of grouped queries.
var countAll = models.Aggregation{Func: models.AggCount}

// aggregations adds the aggregate columns; none given means count(*).
func (b *builder) aggregations() {
	aggs := b.q.Aggregations
	if len(aggs) == 0 {
		aggs = []models.Aggregation{countAll}
	}
	for _, a := range aggs {
		if c, ok := b.aggregation(a); ok {
			b.addColumn(c)
		}
	}
}

// aggregation writes one aggregate column, aliased by the user's alias or
// "<func>_<path>" ("count" for count(*)).
func (b *builder) aggregation(a models.Aggregation) (column, bool) {
	if c, ok, special := b.specialAggregation(a); special {
		return c, ok
	}
	fn, ok := aggFuncs[a.Func]
	if !ok {
		b.failf("unknown aggregation %q (use count, count_distinct, approx_distinct, sum, avg, min, max, count_if or distinct_list)", clip(string(a.Func)))
		return column{}, false
	}
	if a.Alias != "" && !aliasRe.MatchString(a.Alias) {
		b.failf("aggregation alias %q is not valid: start with a letter or _, then up to 63 letters, digits, spaces, _ . or -", clip(a.Alias))
		return column{}, false
	}
	c := column{agg: true, name: a.Alias}
	if a.Field == "" {
		if a.Func != models.AggCount {
			b.failf("aggregation %s needs a field", a.Func)
			return column{}, false
		}
		c.expr = "count(*)"
		if c.name == "" {
			c.name = "count"
		}
		return c, true
	}
	f, ok := b.scalar(a.Field, string(a.Func))
	if !ok {
		return column{}, false
	}
	if fn.types != nil && !hasType(fn.types, f.ValueType()) {
		b.failf("cannot %s %s: it is %s", a.Func, f.Path, f.Type)
		return column{}, false
	}
	c.expr = fn.open + b.col(f) + ")"
	if b.epochMillis(f) && timeValued(a.Func) && b.q.Format != models.FormatTimeSeries {
		c.expr = EpochMillisTime(c.expr)
	}
	if c.name == "" {
		c.name = string(a.Func) + "_" + f.Path
	}
	return c, true
}

func hasType(types []ocsf.ValueType, t ocsf.ValueType) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// groupFields adds the group-by fields, which must be scalars. In a time
// series they become the series labels: Grafana's long-to-wide conversion
// takes string columns as labels and numeric ones as values, so a numeric
// key (a port, a severity_id) is cast to varchar there.
func (b *builder) groupFields() {
	series := b.q.Format == models.FormatTimeSeries
	for _, p := range b.q.GroupBy {
		if f, ok := b.scalar(p, "group by"); ok {
			expr := b.valueExpr(f)
			if series && f.ValueType() != ocsf.String {
				expr = "CAST(" + expr + " AS varchar)"
			}
			b.addColumn(column{expr: expr, name: f.Path})
		}
	}
	b.pickColumns()
}
