package binarytest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// loadShape is how much TestBinaryBoundedLoad sends.
type loadShape struct {
	rounds, queryCalls, valuesCalls, cancelledCalls int
}

// processStats is what the load check measures of the plugin process.
type processStats struct {
	goroutines, heapInuse float64
	fds                   int
}

func (s processStats) String() string {
	return fmt.Sprintf("goroutines %.0f, open fds %d, heap in use %.1f MiB", s.goroutines, s.fds, s.heapInuse/(1<<20))
}

// TestBinaryBoundedLoad sends a burst of concurrent QueryData calls, values
// route calls and cancelled calls through the real plugin binary against the
// canned emulator, then checks that every ordinary call succeeded, that
// admission held the in-flight queries to the bound, that the cancelled
// queries were stopped in Athena, and that goroutines, open file
// descriptors and heap return to near their baseline. Short by default (one
// round of a few hundred calls); SECLAKE_LONG=1 runs ten rounds.
func TestBinaryBoundedLoad(t *testing.T) {
	shape := loadShape{rounds: 1, queryCalls: 300, valuesCalls: 40, cancelledCalls: 30}
	if os.Getenv("SECLAKE_LONG") != "" {
		shape.rounds = 10
	}
	const bound = 16
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("hang_me"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}})
	if err := srv.Inject(athenaemu.Fault{Op: "StartQueryExecution", Match: "hang_me", Action: athenaemu.ActHang}); err != nil {
		t.Fatal(err)
	}
	srv.Handle(athenaemu.Contains("DISTINCT"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "value", Type: "varchar"}},
		Rows: [][]*string{athenaemu.Row("111122223333"), athenaemu.Row("444455556666")}})
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}, {Name: "s", Type: "varchar"}},
		Rows:  [][]*string{athenaemu.Row(1, "a"), athenaemu.Row(2, "b"), athenaemu.Row(3, "c")},
		Steps: athenaemu.Steps("QUEUED", "RUNNING")})

	h := startBinaryWith(t, grafanahost.WithLogLevel("warn"))
	ds := fixtureDS(srv, map[string]any{"maxInFlightQueries": bound})
	ctx := t.Context()

	// Warm up with one round of the load's own shape (its cancelled calls
	// too): the executor, discovery and the HTTP connection pool reach the
	// size the load needs before the baseline is taken. The burst opens as
	// many connections as calls run at once (a query's status and its early
	// first page run together); the AWS SDK's transport keeps some idle per
	// host (two goroutines and one descriptor each), which is part of the
	// baseline, not a leak. A leak grows with every round; a pool does not.
	if err := loadRound(ctx, h, ds, loadShape{queryCalls: shape.queryCalls, valuesCalls: shape.valuesCalls}, "warm"); err != nil {
		t.Fatal(err)
	}
	if err := loadRound(ctx, h, ds, loadShape{cancelledCalls: shape.cancelledCalls}, "warmc"); err != nil {
		t.Fatal(err)
	}
	base := settle(ctx, t, h, processStats{})
	t.Logf("baseline: %s", base)
	srv.ResetCalls()

	peak := watchPeak(ctx, h)
	began := time.Now()
	for r := 0; r < shape.rounds; r++ {
		if err := loadRound(ctx, h, ds, shape, fmt.Sprintf("r%d", r)); err != nil {
			t.Fatal(err)
		}
		// Cancelled alone, these calls find free slots: their queries
		// start in Athena and must be stopped when the request ends.
		if err := loadRound(ctx, h, ds, loadShape{cancelledCalls: shape.cancelledCalls}, fmt.Sprintf("c%d", r)); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(began)
	maxInFlight := peak()
	after := settle(ctx, t, h, base)
	calls := shape.rounds * (shape.queryCalls + shape.valuesCalls + 2*shape.cancelledCalls)
	// Counted from the call log: the emulator forgets old finished queries.
	// A cancelled call returns to its caller at once, while the plugin
	// stops its Athena query on its own time: give the stops a few seconds
	// to land before counting.
	hung, stopped := hangStops(srv)
	for deadline := time.Now().Add(10 * time.Second); stopped != hung && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		hung, stopped = hangStops(srv)
	}
	t.Logf("load: %d rounds, %d calls (%d query calls of 2 queries, %d values, %d cancelled) in %s; peak in-flight %d (bound %d); "+
		"%d Athena queries started, %d of them cancelled while running and %d stopped",
		shape.rounds, calls, shape.rounds*shape.queryCalls, shape.rounds*shape.valuesCalls, 2*shape.rounds*shape.cancelledCalls,
		took.Round(time.Millisecond), maxInFlight, bound, srv.Count("StartQueryExecution"), hung, stopped)
	if hung == 0 || stopped != hung {
		t.Errorf("%d cancelled queries reached Athena, %d were stopped; want some, all stopped", hung, stopped)
	}
	t.Logf("after:    %s", after)

	if maxInFlight > bound || maxInFlight < 2 {
		t.Errorf("peak in-flight Athena queries = %d, want 2..%d", maxInFlight, bound)
	}
	// Every cancelled call's hanging query was stopped, none left running.
	for _, q := range srv.Queries() {
		if strings.Contains(q.SQL, "hang_me") && q.State == "RUNNING" {
			t.Errorf("query %s still RUNNING after its request was cancelled", q.ID)
		}
	}
	if after.goroutines > goroutineBound(base, after) {
		t.Errorf("goroutines %.0f after the load, baseline %.0f (open fds %d, baseline %d)", after.goroutines, base.goroutines, after.fds, base.fds)
	}
	if after.fds > base.fds+poolSlack {
		t.Errorf("open fds %d after the load, baseline %d", after.fds, base.fds)
	}
	if after.heapInuse > base.heapInuse+64<<20 {
		t.Errorf("heap in use %.1f MiB after the load, baseline %.1f MiB", after.heapInuse/(1<<20), base.heapInuse/(1<<20))
	}
}

// loadRound runs one burst concurrently and returns the first unexpected
// outcome: any error of an ordinary call, or a cancelled call that did not
// end as cancelled.
func loadRound(ctx context.Context, h *grafanahost.Host, ds grafanahost.DS, shape loadShape, tag string) error {
	var (
		wg       sync.WaitGroup
		errMu    sync.Mutex
		firstErr error
		failures atomic.Int64
	)
	fail := func(err error) {
		failures.Add(1)
		errMu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		errMu.Unlock()
	}
	from, to := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
	for i := 0; i < shape.queryCalls; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out, err := h.QueryData(ctx, ds,
				grafanahost.Query{RefID: "A", From: from, To: to, JSON: map[string]any{"mode": "sql", "rawSql": fmt.Sprintf("SELECT %d AS n, '%s' AS s", i, tag)}},
				grafanahost.Query{RefID: "B", From: from, To: to, JSON: map[string]any{"source": "vpc_flow", "format": "table", "fields": []string{"src_endpoint.ip"}, "limit": 10 + i%5}},
			)
			if err != nil {
				fail(fmt.Errorf("query call %d: %w", i, err))
				return
			}
			for id, r := range out {
				if r.Error != "" || len(r.Frames) != 1 {
					fail(fmt.Errorf("query call %d %s: %q", i, id, r.Error))
				}
			}
		}(i)
	}
	for i := 0; i < shape.valuesCalls; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			path := fmt.Sprintf("values?kind=accounts&source=vpc_flow&from=%d&to=%d&limit=%d", from.UnixMilli(), to.UnixMilli(), 10+i)
			status, _, body, err := h.CallResource(ctx, ds, "GET", path, nil)
			switch {
			case err != nil:
				fail(fmt.Errorf("values call %d: %w", i, err))
			case status != 200 || !strings.Contains(string(body), "111122223333"):
				fail(fmt.Errorf("values call %d: %d %s", i, status, body))
			}
		}(i)
	}
	for i := 0; i < shape.cancelledCalls; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// Some are cancelled while waiting for a slot, some while
			// their query runs in Athena.
			cctx, cancel := context.WithTimeout(ctx, time.Duration(50+i*20)*time.Millisecond)
			defer cancel()
			_, err := h.QueryData(cctx, ds, grafanahost.Query{RefID: "H", From: from, To: to,
				JSON: map[string]any{"mode": "sql", "rawSql": fmt.Sprintf("SELECT %d AS hang_me", i)}})
			switch {
			case err == nil:
				fail(fmt.Errorf("cancelled call %d: succeeded, want a deadline error", i))
			case !errors.Is(err, context.DeadlineExceeded):
				fail(fmt.Errorf("cancelled call %d: want a deadline error: %w", i, err))
			}
		}(i)
	}
	wg.Wait()
	if n := failures.Load(); n > 0 {
		return fmt.Errorf("%d failed calls, first: %w", n, firstErr)
	}
	return nil
}

// measure reads the plugin's goroutines and heap from its own metrics (the
// Go collector, through CollectMetrics) and counts its open descriptors.
func measure(ctx context.Context, h *grafanahost.Host) (processStats, error) {
	m, err := h.CollectMetrics(ctx)
	if err != nil {
		return processStats{}, err
	}
	var s processStats
	var ok1, ok2 bool
	s.goroutines, ok1 = m.Value("go_goroutines", nil)
	s.heapInuse, ok2 = m.Value("go_memstats_heap_inuse_bytes", nil)
	if !ok1 || !ok2 {
		return s, errors.New("go_goroutines or go_memstats_heap_inuse_bytes missing from the plugin's metrics")
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", h.Pid()))
	if err != nil {
		return s, err
	}
	s.fds = len(fds)
	return s, nil
}

// settle waits (up to 30 s) for the process to come back to target (zero
// target: to stop changing), then returns the last measurement. Idle HTTP
// connections close after the transport's idle timeout, so it polls.
func settle(ctx context.Context, t *testing.T, h *grafanahost.Host, target processStats) processStats {
	t.Helper()
	var last processStats
	deadline := time.Now().Add(30 * time.Second)
	for {
		s, err := measure(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case target == (processStats{}) && last != (processStats{}) && s.goroutines == last.goroutines && s.fds == last.fds:
			return s
		case target != (processStats{}) && s.goroutines <= goroutineBound(target, s) && s.fds <= target.fds+poolSlack:
			return s
		case time.Now().After(deadline):
			return s
		}
		last = s
		time.Sleep(500 * time.Millisecond)
	}
}

// hangStops counts, from the call log, the hang_me queries Athena started
// and how many of them got a StopQueryExecution.
func hangStops(srv *athenaemu.CannedServer) (hung, stopped int) {
	hungIDs := map[string]bool{}
	for _, c := range srv.CallsTo("StartQueryExecution") {
		if strings.Contains(c.SQL, "hang_me") {
			hungIDs[c.QueryID] = true
		}
	}
	stoppedIDs := map[string]bool{}
	for _, c := range srv.CallsTo("StopQueryExecution") {
		if hungIDs[c.QueryID] {
			stoppedIDs[c.QueryID] = true
		}
	}
	return len(hungIDs), len(stoppedIDs)
}

// poolSlack is how many more descriptors than the baseline the plugin may
// hold after the load: the AWS SDK's HTTP transport keeps up to this many
// idle connections per host (the fixture's Athena and S3 are one host) for
// 90 s, so a burst may leave the pool fuller than the warm-up did. A leak
// is not bounded by it: it grows with every round (SECLAKE_LONG=1 runs ten).
var poolSlack = awshttp.DefaultHTTPTransportMaxIdleConnsPerHost

// goroutineBound is how many goroutines the plugin may run after the load:
// the baseline plus 10, plus two for each connection the load left open
// beyond the baseline's (an idle pooled HTTP connection runs a read and a
// write loop; the open-fd check bounds how many there may be).
func goroutineBound(base, now processStats) float64 {
	return base.goroutines + 10 + 2*float64(max(0, now.fds-base.fds))
}

// watchPeak samples the plugin's in-flight gauge until the returned
// function is called, which reports the peak.
func watchPeak(ctx context.Context, h *grafanahost.Host) func() int {
	done := make(chan struct{})
	out := make(chan int, 1)
	go func() {
		p := 0
		for {
			if m, err := h.CollectMetrics(ctx); err == nil {
				if v, ok := m.Value("grafana_plugin_securitylake_athena_in_flight_queries", nil); ok && int(v) > p {
					p = int(v)
				}
			}
			select {
			case <-done:
				out <- p
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() int { close(done); return <-out }
}
