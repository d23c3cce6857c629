package binarytest_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// TestBinaryQueryObservability runs one query through the real binary, with
// tracing configured the way Grafana configures it, and checks what an
// operator sees: the log lines, the metrics Grafana scrapes and the spans.
// The query's first status call is throttled and its result is cut at the
// row limit, so retries, throttles and truncation have something to count.
func TestBinaryQueryObservability(t *testing.T) {
	const (
		literal = "10.66.77.88" // a value in the SQL: never above debug level
		scanned = 7 << 20
	)
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains(literal), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "ip", Type: "varchar"}, {Name: "n", Type: "bigint"}},
		Rows:    [][]*string{athenaemu.Row("a", 1), athenaemu.Row("b", 2), athenaemu.Row("c", 3)},
		Steps:   athenaemu.Steps("QUEUED", "RUNNING"),
		Stats:   athenaemu.Stats{DataScannedBytes: scanned, EngineTimeMs: 1500, QueueTimeMs: 40},
	})
	srv.Inject(athenaemu.Fault{Op: "GetQueryExecution", Times: 1, Action: athenaemu.ActThrottle})

	recv := grafanahost.StartTestTraceReceiver(t)
	root, err := grafanahost.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	h := grafanahost.StartTest(t, grafanahost.MustBuildPlugin(t, root, ""),
		grafanahost.WithPluginJSON(filepath.Join(root, "src", "plugin.json")), grafanahost.WithCleanEnv(), recv.TracingEnv())
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	before, err := h.CollectMetrics(ctx)
	if err != nil {
		t.Fatal(err)
	}

	out, err := h.QueryData(ctx, fixtureDS(srv, map[string]any{"rowLimit": 2}), grafanahost.Query{RefID: "OPS",
		JSON: map[string]any{"rawSql": "SELECT ip, n FROM flows WHERE ip = '" + literal + "'", "format": "table"}})
	if err != nil {
		t.Fatal(err)
	}
	if r := out["OPS"]; r.Error != "" || len(r.Frames) != 1 || r.Frames[0].Rows() != 2 {
		t.Fatalf("OPS: %+v", r)
	}
	queries := srv.Queries()
	if len(queries) != 1 {
		t.Fatalf("%d Athena queries, want 1", len(queries))
	}
	queryID := queries[0].ID

	// Logs: one info line with the query's identity and statistics.
	if err := h.WaitForLog(ctx, "Query finished"); err != nil {
		t.Fatal(err)
	}
	logs := h.Logs()
	level, fields := logLine(t, logs, "Query finished")
	if level != "INFO" {
		t.Errorf("Query finished logged at %s, want INFO", level)
	}
	for k, want := range map[string]string{"queryId": queryID, "dsUid": "lake", "refId": "OPS", "format": "table", "mode": "sql",
		"status": "200", "workgroup": "primary", "state": "SUCCEEDED", "dataScannedBytes": strconv.Itoa(scanned), "engineTimeMs": "1500",
		"queueTimeMs": "40", "rows": "2", "polls": "3", "pages": "1", "retries": "1", "throttles": "1", "truncated": "true", "rowLimit": "2"} {
		if got := fields[k]; got != want {
			t.Errorf("Query finished %s = %q, want %q", k, got, want)
		}
	}
	if _, ok := fields["errorSource"]; ok {
		t.Error("a successful query has no errorSource")
	}
	if _, ok := fields["stopReason"]; ok {
		t.Error("nothing was stopped")
	}
	if strings.Contains(logs, plugintest.FixtureSecretKey) {
		t.Error("the secret key reached the plugin log")
	}
	sawDebugSQL := false
	for _, line := range strings.Split(logs, "\n") {
		if !strings.Contains(line, literal) {
			continue
		}
		if !strings.Contains(line, "[DEBUG]") {
			t.Errorf("the SQL literal appears above debug level: %s", line)
		}
		sawDebugSQL = true
	}
	if !sawDebugSQL {
		t.Error("the SQL is not logged at debug level (or the log check sees nothing)")
	}

	// Metrics, as Grafana scrapes them, relative to before the query.
	after, err := h.CollectMetrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const ns = "grafana_plugin_securitylake_"
	for _, m := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"queries_total", map[string]string{"format": "table", "mode": "sql"}, 1},
		{"query_duration_seconds", nil, 1},
		{"athena_retries_total", map[string]string{"operation": "GetQueryExecution"}, 1},
		{"athena_throttles_total", map[string]string{"operation": "GetQueryExecution"}, 1},
		{"athena_data_scanned_bytes_total", nil, scanned},
		{"truncated_results_total", nil, 1},
		{"query_errors_total", nil, 0},
		{"athena_stops_total", nil, 0},
	} {
		b, _ := before.Value(ns+m.name, m.labels)
		a, _ := after.Value(ns+m.name, m.labels)
		if a-b != m.want {
			t.Errorf("%s%s%v grew by %v, want %v", ns, m.name, m.labels, a-b, m.want)
		}
	}
	if _, ok := after.Value(ns+"scan_guard_stops_total", nil); !ok {
		t.Error("scan_guard_stops_total is not exported")
	}

	// Spans: the run under the SDK's request span, with the query's identity.
	spans, err := recv.WaitForSpans(ctx, "sdk.queryData", "athena.query", "athena.start", "athena.poll", "athena.results")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]grafanahost.Span{}
	for _, s := range spans {
		byName[s.Name] = s
	}
	req, run := byName["sdk.queryData"], byName["athena.query"]
	if run.ParentSpanID != req.SpanID || run.TraceID != req.TraceID || run.Service != "seclake-securitylake-datasource" {
		t.Errorf("athena.query: parent %s trace %s service %s; want a child of sdk.queryData %s/%s from the plugin",
			run.ParentSpanID, run.TraceID, run.Service, req.SpanID, req.TraceID)
	}
	if fields["traceId"] != run.TraceID {
		t.Errorf("log traceId %q, span trace %q: the log line must name the trace", fields["traceId"], run.TraceID)
	}
	for name, want := range map[string]map[string]string{
		"athena.query": {"athena.query_execution_id": queryID, "athena.workgroup": "primary", "athena.state": "SUCCEEDED",
			"athena.data_scanned_bytes": strconv.Itoa(scanned), "athena.retries": "1", "athena.throttles": "1", "athena.truncated": "true"},
		"athena.start":   {"athena.query_execution_id": queryID, "athena.workgroup": "primary"},
		"athena.poll":    {"athena.query_execution_id": queryID, "athena.polls": "3", "athena.state": "SUCCEEDED"},
		"athena.results": {"athena.query_execution_id": queryID, "athena.pages": "1", "athena.rows": "2"},
	} {
		s := byName[name]
		if name != "athena.query" && s.ParentSpanID != run.SpanID {
			t.Errorf("%s is not a child of athena.query", name)
		}
		if s.StatusError {
			t.Errorf("%s has error status: %s", name, s.StatusMessage)
		}
		for k, v := range want {
			if s.Attributes[k] != v {
				t.Errorf("%s %s = %q, want %q", name, k, s.Attributes[k], v)
			}
		}
	}
}

// logLine finds the plugin's log line with message msg, as go-plugin
// re-emits it through the host logger ("… [INFO]  name: msg: k=v k=v"), and
// returns its level and fields. It fails t unless exactly one line matches.
func logLine(t *testing.T, logs, msg string) (string, map[string]string) {
	t.Helper()
	var found []string
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, ": "+msg+":") || strings.HasSuffix(line, ": "+msg) {
			found = append(found, line)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d log lines %q, want 1:\n%s", len(found), msg, strings.Join(found, "\n"))
	}
	line := found[0]
	level := ""
	if i := strings.Index(line, "["); i >= 0 {
		if j := strings.Index(line[i:], "]"); j > 0 {
			level = line[i+1 : i+j]
		}
	}
	rest := line[strings.Index(line, ": "+msg)+len(msg)+2:]
	return level, parseFields(strings.TrimPrefix(rest, ":"))
}

// parseFields splits hclog's key=value pairs; values with spaces are quoted.
func parseFields(s string) map[string]string {
	out := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			break
		}
		key, s2 := s[:eq], s[eq+1:]
		var val string
		if strings.HasPrefix(s2, `"`) {
			if v, err := strconv.QuotedPrefix(s2); err == nil {
				val, _ = strconv.Unquote(v)
				s2 = s2[len(v):]
			}
		} else if sp := strings.IndexByte(s2, ' '); sp >= 0 {
			val, s2 = s2[:sp], s2[sp:]
		} else {
			val, s2 = s2, ""
		}
		out[key] = val
		s = s2
	}
	return out
}
