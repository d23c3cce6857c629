package sqlbuild

import (
	"sort"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// bucketName is the output name of the time bucket, the column Grafana's
// time series frames are built on.
const bucketName = "time"

// timeSeries: the bucket, the group-by fields, the aggregations (count(*) by
// default), grouped by all but the aggregations and ordered by time; a logs
// volume groups by the log level first (adhoc.go). Fields are ignored (the
// editor keeps them when the format changes).
func (b *builder) timeSeries() {
	b.bucketColumn()
	if b.q.LogsVolume {
		b.levelColumn()
	}
	b.groupFields()
	b.aggregations()
	b.st.groupBy = b.keyCount()
	b.st.orderBy = withTies(append([]orderItem{{name: bucketName}}, b.userOrder(bucketName)...), b.keyOrder(bucketName))
	b.limit(false)
}

// table: grouped rows when the query aggregates or groups (with a leading
// time bucket when TimeBucket is set), raw rows otherwise. In grouped rows
// the chosen columns are grouping keys too, before the group-by fields, as
// in SQL, where a selected column of an aggregate query is grouped: columns
// [actor.user.name] with a count is the count per user, not the count alone.
func (b *builder) table() {
	if !aggregated(b.q) {
		b.rows()
		return
	}
	bucket := bucketed(b.q)
	if bucket {
		b.bucketColumn()
	}
	b.columnKeys()
	b.groupFields()
	b.aggregations()
	b.st.groupBy = b.keyCount()
	switch {
	case len(b.q.OrderBy) > 0:
		b.st.orderBy = withTies(b.userOrder(""), b.keyOrder(""))
	case bucket:
		b.st.orderBy = append([]orderItem{{name: bucketName}}, b.keyOrder(bucketName)...)
	case b.st.groupBy < len(b.st.cols):
		// Top-N: largest first aggregate, then the keys for a stable order.
		first := b.st.cols[b.st.groupBy]
		b.st.orderBy = append([]orderItem{{name: first.name, desc: true}}, b.keyOrder("")...)
	}
	b.limit(true)
}

// logs: the time, the log columns (id, severity, class, activity, message)
// and the requested fields or the curated ones; aggregations and group-by
// fields are ignored.
func (b *builder) logs() {
	b.addColumn(b.timeColumn())
	b.selectResolved(b.present(logColumns))
	b.rows()
}

// rows finishes a raw-row query: the fields (the time column and the
// curated list when none are given), newest first unless ordered, limited.
func (b *builder) rows() {
	if len(b.q.Fields) > 0 {
		b.selectFields(b.q.Fields)
	} else {
		b.addColumn(b.timeColumn())
		b.selectResolved(b.defaultFields())
		b.selectComputed()
	}
	b.pickColumns()
	// Newest first, after the user's order: the time column's name is also
	// a table column, so it sorts whether or not it is selected.
	b.st.orderBy = withTies(b.userOrder(""), []orderItem{{name: b.timeColumn().name, desc: true}})
	b.limit(true)
}

// columnKeys adds the chosen columns of a grouped table as grouping keys;
// they must be scalars (a nested value is no group key).
func (b *builder) columnKeys() {
	for _, p := range b.q.Fields {
		f, ok := b.field(p)
		if !ok {
			return
		}
		if b.kind(f) != ocsf.Scalar {
			b.failf("the column %s is a nested value (%s): with aggregations or group by, each column is a group key "+
				"and must be a plain field; choose one of its members or remove it", f.Path, f.Type)
			return
		}
		b.addColumn(column{expr: b.valueExpr(f), name: f.Path})
	}
}

// bucketColumn adds the time bucket column.
func (b *builder) bucketColumn() {
	d, err := bucketFor(b.q.TimeBucket, b.in)
	if err != nil {
		b.fail(err)
		return
	}
	b.addColumn(column{expr: tableBucket(b.in.Table, d), name: bucketName})
}

// keyCount is the number of leading grouping columns.
func (b *builder) keyCount() int {
	for i, c := range b.st.cols {
		if c.agg {
			return i
		}
	}
	return len(b.st.cols)
}

// keyOrder orders by the grouping columns, except skip.
func (b *builder) keyOrder(skip string) []orderItem {
	var out []orderItem
	for _, c := range b.st.cols[:b.keyCount()] {
		if c.name != skip {
			out = append(out, orderItem{name: c.name})
		}
	}
	return out
}

// userOrder resolves the query's ORDER BY: a column of the result (an output
// name or a dotted path that is selected) or, through unselectedOrder, a
// field or aggregate that is not; skip and repeats are left out.
func (b *builder) userOrder(skip string) []orderItem {
	var out []orderItem
	seen := map[string]bool{skip: true}
	for _, o := range b.q.OrderBy {
		if seen[o.Field] {
			continue
		}
		seen[o.Field] = true
		if b.names[o.Field] {
			out = append(out, orderItem{name: o.Field, desc: o.Desc})
			continue
		}
		it, ok := b.unselectedOrder(o)
		if !ok {
			return nil
		}
		out = append(out, it)
	}
	return out
}

// columnList names the result's columns for messages, sorted.
func (b *builder) columnList() string {
	names := make([]string, 0, len(b.names))
	for n := range b.names {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// limit sets LIMIT to the query's limit or the row cap (settings'
// RowLimit, models.DefaultRowLimit when unset). Without a query limit it is
// written only when always is set (rows and tables).
//
// A limit below the cap is the user's own and written as is. A limit at or
// above the cap asks for one row more than the cap: the executor keeps the
// first RowLimit rows and, seeing the extra one, marks the result truncated,
// so the frame's "Result truncated at N rows" notice tells "exactly N rows"
// from "more than N" (LIMIT N could never show the difference).
func (b *builder) limit(always bool) {
	rowCap := b.in.RowLimit
	if rowCap <= 0 {
		rowCap = models.DefaultRowLimit
	}
	n := b.q.Limit
	if n <= 0 {
		if !always {
			return
		}
		n = rowCap
	}
	if n < rowCap {
		b.st.limit = n
		return
	}
	b.st.limit = rowCap + 1
}
