package sqlbuild

import (
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
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
	if j == nil || j.TwoSided() || b.err != nil {
		return
	}
	if !b.joinResolved() {
		return
	}
	left, ok := b.scalar(j.Field, "join on")
	if !ok {
		return
	}
	o, right, ok := b.otherSide(models.Query{}, left, false)
	if !ok {
		return
	}
	if o.err != nil {
		b.fail(o.err)
		return
	}
	col := o.valueExpr(right)
	o.st.cols = []column{{expr: col}}
	o.st.where = append(o.st.where, col+" IS NOT NULL")
	op := " IN ("
	if j.Kind == models.JoinAnti {
		op = " NOT IN ("
	}
	b.st.where = append(b.st.where, b.valueExpr(left)+op+o.st.render()+")")
}

// joinAliases name the two sides of a two-sided join.
const (
	leftAlias  = "l"
	rightAlias = "r"
)

// joinColumns wraps the built table query in an inner or left join with
// the other source's aggregates per entity:
//
//	SELECT "l".*, "r"."count" AS "route53.count"
//	FROM (<the query, unordered>) AS "l"
//	[LEFT] JOIN (SELECT "src_endpoint"."ip" AS "src_endpoint.ip", count(*) AS "count"
//	  FROM <other table> WHERE <its partitions> AND <its filters> AND … IS NOT NULL GROUP BY 1) AS "r"
//	ON "l"."src_endpoint.ip" = "r"."src_endpoint.ip"
//	ORDER BY <the query's order> LIMIT <its limit>
//
// The other side is grouped by the entity, so each row of the query meets
// at most one row: the join adds columns, never rows.
func (b *builder) joinColumns() {
	j := b.q.Join
	if b.err != nil || !j.TwoSided() {
		return
	}
	if !b.joinResolved() {
		return
	}
	if b.q.Format != models.FormatTable {
		b.failf("a join that adds the other source's columns needs a table query (format table)")
		return
	}
	if !b.names[j.Field] {
		b.failf("to join on %s with the other source's columns, %s must be a column of the result: group by it or select it", clip(j.Field), clip(j.Field))
		return
	}
	for _, it := range b.st.orderBy {
		if it.expr != "" {
			b.failf("a join that adds the other source's columns can only order by columns of the result, not %s", clip(it.name))
			return
		}
	}
	left, ok := b.in.Fields.Field(j.Field)
	if !ok {
		b.failf("the join field %s is not a field of source %s", clip(j.Field), b.sourceName())
		return
	}
	o, right, ok := b.otherSide(models.Query{GroupBy: []string{j.Other()}, Aggregations: j.Aggregations}, left, true)
	if !ok {
		return
	}
	o.st.where = append(o.st.where, o.valueExpr(right)+" IS NOT NULL")
	o.groupFields()
	o.aggregations()
	o.st.groupBy = o.keyCount()
	if o.err != nil {
		b.fail(o.err)
		return
	}
	inner := b.st
	inner.orderBy, inner.limit = nil, 0
	out := stmt{cols: []column{{expr: Ident(leftAlias) + ".*"}}, orderBy: b.st.orderBy, limit: b.st.limit}
	for _, c := range o.st.cols[o.st.groupBy:] {
		name := o.in.Table.Source + "." + c.name
		if b.names[name] {
			b.failf("the result would have two columns named %q: give the join's aggregation another alias", name)
			return
		}
		b.names[name] = true
		out.cols = append(out.cols, column{expr: Ident(rightAlias) + "." + Ident(c.name), name: name})
	}
	join := "\nJOIN ("
	if j.Kind == models.JoinLeft {
		join = "\nLEFT JOIN ("
	}
	out.from = "(\n" + inner.render() + "\n) AS " + Ident(leftAlias) + join + "\n" + o.st.render() + "\n) AS " + Ident(rightAlias) +
		"\nON " + Ident(leftAlias) + "." + Ident(j.Field) + " = " + Ident(rightAlias) + "." + Ident(right.Path)
	b.st = out
}

// joinResolved reports whether the joined source's table was resolved, and
// fails the query when it was not.
func (b *builder) joinResolved() bool {
	if b.in.Join == nil || b.in.Join.Table.Name == "" || b.in.Join.Fields == nil {
		b.failf("no table resolved for the joined source %s", clip(b.q.Join.Source))
		return false
	}
	return true
}

// otherSide starts the builder of the join's other source: its filters
// and, from shape, its grouping and aggregations, over the query's range,
// accounts and Regions, with its FROM and WHERE written. It returns the
// other source's join field after checking that its type matches left's
// (and, when scalarLeft, that left is a plain scalar); on a mismatch or an
// invalid other side it fails b and returns ok false.
func (b *builder) otherSide(shape models.Query, left ocsf.Field, scalarLeft bool) (o *builder, right ocsf.Field, ok bool) {
	j := b.q.Join
	q := shape
	q.RefID, q.Mode, q.Format, q.Source = b.q.RefID, models.ModeBuilder, models.FormatTable, j.Source
	q.Filters, q.Accounts, q.Regions = j.Filters, b.q.Accounts, b.q.Regions
	o = newBuilder(Input{Query: q, Table: b.in.Join.Table, Fields: b.in.Join.Fields, Range: b.in.Range})
	o.validate()
	right, ok = o.scalar(j.Other(), "join on")
	if o.err != nil || !ok {
		b.fail(o.err)
		return nil, right, false
	}
	if left.ValueType() != right.ValueType() || scalarLeft && left.Kind() != ocsf.Scalar {
		b.failf("cannot match %s (%s) of %s with %s (%s) of %s: the join fields must have the same type",
			left.Path, left.Type, b.sourceName(), right.Path, right.Type, o.sourceName())
		return nil, right, false
	}
	o.st.from = Table(o.in.Table.Catalog, o.in.Table.Database, o.in.Table.Name)
	o.where()
	return o, right, true
}
