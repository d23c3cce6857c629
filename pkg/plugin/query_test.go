package plugin

import (
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"

	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

var (
	testFrom = time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	testTo   = time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
)

func dataQuery(refID, js string) backend.DataQuery {
	return backend.DataQuery{RefID: refID, JSON: json.RawMessage(js), TimeRange: backend.TimeRange{From: testFrom, To: testTo},
		Interval: time.Minute, MaxDataPoints: 1000}
}

func runQueries(t testing.TB, ds *Datasource, qs ...backend.DataQuery) map[string]backend.DataResponse {
	t.Helper()
	resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{Queries: qs})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses
}

// startedSQL returns the SQL of every StartQueryExecution the server saw.
func startedSQL(srv *athenaemu.CannedServer) []string {
	var out []string
	for _, c := range srv.CallsTo("StartQueryExecution") {
		if in, ok := c.Input.(*athena.StartQueryExecutionInput); ok && in.QueryString != nil {
			out = append(out, *in.QueryString)
		}
	}
	return out
}

func TestBuilderTimeSeriesIsWideAndPartitioned(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("vpc_flow_2_0"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "time", Type: "timestamp"}, {Name: "action", Type: "varchar"}, {Name: "count", Type: "bigint"}},
		Rows: [][]*string{
			athenaemu.Row("2026-10-20 00:00:00.000", "Allowed", 10), athenaemu.Row("2026-10-20 00:00:00.000", "Denied", 3),
			athenaemu.Row("2026-10-20 01:00:00.000", "Allowed", 12),
		},
		Steps: athenaemu.Steps("QUEUED", "RUNNING"),
		Stats: athenaemu.Stats{DataScannedBytes: 123456789, EngineTimeMs: 900},
	})
	ds := newTestDatasource(t, srv, nil)
	res := runQueries(t, ds, dataQuery("A", `{"source":"vpc_flow","format":"time_series","groupBy":["action"],"aggregations":[{"func":"count"}],"timeBucket":"1h"}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	f := res.Frames[0]
	if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesWide {
		t.Fatalf("frame type = %+v, want wide time series", f.Meta)
	}
	if len(f.Fields) != 3 {
		t.Fatalf("want time + one series per action, got %d fields", len(f.Fields))
	}
	sql := startedSQL(srv)
	if len(sql) != 1 || !strings.Contains(sql[0], `"time_dt" BETWEEN TIMESTAMP '2026-10-20 00:00:00.000' AND TIMESTAMP '2026-10-21 00:00:00.000'`) {
		t.Fatalf("partition predicate missing: %v", sql)
	}
	if f.Meta.ExecutedQueryString != sql[0] {
		t.Fatal("the frame must carry the executed SQL")
	}
	custom, _ := json.Marshal(f.Meta.Custom)
	if !strings.Contains(string(custom), `"dataScannedBytes":123456789`) {
		t.Fatalf("custom meta = %s", custom)
	}
}

func TestRawSQLMacrosAndMissingPartitionNotice(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(7)}})
	ds := newTestDatasource(t, srv, map[string]any{"lakeVersion": "1"})
	res := runQueries(t, ds,
		dataQuery("A", `{"rawSql":"SELECT count(*) AS n FROM $__table(cloud_trail_mgmt) WHERE $__partitionFilter","accounts":["111122223333"]}`),
		dataQuery("B", `{"rawSql":"SELECT count(*) AS n FROM amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0"}`),
	)
	for _, id := range []string{"A", "B"} {
		if res[id].Error != nil {
			t.Fatalf("%s: %v", id, res[id].Error)
		}
	}
	var expanded string
	for _, s := range startedSQL(srv) {
		if strings.Contains(s, "eventday") {
			expanded = s
		}
	}
	for _, want := range []string{`"eventday" BETWEEN '20261020' AND '20261021'`, `"time" BETWEEN 1792454400000 AND 1792540800000`, `"accountid" IN ('111122223333')`, "cloud_trail_mgmt_1_0"} {
		if !strings.Contains(expanded, want) {
			t.Fatalf("expanded SQL lacks %q: %s", want, expanded)
		}
	}
	if n := res["A"].Frames[0].Meta.Notices; len(n) != 0 {
		t.Fatalf("A has a partition filter, got notices %v", n)
	}
	notices := res["B"].Frames[0].Meta.Notices
	if len(notices) == 0 || notices[0].Severity != data.NoticeSeverityWarning || !strings.Contains(notices[0].Text, "$__partitionFilter") {
		t.Fatalf("B must warn about the missing partition predicate, got %v", notices)
	}
}

func TestLogsFormat(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("cloud_trail_mgmt_2_0"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "time_dt", Type: "timestamp"}, {Name: "severity_id", Type: "integer"}, {Name: "class_name", Type: "varchar"}, {Name: "api.operation", Type: "varchar"}, {Name: "actor.user.name", Type: "varchar"}},
		Rows:    [][]*string{athenaemu.Row("2026-10-20 10:00:00.000", 5, "API Activity", "StopLogging", "mallory")},
	})
	ds := newTestDatasource(t, srv, nil)
	res := runQueries(t, ds, dataQuery("A", `{"source":"cloud_trail_mgmt","format":"logs","fields":["api.operation","actor.user.name"]}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	f := res.Frames[0]
	if f.Meta.Type != data.FrameTypeLogLines {
		t.Fatalf("type = %s", f.Meta.Type)
	}
	body, _ := f.FieldByName("body")
	level, _ := f.FieldByName("severity")
	if body == nil || level == nil || !strings.Contains(body.At(0).(string), "StopLogging") || level.At(0) != "critical" {
		t.Fatalf("logs frame: %v", f)
	}
}

func TestUserErrorsAreDownstream(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("SELECT FROM WHERE"), athenaemu.Result{Final: "FAILED", Failure: athenaemu.Failure{
		Reason: "line 1:1: mismatched input 'WHERE'", Category: 2, Type: 1100}})
	ds := newTestDatasource(t, srv, map[string]any{"maxTimeRangeDays": 30})
	long := dataQuery("D", `{"source":"waf","format":"table"}`)
	long.TimeRange.From = testTo.Add(-40 * 24 * time.Hour)
	res := runQueries(t, ds,
		dataQuery("A", `{"source":"vpc_flow","filters":[{"field":"no.such.field","op":"=","value":"x"}]}`),
		dataQuery("B", `{"rawSql":"SELECT FROM WHERE"}`),
		dataQuery("C", `{"rawSql":"SELECT $__nope(1)"}`),
		long,
		dataQuery("E", `{"source":"netflow"}`),
	)
	want := map[string]string{
		"A": `unknown field "no.such.field" for source vpc_flow`,
		"B": "mismatched input 'WHERE'",
		"C": "$__nope",
		"D": "more than the 30 days",
		"E": "netflow",
	}
	for id, msg := range want {
		r := res[id]
		if r.Error == nil || !strings.Contains(r.Error.Error(), msg) {
			t.Fatalf("%s: error = %v, want containing %q", id, r.Error, msg)
		}
		if r.ErrorSource != backend.ErrorSourceDownstream || r.Status != backend.StatusBadRequest {
			t.Fatalf("%s: source/status = %s/%d, want downstream/400", id, r.ErrorSource, r.Status)
		}
		if strings.Contains(r.Error.Error(), plugintest.FixtureSecretKey) {
			t.Fatalf("%s: secret in error", id)
		}
	}
}

func TestRowLimitNotice(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}},
		Rows: athenaemu.Generate(25, func(i int) []*string { return athenaemu.Row(i) })})
	ds := newTestDatasource(t, srv, map[string]any{"rowLimit": 10})
	res := runQueries(t, ds, dataQuery("A", `{"rawSql":"SELECT n FROM t"}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	f := res.Frames[0]
	if f.Rows() != 10 {
		t.Fatalf("rows = %d, want the row limit 10", f.Rows())
	}
	found := false
	for _, n := range f.Meta.Notices {
		found = found || strings.Contains(n.Text, "10 rows")
	}
	if !found {
		t.Fatalf("no truncation notice in %v", f.Meta.Notices)
	}
}

func TestInvalidSettingsAnswerEveryQuery(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	ds := newTestDatasource(t, srv, map[string]any{"defaultRegion": "", "outputLocation": "not-s3"})
	res := runQueries(t, ds, dataQuery("A", `{"source":"waf"}`))["A"]
	if res.Error == nil || !strings.Contains(res.Error.Error(), "Default Region") || !strings.Contains(res.Error.Error(), "S3 URI") {
		t.Fatalf("error = %v", res.Error)
	}
	if srv.Count("StartQueryExecution") != 0 {
		t.Fatal("no query may run with invalid settings")
	}
}

func TestQueriesOfOneRequestAllAnswer(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)},
		Steps: athenaemu.Steps("RUNNING", "RUNNING")})
	ds := newTestDatasource(t, srv, map[string]any{"maxConcurrentQueries": 2}) // read, ignored
	var qs []backend.DataQuery
	for _, id := range []string{"A", "B", "C", "D", "E"} {
		qs = append(qs, dataQuery(id, `{"rawSql":"SELECT 1 AS n"}`))
	}
	res := runQueries(t, ds, qs...)
	if len(res) != 5 {
		t.Fatalf("responses = %d", len(res))
	}
	for id, r := range res {
		if r.Error != nil || r.Frames[0].Rows() != 1 {
			t.Fatalf("%s: %v", id, r.Error)
		}
	}
}
