package athenaemu

import "testing"

func TestStatementKind(t *testing.T) {
	for sql, want := range map[string]string{
		"SELECT 1": "DML query",
		"  -- note\n/* c */ (  with x as (select 1) select * from x)": "DML query",
		"VALUES 1":               "DML query",
		"INSERT INTO t SELECT 1": "DML",
		"CREATE TABLE t (x int)": "DDL",
		"drop table t":           "DDL",
		"MSCK REPAIR TABLE t":    "DDL",
		"SHOW TABLES":            "UTILITY",
		"DESCRIBE t":             "UTILITY",
		"EXPLAIN SELECT 1":       "UTILITY",
		"":                       "DML",
		"/* unterminated":        "DML",
		"-- only a comment":      "DML",
		"123":                    "DML",
	} {
		typ, q := StatementKind(sql)
		got := typ
		if q {
			got += " query"
		}
		if got != want {
			t.Errorf("StatementKind(%q) = %s, want %s", sql, got, want)
		}
	}
}

func TestMatchExpression(t *testing.T) {
	for _, c := range []struct {
		expr, name string
		want       bool
	}{
		{"vpc.*", "vpc_flow", true},
		{"vpc*", "vpc_flow", true}, // Glue wildcard
		{"vpc", "vpc_flow", false}, // whole name
		{"a|vpc_flow", "vpc_flow", true},
		{"VPC_FLOW", "vpc_flow", true},
		{"(", "(", true}, // invalid regexp: literal via the wildcard form
		{"[", "x", false},
	} {
		if got := matchExpression(c.expr)(c.name); got != c.want {
			t.Errorf("matchExpression(%q)(%q) = %v", c.expr, c.name, got)
		}
	}
}
