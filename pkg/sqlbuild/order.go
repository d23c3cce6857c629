package sqlbuild

import (
	"sort"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
)

// grouped reports whether the result aggregates (has an aggregate column),
// so its ORDER BY may only name grouping keys and aggregates.
func (b *builder) grouped() bool {
	return b.keyCount() < len(b.st.cols)
}

// unselectedOrder resolves an ORDER BY entry that is not a column of the
// result into an expression. Raw rows can be ordered by any scalar catalog
// field (Trino sorts by expressions outside the SELECT list of a query
// without DISTINCT or GROUP BY). Grouped results can be ordered by an
// aggregate named as the builder names them: "count" or "<func>_<path>"
// ("sum_traffic.bytes", "max_time"), computed in ORDER BY only.
func (b *builder) unselectedOrder(o models.Order) (orderItem, bool) {
	if !b.grouped() {
		f, ok := b.scalar(o.Field, "order by")
		if !ok {
			return orderItem{}, false
		}
		return orderItem{name: o.Field, expr: b.col(f), desc: o.Desc}, true
	}
	a, ok := aggregateByName(o.Field)
	if !ok {
		b.failf("cannot order by %q: a grouped result is ordered by its columns (%s) or an aggregate named like count or sum_traffic.bytes",
			clip(o.Field), b.columnList())
		return orderItem{}, false
	}
	c, ok := b.aggregation(a)
	if !ok {
		return orderItem{}, false
	}
	return orderItem{name: o.Field, expr: c.expr, desc: o.Desc}, true
}

// aggregateByName parses a default aggregate name: "count" (count(*)) or a
// function name, "_" and a field path. Longer function names are tried
// first so "count_distinct_x" is not read as count of "distinct_x".
func aggregateByName(name string) (models.Aggregation, bool) {
	if name == "count" {
		return countAll, true
	}
	funcs := make([]string, 0, len(aggFuncs))
	for fn := range aggFuncs {
		funcs = append(funcs, string(fn))
	}
	sort.Slice(funcs, func(i, j int) bool { return len(funcs[i]) > len(funcs[j]) })
	for _, fn := range funcs {
		if path, ok := strings.CutPrefix(name, fn+"_"); ok && path != "" {
			return models.Aggregation{Func: models.AggFunc(fn), Field: path}, true
		}
	}
	return models.Aggregation{}, false
}

// withTies appends the tie-breakers after the user's order, skipping the
// columns it already sorts by: the grouping keys are unique per row of a
// grouped result, so a top-N with equal aggregates keeps one order from run
// to run (and from Athena to the replica).
func withTies(order, ties []orderItem) []orderItem {
	seen := make(map[string]bool, len(order))
	for _, o := range order {
		seen[o.name] = true
	}
	for _, t := range ties {
		if !seen[t.name] {
			seen[t.name] = true
			order = append(order, t)
		}
	}
	return order
}
