package sqlbuild

import (
	"strconv"
	"strings"
)

// Raw SQL selects nested OCSF values (row, array, map) as they are, and
// Athena returns those as its own text ("{uid=1, name=a, b}"), which cannot
// be parsed reliably: strings are unquoted and separators inside values are
// not escaped. Athena's result metadata names only the kind ("row"), not
// the member types, so the text cannot be read back with the types either.
// The sound way is the builder's: CAST the value AS JSON in the engine,
// which keeps row field names in both Athena engine v3 and Trino. For raw
// SQL the plugin learns the statement's output columns first (ProbeSQL,
// which reads no data), then runs the statement wrapped by NestedAsJSON.

// ShapeSQL is a statement that returns sql's output columns and no rows.
// Engines answer LIMIT 0 from the plan, without scanning: the statement's
// partition predicates do not even matter. The newline before the closing
// parenthesis ends a trailing line comment of sql.
func ShapeSQL(sql string) string {
	return "SELECT * FROM (\n" + sql + "\n) LIMIT 0"
}

// OutputColumn is one output column of a statement, in order.
type OutputColumn struct {
	// Name is the name the engine reports ("_col1" for an unnamed one).
	Name string
	// Nested marks a row, array or map value, selected as JSON.
	Nested bool
}

// OuterKey is one key of the order to apply again around the statement:
// the 1-based position of an output column, with its direction.
type OuterKey struct {
	Ordinal int
	Desc    bool
	// Nulls is "FIRST", "LAST" or "".
	Nulls string
}

// NestedAsJSON wraps sql so that its nested output columns come back as
// JSON and every other column as it was, under the same names and in the
// same order:
//
//	SELECT "c1" AS "uid", CAST("c2" AS JSON) AS "actor"
//	FROM (
//	<sql>
//	) AS "q" ("c1", "c2")
//	ORDER BY 1 DESC
//
// The table alias names the columns by position, so unnamed and duplicate
// output names ("_col0", two "uid") need no care. The engine may ignore a
// subquery's ORDER BY, so the statement's own order (order, see
// macros.OuterOrder) is applied again by position; the statement keeps its
// ORDER BY and LIMIT, so a top-N still takes the right rows.
func NestedAsJSON(sql string, cols []OutputColumn, order []OuterKey) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	aliases := make([]string, len(cols))
	for i, c := range cols {
		aliases[i] = Ident("c" + strconv.Itoa(i+1))
		if i > 0 {
			b.WriteString(", ")
		}
		if c.Nested {
			b.WriteString("CAST(" + aliases[i] + " AS JSON)")
		} else {
			b.WriteString(aliases[i])
		}
		name := c.Name
		if name == "" {
			name = "_col" + strconv.Itoa(i) // the engine's own name for an unnamed column
		}
		b.WriteString(" AS " + Ident(name))
	}
	b.WriteString("\nFROM (\n" + sql + "\n) AS " + Ident("q") + " (" + strings.Join(aliases, ", ") + ")")
	for i, k := range order {
		if i == 0 {
			b.WriteString("\nORDER BY ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(k.Ordinal))
		if k.Desc {
			b.WriteString(" DESC")
		}
		if k.Nulls != "" {
			b.WriteString(" NULLS " + k.Nulls)
		}
	}
	return b.String()
}
