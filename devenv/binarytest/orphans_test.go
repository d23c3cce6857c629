package binarytest_test

import (
	"context"
	"fmt"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// TestBinaryLeavesNoOrphans is the reviewer's probe against the plugin
// binary: 20 panel requests cancelled while the answer to
// StartQueryExecution is still on its way (Athena created the query, the
// plugin never learnt its id), then 20 cancelled while polling with
// StopQueryExecution denied twice for each. Every query must end stopped;
// none may be left running, and none counted abandoned.
func TestBinaryLeavesNoOrphans(t *testing.T) {
	const runs = 20
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("warm_up"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "integer"}}, Rows: [][]*string{athenaemu.Row(1)}})
	srv.Handle(athenaemu.Any(), athenaemu.Result{Final: "RUNNING"})
	h := startBinary(t)
	// Room for every request at once: this probes orphans, not admission.
	ds := fixtureDS(srv, map[string]any{"maxInFlightQueries": 2 * runs})
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	// One query first, so discovery's listings are cached and the
	// cancellations below land on the start and the polling.
	if _, err := h.QueryData(ctx, ds, grafanahost.Query{RefID: "W", JSON: map[string]any{"rawSql": "SELECT 1 AS warm_up"}}); err != nil {
		t.Fatal(err)
	}
	before, err := h.CollectMetrics(ctx)
	if err != nil {
		t.Fatal(err)
	}

	fire := func(stage string, after time.Duration) {
		var wg sync.WaitGroup
		for i := range runs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				qctx, qcancel := context.WithTimeout(ctx, after)
				defer qcancel()
				_, _ = h.QueryData(qctx, ds, grafanahost.Query{RefID: "A", JSON: map[string]any{"rawSql": fmt.Sprintf("SELECT %d AS %s", i, stage)}})
			}()
		}
		wg.Wait()
	}

	// Stage 1: the start's answer is held 400 ms; the request ends at 150 ms.
	srv.SetResponseDelay(400 * time.Millisecond)
	fire("answer_lost", 150*time.Millisecond)
	srv.SetResponseDelay(athenaemu.DefaultResponseDelay)

	// Stage 2: cancelled while polling; each query's stop is denied twice.
	for i := range runs {
		if err := srv.Inject(athenaemu.Fault{Op: "StopQueryExecution", Match: regexp.QuoteMeta(fmt.Sprintf("SELECT %d AS polling", i)) + "$",
			Times: 2, Action: athenaemu.ActAccessDenied}); err != nil {
			t.Fatal(err)
		}
	}
	fire("polling", 600*time.Millisecond)

	// The plugin keeps stopping after the request returned; give it time.
	var running []athenaemu.QueryInfo
	deadline := time.Now().Add(15 * time.Second)
	for {
		running = running[:0]
		for _, q := range srv.Queries() {
			if q.State == "RUNNING" || q.State == "QUEUED" {
				running = append(running, q)
			}
		}
		if len(running) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	after, err := h.CollectMetrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const ns = "grafana_plugin_securitylake_"
	delta := func(name string) float64 {
		b, _ := before.Value(ns+name, nil)
		a, _ := after.Value(ns+name, nil)
		return a - b
	}
	started := len(srv.Queries()) - 1 // without the warm-up
	var stopped int
	for _, q := range srv.Queries() {
		if q.Stopped && q.State == "CANCELLED" {
			stopped++
		}
	}
	t.Logf("binary: %d queries started for %d cancelled requests (%d StartQueryExecution calls with the warm-up), %d stopped, %d left running; StopQueryExecution calls %d (failed %v), abandoned %v",
		started, 2*runs, srv.Count("StartQueryExecution"), stopped, len(running), srv.Count("StopQueryExecution"), delta("athena_stop_failures_total"), delta("athena_abandoned_queries_total"))
	if started != 2*runs || stopped != 2*runs || len(running) != 0 {
		t.Errorf("%d started, %d stopped, %d left running: %+v", started, stopped, len(running), running)
	}
	if got := delta("athena_abandoned_queries_total"); got != 0 {
		t.Errorf("abandoned grew by %v", got)
	}
	if got := delta("athena_stop_failures_total"); got != 2*runs {
		t.Errorf("stop failures grew by %v, want %d", got, 2*runs)
	}
}
