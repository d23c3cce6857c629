package plugin

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

const shareQuery = `{"mode":"sql","rawSql":"SELECT 1 AS n"}`

// slowServer answers every query with one row after a few polls that take
// a while each, so concurrent callers overlap.
func slowServer(t *testing.T, running int) *athenaemu.CannedServer {
	t.Helper()
	srv := plugintest.NewLakeServer(t)
	steps := make([]string, running)
	for i := range steps {
		steps[i] = "RUNNING"
	}
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)},
		Steps: athenaemu.Steps(steps...)})
	if err := srv.Inject(athenaemu.Fault{Op: "GetQueryExecution", Delay: athenaemu.Duration(30 * time.Millisecond)}); err != nil {
		t.Fatal(err)
	}
	return srv
}

// warm runs one other query so lake discovery is done before the
// measured calls.
func warm(t *testing.T, srv *athenaemu.CannedServer, ds *Datasource) {
	t.Helper()
	if r := runQueries(t, ds, dataQuery("W", `{"mode":"sql","rawSql":"SELECT 0 AS n"}`))["W"]; r.Error != nil {
		t.Fatal(r.Error)
	}
	if _, err := ds.discovered(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.ResetCalls()
}

// queryIn runs shareQuery as its own request (its own panel) with ctx.
func queryIn(ctx context.Context, ds *Datasource) backend.DataResponse {
	resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{dataQuery("A", shareQuery)}})
	if err != nil {
		return backend.DataResponse{Error: err}
	}
	return resp.Responses["A"]
}

func cacheNoticeOf(r backend.DataResponse) string {
	if len(r.Frames) != 1 || r.Frames[0].Meta == nil {
		return ""
	}
	for _, n := range r.Frames[0].Meta.Notices {
		if strings.Contains(n.Text, "plugin's cache") {
			return n.Text
		}
	}
	return ""
}

func TestIdenticalQueriesRunOnceThenCached(t *testing.T) {
	srv := slowServer(t, 3)
	ds := newTestDatasource(t, srv, nil)
	var offset atomic.Int64
	ds.now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	warm(t, srv, ds)

	// Eight panels of one dashboard refresh, each its own request.
	var wg sync.WaitGroup
	res := make([]backend.DataResponse, 8)
	for i := range res {
		wg.Go(func() { res[i] = queryIn(t.Context(), ds) })
	}
	wg.Wait()
	for i, r := range res {
		if r.Error != nil || len(r.Frames) != 1 || r.Frames[0].Rows() != 1 {
			t.Fatalf("panel %d: %v", i, r.Error)
		}
	}
	if n := srv.Count("StartQueryExecution"); n != 1 {
		t.Fatalf("8 identical concurrent queries started %d Athena queries, want 1", n)
	}
	// Each caller has its own frame.
	if res[0].Frames[0] == res[1].Frames[0] || res[0].Frames[0].Fields[0] == res[1].Frames[0].Fields[0] {
		t.Error("two callers share one frame")
	}

	// Within the TTL: no Athena call, and a notice says so.
	srv.ResetCalls()
	offset.Store(int64(5 * time.Second))
	r := queryIn(t.Context(), ds)
	if r.Error != nil || len(r.Frames) != 1 || r.Frames[0].Rows() != 1 {
		t.Fatalf("cached: %v", r.Error)
	}
	if calls := srv.Calls(); len(calls) != 0 {
		t.Fatalf("a cached answer made %d Athena calls (%s first)", len(calls), calls[0].Operation)
	}
	if n := cacheNoticeOf(r); !strings.Contains(n, "Served from the plugin's cache, 5 s old") {
		t.Errorf("cache notice = %q", n)
	}

	// After the TTL (60 s by default): one new run.
	offset.Store(int64(61 * time.Second))
	r = queryIn(t.Context(), ds)
	if r.Error != nil || cacheNoticeOf(r) != "" {
		t.Fatalf("after the TTL: %v, notice %q", r.Error, cacheNoticeOf(r))
	}
	if n := srv.Count("StartQueryExecution"); n != 1 {
		t.Fatalf("after the TTL: %d Athena queries, want 1", n)
	}
}

func TestResultCacheOffRunsEveryQuery(t *testing.T) {
	srv := slowServer(t, 0)
	ds := newTestDatasource(t, srv, map[string]any{"resultCacheSeconds": 0})
	warm(t, srv, ds)
	for i := range 3 {
		if r := queryIn(t.Context(), ds); r.Error != nil || cacheNoticeOf(r) != "" {
			t.Fatalf("run %d: %v %q", i, r.Error, cacheNoticeOf(r))
		}
	}
	if n := srv.Count("StartQueryExecution"); n != 3 {
		t.Fatalf("resultCacheSeconds 0: %d Athena queries for 3 sequential runs, want 3", n)
	}
}

func TestResultCacheSecondsValidated(t *testing.T) {
	srv := slowServer(t, 0)
	ds := newTestDatasource(t, srv, map[string]any{"resultCacheSeconds": 3601})
	if ds.settingsErr == nil || !strings.Contains(ds.settingsErr.Error(), "between 0 and 3600 seconds") {
		t.Fatalf("settings error = %v", ds.settingsErr)
	}
}

// waiters is how many callers wait on the running shared calls.
func waiters(ds *Datasource) int {
	ds.share.mu.Lock()
	defer ds.share.mu.Unlock()
	n := 0
	for _, c := range ds.share.calls {
		n += c.waiters
	}
	return n
}

func TestOneWaiterCancellingLeavesTheOthers(t *testing.T) {
	srv := slowServer(t, 8)
	ds := newTestDatasource(t, srv, nil)
	warm(t, srv, ds)
	ctx, cancel := context.WithCancel(t.Context())
	first := make(chan backend.DataResponse, 1)
	go func() { first <- queryIn(ctx, ds) }()
	waitFor(t, func() bool { return waiters(ds) == 1 })
	second := make(chan backend.DataResponse, 1)
	go func() { second <- queryIn(t.Context(), ds) }()
	waitFor(t, func() bool { return waiters(ds) == 2 })
	cancel()
	if r := <-first; r.Error == nil {
		t.Fatal("the cancelled caller got an answer")
	}
	r := <-second
	if r.Error != nil || len(r.Frames) != 1 || r.Frames[0].Rows() != 1 {
		t.Fatalf("the other waiter: %v", r.Error)
	}
	if n, s := srv.Count("StartQueryExecution"), srv.Count("StopQueryExecution"); n != 1 || s != 0 {
		t.Fatalf("starts = %d, stops = %d, want 1 and 0", n, s)
	}
}

func TestLastWaiterCancellingStopsTheQuery(t *testing.T) {
	srv := slowServer(t, 8)
	ds := newTestDatasource(t, srv, nil)
	warm(t, srv, ds)
	ctx1, cancel1 := context.WithCancel(t.Context())
	ctx2, cancel2 := context.WithCancel(t.Context())
	done := make(chan backend.DataResponse, 2)
	go func() { done <- queryIn(ctx1, ds) }()
	waitFor(t, func() bool { return waiters(ds) == 1 })
	go func() { done <- queryIn(ctx2, ds) }()
	waitFor(t, func() bool { return waiters(ds) == 2 })
	cancel1()
	if r := <-done; r.Error == nil {
		t.Fatal("a cancelled caller got an answer")
	}
	if s := srv.Count("StopQueryExecution"); s != 0 {
		t.Fatalf("%d stops while a waiter remained", s)
	}
	cancel2()
	if r := <-done; r.Error == nil {
		t.Fatal("a cancelled caller got an answer")
	}
	if s := srv.Count("StopQueryExecution"); s != 1 {
		t.Fatalf("StopQueryExecution calls = %d after the last waiter left, want 1", s)
	}
	// Nothing failed was cached: the next caller runs afresh.
	srv.ResetCalls()
	ctx3, cancel3 := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel3()
	_ = queryIn(ctx3, ds)
	if n := srv.Count("StartQueryExecution"); n != 1 {
		t.Fatalf("after a cancelled run: %d starts, want 1", n)
	}
}
