package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

func TestValuesRouteRefusesLongAndReversedRanges(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("DISTINCT"), athenaemu.Result{Columns: []athenaemu.Column{{Name: "value", Type: "varchar"}},
		Rows: [][]*string{athenaemu.Row("111122223333")}})
	ds := newTestDatasource(t, srv, nil)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	ds.now = func() time.Time { return now }
	twentyYears := now.AddDate(-20, 0, 0)
	tests := []struct{ name, query, want string }{
		{"twenty years", fmt.Sprintf("from=%d&to=%d", twentyYears.UnixMilli(), now.UnixMilli()), "maxTimeRangeDays"},
		{"reversed", fmt.Sprintf("from=%d&to=%d", now.UnixMilli(), now.Add(-time.Hour).UnixMilli()), "before it starts"},
		{"reversed by default end", fmt.Sprintf("from=%d", now.Add(time.Hour).UnixMilli()), "before it starts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetCalls()
			status, body := callResource(t, ds, "GET", "values?kind=accounts&source=vpc_flow&"+tt.query, "")
			if status != http.StatusBadRequest || !strings.Contains(body, tt.want) {
				t.Fatalf("%d %s", status, body)
			}
			// Refused before discovery or any query reached Athena.
			if calls := srv.Calls(); len(calls) != 0 {
				t.Fatalf("Athena calls before the refusal: %+v", calls)
			}
		})
	}
	// The same route runs a query over an allowed range.
	status, body := callResource(t, ds, "GET", fmt.Sprintf("values?kind=accounts&source=vpc_flow&from=%d&to=%d",
		now.Add(-24*time.Hour).UnixMilli(), now.UnixMilli()), "")
	if status != http.StatusOK || !strings.Contains(body, "111122223333") || srv.Count("StartQueryExecution") != 1 {
		t.Fatalf("%d %s, %d queries", status, body, srv.Count("StartQueryExecution"))
	}
}

func TestValuesRouteEndsAtQueryTimeout(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	if err := srv.Inject(athenaemu.Fault{Op: "StartQueryExecution", Action: athenaemu.ActHang}); err != nil {
		t.Fatal(err)
	}
	ds := newTestDatasource(t, srv, map[string]any{"queryTimeoutSeconds": 1})
	began := time.Now()
	status, body := callResource(t, ds, "GET", "values?kind=regions&source=vpc_flow", "")
	took := time.Since(began)
	if status != http.StatusGatewayTimeout || !strings.Contains(body, "did not finish within 1 s") {
		t.Fatalf("%d %s", status, body)
	}
	if took < time.Second || took > 10*time.Second {
		t.Fatalf("the values query took %s, want about the 1 s timeout", took)
	}
	if srv.Count("StartQueryExecution") != 1 {
		t.Fatalf("queries started: %d", srv.Count("StartQueryExecution"))
	}
}

func TestQueryLengthLimit(t *testing.T) {
	if err := checkLength(strings.Repeat("x", AthenaMaxQueryLength)); err != nil {
		t.Fatalf("exactly the limit: %v", err)
	}
	// Characters, not bytes: 262,144 two-byte characters are allowed.
	if err := checkLength(strings.Repeat("é", AthenaMaxQueryLength)); err != nil {
		t.Fatalf("multi-byte: %v", err)
	}
	err := checkLength(strings.Repeat("x", AthenaMaxQueryLength+1))
	if err == nil || !strings.Contains(err.Error(), "262145 characters") || !strings.Contains(err.Error(), "limit of 262144") {
		t.Fatalf("err = %v", err)
	}

	srv := plugintest.NewLakeServer(t)
	ds := newTestDatasource(t, srv, nil)
	long := "SELECT '" + strings.Repeat("a", AthenaMaxQueryLength) + "' AS s"
	js, _ := json.Marshal(map[string]any{"mode": "sql", "rawSql": long})
	res := runQueries(t, ds, dataQuery("A", string(js)))["A"]
	if res.Error == nil || res.Status != backend.StatusBadRequest || !strings.Contains(res.Error.Error(), "Athena's limit of 262144") ||
		!strings.Contains(res.Error.Error(), "select fewer values") {
		t.Fatalf("status %d, error %v", res.Status, res.Error)
	}
	if n := srv.Count("StartQueryExecution"); n != 0 {
		t.Fatalf("%d queries started", n)
	}
}

// TestEveryAthenaQueryGoesThroughTheGuard fails when a file of the plugin
// package calls an executor's Run or RunReport outside guard.go: a new
// route must use runGuarded and so cannot skip the guards.
func TestEveryAthenaQueryGoesThroughTheGuard(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "guard.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Run" || sel.Sel.Name == "RunReport") {
				t.Errorf("%s: %s runs SQL outside runGuarded (guard.go)", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
	if checked < 5 {
		t.Fatalf("only %d files checked", checked)
	}
}

func TestAdmissionQueuesBeyondTheBound(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)},
		Steps: athenaemu.Steps("RUNNING", "RUNNING")})
	// Each poll takes a while, so the queries overlap.
	if err := srv.Inject(athenaemu.Fault{Op: "GetQueryExecution", Delay: athenaemu.Duration(40 * time.Millisecond)}); err != nil {
		t.Fatal(err)
	}
	// The old per-request maxConcurrentQueries no longer holds a panel
	// below the admission bound.
	ds := newTestDatasource(t, srv, map[string]any{"maxInFlightQueries": 2, "maxConcurrentQueries": 1})
	peak := watchInFlight(t, ds)
	var qs []backend.DataQuery
	// Distinct SQL: identical queries would share one run (share.go).
	for i, id := range []string{"A", "B", "C", "D", "E", "F"} {
		qs = append(qs, dataQuery(id, fmt.Sprintf(`{"mode":"sql","rawSql":"SELECT %d AS n"}`, i+1)))
	}
	res := runQueries(t, ds, qs...)
	waited := 0
	for id, r := range res {
		if r.Error != nil || len(r.Frames) != 1 || r.Frames[0].Rows() != 1 {
			t.Fatalf("%s: %v", id, r.Error)
		}
		if r.Frames[0].Meta != nil {
			for _, n := range r.Frames[0].Meta.Notices {
				if strings.Contains(n.Text, "waited") && strings.Contains(n.Text, "at most 2 queries at once (maxInFlightQueries)") {
					waited++
				}
			}
		}
	}
	if got := peak(); got != 2 {
		t.Fatalf("peak in-flight = %d, want the bound 2 (reached, never passed)", got)
	}
	// Six queries, two slots: at least four waited, and said so.
	if len(res) != 6 || waited < 4 {
		t.Fatalf("responses %d, waited notices %d", len(res), waited)
	}
}

// watchInFlight samples the slots in use until the test ends and returns
// a function reporting the peak.
func watchInFlight(t *testing.T, ds *Datasource) func() int {
	t.Helper()
	peak := make(chan int, 1)
	stop := make(chan struct{})
	go func() {
		p := 0
		for {
			if n := len(ds.admit.slots); n > p {
				p = n
			}
			select {
			case <-stop:
				peak <- p
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() int { close(stop); return <-peak }
}

func TestAdmissionIsFirstComeFirstServedAndHonoursContexts(t *testing.T) {
	a := newAdmission(1, newTestMetrics(t))
	_, release, err := a.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	order := make(chan int, 3)
	cancelled, cancel := context.WithCancel(context.Background())
	gone := make(chan error, 1)
	go func() {
		_, _, err := a.acquire(cancelled)
		gone <- err
	}()
	waitFor(t, func() bool { return testWaiting(a) == 1 })
	for i := 1; i <= 3; i++ {
		go func(i int) {
			waited, rel, err := a.acquire(context.Background())
			if err != nil || waited <= 0 {
				t.Errorf("waiter %d: waited %s, %v", i, waited, err)
				return
			}
			order <- i
			rel()
		}(i)
		// Line up in order 1, 2, 3.
		waitFor(t, func() bool { return testWaiting(a) == i+1 })
	}
	cancel()
	if err := <-gone; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiter: %v", err)
	}
	release()
	for want := 1; want <= 3; want++ {
		if got := <-order; got != want {
			t.Fatalf("served %d, want %d", got, want)
		}
	}
	if len(a.slots) != 0 {
		t.Fatalf("slots in use after all released: %d", len(a.slots))
	}
}

func newTestMetrics(t *testing.T) *metrics {
	t.Helper()
	return newMetrics(prometheus.NewRegistry())
}

// testWaiting is the number of queries waiting for a slot.
func testWaiting(a *admission) int { return int(testutil.ToFloat64(a.m.waiting)) }

// waitFor polls cond for up to 5 s, then lets the goroutine that made it
// true reach its blocking point.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5 s")
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(10 * time.Millisecond)
}
