package sqlbuild

import (
	"github.com/seclake/securitylake-datasource/pkg/models"
)

// joinFilter writes the query's semi- or anti-join as a WHERE conjunct:
//
//	"src_endpoint"."ip" IN (SELECT "src_endpoint"."ip" FROM <other table>
//	  WHERE <other partitions> AND <other filters> AND "src_endpoint"."ip" IS NOT NULL)
//
// The subquery carries the other table's own partition predicate over the
// same time range, accounts and Regions, so it scans what a query of its
// own would. IS NOT NULL keeps NOT IN meaningful: one NULL in the list
// would make NOT IN match nothing
// (https://trino.io/docs/current/functions/comparison.html#in-and-not-in).
func (b *builder) joinFilter() {
	j := b.q.Join
	if j == nil || b.err != nil {
		return
	}
	if b.in.Join == nil || b.in.Join.Table.Name == "" || b.in.Join.Fields == nil {
		b.failf("no table resolved for the joined source %s", clip(j.Source))
		return
	}
	left, ok := b.scalar(j.Field, "join on")
	if !ok {
		return
	}
	o := newBuilder(Input{
		Query: models.Query{RefID: b.q.RefID, Mode: models.ModeBuilder, Format: models.FormatTable, Source: j.Source,
			Filters: j.Filters, Accounts: b.q.Accounts, Regions: b.q.Regions},
		Table: b.in.Join.Table, Fields: b.in.Join.Fields, Range: b.in.Range,
	})
	o.validate()
	right, ok := o.scalar(j.Other(), "join on")
	if o.err != nil || !ok {
		b.fail(o.err)
		return
	}
	if left.ValueType() != right.ValueType() {
		b.failf("cannot match %s (%s) of %s with %s (%s) of %s: the join fields must have the same type",
			left.Path, left.Type, b.sourceName(), right.Path, right.Type, o.sourceName())
		return
	}
	o.st.from = Table(o.in.Table.Catalog, o.in.Table.Database, o.in.Table.Name)
	o.where()
	if o.err != nil {
		b.fail(o.err)
		return
	}
	col := epochExpr(right)
	o.st.cols = []column{{expr: col}}
	o.st.where = append(o.st.where, col+" IS NOT NULL")
	op := " IN ("
	if j.Kind == models.JoinAnti {
		op = " NOT IN ("
	}
	b.st.where = append(b.st.where, epochExpr(left)+op+o.st.render()+")")
}
