package sqlbuild_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// sqlTokens is a statement split the way Trino's lexer splits it, as far as
// the builder's output needs: string literals, quoted identifiers, and the
// code between them (words, numbers, punctuation).
type sqlTokens struct {
	code   []string
	strs   []string // '…' contents, '' undoubled
	idents []string // "…" contents, "" undoubled
}

// tokenize splits sql; it fails on an unterminated literal or identifier.
func tokenize(sql string) (sqlTokens, error) {
	var t sqlTokens
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'' || c == '"':
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(sql) {
					return t, fmt.Errorf("unterminated %c at offset %d", c, i)
				}
				if sql[j] == c {
					if j+1 < len(sql) && sql[j+1] == c {
						b.WriteByte(c)
						j += 2
						continue
					}
					break
				}
				b.WriteByte(sql[j])
				j++
			}
			if c == '\'' {
				t.strs = append(t.strs, b.String())
			} else {
				t.idents = append(t.idents, b.String())
			}
			i = j + 1
		case c == ' ' || c == '\n':
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(sql) && (isDigit(sql[j]) || sql[j] == '.') {
				j++
			}
			if j < len(sql) && sql[j] == 'E' {
				j++
				if j < len(sql) && (sql[j] == '+' || sql[j] == '-') {
					j++
				}
				for j < len(sql) && isDigit(sql[j]) {
					j++
				}
			}
			t.code = append(t.code, sql[i:j])
			i = j
		case isWordStart(c):
			j := i
			for j < len(sql) && (isWordStart(sql[j]) || isDigit(sql[j])) {
				j++
			}
			t.code = append(t.code, sql[i:j])
			i = j
		default:
			t.code = append(t.code, sql[i:i+1])
			i++
		}
	}
	return t, nil
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isWordStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// codeWords are every keyword and function name the builder writes; a user
// value can never add to them.
var codeWords = setOf("SELECT", "FROM", "WHERE", "AND", "GROUP", "BY", "ORDER", "DESC", "LIMIT", "AS", "IN", "NOT",
	"IS", "NULL", "BETWEEN", "TIMESTAMP", "CAST", "JSON", "DISTINCT", "TRUE", "FALSE", "timestamp", "varchar",
	"count", "sum", "avg", "min", "max", "approx_distinct", "strpos", "starts_with", "regexp_like", "any_match",
	"date_trunc", "from_unixtime", "to_unixtime", "floor", "e",
	"OR", "TRY_CAST", "IPADDRESS", "contains", "HAVING", "count_if", "array_join", "slice", "array_sort", "array_agg",
	"e2", "CROSS", "JOIN", "UNNEST", "transform", "flatten", "filter", "element_at", "cardinality", "coalesce",
	"CASE", "WHEN", "THEN", "ELSE", "END", "lower", "upper", "regexp_extract", "json_extract_scalar", "map_keys",
	// unions and joins (union.go, join.go): row types of the branches.
	"UNION", "ALL", "ROW", "integer", "bigint", "boolean", "real", "double", "JOIN", "LEFT", "ON")

// codePunct is the punctuation the builder writes (no ';', no '!', no '|').
var codePunct = setOf(",", "(", ")", ".", "=", "<", ">", "*", "/", "-")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// schemaFields lists the fields of the field sets the tests use.
func schemaFields(fs sqlbuild.FieldSet) []ocsf.Field {
	switch s := fs.(type) {
	case *ocsf.Schema:
		return s.Fields
	case fieldList:
		return s
	}
	return nil
}

// tableIdents caches the identifiers of each table (see allowedIdents).
var tableIdents sync.Map // lake.Table.Name → map[string]bool

// allowedIdents are the identifiers a statement on in may contain: table
// names, field path parts and paths (aliases), the bucket and default
// aggregate names, and the query's own aggregation aliases.
func allowedIdents(in sqlbuild.Input) func(string) bool {
	cached, found := tableIdents.Load(in.Table.Name)
	if !found {
		ok := setOf(in.Table.Catalog, in.Table.Database, in.Table.Name, "time", "count", "count_if", "level",
			lake.ColTime, lake.ColTimeDT, lake.ColEventDay, lake.ColAccountID, lake.ColRegion)
		aggs := []string{"count", "count_distinct", "approx_distinct", "sum", "avg", "min", "max", "distinct_list"}
		for _, f := range schemaFields(in.Fields) {
			ok[f.Path] = true
			for _, a := range aggs {
				ok[a+"_"+f.Path] = true
			}
			for _, seg := range strings.Split(f.Path, "[]") {
				for _, part := range strings.Split(strings.Trim(seg, "."), ".") {
					ok[part] = true
				}
			}
		}
		cached, _ = tableIdents.LoadOrStore(in.Table.Name, ok)
	}
	base := cached.(map[string]bool)
	return func(id string) bool {
		if base[id] {
			return true
		}
		for _, a := range in.Query.Aggregations {
			if a.Alias == id {
				return true
			}
		}
		for _, p := range in.Query.Picks {
			if p.Alias == id {
				return true
			}
		}
		for _, c := range in.Query.Computed {
			if c.Alias == id || "size("+c.Alias+")" == id {
				return true
			}
			for _, a := range []string{"count_distinct", "approx_distinct", "sum", "avg", "min", "max", "distinct_list"} {
				if a+"_"+c.Alias == id {
					return true
				}
			}
		}
		return arrayIdent(base, id)
	}
}

// arrayIdent allows the names the array features write: the UNNEST alias
// "u", "p[]" (the element of the array p), and "size(p)" with its default
// aggregate names, for catalog paths p.
func arrayIdent(base map[string]bool, id string) bool {
	if id == "u" {
		return true
	}
	if p, ok := strings.CutSuffix(id, "[]"); ok && base[p] {
		return true
	}
	if i := strings.Index(id, "size("); i >= 0 && strings.HasSuffix(id, ")") {
		prefix := id[:i]
		return base[id[i+5:len(id)-1]] && (prefix == "" || base[prefix+"time"])
	}
	return false
}

// checkInvariants returns the first broken rule of a built statement:
//   - quotes balance, and outside literals and identifiers there are only the
//     builder's keywords, function names, numbers and punctuation, so no
//     user text is SQL code;
//   - every identifier comes from the table or the field set (or is a
//     validated alias);
//   - the WHERE clause starts with the partition predicate;
//   - every account and Region appears as a literal.
//
// extra are further allowed identifiers (the output names of statements
// other than Build's).
func checkInvariants(in sqlbuild.Input, sql string, extra ...string) error {
	toks, err := tokenize(sql)
	if err != nil {
		return err
	}
	for _, c := range toks.code {
		if isDigit(c[0]) || codeWords[c] || codePunct[c] {
			continue
		}
		return fmt.Errorf("unexpected code token %q", c)
	}
	allowed := []func(string) bool{allowedIdents(in)}
	for _, br := range otherBranches(in) {
		allowed = append(allowed, allowedIdents(sqlbuild.Input{Query: in.Query, Table: br.Table, Fields: br.Fields}))
	}
	if len(in.Union) > 0 {
		extra = append(extra, sqlbuild.SourceColumn, "u")
	}
	extra = append(extra, joinIdents(in)...)
	for _, id := range toks.idents {
		if !slices.ContainsFunc(allowed, func(ok func(string) bool) bool { return ok(id) }) && !slices.Contains(extra, id) {
			return fmt.Errorf("identifier %q is not from the table or field set", id)
		}
	}
	if err := checkPartitions(in, sql); err != nil {
		return err
	}
	strs := setOf(toks.strs...)
	for _, v := range append(append([]string(nil), in.Query.Accounts...), in.Query.Regions...) {
		if v != "" && !strs[v] {
			return fmt.Errorf("scope value %q is not a literal", v)
		}
	}
	return nil
}

func assertInvariants(t testing.TB, in sqlbuild.Input, sql string) {
	t.Helper()
	if err := checkInvariants(in, sql); err != nil {
		t.Fatalf("%v in\n%s", err, sql)
	}
}

func TestTokenize(t *testing.T) {
	toks, err := tokenize(`SELECT "a""b" FROM t WHERE x = 'it''s' AND y > 1.5E+00`)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(toks.strs, "|"); got != "it's" {
		t.Errorf("strs = %q", got)
	}
	if got := strings.Join(toks.idents, "|"); got != `a"b` {
		t.Errorf("idents = %q", got)
	}
	if got := strings.Join(toks.code, " "); got != "SELECT FROM t WHERE x = AND y > 1.5E+00" {
		t.Errorf("code = %q", got)
	}
	for _, bad := range []string{`SELECT 'x`, `SELECT "x`, `'a''`} {
		if _, err := tokenize(bad); err == nil {
			t.Errorf("tokenize(%q) did not fail", bad)
		}
	}
}
