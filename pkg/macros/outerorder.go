package macros

import (
	"strconv"
	"strings"
)

// OrderKey is one key of a statement's outermost ORDER BY, in a form that
// can be applied again to the statement's output: an output column by name
// or by position.
type OrderKey struct {
	// Name is the column name (Quoted: as written inside double quotes;
	// otherwise a bare word, which the engine lower-cases). Empty when the
	// key is a position.
	Name   string
	Quoted bool
	// Ordinal is the 1-based output position of ORDER BY 2; 0 for a name.
	Ordinal int
	Desc    bool
	// Nulls is "FIRST", "LAST" or "" (the engine's default).
	Nulls string
}

// OuterOrder finds the ORDER BY of a statement's outermost query: the one
// at parenthesis depth 0, which orders the rows the statement returns (a
// window's, an aggregate's or a subquery's ORDER BY sits inside
// parentheses). present is false when there is none. ok is false when a key
// is anything but a bare or quoted output name or a position (an
// expression, a qualified column, a parameter): such an order cannot be
// applied again outside the statement.
//
// It exists for the nested-values wrapper (sqlbuild.NestedAsJSON): the
// engine may drop the ORDER BY of a subquery, so a wrapper around a
// statement must repeat its order.
func OuterOrder(sql string) (keys []OrderKey, present, ok bool) {
	toks := lex(sql)
	depth, start := 0, -1
	for i, t := range toks {
		switch {
		case t.punct('('):
			depth++
		case t.punct(')'):
			depth--
		case depth == 0 && t.is("ORDER") && i+1 < len(toks) && toks[i+1].is("BY"):
			start = i + 2
		}
	}
	if start < 0 {
		return nil, false, true
	}
	var key []token
	flush := func() bool {
		k, good := orderKey(key)
		key = key[:0]
		keys = append(keys, k)
		return good
	}
	depth = 0
	for _, t := range toks[start:] {
		switch {
		case depth == 0 && (t.is("LIMIT") || t.is("OFFSET") || t.is("FETCH") || t.punct(';')):
			return keys, true, flush()
		case depth == 0 && t.punct(','):
			if !flush() {
				return nil, true, false
			}
			continue
		case t.punct('('):
			depth++
		case t.punct(')'):
			depth--
		}
		key = append(key, t)
	}
	if !flush() {
		return nil, true, false
	}
	return keys, true, true
}

// orderKey reads one key: a name or a position, then ASC or DESC, then
// NULLS FIRST or NULLS LAST, each optional.
func orderKey(toks []token) (OrderKey, bool) {
	var k OrderKey
	if len(toks) == 0 {
		return k, false
	}
	head := toks[0]
	switch {
	case head.kind == tokQuoted:
		k.Name, k.Quoted = head.text, true
	case head.kind == tokWord && !isKeyword(head):
		k.Name = strings.ToLower(head.text)
	case head.kind == tokOther && head.text != "":
		n, err := strconv.Atoi(head.text)
		if err != nil || n < 1 {
			return k, false
		}
		k.Ordinal = n
	default:
		return k, false
	}
	rest := toks[1:]
	if len(rest) > 0 && (rest[0].is("ASC") || rest[0].is("DESC")) {
		k.Desc = rest[0].is("DESC")
		rest = rest[1:]
	}
	if len(rest) == 2 && rest[0].is("NULLS") && (rest[1].is("FIRST") || rest[1].is("LAST")) {
		k.Nulls = strings.ToUpper(rest[1].text)
		rest = nil
	}
	return k, len(rest) == 0
}

// isKeyword reports words that cannot be a bare output column name here.
func isKeyword(t token) bool {
	for _, kw := range []string{"ASC", "DESC", "NULLS", "CASE", "CAST", "TRY_CAST", "NOT", "NULL", "TRUE", "FALSE"} {
		if t.is(kw) {
			return true
		}
	}
	return false
}

// IsQuery reports whether a statement returns rows from a query the
// nested-values wrapper can nest in a subquery: it starts with SELECT,
// WITH, VALUES, TABLE or an opening parenthesis (after comments). SHOW,
// DESCRIBE, EXPLAIN and the like cannot be nested.
func IsQuery(sql string) bool {
	toks := lex(sql)
	if len(toks) == 0 {
		return false
	}
	t := toks[0]
	return t.is("SELECT") || t.is("WITH") || t.is("VALUES") || t.is("TABLE") || t.punct('(')
}

// nestedWords are SQL words that build or return a row, array or map: type
// constructors and casts (ARRAY[…], MAP(…), ROW(…), CAST(… AS ARRAY(…)))
// and the functions of Trino's array, map and aggregate families that
// return one. Any word starting with array_ or map_ counts too.
var nestedWords = map[string]bool{
	"array": true, "map": true, "row": true, "split": true, "regexp_extract_all": true, "regexp_split": true,
	"histogram": true, "multimap_agg": true, "numeric_histogram": true, "approx_most_frequent": true,
	"transform": true, "transform_keys": true, "transform_values": true, "filter": true, "zip": true,
	"zip_with": true, "sequence": true, "repeat": true, "slice": true, "flatten": true, "reverse": true,
	"shuffle": true, "concat": true, "element_at": true, "reduce": true, "combinations": true, "ngrams": true,
	"split_to_map": true, "split_to_multimap": true, "approx_percentile": true, "entries": true,
}

// MayReturnNested reports whether a statement may return a row, array or
// map column, so that learning its output columns is worth a probe query.
// It is deliberately generous (a false "yes" costs one LIMIT 0 query, a
// false "no" leaves nested values as text with a notice): a `*` other than
// count(*), a column whose path nestedPath reports as nested (a dotted name
// is tried whole and without its first part, which may be a table alias),
// a subscript ([), or a word of nestedWords.
func MayReturnNested(sql string, nestedPath func(path string) bool) bool {
	toks := lex(sql)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.punct('*'):
			if i == 0 || !toks[i-1].punct('(') || i+1 >= len(toks) || !toks[i+1].punct(')') {
				return true
			}
		case t.punct('['):
			return true
		case t.kind == tokWord && (nestedWords[strings.ToLower(t.text)] ||
			strings.HasPrefix(strings.ToLower(t.text), "array_") || strings.HasPrefix(strings.ToLower(t.text), "map_")):
			return true
		case t.ident():
			parts, next := chain(toks, i)
			if len(parts) == 0 {
				continue
			}
			for j := range parts {
				parts[j] = strings.ToLower(parts[j])
			}
			if nestedPath(strings.Join(parts, ".")) || (len(parts) > 1 && nestedPath(strings.Join(parts[1:], "."))) {
				return true
			}
			i = next - 1
		}
	}
	return false
}
