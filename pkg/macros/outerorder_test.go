package macros

import (
	"reflect"
	"testing"
)

func TestOuterOrder(t *testing.T) {
	for _, tc := range []struct {
		sql         string
		keys        []OrderKey
		present, ok bool
	}{
		{"SELECT a FROM t", nil, false, true},
		{"SELECT a FROM t ORDER BY a", []OrderKey{{Name: "a"}}, true, true},
		{`SELECT a, "B" FROM t ORDER BY 2 DESC, "B" ASC NULLS FIRST, A DESC NULLS LAST LIMIT 10`,
			[]OrderKey{{Ordinal: 2, Desc: true}, {Name: "B", Quoted: true, Nulls: "FIRST"}, {Name: "a", Desc: true, Nulls: "LAST"}}, true, true},
		// Inner orders (window, aggregate, subquery, CTE) are not the statement's.
		{"SELECT row_number() OVER (ORDER BY x) AS r, array_agg(y ORDER BY y) FROM (SELECT * FROM t ORDER BY z LIMIT 3)", nil, false, true},
		{"WITH c AS (SELECT a FROM t ORDER BY a) SELECT a FROM c ORDER BY a OFFSET 2", []OrderKey{{Name: "a"}}, true, true},
		// A union's ORDER BY orders the union.
		{"SELECT a FROM t UNION ALL SELECT a FROM u ORDER BY a DESC", []OrderKey{{Name: "a", Desc: true}}, true, true},
		// Expressions, qualified names and literals cannot be applied again.
		{"SELECT a FROM t ORDER BY a + 1", nil, true, false},
		{"SELECT a FROM t ORDER BY t.a", nil, true, false},
		{"SELECT a FROM t ORDER BY lower(a)", nil, true, false},
		{"SELECT a FROM t ORDER BY 'a'", nil, true, false},
		{"SELECT a FROM t ORDER BY 0", nil, true, false},
		{"SELECT a FROM t ORDER BY", nil, true, false},
		// Words in comments and strings are not keywords.
		{"SELECT 'ORDER BY x' AS a FROM t -- ORDER BY b\n", nil, false, true},
		{"SELECT a FROM t ORDER BY a FETCH FIRST 3 ROWS ONLY", []OrderKey{{Name: "a"}}, true, true},
	} {
		keys, present, ok := OuterOrder(tc.sql)
		if present != tc.present || ok != tc.ok || (ok && !reflect.DeepEqual(keys, tc.keys)) {
			t.Errorf("OuterOrder(%q) = %+v, %v, %v; want %+v, %v, %v", tc.sql, keys, present, ok, tc.keys, tc.present, tc.ok)
		}
	}
}

func TestIsQuery(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT 1": true, "-- c\nwith a AS (SELECT 1) SELECT * FROM a": true, "(SELECT 1) UNION (SELECT 2)": true,
		"VALUES 1": true, "SHOW TABLES": false, "DESCRIBE t": false, "EXPLAIN SELECT 1": false, "": false,
	} {
		if got := IsQuery(sql); got != want {
			t.Errorf("IsQuery(%q) = %v, want %v", sql, got, want)
		}
	}
}

func TestMayReturnNested(t *testing.T) {
	nested := func(p string) bool { return p == "actor" || p == "actor.user" || p == "resources" || p == "unmapped" }
	for sql, want := range map[string]bool{
		"SELECT 1 AS n":                                         false,
		"SELECT count(*) AS n FROM t":                           false,
		"SELECT api.operation, count(*) FROM t GROUP BY 1":      false,
		`SELECT "actor"."user"."name" FROM t`:                   false,
		"SELECT * FROM t":                                       true,
		"SELECT t.* FROM t":                                     true,
		"SELECT a * 2 FROM t":                                   true, // generous: costs one probe
		"SELECT actor FROM t":                                   true,
		`SELECT x."actor"."user" FROM t x`:                      true,
		"SELECT resources FROM t":                               true,
		"SELECT unmapped['k'] FROM t":                           true,
		"SELECT array_agg(a) FROM t":                            true,
		"SELECT map_keys(m) FROM t":                             true,
		"SELECT CAST(x AS ARRAY(varchar)) FROM t":               true,
		"SELECT split(a, ',') FROM t":                           true,
		"SELECT 'actor' AS s FROM t -- resources":               false,
		"SELECT regexp_extract_all(a, '[0-9]+') AS ids FROM t":  true,
		"SELECT sum(traffic.bytes) AS b FROM t GROUP BY region": false,
	} {
		if got := MayReturnNested(sql, nested); got != want {
			t.Errorf("MayReturnNested(%q) = %v, want %v", sql, got, want)
		}
	}
}
