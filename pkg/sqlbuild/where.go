package sqlbuild

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// where writes the WHERE conjuncts: the partition predicate first (always),
// then the class, then the user's filters, all joined with AND.
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
//	is-null not-null    every field but array elements, no value
//	any                 array elements (resources[].uid) and arrays of scalars
//
// Functions: https://trino.io/docs/current/functions/string.html,
// https://trino.io/docs/current/functions/regexp.html,
// https://trino.io/docs/current/functions/array.html (any_match).
func (b *builder) filter(flt models.Filter) (string, bool) {
	f, ok := b.field(flt.Field)
	if !ok {
		return "", false
	}
	switch flt.Op {
	case models.OpIsNull, models.OpNotNull:
		if f.Kind() == ocsf.Element {
			b.failf("filter on %s: it is inside an array; use the any operator", f.Path)
			return "", false
		}
		if flt.Op == models.OpIsNull {
			return Path(f.Path) + " IS NULL", true
		}
		return Path(f.Path) + " IS NOT NULL", true
	case models.OpAnyMatch:
		return b.anyMatch(f, flt.AllValues())
	}
	switch f.Kind() {
	case ocsf.Element:
		b.failf("filter on %s: it is inside an array; use the any operator", f.Path)
		return "", false
	case ocsf.Nested:
		b.failf("filter on %s: it is a nested field (%s); filter on one of its members, or use is-null / not-null", f.Path, f.Type)
		return "", false
	}
	col, vt := Path(f.Path), f.ValueType()
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

// anyMatch writes any_match(array, e -> e.member = v) for an element field
// ("resources[].uid"), or any_match(array, e -> e = v) for an array of
// scalars; several values become e.member IN (…).
func (b *builder) anyMatch(f ocsf.Field, vals []models.Value) (string, bool) {
	var arr, elem string
	var vt ocsf.ValueType
	switch f.Kind() {
	case ocsf.Element:
		a, member, ok := f.ArrayPath()
		if !ok {
			b.failf("filter on %s: it is inside an array inside an array, which the builder cannot filter", f.Path)
			return "", false
		}
		if parent, ok := b.in.Fields.Field(a); ok && !strings.HasPrefix(parent.Type, "array") {
			b.failf("filter on %s: %s is not an array", f.Path, a)
			return "", false
		}
		arr, elem, vt = a, "e."+Path(member), f.ValueType()
	case ocsf.Nested:
		inner, ok := strings.CutPrefix(f.Type, "array(")
		if !ok {
			b.failf("filter on %s: any applies to arrays, and %s is %s", f.Path, f.Path, f.Type)
			return "", false
		}
		arr, elem, vt = f.Path, "e", ocsf.Field{Type: strings.TrimSuffix(inner, ")")}.ValueType()
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
	return "any_match(" + Path(arr) + ", e -> " + cond + ")", true
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
