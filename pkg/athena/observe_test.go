package athena_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// recorder is an athena.Observer that keeps every event as a line.
type recorder struct {
	mu       sync.Mutex
	events   []string
	finished []athena.Report
}

func (r *recorder) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, s)
}

func (r *recorder) Retried(_ context.Context, op string, throttled bool, err error) {
	r.add(fmt.Sprintf("retry %s throttled=%v", op, throttled))
}

func (r *recorder) Stopped(_ context.Context, id string, reason athena.StopReason, err error) {
	r.add(fmt.Sprintf("stop %s %s failed=%v", id, reason, err != nil))
}

func (r *recorder) Abandoned(_ context.Context, id string, reason athena.StopReason, err error) {
	r.add(fmt.Sprintf("abandoned %s %s", id, reason))
}

func (r *recorder) Finished(_ context.Context, rep athena.Report, err error) {
	r.add(fmt.Sprintf("finished %s err=%v", rep.QueryID, err != nil))
	r.mu.Lock()
	r.finished = append(r.finished, rep)
	r.mu.Unlock()
}

// traced wires an executor to srv with an in-memory span exporter.
func traced(t *testing.T, srv *athenaemu.CannedServer, opts athena.Options) (*athena.Executor, *recorder, *tracetest.InMemoryExporter) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	rec := &recorder{}
	opts.Observer, opts.Tracer = rec, tp.Tracer("test")
	ex, _ := newExecutor(srv, opts)
	return ex, rec, exp
}

// span returns the one ended span called name.
func span(t *testing.T, exp *tracetest.InMemoryExporter, name string) tracetest.SpanStub {
	t.Helper()
	var found []tracetest.SpanStub
	for _, s := range exp.GetSpans() {
		if s.Name == name {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d spans named %s, want 1; all: %v", len(found), name, spanNames(exp))
	}
	return found[0]
}

func spanNames(exp *tracetest.InMemoryExporter) []string {
	var out []string
	for _, s := range exp.GetSpans() {
		out = append(out, s.Name)
	}
	return out
}

func attr(s tracetest.SpanStub, key string) string {
	for _, kv := range s.Attributes {
		if string(kv.Key) == key {
			return kv.Value.String()
		}
	}
	return "<unset>"
}

func TestReportAndSpansOfASuccessfulRun(t *testing.T) {
	srv := newServer(t)
	res := bigResult(30)
	res.Steps = athenaemu.Steps("QUEUED", "RUNNING")
	res.Stats = athenaemu.Stats{DataScannedBytes: 5 << 20, EngineTimeMs: 1234, QueueTimeMs: 56}
	srv.Handle(athenaemu.Any(), res)
	srv.AddWorkGroup(athenaemu.WorkGroup{Name: "seclake", OutputLocation: "s3://results/"})
	srv.Inject(athenaemu.Fault{Op: "GetQueryExecution", Times: 1, Action: athenaemu.ActThrottle})
	ex, rec, exp := traced(t, srv, athena.Options{WorkGroup: "seclake", RowLimit: 10, PageSize: 5})

	out, rep, err := ex.RunReport(context.Background(), "SELECT * FROM big")
	if err != nil {
		t.Fatal(err)
	}
	id := srv.Queries()[0].ID
	want := athena.Report{QueryID: id, WorkGroup: "seclake", State: "SUCCEEDED", DataScannedBytes: 5 << 20,
		EngineTimeMs: 1234, QueueTimeMs: 56, TotalTimeMs: rep.TotalTimeMs, Polls: 3, Pages: 3, Rows: 10,
		Retries: 1, Throttles: 1, Truncated: true, ResultSource: athena.SourcePages, Elapsed: rep.Elapsed}
	if rep != want {
		t.Errorf("report\n got %+v\nwant %+v", rep, want)
	}
	if out.QueryID != id || len(out.Rows) != 10 || !out.Truncated {
		t.Errorf("result: id %s rows %d truncated %v", out.QueryID, len(out.Rows), out.Truncated)
	}
	wantEvents := []string{"retry GetQueryExecution throttled=true", "finished " + id + " err=false"}
	if !slices.Equal(rec.events, wantEvents) {
		t.Errorf("events %q, want %q", rec.events, wantEvents)
	}

	q := span(t, exp, "athena.query")
	for key, want := range map[string]string{"athena.query_execution_id": id, "athena.workgroup": "seclake", "athena.state": "SUCCEEDED",
		"athena.data_scanned_bytes": "5242880", "athena.polls": "3", "athena.pages": "3", "athena.rows": "10", "athena.truncated": "true",
		"athena.retries": "1", "athena.throttles": "1", "athena.stop_reason": "<unset>"} {
		if got := attr(q, key); got != want {
			t.Errorf("athena.query %s = %s, want %s", key, got, want)
		}
	}
	if attr(span(t, exp, "athena.poll"), "athena.polls") != "3" || attr(span(t, exp, "athena.results"), "athena.pages") != "3" {
		t.Errorf("poll/results spans lack their counts")
	}
	for _, name := range []string{"athena.start", "athena.poll", "athena.results"} {
		s := span(t, exp, name)
		if s.Parent.SpanID() != q.SpanContext.SpanID() || attr(s, "athena.query_execution_id") != id {
			t.Errorf("%s: parent %s, id %s; want child of athena.query with the query id", name, s.Parent.SpanID(), attr(s, "athena.query_execution_id"))
		}
	}
}

func TestReportOfAScanGuardStop(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Steps: []athenaemu.Step{{State: "RUNNING", DataScannedBytes: 2 << 20}}})
	ex, rec, exp := traced(t, srv, athena.Options{MaxBytesScanned: 1 << 20})

	_, rep, err := ex.RunReport(context.Background(), "SELECT * FROM everything")
	if !errors.Is(err, athena.ErrScanLimit) {
		t.Fatalf("err = %v", err)
	}
	id := srv.Queries()[0].ID
	if rep.StopReason != athena.StopScanGuard || rep.StopFailed || rep.DataScannedBytes != 2<<20 || rep.State != "RUNNING" || rep.Pages != 0 {
		t.Errorf("report %+v, want a scan-guard stop after 2 MiB while RUNNING", rep)
	}
	wantEvents := []string{"stop " + id + " scan_guard failed=false", "finished " + id + " err=true"}
	if !slices.Equal(rec.events, wantEvents) {
		t.Errorf("events %q, want %q", rec.events, wantEvents)
	}
	q := span(t, exp, "athena.query")
	if q.Status.Code != codes.Error || len(q.Events) == 0 || q.Events[0].Name != "exception" {
		t.Errorf("athena.query span status %v events %v, want the error recorded", q.Status, q.Events)
	}
	if st := span(t, exp, "athena.stop"); attr(st, "athena.stop_reason") != "scan_guard" || attr(st, "athena.query_execution_id") != id {
		t.Errorf("athena.stop attributes %v", st.Attributes)
	}
}

func TestReportOfAFailedStop(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Final: "RUNNING"})
	srv.Inject(athenaemu.Fault{Op: "StopQueryExecution", Action: athenaemu.ActError, Type: "AccessDeniedException", Message: "not allowed to stop"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	exp := tracetest.NewInMemoryExporter()
	rec := &recorder{}
	sl := &sleeper{before: func(n int) {
		if n == 2 {
			cancel()
		}
	}}
	ex := athena.New(newClient(srv), athena.Options{Sleep: sl.Sleep, Observer: rec,
		Tracer: sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp)).Tracer("test")})

	_, rep, err := ex.RunReport(ctx, "SELECT * FROM slow")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	id := srv.Queries()[0].ID
	if rep.StopReason != athena.StopCancelled || !rep.StopFailed || rep.Polls != 2 {
		t.Errorf("report %+v, want a failed stop after cancel, 2 polls", rep)
	}
	// Every stop fails: three attempts, then the query is abandoned.
	failed := "stop " + id + " cancelled failed=true"
	wantEvents := []string{failed, failed, failed, "abandoned " + id + " cancelled", "finished " + id + " err=true"}
	if !slices.Equal(rec.events, wantEvents) {
		t.Errorf("events %q, want %q", rec.events, wantEvents)
	}
	var stops int
	for _, st := range exp.GetSpans() {
		if st.Name == "athena.stop" {
			stops++
			if st.Status.Code != codes.Error {
				t.Errorf("athena.stop span status %v, want error", st.Status)
			}
		}
	}
	if stops != 3 {
		t.Errorf("%d athena.stop spans, want 3", stops)
	}
}
