package sqlbuild

import (
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// This file holds how the rest of the builder uses computed columns
// (computed.go resolves them): their SQL in place of a field's path, their
// time handling, the default columns and messages.

// mapTypes splits "map(K,V)" into K and V at the top-level comma.
func mapTypes(t string) (key, val string, ok bool) {
	inner, found := strings.CutPrefix(t, "map(")
	if !found || !strings.HasSuffix(inner, ")") {
		return "", "", false
	}
	inner = inner[:len(inner)-1]
	depth := 0
	for i, r := range inner {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				return strings.TrimSpace(inner[:i]), strings.TrimSpace(inner[i+1:]), true
			}
		}
	}
	return "", "", false
}

// col is the SQL of a resolved field: a bound field's expression (an
// element of the unnested array, a pick, a size; arrays.go), a computed
// column's expression, or the quoted path of a catalog field.
func (b *builder) col(f ocsf.Field) string {
	if v, ok := b.virt[f.Path]; ok {
		return v.expr
	}
	if c, ok := b.computed[f.Path]; ok {
		return c.expr
	}
	return Path(f.Path)
}

// epochMillis is isEpochMillis for catalog fields; a computed column is an
// epoch-ms time only when it coalesces such times (its alias may end in
// "_time" without being one).
func (b *builder) epochMillis(f ocsf.Field) bool {
	if _, ok := b.virt[f.Path]; ok {
		return false // element times stay as stored (arrays.go)
	}
	if c, ok := b.computed[f.Path]; ok {
		return c.epoch
	}
	return isEpochMillis(f)
}

// epochExpr is the SELECT expression of a scalar field or computed column:
// epoch-ms times converted to timestamps, other values as they are.
func (b *builder) epochExpr(f ocsf.Field) string {
	if b.epochMillis(f) {
		return EpochMillisTime(b.col(f))
	}
	return b.col(f)
}

// selectComputed adds the computed columns, in query order, to raw rows
// that name no fields (after the curated columns): a column the user
// defines is one they want to see.
func (b *builder) selectComputed() {
	for _, c := range b.q.Computed {
		if col, ok := b.computed[c.Alias]; ok {
			if out, ok := b.projection(col.field); ok {
				b.addColumn(out)
			}
		}
	}
}

// computedHint lists the computed aliases for an "unknown field" message,
// since a mistyped alias reads as an unknown field.
func (b *builder) computedHint() string {
	if len(b.q.Computed) == 0 {
		return ""
	}
	names := make([]string, 0, len(b.q.Computed))
	for _, c := range b.q.Computed {
		names = append(names, strconv.Quote(c.Alias))
	}
	return " (nor a computed column: " + strings.Join(names, ", ") + ")"
}
