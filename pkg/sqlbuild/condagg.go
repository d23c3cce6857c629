package sqlbuild

import (
	"strconv"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// maxDistinctList caps the values of a distinct_list cell: enough to read
// "which IPs / principals" at a glance, small enough for a table cell and
// an alert annotation. The count of all distinct values is count_distinct.
const maxDistinctList = 100

// specialAggregation writes the aggregations that are not "func(column)":
//
//	count_if       count_if(<filter>), the rows where the filter holds
//	               (Trino and Athena engine v3 both have count_if)
//	distinct_list  array_join(slice(array_sort(array_agg(DISTINCT v)), 1, 100), ', ')
//	               the sorted distinct values, at most 100, as one text
//	               value (frames carry it as a string; NULLs are dropped)
//
// special is false for every other function.
func (b *builder) specialAggregation(a models.Aggregation) (c column, ok, special bool) {
	switch a.Func {
	case models.AggCountIf, models.AggDistinctList:
	default:
		if a.Filter != nil {
			b.failf("aggregation %s: only count_if takes a filter", clip(string(a.Func)))
			return column{}, false, true
		}
		return column{}, false, false
	}
	if a.Alias != "" && !aliasRe.MatchString(a.Alias) {
		b.failf("aggregation alias %q is not valid: start with a letter or _, then up to 63 letters, digits, spaces, _ . or -", clip(a.Alias))
		return column{}, false, true
	}
	c = column{agg: true, name: a.Alias}
	if a.Func == models.AggCountIf {
		if a.Filter == nil {
			b.failf("aggregation count_if needs a filter (the rows to count)")
			return column{}, false, true
		}
		if a.Field != "" {
			b.failf("aggregation count_if takes a filter, not a field")
			return column{}, false, true
		}
		cond, ok := b.filter(*a.Filter)
		if !ok {
			return column{}, false, true
		}
		c.expr = "count_if(" + cond + ")"
		if c.name == "" {
			c.name = "count_if"
		}
		return c, true, true
	}
	if a.Field == "" {
		b.failf("aggregation distinct_list needs a field")
		return column{}, false, true
	}
	f, ok := b.scalar(a.Field, string(a.Func))
	if !ok {
		return column{}, false, true
	}
	v := b.col(f)
	if f.ValueType() != ocsf.String {
		v = "CAST(" + v + " AS varchar)"
	}
	c.expr = "array_join(slice(array_sort(array_agg(DISTINCT " + v + ")), 1, " + strconv.Itoa(maxDistinctList) + "), ', ')"
	if c.name == "" {
		c.name = string(a.Func) + "_" + f.Path
	}
	return c, true, true
}
