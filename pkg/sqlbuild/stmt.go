package sqlbuild

import (
	"strconv"
	"strings"
)

// stmt is the clause tree of the SELECT statements of this package: every
// part is already SQL text made by Ident, Path, Literal or the fixed function
// templates of this package, so rendering only joins and lays them out.
type stmt struct {
	distinct bool
	cols     []column
	from     string
	// where are the conjuncts; Build puts the partition predicate first.
	where []string
	// groupBy is the number of leading columns that are grouping keys
	// (GROUP BY 1, 2, …, groupBy); 0 means no GROUP BY.
	groupBy int
	// having are the HAVING conjuncts (thresholds on aggregates).
	having  []string
	orderBy []orderItem
	limit   int // 0 means no LIMIT
	// noRows writes LIMIT 0 (a query that is planned, not read).
	noRows bool
}

// column is one item of the SELECT list. name is the output column name;
// the item is aliased unless expr already yields that name, or name is
// empty (SELECT *).
type column struct {
	expr string
	name string
	// agg marks aggregate columns, which are never grouping keys.
	agg bool
}

// orderItem sorts by an output column, named by its quoted output name:
// Trino resolves ORDER BY names against the SELECT list before the table
// (https://trino.io/docs/current/sql/select.html#order-by-clause), so
// "time" means the bucket, not the raw column.
type orderItem struct {
	name string
	// expr, when set, is sorted by instead of the name: a field or an
	// aggregate that is not in the SELECT list.
	expr string
	desc bool
}

// sql renders one select item.
func (c column) sql() string {
	if q := Ident(c.name); c.name != "" && c.expr != q {
		return c.expr + " AS " + q
	}
	return c.expr
}

// render lays the statement out one clause per line, each WHERE conjunct on
// its own line, for the editor preview. One statement, no semicolon: Athena's
// StartQueryExecution runs exactly one.
func (s *stmt) render() string {
	var b strings.Builder
	b.Grow(256 + 48*len(s.cols) + 64*len(s.where))
	b.WriteString("SELECT ")
	if s.distinct {
		b.WriteString("DISTINCT ")
	}
	for i, c := range s.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.sql())
	}
	b.WriteString("\nFROM ")
	b.WriteString(s.from)
	if len(s.where) > 0 {
		b.WriteString("\nWHERE ")
		b.WriteString(strings.Join(s.where, "\n  AND "))
	}
	if s.groupBy > 0 {
		// Ordinals: both engines accept them, and they avoid repeating long
		// bucket expressions (Athena also needs nested names quoted per part
		// in GROUP BY, which ordinals sidestep).
		b.WriteString("\nGROUP BY ")
		for i := 1; i <= s.groupBy; i++ {
			if i > 1 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(i))
		}
	}
	if len(s.having) > 0 {
		b.WriteString("\nHAVING ")
		b.WriteString(strings.Join(s.having, "\n  AND "))
	}
	if len(s.orderBy) > 0 {
		b.WriteString("\nORDER BY ")
		for i, o := range s.orderBy {
			if i > 0 {
				b.WriteString(", ")
			}
			if o.expr != "" {
				b.WriteString(o.expr)
			} else {
				b.WriteString(Ident(o.name))
			}
			if o.desc {
				b.WriteString(" DESC")
			}
		}
	}
	switch {
	case s.noRows:
		b.WriteString("\nLIMIT 0")
	case s.limit > 0:
		b.WriteString("\nLIMIT ")
		b.WriteString(strconv.Itoa(s.limit))
	}
	return b.String()
}
