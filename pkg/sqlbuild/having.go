package sqlbuild

import (
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// havingOps are the comparisons a threshold may use.
var havingOps = map[models.Op]bool{
	models.OpEq: true, models.OpNeq: true, models.OpLt: true, models.OpLte: true, models.OpGt: true, models.OpGte: true,
}

// having writes the HAVING conjuncts: each threshold compares an aggregate
// (written by the same templates as the aggregate columns, so it need not be
// selected) with a typed literal. Counts take whole numbers, sum and avg any
// number, min and max a value of the field's type.
func (b *builder) having() {
	if len(b.q.Having) == 0 || b.err != nil {
		return
	}
	if b.q.Format == models.FormatLogs || (b.q.Format == models.FormatTable && !aggregated(b.q)) {
		b.failf("having needs a grouped query: a time series, or a table with aggregations or group-by fields")
		return
	}
	for _, h := range b.q.Having {
		if c, ok := b.threshold(h); ok {
			b.st.having = append(b.st.having, c)
		}
	}
}

// threshold writes one "aggregate op literal".
func (b *builder) threshold(h models.Having) (string, bool) {
	if !havingOps[h.Op] {
		b.failf("having %s: unknown comparison %q (use =, !=, <, <=, > or >=)", h.Func, clip(string(h.Op)))
		return "", false
	}
	if h.Func == models.AggCountIf || h.Func == models.AggDistinctList {
		b.failf("having %s: a threshold takes count, count_distinct, approx_distinct, sum, avg, min or max", h.Func)
		return "", false
	}
	c, ok := b.aggregation(models.Aggregation{Func: h.Func, Field: h.Field})
	if !ok {
		return "", false
	}
	vt := ocsf.Integer
	switch h.Func {
	case models.AggSum, models.AggAvg:
		vt = ocsf.Float
	case models.AggMin, models.AggMax:
		f, _ := b.field(h.Field) // resolved by aggregation above
		vt = f.ValueType()
	}
	if h.Value == "" {
		b.failf("having %s: the threshold needs a value", c.name)
		return "", false
	}
	if err := checkText(string(h.Value)); err != nil {
		b.failf("having %s: the value %q is %v", c.name, clip(string(h.Value)), err)
		return "", false
	}
	lit, err := Literal(string(h.Value), vt)
	if err != nil {
		b.failf("having %s: %v", c.name, err)
		return "", false
	}
	return c.expr + " " + comparisons[h.Op] + " " + lit, true
}
