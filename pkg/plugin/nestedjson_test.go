package plugin

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// nestedLogs answers "FROM logs" with a row column, as Athena reports one
// (the kind only).
func nestedLogs(t *testing.T) *athenaemu.CannedServer {
	t.Helper()
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("FROM logs"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "time", Type: "timestamp"}, {Name: "actor", Type: "row"}, {Name: "n", Type: "bigint"}},
		Rows:    [][]*string{athenaemu.Row("2026-10-20 10:00:00.000", "{user={name=a, b}}", 1)},
	})
	return srv
}

func TestRawSQLNestedColumnsRunAsJSON(t *testing.T) {
	srv := nestedLogs(t)
	ds, m := faultDatasource(t, srv, map[string]any{"resultCacheSeconds": 0})
	q := dataQuery("A", `{"rawSql":"SELECT * FROM logs ORDER BY time DESC LIMIT 5","format":"table"}`)
	res := runQueries(t, ds, q)["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	sqls := startedSQL(srv)
	if len(sqls) != 2 || sqls[0] != "SELECT * FROM (\nSELECT * FROM logs ORDER BY time DESC LIMIT 5\n) LIMIT 0" {
		t.Fatalf("started %q: want the shape probe, then the statement", sqls)
	}
	want := "SELECT \"c1\" AS \"time\", CAST(\"c2\" AS JSON) AS \"actor\", \"c3\" AS \"n\"\nFROM (\n" +
		"SELECT * FROM logs ORDER BY time DESC LIMIT 5\n) AS \"q\" (\"c1\", \"c2\", \"c3\")\nORDER BY 1 DESC"
	if sqls[1] != want {
		t.Fatalf("ran %q, want %q", sqls[1], want)
	}
	if got := res.Frames[0].Meta.ExecutedQueryString; got != want {
		t.Errorf("executed query string %q: want the statement that ran", got)
	}
	// The shape is known now: a refresh over another range runs the
	// wrapped statement alone.
	q.TimeRange.From = q.TimeRange.From.Add(-3600e9)
	if res := runQueries(t, ds, q)["A"]; res.Error != nil {
		t.Fatal(res.Error)
	}
	if sqls := startedSQL(srv); len(sqls) != 3 || sqls[2] != want {
		t.Fatalf("after the refresh started %d statements, last %q", len(sqls), sqls[len(sqls)-1])
	}
	if got := testutil.ToFloat64(m.shapeProbes.WithLabelValues("nested")); got != 1 {
		t.Errorf("nested probes %v, want 1", got)
	}
}

func TestRawSQLNestedColumnsStayTextWhenTheOrderCannotBeKept(t *testing.T) {
	srv := nestedLogs(t)
	ds, _ := faultDatasource(t, srv, nil)
	res := runQueries(t, ds, dataQuery("A", `{"rawSql":"SELECT * FROM logs ORDER BY n * 2","format":"table"}`))["A"]
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	if sqls := startedSQL(srv); len(sqls) != 2 || sqls[1] != "SELECT * FROM logs ORDER BY n * 2" {
		t.Fatalf("started %q: want the probe, then the statement as written", sqls)
	}
	if !hasNotice(res, "ORDER BY uses an expression") || !hasNotice(res, "Shown as Athena text: actor") {
		t.Errorf("notices %+v: want why the values are text", res.Frames[0].Meta.Notices)
	}
}

func TestRawSQLWithoutNestedOutputIsNotProbed(t *testing.T) {
	srv := nestedLogs(t)
	ds, m := faultDatasource(t, srv, map[string]any{"resultCacheSeconds": 0})
	for range 2 {
		if res := runQueries(t, ds, dataQuery("A", `{"rawSql":"SELECT time, n FROM logs","format":"table"}`))["A"]; res.Error != nil {
			t.Fatal(res.Error)
		}
	}
	// * may be nested: probed once, found flat, then never again.
	for range 2 {
		if res := runQueries(t, ds, dataQuery("B", `{"rawSql":"SELECT * FROM logs WHERE n > 0","format":"table"}`))["B"]; res.Error != nil {
			t.Fatal(res.Error)
		}
	}
	sqls := startedSQL(srv)
	if len(sqls) != 5 || !strings.HasSuffix(sqls[2], ") LIMIT 0") {
		t.Fatalf("started %q: want 2 + probe + 2", sqls)
	}
	if got := testutil.ToFloat64(m.shapeProbes.WithLabelValues("nested")); got != 1 {
		t.Errorf("nested probes %v, want 1 (the columns of logs include a row)", got)
	}
}

func TestRawSQLFailedProbeRunsTheStatementAsWritten(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	// The probe's query fails in Athena (a real engine would fail it for
	// a reason the statement itself may not have).
	if err := srv.Inject(athenaemu.Fault{Op: "StartQueryExecution", Match: `\) LIMIT 0$`, Action: athenaemu.ActFail, Message: "probe refused"}); err != nil {
		t.Fatal(err)
	}
	srv.Handle(athenaemu.Contains("FROM logs"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "actor", Type: "row"}}, Rows: [][]*string{athenaemu.Row("{a=1}")}})
	ds, m := faultDatasource(t, srv, nil)
	res := runQueries(t, ds, dataQuery("A", `{"rawSql":"SELECT actor FROM logs","format":"table"}`))["A"]
	if res.Error != nil || len(res.Frames) != 1 {
		t.Fatalf("response %+v", res)
	}
	if sqls := startedSQL(srv); len(sqls) != 2 || sqls[1] != "SELECT actor FROM logs" {
		t.Fatalf("started %q", sqls)
	}
	if got := testutil.ToFloat64(m.shapeProbes.WithLabelValues("failed")); got != 1 {
		t.Errorf("failed probes %v, want 1", got)
	}
}

func hasNotice(res backend.DataResponse, part string) bool {
	for _, f := range res.Frames {
		if f.Meta == nil {
			continue
		}
		for _, n := range f.Meta.Notices {
			if strings.Contains(n.Text, part) {
				return true
			}
		}
	}
	return false
}
