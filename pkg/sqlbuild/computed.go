package sqlbuild

import (
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// computedCol is a resolved computed column: field is what the rest of the
// builder sees (Path is the alias, Type the result type), expr its SQL.
type computedCol struct {
	field ocsf.Field
	expr  string
	// epoch marks a coalesce of epoch-millisecond times, shown as a time
	// like the fields it is made of.
	epoch bool
}

// domainPattern takes the last two labels of a hostname, ignoring the
// trailing dot of DNS names: www.example.com. → example.com. It is the
// documented heuristic of the domain function, not the public suffix list
// (a.example.co.uk → co.uk).
const domainPattern = `([^.]+\.[^.]+)\.?$`

// maxJSONPathLen caps a JSON path argument.
const maxJSONPathLen = 256

// reservedAliases are table columns that the builder names in SQL by
// themselves (the time ordering of raw rows, the partition predicate).
var reservedAliases = []string{lake.ColTime, lake.ColTimeDT, "eventday", "accountid", "region", bucketName}

// computedColumns resolves the query's computed columns in order, so a
// computed column may use the ones before it. Each is written from a fixed
// template of this file: identifiers from the catalog, every argument a
// typed literal.
//
//	coalesce              coalesce(a, b, …, literal)
//	lower, upper          lower(a)
//	regexp_extract        regexp_extract(a, 'pattern'[, group])
//	domain                regexp_extract(lower(a), '([^.]+\.[^.]+)\.?$', 1)
//	json_extract_scalar   json_extract_scalar(a, '$.path')
//	element_at            element_at(map, key)
//	map_keys              map_keys(map)
//
// Functions: https://trino.io/docs/current/functions/conditional.html,
// …/string.html, …/regexp.html, …/json.html, …/map.html (all in Athena
// engine v3 too).
func (b *builder) computedColumns() {
	for _, c := range b.q.Computed {
		if b.err != nil {
			return
		}
		if !b.checkAlias(c.Alias) {
			return
		}
		col, ok := b.computedColumn(c)
		if !ok {
			return
		}
		col.field.Path = c.Alias
		if b.computed == nil {
			b.computed = map[string]computedCol{}
		}
		b.computed[c.Alias] = col
	}
}

// checkAlias applies the aggregation alias rule and refuses names that
// would be ambiguous: another computed column, a field of the source, or a
// column the builder names itself (compared case-insensitively, as the
// engine compares identifiers).
func (b *builder) checkAlias(alias string) bool {
	switch {
	case alias == "":
		b.failf("a computed column needs an alias (the name the query uses for it)")
		return false
	case !aliasRe.MatchString(alias):
		b.failf("computed column alias %q is not valid: start with a letter or _, then up to 63 letters, digits, spaces, _ . or -", clip(alias))
		return false
	}
	for other := range b.computed {
		if strings.EqualFold(other, alias) {
			b.failf("two computed columns are named %q: give one another alias (names differing only in case are the same name to the engine)", alias)
			return false
		}
	}
	lower := strings.ToLower(alias)
	_, field := b.in.Fields.Field(alias)
	if _, f2 := b.in.Fields.Field(lower); field || f2 {
		b.failf("computed column alias %q is a field of source %s: choose another alias", alias, b.sourceName())
		return false
	}
	for _, r := range reservedAliases {
		if lower == r {
			b.failf("computed column alias %q is a column name the query uses: choose another alias", alias)
			return false
		}
	}
	return true
}

// computedColumn writes one computed column's expression and type.
func (b *builder) computedColumn(c models.Computed) (computedCol, bool) {
	use := string(c.Func) + " (computed column " + c.Alias + ")"
	if c.Field == "" {
		b.failf("%s needs a field", use)
		return computedCol{}, false
	}
	if c.Func != models.CompCoalesce && len(c.Fields) > 0 {
		b.failf("%s takes one field; only coalesce takes more", use)
		return computedCol{}, false
	}
	switch c.Func {
	case models.CompCoalesce:
		return b.coalesce(c, use)
	case models.CompLower, models.CompUpper, models.CompDomain:
		f, ok := b.textArg(c, use, 0)
		if !ok {
			return computedCol{}, false
		}
		expr := string(c.Func) + "(" + b.col(f) + ")"
		if c.Func == models.CompDomain {
			expr = "regexp_extract(lower(" + b.col(f) + "), " + StringLiteral(domainPattern) + ", 1)"
		}
		return computedCol{field: ocsf.Field{Type: "varchar"}, expr: expr}, true
	case models.CompRegexpExtract:
		return b.regexpExtract(c, use)
	case models.CompJSONExtract:
		f, ok := b.textArg(c, use, 1)
		if !ok {
			return computedCol{}, false
		}
		path := string(c.Args[0])
		if err := checkJSONPath(path); err != nil {
			b.failf("%s: the JSON path %q %v", use, clip(path), err)
			return computedCol{}, false
		}
		return computedCol{field: ocsf.Field{Type: "varchar"}, expr: "json_extract_scalar(" + b.col(f) + ", " + StringLiteral(path) + ")"}, true
	case models.CompElementAt, models.CompMapKeys:
		return b.mapFunc(c, use)
	}
	names := make([]string, len(models.ComputedFuncs))
	for i, fn := range models.ComputedFuncs {
		names[i] = string(fn)
	}
	b.failf("computed column %s: unknown function %q (use one of %s)", c.Alias, clip(string(c.Func)), strings.Join(names, ", "))
	return computedCol{}, false
}

// argField resolves a field argument, which must be a plain column (or an
// earlier computed column).
func (b *builder) argField(path, use string) (ocsf.Field, bool) {
	f, ok := b.field(path)
	if !ok {
		return f, false
	}
	if f.Kind() == ocsf.Element {
		arr, _, _ := strings.Cut(f.Path, "[]")
		b.failf("%s: %s is inside the array %s, which a computed column cannot use", use, f.Path, arr)
		return f, false
	}
	return f, true
}

// textArg resolves the field of a text function and checks that it takes
// exactly nArgs literal arguments.
func (b *builder) textArg(c models.Computed, use string, nArgs int) (ocsf.Field, bool) {
	f, ok := b.argField(c.Field, use)
	if !ok {
		return f, false
	}
	if f.ValueType() != ocsf.String {
		b.failf("%s works on text fields, and %s is %s", use, f.Path, f.Type)
		return f, false
	}
	if len(c.Args) != nArgs {
		switch nArgs {
		case 0:
			b.failf("%s takes no arguments, got %d", use, len(c.Args))
		default:
			b.failf("%s takes %d argument(s), got %d", use, nArgs, len(c.Args))
		}
		return f, false
	}
	for _, a := range c.Args {
		if err := checkText(string(a)); err != nil {
			b.failf("%s: the argument %q is %v", use, clip(string(a)), err)
			return f, false
		}
	}
	return f, true
}

// coalesce writes coalesce(field, fields…, literal?): the fields must have
// the same value type (and all or none be epoch-ms times); the literal is
// typed by the first field (a time for epoch-ms fields).
func (b *builder) coalesce(c models.Computed, use string) (computedCol, bool) {
	first, ok := b.argField(c.Field, use)
	if !ok {
		return computedCol{}, false
	}
	if first.Kind() != ocsf.Scalar {
		b.failf("%s: %s is a nested field (%s); use one of its members", use, first.Path, first.Type)
		return computedCol{}, false
	}
	if len(c.Fields) == 0 && len(c.Args) == 0 {
		b.failf("%s needs a second field or a fallback value", use)
		return computedCol{}, false
	}
	if len(c.Args) > 1 {
		b.failf("%s takes one fallback value, got %d", use, len(c.Args))
		return computedCol{}, false
	}
	epoch := b.epochMillis(first)
	parts := []string{b.col(first)}
	for _, p := range c.Fields {
		f, ok := b.argField(p, use)
		if !ok {
			return computedCol{}, false
		}
		if f.Kind() != ocsf.Scalar || f.ValueType() != first.ValueType() || b.epochMillis(f) != epoch {
			b.failf("%s: %s (%s) and %s (%s) are not of the same kind; coalesce fields of one type", use, first.Path, first.Type, f.Path, f.Type)
			return computedCol{}, false
		}
		parts = append(parts, b.col(f))
	}
	if len(c.Args) == 1 {
		v := string(c.Args[0])
		if err := checkText(v); err != nil {
			b.failf("%s: the fallback %q is %v", use, clip(v), err)
			return computedCol{}, false
		}
		var lit string
		if epoch {
			t, err := ParseTime(v)
			if err != nil {
				b.failf("%s: the fallback: %v", use, err)
				return computedCol{}, false
			}
			lit = strconv.FormatInt(t.UnixMilli(), 10)
		} else {
			var err error
			if lit, err = Literal(v, first.ValueType()); err != nil {
				b.failf("%s: the fallback: %v", use, err)
				return computedCol{}, false
			}
		}
		parts = append(parts, lit)
	}
	return computedCol{field: ocsf.Field{Type: first.Type}, expr: "coalesce(" + strings.Join(parts, ", ") + ")", epoch: epoch}, true
}

// regexpExtract writes regexp_extract(a, 'pattern'[, group]). The pattern
// is checked like the regex filters' (length, NUL, UTF-8) and otherwise left
// to the engine, whose Java-style dialect reports a bad pattern.
func (b *builder) regexpExtract(c models.Computed, use string) (computedCol, bool) {
	if len(c.Args) < 1 || len(c.Args) > 2 {
		b.failf("%s takes a pattern and an optional group number, got %d argument(s)", use, len(c.Args))
		return computedCol{}, false
	}
	f, ok := b.textArg(c, use, len(c.Args))
	if !ok {
		return computedCol{}, false
	}
	pattern := string(c.Args[0])
	if pattern == "" {
		b.failf("%s: the pattern is empty", use)
		return computedCol{}, false
	}
	if len(pattern) > maxRegexLen {
		b.failf("%s: the pattern is %d bytes long; the limit is %d", use, len(pattern), maxRegexLen)
		return computedCol{}, false
	}
	expr := "regexp_extract(" + b.col(f) + ", " + StringLiteral(pattern)
	if len(c.Args) == 2 {
		g, err := strconv.Atoi(strings.TrimSpace(string(c.Args[1])))
		if err != nil || g < 0 || g > 99 {
			b.failf("%s: the group %q is not a whole number from 0 to 99", use, clip(string(c.Args[1])))
			return computedCol{}, false
		}
		expr += ", " + strconv.Itoa(g)
	}
	return computedCol{field: ocsf.Field{Type: "varchar"}, expr: expr + ")"}, true
}

// mapFunc writes element_at(map, key), typed by the map's value type, and
// map_keys(map), an array of its key type.
func (b *builder) mapFunc(c models.Computed, use string) (computedCol, bool) {
	f, ok := b.argField(c.Field, use)
	if !ok {
		return computedCol{}, false
	}
	key, val, ok := mapTypes(f.Type)
	if !ok {
		b.failf("%s works on map fields such as unmapped, and %s is %s", use, f.Path, f.Type)
		return computedCol{}, false
	}
	if c.Func == models.CompMapKeys {
		if len(c.Args) != 0 {
			b.failf("%s takes no arguments, got %d", use, len(c.Args))
			return computedCol{}, false
		}
		return computedCol{field: ocsf.Field{Type: "array(" + key + ")"}, expr: "map_keys(" + b.col(f) + ")"}, true
	}
	if len(c.Args) != 1 {
		b.failf("%s takes one argument (the key), got %d", use, len(c.Args))
		return computedCol{}, false
	}
	k := string(c.Args[0])
	if err := checkText(k); err != nil {
		b.failf("%s: the key %q is %v", use, clip(k), err)
		return computedCol{}, false
	}
	lit, err := Literal(k, ocsf.Field{Type: key}.ValueType())
	if err != nil {
		b.failf("%s: the key: %v", use, err)
		return computedCol{}, false
	}
	return computedCol{field: ocsf.Field{Type: val}, expr: "element_at(" + b.col(f) + ", " + lit + ")"}, true
}
