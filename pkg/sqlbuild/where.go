package sqlbuild

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// where writes the WHERE conjuncts: the partition predicate first (always),
// then the class, then the user's filters and the dashboard's ad hoc
// filters (adhoc.go), all joined with AND.
func (b *builder) where() {
	b.st.where = append(b.st.where, PartitionPredicate(b.in.Table, b.in.Range,
		Scope{Accounts: b.q.Accounts, Regions: b.q.Regions}))
	if b.q.ClassUID != 0 {
		b.classFilter(b.q.ClassUID)
	}
	for _, flt := range b.q.Filters {
		if p, ok := b.filter(flt); ok {
			b.st.where = append(b.st.where, p)
		}
	}
	b.filterGroups()
	b.adhocFilters()
	b.joinFilter()
}

// classFilter narrows to one OCSF class, checked against the source's
// classes when the field set knows them (docs/design/security-lake.md).
func (b *builder) classFilter(uid int) {
	f, ok := b.field("class_uid")
	if !ok {
		return
	}
	if s, isSchema := b.in.Fields.(*ocsf.Schema); isSchema && len(s.Classes) > 0 {
		if _, ok := s.Class(uid); !ok {
			known := make([]string, len(s.Classes))
			for i, c := range s.Classes {
				known[i] = fmt.Sprintf("%d %s", c.UID, c.Name)
			}
			b.failf("class %d is not in source %s: its classes are %s", uid, b.sourceName(), strings.Join(known, ", "))
			return
		}
	}
	b.st.where = append(b.st.where, Path(f.Path)+" = "+strconv.Itoa(uid))
}

// comparisons maps the binary operators to SQL.
var comparisons = map[models.Op]string{
	models.OpEq: "=", models.OpNeq: "<>",
	models.OpLt: "<", models.OpLte: "<=", models.OpGt: ">", models.OpGte: ">=",
}

// filter writes one user condition. Operators and the types they accept:
//
//	= != in not-in      every scalar type
//	< <= > >=           numbers, timestamps, strings
//	contains, starts-with, regex and their not- forms: strings (textOp)
//	in-cidr not-in-cidr not-private: strings holding an IP (networkOp)
//	is-null not-null    every field, no value
//	any                 array elements (resources[].uid) and arrays of scalars
//	empty not-empty     arrays (a NULL array is empty), no value
//
// On an element field every operator means "any element matches" unless the
// query has one row per element of its array (arrays.go, arrayfilter.go).
//
// Functions: https://trino.io/docs/current/functions/string.html,
// https://trino.io/docs/current/functions/regexp.html,
// https://trino.io/docs/current/functions/array.html (any_match).
func (b *builder) filter(flt models.Filter) (string, bool) {
	if flt.Op == models.OpEmpty || flt.Op == models.OpNotEmpty {
		return b.emptyCond(flt)
	}
	f, ok := b.field(flt.Field)
	if !ok {
		return "", false
	}
	if b.kind(f) == ocsf.Element {
		return b.elementFilter(f, flt)
	}
	switch flt.Op {
	case models.OpIsNull, models.OpNotNull:
		if flt.Op == models.OpIsNull {
			return b.col(f) + " IS NULL", true
		}
		return b.col(f) + " IS NOT NULL", true
	case models.OpAnyMatch:
		if _, bound := b.virt[f.Path]; bound {
			// A bound element (unnested, or inside a lambda): any is = / in.
			flt.Op = models.OpEq
			if len(flt.AllValues()) > 1 {
				flt.Op = models.OpIn
			}
			break
		}
		return b.anyMatch(f, flt.AllValues())
	}
	switch b.kind(f) {
	case ocsf.Nested:
		b.failf("filter on %s: it is a nested field (%s); filter on one of its members, or use is-null / not-null", f.Path, f.Type)
		return "", false
	}
	col, vt := b.col(f), f.ValueType()
	vals := flt.AllValues()
	switch flt.Op {
	case models.OpEq, models.OpNeq:
		if lit, ok := b.oneLiteral(f, vt, flt.Op, vals); ok {
			return col + " " + comparisons[flt.Op] + " " + lit, true
		}
	case models.OpLt, models.OpLte, models.OpGt, models.OpGte:
		if vt == ocsf.Boolean {
			b.failf("filter on %s: %s does not apply to true/false fields", f.Path, flt.Op)
			return "", false
		}
		if lit, ok := b.oneLiteral(f, vt, flt.Op, vals); ok {
			return col + " " + comparisons[flt.Op] + " " + lit, true
		}
	case models.OpIn, models.OpNotIn:
		if list, ok := b.literalList(f, vt, flt.Op, vals); ok {
			if flt.Op == models.OpNotIn {
				return col + " NOT IN (" + list + ")", true
			}
			return col + " IN (" + list + ")", true
		}
	case models.OpContains, models.OpStartsWith, models.OpRegex,
		models.OpNotContains, models.OpNotStartsWith, models.OpNotRegex:
		return b.textOp(f, flt.Op, vals)
	case models.OpInCIDR, models.OpNotInCIDR, models.OpNotPrivate:
		return b.networkOp(f, flt.Op, vals)
	default:
		b.failf("filter on %s: unknown operator %q (use one of %s)", f.Path, clip(string(flt.Op)), opList())
	}
	return "", false
}

// anyMatch writes any_match(array, e -> e = v) for an array of scalars
// (element fields go through elementFilter); several values become
// e IN (…).
func (b *builder) anyMatch(f ocsf.Field, vals []models.Value) (string, bool) {
	var elem, arr string // arr is the array's SQL
	var vt ocsf.ValueType
	switch f.Kind() {
	case ocsf.Nested:
		inner, ok := strings.CutPrefix(f.Type, "array(")
		if !ok {
			b.failf("filter on %s: any applies to arrays, and %s is %s", f.Path, f.Path, f.Type)
			return "", false
		}
		arr, elem, vt = b.col(f), "e", ocsf.Field{Type: strings.TrimSuffix(inner, ")")}.ValueType()
	default:
		b.failf("filter on %s: any applies to array elements such as resources[].uid; use = or in", f.Path)
		return "", false
	}
	if vt == ocsf.Complex {
		b.failf("filter on %s: its elements are nested (%s); filter on one of their members", f.Path, f.Type)
		return "", false
	}
	list, ok := b.literalList(f, vt, models.OpAnyMatch, vals)
	if !ok {
		return "", false
	}
	cond := elem + " = " + list
	if len(vals) > 1 {
		cond = elem + " IN (" + list + ")"
	}
	return "any_match(" + arr + ", e -> " + cond + ")", true
}

// oneLiteral writes the single value of a one-value operator.
func (b *builder) oneLiteral(f ocsf.Field, vt ocsf.ValueType, op models.Op, vals []models.Value) (string, bool) {
	switch len(vals) {
	case 0:
		b.failf("filter on %s: %s needs a value", f.Path, op)
		return "", false
	case 1:
		return b.literal(f, vt, vals[0])
	}
	b.failf("filter on %s: %s takes one value, got %d (use in for several)", f.Path, op, len(vals))
	return "", false
}

// literalList writes "v1, v2, …" for in, not-in and any (at least one value).
func (b *builder) literalList(f ocsf.Field, vt ocsf.ValueType, op models.Op, vals []models.Value) (string, bool) {
	if len(vals) == 0 {
		b.failf("filter on %s: %s needs at least one value", f.Path, op)
		return "", false
	}
	lits := make([]string, len(vals))
	for i, v := range vals {
		lit, ok := b.literal(f, vt, v)
		if !ok {
			return "", false
		}
		lits[i] = lit
	}
	return strings.Join(lits, ", "), true
}

// literal writes one value of a field through Literal, the only path from a
// user value to SQL. Integer enum fields (severity_id, activity_id, …) also
// take a caption ("Critical" → 5) when the field set knows the enum.
func (b *builder) literal(f ocsf.Field, vt ocsf.ValueType, v models.Value) (string, bool) {
	s := string(v)
	if err := checkText(s); err != nil {
		b.failf("filter on %s: the value %q is %v", f.Path, clip(s), err)
		return "", false
	}
	if vt == ocsf.Integer {
		if id, ok := b.enumID(f.Path, s); ok {
			return strconv.Itoa(id), true
		}
	}
	lit, err := Literal(s, vt)
	if err != nil {
		b.failf("filter on %s: %v", f.Path, err)
		return "", false
	}
	return lit, true
}

// enumID maps a caption to its id for enum fields, case-insensitively.
// Numbers are left to Literal.
func (b *builder) enumID(path, value string) (int, bool) {
	es, ok := b.in.Fields.(enumSet)
	if !ok {
		return 0, false
	}
	v := strings.TrimSpace(value)
	if _, err := strconv.ParseInt(v, 10, 64); err == nil || v == "" {
		return 0, false
	}
	e, ok := es.EnumFor(path, b.q.ClassUID)
	if !ok {
		return 0, false
	}
	for _, ev := range e.Values {
		if strings.EqualFold(ev.Caption, v) {
			return ev.ID, true
		}
	}
	captions := make([]string, len(e.Values))
	for i, ev := range e.Values {
		captions[i] = ev.Caption
	}
	b.failf("filter on %s: %q is neither a whole number nor one of its captions (%s)", path, clip(value), strings.Join(captions, ", "))
	return 0, false
}

// opList names the operators for messages.
func opList() string {
	names := make([]string, len(models.Ops))
	for i, op := range models.Ops {
		names[i] = string(op)
	}
	return strings.Join(names, ", ")
}
