package plugin

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// TestNonReadStatementsNeverReachAthena sends the statements a hostile user
// tried through raw SQL: each is refused as the user's error, and Athena
// sees no StartQueryExecution at all.
func TestNonReadStatementsNeverReachAthena(t *testing.T) {
	statements := []string{
		"DROP TABLE $__table(vpc_flow)",
		"INSERT INTO $__table(vpc_flow) SELECT * FROM $__table(vpc_flow) WHERE $__partitionFilter",
		"CREATE TABLE copy AS SELECT * FROM $__table(vpc_flow) WHERE $__partitionFilter",
		"UNLOAD (SELECT * FROM $__table(vpc_flow) WHERE $__partitionFilter) TO 's3://any-bucket/' WITH (format = 'PARQUET')",
		"ALTER TABLE $__table(vpc_flow) ADD COLUMNS (c int)",
		"MSCK REPAIR TABLE $__table(vpc_flow@1)",
		"CALL system.sync_partition_metadata('db', 't', 'FULL')",
		"EXPLAIN ANALYZE INSERT INTO t SELECT 1",
		"/* SELECT */ DROP TABLE t",
		"DELETE FROM $__table(vpc_flow) WHERE $__partitionFilter",
		"UPDATE t SET a = 1",
		"MERGE INTO t USING u ON true WHEN MATCHED THEN DELETE",
		"GRANT SELECT ON t TO u",
		"SET SESSION query_max_run_time = '1h'",
		"PREPARE p FROM DELETE FROM t",
		"EXECUTE p",
		"SELECT 1; DROP TABLE t",
	}
	srv := plugintest.NewLakeServer(t)
	ds := newTestDatasource(t, srv, nil)
	var qs []backend.DataQuery
	for i, s := range statements {
		js, _ := json.Marshal(map[string]any{"rawSql": s})
		qs = append(qs, dataQuery(fmt.Sprint(i), string(js)))
	}
	res := runQueries(t, ds, qs...)
	for i, s := range statements {
		r := res[fmt.Sprint(i)]
		if r.Error == nil || r.ErrorSource != backend.ErrorSourceDownstream || r.Status != backend.StatusBadRequest {
			t.Errorf("%q: got %v (%s/%d), want a downstream 400", s, r.Error, r.ErrorSource, r.Status)
		}
	}
	if got := srv.CallsTo("StartQueryExecution"); len(got) != 0 {
		t.Fatalf("%d non-read statements reached Athena", len(got))
	}
}

// TestTrailingSemicolonRuns: AWS's published examples end with ';'.
func TestTrailingSemicolonRuns(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
	ds := newTestDatasource(t, srv, nil)
	r := runQueries(t, ds, dataQuery("A", `{"rawSql":"SELECT 1 AS n;","format":"table"}`))["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	sql := startedSQL(srv)
	if len(sql) != 1 || strings.Contains(sql[0], ";") {
		t.Fatalf("started %q, want the statement without its semicolon", sql)
	}
}

// TestNonReadStatementsWhenAllowed: the opt-in setting lets DDL through,
// but still one statement per query.
func TestNonReadStatementsWhenAllowed(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}})
	ds := newTestDatasource(t, srv, map[string]any{"allowNonReadStatements": true})
	res := runQueries(t, ds,
		dataQuery("A", `{"rawSql":"CREATE TABLE x AS SELECT 1 AS n;","format":"table"}`),
		dataQuery("B", `{"rawSql":"SELECT 1; DROP TABLE x","format":"table"}`))
	if res["A"].Error != nil {
		t.Fatalf("A: %v", res["A"].Error)
	}
	if res["B"].Error == nil || !strings.Contains(res["B"].Error.Error(), "several statements") {
		t.Fatalf("B: %v, want the several-statements error", res["B"].Error)
	}
	if sql := startedSQL(srv); len(sql) != 1 || sql[0] != "CREATE TABLE x AS SELECT 1 AS n" {
		t.Fatalf("started %q", sql)
	}
}
