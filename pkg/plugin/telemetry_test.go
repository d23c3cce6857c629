package plugin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// logEntry is one recorded log call with its context attributes merged in.
type logEntry struct {
	level, msg string
	fields     map[string]string
}

// recordingLogger implements log.Logger and keeps every line.
type recordingLogger struct {
	mu      *sync.Mutex
	entries *[]logEntry
	with    []any
}

func newRecordingLogger() recordingLogger {
	return recordingLogger{mu: &sync.Mutex{}, entries: &[]logEntry{}}
}

func (l recordingLogger) add(level, msg string, args []any) {
	all := append(append([]any{}, l.with...), args...)
	f := map[string]string{}
	for i := 0; i+1 < len(all); i += 2 {
		f[fmt.Sprint(all[i])] = fmt.Sprint(all[i+1])
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	*l.entries = append(*l.entries, logEntry{level, msg, f})
}

func (l recordingLogger) Debug(msg string, args ...any) { l.add("debug", msg, args) }
func (l recordingLogger) Info(msg string, args ...any)  { l.add("info", msg, args) }
func (l recordingLogger) Warn(msg string, args ...any)  { l.add("warn", msg, args) }
func (l recordingLogger) Error(msg string, args ...any) { l.add("error", msg, args) }
func (l recordingLogger) Level() log.Level              { return log.Debug }
func (l recordingLogger) With(args ...any) log.Logger {
	return recordingLogger{mu: l.mu, entries: l.entries, with: append(append([]any{}, l.with...), args...)}
}
func (l recordingLogger) FromContext(ctx context.Context) log.Logger {
	return l.With(log.ContextualAttributesFromContext(ctx)...)
}

func (l recordingLogger) lines(msg string) []logEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []logEntry
	for _, e := range *l.entries {
		if e.msg == msg {
			out = append(out, e)
		}
	}
	return out
}

// observed builds a datasource whose telemetry goes to a fresh registry and
// a recording logger.
func observed(t *testing.T, srv *athenaemu.CannedServer, extra map[string]any) (*Datasource, *metrics, recordingLogger) {
	t.Helper()
	ds := newTestDatasource(t, srv, extra)
	m, rec := newMetrics(prometheus.NewRegistry()), newRecordingLogger()
	ds.tel = telemetry{m: m, logger: rec}
	return ds, m, rec
}

func TestScanGuardStopIsAWarnLineWithoutTheQueryText(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("secret-literal-42"), athenaemu.Result{Steps: []athenaemu.Step{{State: "RUNNING", DataScannedBytes: 5 << 20}}})
	ds, m, rec := observed(t, srv, map[string]any{"maxBytesScanned": 1 << 20})

	res := runQueries(t, ds, dataQuery("G", `{"rawSql":"SELECT * FROM t WHERE user_name = 'secret-literal-42'"}`))["G"]
	if res.Error == nil {
		t.Fatal("the scan guard did not stop the query")
	}
	lines := rec.lines("Query finished")
	if len(lines) != 1 {
		t.Fatalf("%d Query finished lines, want 1", len(lines))
	}
	f := lines[0].fields
	if lines[0].level != "warn" || f["errorKind"] != kindScanLimit || f["errorSource"] != "downstream" || f["stopReason"] != "scan_guard" ||
		f["stopFailed"] != "false" || f["refId"] != "G" || f["queryId"] != lastQueryID(srv) || f["dataScannedBytes"] != "5242880" || f["status"] != "400" {
		t.Errorf("Query finished %s %v", lines[0].level, f)
	}
	if _, ok := f["error"]; ok {
		t.Error("a downstream failure's text must stay at debug level")
	}
	for _, e := range *rec.entries {
		if e.level != "debug" && strings.Contains(fmt.Sprint(e.fields), "secret-literal-42") {
			t.Errorf("the literal reached %s: %s %v", e.level, e.msg, e.fields)
		}
	}
	for name, got := range map[string]float64{
		"queries{table,sql}":    testutil.ToFloat64(m.queries.WithLabelValues("table", "sql")),
		"errors{downstream}":    testutil.ToFloat64(m.queryErrors.WithLabelValues("downstream")),
		"stops{scan_guard}":     testutil.ToFloat64(m.stops.WithLabelValues("scan_guard")),
		"scanGuardStops":        testutil.ToFloat64(m.scanGuardStops),
		"bytesScanned / 5 MiB":  testutil.ToFloat64(m.bytesScanned) / (5 << 20),
		"duration observations": float64(testutil.CollectAndCount(m.queryDuration)),
	} {
		if got != 1 {
			t.Errorf("%s = %v, want 1", name, got)
		}
	}
}

func TestPluginFailureIsAnErrorLineWithTheError(t *testing.T) {
	// An error Athena answers (even an unknown one) is downstream now; a
	// plugin fault is one the plugin makes itself, such as a result it
	// cannot frame.
	m, rec := newMetrics(prometheus.NewRegistry()), newRecordingLogger()
	tel := telemetry{m: m, logger: rec}
	err := errors.New("frames: something odd")
	resp := errorResponse(err, 30)
	if resp.Status != backend.StatusInternal || resp.ErrorSource != backend.ErrorSourcePlugin {
		t.Fatalf("status %d source %q, want 500 plugin", resp.Status, resp.ErrorSource)
	}
	tel.finishQuery(context.Background(), queryOutcome{err: err, resp: resp}, time.Millisecond, 0)
	lines := rec.lines("Query finished")
	if len(lines) != 1 {
		t.Fatalf("%d Query finished lines, want 1", len(lines))
	}
	f := lines[0].fields
	if lines[0].level != "error" || f["errorSource"] != "plugin" || f["errorKind"] != kindInternal || !strings.Contains(f["error"], "something odd") {
		t.Errorf("Query finished %s %v", lines[0].level, f)
	}
	if got := testutil.ToFloat64(m.queryErrors.WithLabelValues("plugin")); got != 1 {
		t.Errorf("query_errors_total{source=plugin} = %v", got)
	}
}

func TestBadQueryIsCountedUnderUnknownLabels(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	ds, m, rec := observed(t, srv, nil)
	runQueries(t, ds, dataQuery("B", `{"format":"pie-chart-of-doom","rawSql":"SELECT 1"}`))
	if got := testutil.ToFloat64(m.queries.WithLabelValues(labelUnknown, labelUnknown)); got != 1 {
		t.Errorf("queries{unknown,unknown} = %v; an invalid model must not create label values", got)
	}
	if l := rec.lines("Query finished"); len(l) != 1 || l[0].fields["errorKind"] != kindInvalidQuery || l[0].level != "warn" {
		t.Errorf("Query finished lines %v", l)
	}
}

func TestStopFailureIsAnErrorLineAndCounted(t *testing.T) {
	m, rec := newMetrics(prometheus.NewRegistry()), newRecordingLogger()
	tel := telemetry{m: m, logger: rec}
	tel.Stopped(context.Background(), "q-1", athena.StopDeadline, errors.New("AccessDenied: not allowed"))
	tel.Stopped(context.Background(), "q-2", athena.StopCancelled, nil)
	tel.Retried(context.Background(), "GetQueryResults", true, errors.New("Rate exceeded"))

	l := rec.lines("Stopping the Athena query failed; it may still be running and scanning")
	if len(l) != 1 || l[0].level != "error" || l[0].fields["queryId"] != "q-1" || l[0].fields["stopReason"] != "deadline" {
		t.Errorf("stop failure lines %v", l)
	}
	for name, got := range map[string]float64{
		"stops{deadline}":                testutil.ToFloat64(m.stops.WithLabelValues("deadline")),
		"stops{cancelled}":               testutil.ToFloat64(m.stops.WithLabelValues("cancelled")),
		"stopFailures{deadline}":         testutil.ToFloat64(m.stopFailures.WithLabelValues("deadline")),
		"retries{GetQueryResults}":       testutil.ToFloat64(m.retries.WithLabelValues("GetQueryResults")),
		"throttles{GetQueryResults}":     testutil.ToFloat64(m.throttles.WithLabelValues("GetQueryResults")),
		"stopFailures (all) + scanGuard": float64(testutil.CollectAndCount(m.stopFailures)) + testutil.ToFloat64(m.scanGuardStops),
	} {
		if got != 1 {
			t.Errorf("%s = %v, want 1", name, got)
		}
	}
}

// lastQueryID is the ID of the last query started: a raw SQL query may be
// preceded by its shape probe (nestedjson.go).
func lastQueryID(srv *athenaemu.CannedServer) string {
	qs := srv.Queries()
	if len(qs) == 0 {
		return ""
	}
	return qs[len(qs)-1].ID
}

// TestEachQueryLogsItsOwnRefID runs the queries of one request from a
// parent context whose SDK attributes have spare capacity, as Grafana's
// request attributes can: every "Query finished" line must name its own
// query, not a sibling's.
func TestEachQueryLogsItsOwnRefID(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
	ds, _, rec := observed(t, srv, map[string]any{"resultCacheSeconds": 0})
	attrs := make([]any, 0, 16)
	attrs = append(attrs, "dsUid", "fixture")
	ctx := log.WithContextualAttributes(t.Context(), attrs)
	var qs []backend.DataQuery
	want := map[string]bool{}
	for i := range 6 {
		ref := fmt.Sprintf("R%d", i)
		want[ref] = true
		qs = append(qs, dataQuery(ref, fmt.Sprintf(`{"rawSql":"SELECT %d AS n","format":"table"}`, i)))
	}
	if _, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: qs}); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, l := range rec.lines("Query finished") {
		got[l.fields["refId"]] = true
	}
	if len(got) != len(want) {
		t.Fatalf("Query finished lines name refIds %v, want each of %v once", got, want)
	}
	for ref := range want {
		if !got[ref] {
			t.Errorf("no Query finished line for %s (lines name %v)", ref, got)
		}
	}
}
