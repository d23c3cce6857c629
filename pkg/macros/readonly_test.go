package macros

import (
	"errors"
	"strings"
	"testing"
)

// TestReadOnlyRefuses holds the statements a hostile or careless user sent
// through raw SQL: none of them may reach the engine.
func TestReadOnlyRefuses(t *testing.T) {
	cases := []struct{ sql, kind string }{
		{`DROP TABLE amazon_security_lake_table_us_east_1_vpc_flow_2_0`, "DROP TABLE"},
		{`drop table x`, "DROP TABLE"},
		{`INSERT INTO t SELECT * FROM u`, "INSERT INTO"},
		{`CREATE TABLE t AS SELECT 1`, "CREATE TABLE"},
		{`CREATE OR REPLACE VIEW v AS SELECT 1`, "CREATE OR REPLACE VIEW"},
		{`UNLOAD (SELECT * FROM t) TO 's3://any-bucket/' WITH (format = 'PARQUET')`, "UNLOAD"},
		{`ALTER TABLE t ADD COLUMNS (c int)`, "ALTER TABLE"},
		{`MSCK REPAIR TABLE t`, "MSCK REPAIR"},
		{`CALL system.sync_partition_metadata('db', 't', 'FULL')`, "CALL SYSTEM"},
		{`EXPLAIN ANALYZE INSERT INTO t SELECT 1`, "EXPLAIN ANALYZE"},
		{`EXPLAIN ANALYZE SELECT 1`, "EXPLAIN ANALYZE"},
		{`EXPLAIN INSERT INTO t SELECT 1`, "EXPLAIN INSERT INTO"},
		{`EXPLAIN (TYPE IO) DELETE FROM t`, "EXPLAIN DELETE FROM"},
		{"/* SELECT */ DROP TABLE t", "DROP TABLE"},
		{"-- SELECT\nDELETE FROM t WHERE true", "DELETE FROM"},
		{`UPDATE t SET a = 1`, "UPDATE T"},
		{`MERGE INTO t USING u ON true WHEN MATCHED THEN DELETE`, "MERGE INTO"},
		{`GRANT SELECT ON t TO u`, "GRANT SELECT"},
		{`SET SESSION query_max_run_time = '1h'`, "SET SESSION"},
		{`USE other`, "USE OTHER"},
		{`PREPARE p FROM DELETE FROM t`, "PREPARE P"},
		{`EXECUTE p`, "EXECUTE P"},
		{`VACUUM t`, "VACUUM T"},
		{`OPTIMIZE t REWRITE DATA USING BIN_PACK`, "OPTIMIZE T"},
		{`(DELETE FROM t)`, "DELETE FROM"},
		{`START TRANSACTION`, "START TRANSACTION"},
	}
	for _, c := range cases {
		_, err := ReadOnly(c.sql)
		var se *StatementError
		if !errors.As(err, &se) {
			t.Errorf("%q: got %v, want a StatementError", c.sql, err)
			continue
		}
		if se.Kind != c.kind || !strings.Contains(se.Msg, c.kind) || !strings.Contains(se.Msg, "SELECT") {
			t.Errorf("%q: kind %q, message %q; want kind %q named with the allowed list", c.sql, se.Kind, se.Msg, c.kind)
		}
	}
}

func TestReadOnlyStatements(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT 1;", "SELECT 1"},
		{"SELECT 1 ;  \n", "SELECT 1   \n"},
		{"SELECT 1; -- done", "SELECT 1 -- done"},
		{"WITH a AS (SELECT 1 AS x) SELECT x FROM a", "WITH a AS (SELECT 1 AS x) SELECT x FROM a"},
		{"VALUES (1), (2)", "VALUES (1), (2)"},
		{"TABLE t", "TABLE t"},
		{"SHOW TABLES", "SHOW TABLES"},
		{"SHOW CREATE TABLE t", "SHOW CREATE TABLE t"},
		{"DESCRIBE t", "DESCRIBE t"},
		{"EXPLAIN SELECT 1", "EXPLAIN SELECT 1"},
		{"EXPLAIN (TYPE IO, FORMAT JSON) SELECT 1", "EXPLAIN (TYPE IO, FORMAT JSON) SELECT 1"},
		{"(SELECT 1) UNION ALL (SELECT 2)", "(SELECT 1) UNION ALL (SELECT 2)"},
		{"/* DROP TABLE t; */ SELECT ';' AS \"a;b\" -- ; DELETE", "/* DROP TABLE t; */ SELECT ';' AS \"a;b\" -- ; DELETE"},
		{"select 'it''s; fine'", "select 'it''s; fine'"},
	}
	for _, c := range cases {
		got, err := ReadOnly(c.sql)
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.sql, got, err, c.want)
		}
	}
}

func TestReadOnlyOneStatement(t *testing.T) {
	for _, sql := range []string{
		"SELECT 1; DROP TABLE t",
		"SELECT 1;;",
		"SELECT 1; SELECT 2",
		"SELECT 1;\n/* x */ SELECT 2;",
	} {
		_, err := ReadOnly(sql)
		var se *StatementError
		if !errors.As(err, &se) || !strings.Contains(se.Msg, "several statements") {
			t.Errorf("%q: got %v, want the several-statements error", sql, err)
		}
	}
	for _, sql := range []string{"", "  ", ";", "-- only a comment"} {
		if _, err := ReadOnly(sql); err == nil {
			t.Errorf("%q: want an error for an empty query", sql)
		}
	}
}

// TestReadOnlyClipsEcho keeps a long hostile word out of the message.
func TestReadOnlyClipsEcho(t *testing.T) {
	long := strings.Repeat("X", 5000)
	_, err := ReadOnly(long + " t")
	if err == nil || len(err.Error()) > 400 {
		t.Fatalf("got %d bytes of error, want a short one", len(err.Error()))
	}
}

func FuzzReadOnly(f *testing.F) {
	for _, s := range []string{"SELECT 1;", "DROP TABLE t", "/* x */ WITH a AS (SELECT 1) SELECT * FROM a", "EXPLAIN (TYPE IO) SELECT 1", "SELECT ';'; x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		out, err := ReadOnly(sql)
		if err != nil {
			return
		}
		// What passes is one statement whose first keyword is a read kind.
		toks := lex(out)
		i := 0
		for i < len(toks) && toks[i].punct('(') {
			i++
		}
		if i >= len(toks) || !readKinds[strings.ToUpper(toks[i].text)] {
			t.Fatalf("%q passed as %q, which does not start with a read keyword", sql, out)
		}
		if _, err := oneStatement(out); err != nil || strings.Count(sql, ";") < strings.Count(out, ";") {
			t.Fatalf("%q passed as %q with more than one statement", sql, out)
		}
	})
}

func TestReadOnlyTypo(t *testing.T) {
	_, err := ReadOnly("SELEC 1")
	if err == nil || !strings.Contains(err.Error(), `"SELEC"`) || !strings.Contains(err.Error(), "not a statement") {
		t.Fatalf("got %v, want the typo named as not a statement", err)
	}
}

// TestTableReadsQuotedVariables: the frontend quotes every variable, so
// $__table(vpc_flow@${version}) arrives as vpc_flow@'2'; a hostile value
// stays inside its literal and fails the source grammar.
func TestTableReadsQuotedVariables(t *testing.T) {
	ctx := Context{Resolver: TableResolver{List: fixtureTables()}}
	ok, err := Expand("SELECT 1 FROM $__table(vpc_flow@'1')", ctx)
	want, err2 := Expand("SELECT 1 FROM $__table(vpc_flow@1)", ctx)
	if err != nil || err2 != nil || ok.SQL != want.SQL {
		t.Fatalf("quoted version: %q %v, want %q %v", ok.SQL, err, want.SQL, err2)
	}
	for _, v := range []string{
		"2) WHERE false UNION ALL SELECT concat(table_schema, chr(46), table_name) FROM information_schema.tables --",
		"1'') OR (''1",
		"x",
	} {
		sql := "SELECT 1 FROM $__table(vpc_flow@'" + strings.ReplaceAll(v, "'", "''") + "')"
		if res, err := Expand(sql, ctx); err == nil {
			t.Errorf("%q expanded to %q, want an error", v, res.SQL)
		}
	}
}
