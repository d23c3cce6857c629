package sqlbuild

import (
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// Arrays. Element fields ("resources[].uid", "vulnerabilities[].cve.cvss[].base_score")
// become plain values in three ways, all written with the array functions both
// engines have (https://trino.io/docs/current/functions/array.html):
//
//   - one row per element (Query.Unnest): CROSS JOIN UNNEST of one scalar
//     array per element field the query uses, zipped: UNNEST(transform("resources",
//     e -> e."uid"), …) AS "u"("resources[].uid", …). Arrays of rows are never
//     unnested themselves: Trino expands a row into its fields, so Athena's
//     UNNEST(array_of_rows) AS t(x) fails there. Nested arrays are flattened
//     with flatten(transform(…)), so every column has one entry per innermost
//     element and the zipped arrays have equal lengths.
//   - any element matches (filters without unnest, every operator):
//     any_match("vulnerabilities", e -> any_match(e."cve"."cvss", e2 -> e2."base_score" >= 7.0)).
//   - one element as a column (Query.Picks): element_at(transform(filter(…), …), 1).
//
// "size(a)" is the number of elements of the array a, 0 when a is NULL.

// unnestAlias names the relation of the CROSS JOIN UNNEST. Its columns are
// named after the element paths they hold, which contain "[]" and so never
// collide with a table column.
const unnestAlias = "u"

// maxArrayDepth is how many arrays deep an element path may be (the catalog's
// deepest is vulnerabilities[].cve.cvss[] and vulnerabilities[].packages[]).
const maxArrayDepth = 2

// arrays is the resolved Query.Unnest and the columns of its UNNEST.
type arrays struct {
	// chain are the array members from the table down: "vulnerabilities[].cve.cvss"
	// is ["vulnerabilities", "cve.cvss"].
	chain []string
	cols  []column
}

// elementPath splits an element path into its arrays and the member inside
// the innermost element: "vulnerabilities[].cve.cvss[].base_score" is
// ["vulnerabilities", "cve.cvss"], "base_score"; "finding_info.types[]" (the
// element of an array of scalars) is ["finding_info.types"], "".
func elementPath(path string) (chain []string, member string) {
	if p, ok := strings.CutSuffix(path, "[]"); ok {
		return strings.Split(p, "[]."), ""
	}
	parts := strings.Split(path, "[].")
	return parts[:len(parts)-1], parts[len(parts)-1]
}

// lambdaVar names the element variable of nesting level i (1-based).
func lambdaVar(i int) string {
	if i == 1 {
		return "e"
	}
	return "e" + string(rune('0'+i))
}

// member writes a member of an element variable ("e"."uid" as e."uid"); an
// empty member is the element itself (arrays of scalars).
func member(v, m string) string {
	if m == "" {
		return v
	}
	return v + "." + Path(m)
}

// levelArray is the array of nesting level i (1-based) of chain: the table
// column at level 1, a member of the enclosing element below.
func levelArray(chain []string, i int) string {
	if i == 1 {
		return Path(chain[0])
	}
	return member(lambdaVar(i-1), chain[i-1])
}

// flatValues writes the array of v over the innermost elements of chain,
// keeping those where cond holds (cond may be empty): transform at the
// innermost level, flatten(transform(…)) around it.
func flatValues(chain []string, v, cond string) string {
	n := len(chain)
	arr := levelArray(chain, n)
	if cond != "" {
		arr = "filter(" + arr + ", " + lambdaVar(n) + " -> " + cond + ")"
	}
	out := "transform(" + arr + ", " + lambdaVar(n) + " -> " + v + ")"
	for i := n - 1; i >= 1; i-- {
		out = "flatten(transform(" + levelArray(chain, i) + ", " + lambdaVar(i) + " -> " + out + "))"
	}
	return out
}

// prefixOf reports whether a is a prefix of (or equal to) b.
func prefixOf(a, b []string) bool {
	if len(a) > len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// resolveUnnest checks Query.Unnest against the catalog, and that every
// pick has its own name.
func (b *builder) resolveUnnest() {
	seen := map[string]bool{}
	for _, p := range b.q.Picks {
		if strings.TrimSpace(p.Alias) == "" {
			b.failf("the element column of %s needs a name (alias)", clip(p.Field))
			return
		}
		if seen[p.Alias] {
			b.failf("two element columns are named %q: give each its own alias", clip(p.Alias))
			return
		}
		seen[p.Alias] = true
	}
	u := strings.TrimSpace(b.q.Unnest)
	if u == "" {
		return
	}
	f, ok := b.in.Fields.Field(u)
	if !ok {
		b.failf("one row per element of %q: the source %s has no such field", clip(u), b.sourceName())
		return
	}
	if !strings.HasPrefix(f.Type, "array") {
		b.failf("one row per element of %s: it is not an array (it is %s); choose an array field such as resources, answers or vulnerabilities", u, f.Type)
		return
	}
	chain := strings.Split(u, "[].")
	if len(chain) > maxArrayDepth {
		b.failf("one row per element of %s: it is %d arrays deep; the builder unnests at most %d", u, len(chain), maxArrayDepth)
		return
	}
	b.arr = &arrays{chain: chain}
}

// unnestColumn returns the reference to the UNNEST column holding v (an
// expression on the innermost element variable) for each row, adding it.
func (b *builder) unnestColumn(name, v string) string {
	ref := Ident(unnestAlias) + "." + Ident(name)
	for _, c := range b.arr.cols {
		if c.name == name {
			return ref
		}
	}
	b.arr.cols = append(b.arr.cols, column{name: name, expr: flatValues(b.arr.chain, v, "")})
	return ref
}

// unnestFrom is the CROSS JOIN UNNEST after the table, or "" without
// unnest. A query that uses no element field still gets one row per element.
func (b *builder) unnestFrom() string {
	if b.arr == nil {
		return ""
	}
	if len(b.arr.cols) == 0 {
		b.unnestColumn(b.q.Unnest+"[]", "TRUE")
	}
	exprs := make([]string, len(b.arr.cols))
	names := make([]string, len(b.arr.cols))
	for i, c := range b.arr.cols {
		exprs[i], names[i] = c.expr, Ident(c.name)
	}
	return "\nCROSS JOIN UNNEST(" + strings.Join(exprs, ", ") + ") AS " + Ident(unnestAlias) + "(" + strings.Join(names, ", ") + ")"
}

// virtualField resolves the paths that are not catalog columns: a field bound
// while writing a lambda, a pick's alias, size(array), and the element fields
// of the unnested array. handled is false for other paths.
func (b *builder) virtualField(path string) (f ocsf.Field, handled, ok bool) {
	if v, bound := b.virt[path]; bound {
		return v.field, true, true
	}
	for _, p := range b.q.Picks {
		if p.Alias == path && path != "" {
			f, ok := b.pick(p)
			return f, true, ok
		}
	}
	if arr, isSize := strings.CutPrefix(path, "size("); isSize && strings.HasSuffix(arr, ")") {
		f, ok := b.size(strings.TrimSuffix(arr, ")"))
		return f, true, ok
	}
	if b.arr == nil || !strings.Contains(path, "[]") {
		return ocsf.Field{}, false, false
	}
	chain, m := elementPath(path)
	if !prefixOf(chain, b.arr.chain) {
		return ocsf.Field{}, false, false // another array's element: any-match filters only
	}
	var typ string
	if m == "" {
		af, found := b.in.Fields.Field(strings.TrimSuffix(path, "[]"))
		if !found || !strings.HasPrefix(af.Type, "array(") {
			return ocsf.Field{}, false, false
		}
		typ = strings.TrimSuffix(strings.TrimPrefix(af.Type, "array("), ")")
	} else {
		ef, found := b.in.Fields.Field(path)
		if !found {
			return ocsf.Field{}, false, false
		}
		typ = ef.Type
	}
	f = ocsf.Field{Path: path, Type: typ}
	if f.ValueType() == ocsf.Complex {
		b.failf("%s is nested (%s): use one of its members, or choose it in one row per element", path, typ)
		return f, true, false
	}
	b.bind(f, b.unnestColumn(path, member(lambdaVar(len(chain)), m)))
	return f, true, true
}

// boundField is a virtual field and the SQL that computes it.
type boundField struct {
	field ocsf.Field
	expr  string
}

// bind makes path resolve to f computed by expr (a scalar).
func (b *builder) bind(f ocsf.Field, expr string) {
	if b.virt == nil {
		b.virt = map[string]boundField{}
	}
	b.virt[f.Path] = boundField{field: f, expr: expr}
}

// kind is f.Kind() with bound fields counted as scalars.
func (b *builder) kind(f ocsf.Field) ocsf.Kind {
	if _, ok := b.virt[f.Path]; ok {
		return ocsf.Scalar
	}
	return f.Kind()
}

// size resolves size(arr): a top-level array, or an array inside the
// elements of the unnested array (one size per row).
func (b *builder) size(arr string) (ocsf.Field, bool) {
	f := ocsf.Field{Path: models.SizeField(arr), Type: "bigint"}
	if c, ok := b.computed[arr]; ok && strings.HasPrefix(c.field.Type, "array") {
		// A computed list (map_keys of unmapped): its size, NULL as empty.
		b.bind(f, "coalesce(cardinality("+c.expr+"), 0)")
		return f, true
	}
	af, ok := b.in.Fields.Field(arr)
	if !ok || !strings.HasPrefix(af.Type, "array") {
		b.failf("%s: %q is not an array field of source %s", f.Path, clip(arr), b.sourceName())
		return f, false
	}
	if !strings.Contains(arr, "[]") {
		b.bind(f, "coalesce(cardinality("+Path(arr)+"), 0)")
		return f, true
	}
	chain, m := elementPath(arr)
	if b.arr == nil || !prefixOf(chain, b.arr.chain) {
		b.failf("%s: %s is inside the array %s; choose %s in one row per element to get one size per element",
			f.Path, arr, strings.Join(chain, "[]."), strings.Join(chain, "[]."))
		return f, false
	}
	b.bind(f, b.unnestColumn(f.Path, "coalesce(cardinality("+member(lambdaVar(len(chain)), m)+"), 0)"))
	return f, true
}

// emptyCond writes the empty / not-empty filters through size(field).
func (b *builder) emptyCond(flt models.Filter) (string, bool) {
	if len(flt.AllValues()) > 0 {
		b.failf("filter on %s: %s takes no value", flt.Field, flt.Op)
		return "", false
	}
	f, ok := b.field(models.SizeField(flt.Field))
	if !ok {
		return "", false
	}
	if flt.Op == models.OpEmpty {
		return b.col(f) + " = 0", true
	}
	return b.col(f) + " > 0", true
}

// valueExpr is the SELECT expression of a scalar field: a bound field's
// expression, or the column (or computed column) with epoch-ms times
// converted.
func (b *builder) valueExpr(f ocsf.Field) string {
	if v, ok := b.virt[f.Path]; ok {
		return v.expr
	}
	return b.epochExpr(f)
}

// elementHint explains how an element field that is not a row value can be
// used, for errors.
func (b *builder) elementHint(f ocsf.Field) string {
	chain, _ := elementPath(f.Path)
	arr := strings.Join(chain, "[].")
	if len(chain) > maxArrayDepth {
		return "it is " + strconv.Itoa(len(chain)) + " arrays deep; the builder reads at most " + strconv.Itoa(maxArrayDepth)
	}
	if b.arr == nil {
		return "it is inside the array " + arr + "; choose " + arr + " in one row per element (unnest), pick one element as a column, or filter it (any element matches)"
	}
	return "it is inside the array " + arr + ", and the rows are the elements of " + strings.Join(b.arr.chain, "[].") +
		"; choose " + arr + " in one row per element instead, or filter it (any element matches)"
}
