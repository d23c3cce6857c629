package plugin

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// fastRetry is the real retry classification with millisecond backoffs
// and three attempts, so "throttled beyond the retries" takes milliseconds.
var fastRetry = athena.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond}

// faultDatasource is an instance against srv with fast retries and its own
// metrics.
func faultDatasource(t *testing.T, srv *athenaemu.CannedServer, extra map[string]any) (*Datasource, *metrics) {
	t.Helper()
	ds := newTestDatasource(t, srv, extra)
	ds.clientOpts = []func(*athenasdk.Options){athena.WithRetryPolicy(fastRetry)}
	m := newMetrics(prometheus.NewRegistry())
	ds.tel = telemetry{m: m, logger: newRecordingLogger()}
	return ds, m
}

// faultCase is one cell of the fault matrix: faults injected, the query
// timeout, and the status the query must answer with (StatusOK: the fault
// is survived).
type faultCase struct {
	name    string
	faults  []athenaemu.Fault
	timeout int
	want    backend.Status
	// sql is the raw SQL of the query; empty means "SELECT 1 AS n".
	sql string
}

// customSQL reads the catalog's custom source: only discovery knows it, so
// a cold instance waits for the discovery and meets its faults. A query on
// conventional names does not wait (discovery runs in the background).
const customSQL = "SELECT 1 AS n FROM amazon_security_lake_table_us_east_1_" + plugintest.CustomTable

// queryOps are the Athena operations a dashboard query calls: the listings
// of discovery (when the first query of an instance needs it), then start,
// poll, page.
var queryOps = []string{"ListDatabases", "ListTableMetadata", "StartQueryExecution", "GetQueryExecution", "GetQueryResults"}

// faultMatrix is every query operation × every fault the emulator speaks,
// plus the faults only a start or a stop can meet.
func faultMatrix() []faultCase {
	var cases []faultCase
	for _, op := range queryOps {
		f := func(a athenaemu.Action, times int) athenaemu.Fault {
			return athenaemu.Fault{Op: op, Action: a, Times: times}
		}
		status503 := f(athenaemu.ActServerError, 0)
		status503.Status = 503
		n := len(cases)
		cases = append(cases,
			faultCase{name: op + "/throttle", faults: []athenaemu.Fault{f(athenaemu.ActThrottle, 0)}, want: backend.StatusTooManyRequests},
			faultCase{name: op + "/too-many-requests", faults: []athenaemu.Fault{f(athenaemu.ActTooManyRequests, 0)}, want: backend.StatusTooManyRequests},
			faultCase{name: op + "/throttle-once", faults: []athenaemu.Fault{f(athenaemu.ActThrottle, 1)}, want: backend.StatusOK},
			faultCase{name: op + "/server-error", faults: []athenaemu.Fault{f(athenaemu.ActServerError, 0)}, want: backend.StatusBadGateway},
			faultCase{name: op + "/unavailable", faults: []athenaemu.Fault{status503}, want: 503},
			faultCase{name: op + "/malformed", faults: []athenaemu.Fault{f(athenaemu.ActMalformed, 0)}, want: backend.StatusBadGateway},
			faultCase{name: op + "/truncated", faults: []athenaemu.Fault{f(athenaemu.ActTruncated, 0)}, want: backend.StatusBadGateway},
			faultCase{name: op + "/malformed-once", faults: []athenaemu.Fault{f(athenaemu.ActMalformed, 1)}, want: backend.StatusOK},
			faultCase{name: op + "/truncated-once", faults: []athenaemu.Fault{f(athenaemu.ActTruncated, 1)}, want: backend.StatusOK},
			faultCase{name: op + "/access-denied", faults: []athenaemu.Fault{f(athenaemu.ActAccessDenied, 0)}, want: backend.StatusBadRequest},
			faultCase{name: op + "/hang", faults: []athenaemu.Fault{f(athenaemu.ActHang, 0)}, timeout: 1, want: backend.StatusTimeout},
		)
		if strings.HasPrefix(op, "List") {
			for i := n; i < len(cases); i++ {
				cases[i].sql = customSQL
			}
			// A query that needs no discovery does not see its faults.
			cases = append(cases, faultCase{name: op + "/not-in-front", faults: []athenaemu.Fault{f(athenaemu.ActAccessDenied, 0)}, want: backend.StatusOK})
		}
	}
	fail := func(category int32, retryable bool, times int) athenaemu.Fault {
		return athenaemu.Fault{Op: "StartQueryExecution", Action: athenaemu.ActFail, Times: times, Category: category, Retryable: retryable,
			Message: fmt.Sprintf("injected failure (category %d, retryable %v)", category, retryable)}
	}
	hangStart := athenaemu.Fault{Op: "StartQueryExecution", Action: athenaemu.ActHang}
	stop := func(a athenaemu.Action) athenaemu.Fault { return athenaemu.Fault{Op: "StopQueryExecution", Action: a} }
	return append(cases,
		faultCase{name: "StartQueryExecution/fail-user", faults: []athenaemu.Fault{fail(athena.ErrorCategoryUser, false, 0)}, want: backend.StatusBadRequest},
		faultCase{name: "StartQueryExecution/fail-system", faults: []athenaemu.Fault{fail(athena.ErrorCategorySystem, false, 0)}, want: backend.StatusBadGateway},
		faultCase{name: "StartQueryExecution/fail-retryable-once", faults: []athenaemu.Fault{fail(athena.ErrorCategorySystem, true, 1)}, want: backend.StatusOK},
		faultCase{name: "StartQueryExecution/fail-retryable", faults: []athenaemu.Fault{fail(athena.ErrorCategorySystem, true, 0)}, want: 503},
		// A stop is sent when the query times out; its failures must not
		// change the answer, which is the timeout.
		faultCase{name: "StopQueryExecution/server-error", faults: []athenaemu.Fault{hangStart, stop(athenaemu.ActServerError)}, timeout: 1, want: backend.StatusTimeout},
		faultCase{name: "StopQueryExecution/access-denied", faults: []athenaemu.Fault{hangStart, stop(athenaemu.ActAccessDenied)}, timeout: 1, want: backend.StatusTimeout},
		faultCase{name: "StopQueryExecution/malformed", faults: []athenaemu.Fault{hangStart, stop(athenaemu.ActMalformed)}, timeout: 1, want: backend.StatusTimeout},
		faultCase{name: "StopQueryExecution/throttle", faults: []athenaemu.Fault{hangStart, stop(athenaemu.ActThrottle)}, timeout: 1, want: backend.StatusTimeout},
	)
}

// TestFaultMatrix runs a raw SQL query against every fault of every
// operation and checks the answer's status and error source, that single
// garbled answers are survived, and that no query is left running unless
// it was counted abandoned.
func TestFaultMatrix(t *testing.T) {
	var cells, survived, abandonedTotal atomic.Int64
	t.Cleanup(func() {
		t.Logf("fault matrix: %d cells, %d answered OK, %d queries counted abandoned", cells.Load(), survived.Load(), abandonedTotal.Load())
	})
	for _, c := range faultMatrix() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cells.Add(1)
			srv := plugintest.NewLakeServer(t)
			srv.Handle(athenaemu.Any(), athenaemu.Result{
				Columns: []athenaemu.Column{{Name: "n", Type: "integer"}}, Rows: [][]*string{athenaemu.Row(1)},
				Steps: athenaemu.Steps("QUEUED", "RUNNING"),
			})
			if err := srv.Inject(c.faults...); err != nil {
				t.Fatal(err)
			}
			extra := map[string]any{}
			if c.timeout > 0 {
				extra["queryTimeoutSeconds"] = c.timeout
			}
			ds, m := faultDatasource(t, srv, extra)
			sql := c.sql
			if sql == "" {
				sql = "SELECT 1 AS n"
			}
			res := runQueries(t, ds, dataQuery("A", fmt.Sprintf(`{"rawSql":%q}`, sql)))["A"]
			abandoned := counterSum(t, m.abandoned)
			abandonedTotal.Add(int64(abandoned))
			if c.want == backend.StatusOK {
				if res.Error != nil {
					t.Fatalf("want the fault survived, got %d %s: %v", res.Status, res.ErrorSource, res.Error)
				}
				if len(res.Frames) != 1 || res.Frames[0].Rows() != 1 {
					t.Errorf("frames %v", res.Frames)
				}
				survived.Add(1)
			} else {
				if res.Error == nil {
					t.Fatalf("want status %d, got no error", c.want)
				}
				if res.Status != c.want || res.ErrorSource != backend.ErrorSourceDownstream {
					t.Errorf("status %d source %q, want %d downstream: %v", res.Status, res.ErrorSource, c.want, res.Error)
				}
			}
			if n := runningQueries(srv); n > abandoned {
				t.Errorf("%d queries left running, %d counted abandoned", n, abandoned)
			}
			if c.name == "StopQueryExecution/access-denied" && abandoned != 1 {
				t.Errorf("a query whose stop is always denied must be counted abandoned once, got %d", abandoned)
			}
		})
	}
}

// TestFaultMatrixHealthAndRoutes checks the other two entry points: the
// health check (GetWorkGroup) and an editor route (the listings).
func TestFaultMatrixHealthAndRoutes(t *testing.T) {
	for _, c := range []struct {
		action athenaemu.Action
		times  int
		status int // of GET /sources
	}{
		{athenaemu.ActThrottle, 0, 429}, {athenaemu.ActServerError, 0, 502}, {athenaemu.ActMalformed, 0, 502},
		{athenaemu.ActTruncated, 0, 502}, {athenaemu.ActAccessDenied, 0, 400}, {athenaemu.ActMalformed, 1, 200}, {athenaemu.ActTruncated, 1, 200},
	} {
		t.Run(fmt.Sprintf("%s×%d", c.action, c.times), func(t *testing.T) {
			t.Parallel()
			srv := plugintest.NewLakeServer(t)
			srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "integer"}}})
			if err := srv.Inject(athenaemu.Fault{Op: "GetWorkGroup", Action: c.action, Times: c.times}); err != nil {
				t.Fatal(err)
			}
			ds, _ := faultDatasource(t, srv, nil)
			h, err := ds.CheckHealth(t.Context(), &backend.CheckHealthRequest{})
			if err != nil {
				t.Fatal(err)
			}
			workgroupFailed := strings.Contains(h.Message, "Cannot read Athena workgroup")
			if workgroupFailed != (c.status != 200) || (c.status != 200) != (h.Status == backend.HealthStatusError) {
				t.Errorf("health %v %q", h.Status, h.Message)
			}

			if err := srv.Inject(athenaemu.Fault{Op: "ListDatabases", Action: c.action, Times: c.times}); err != nil {
				t.Fatal(err)
			}
			ds2, _ := faultDatasource(t, srv, nil)
			status, body := callResource(t, ds2, "GET", "sources", "")
			if status != c.status {
				t.Errorf("GET /sources: %d %s, want %d", status, body, c.status)
			}
		})
	}
}

// counterSum adds a stop-reason counter vector's series.
func counterSum(t *testing.T, c *prometheus.CounterVec) int {
	t.Helper()
	var n float64
	for _, r := range []athena.StopReason{athena.StopCancelled, athena.StopDeadline, athena.StopScanGuard, athena.StopGaveUp, athena.StopRequested} {
		n += testutil.ToFloat64(c.WithLabelValues(string(r)))
	}
	return int(n)
}

// runningQueries counts the emulator's queries not in a final state.
func runningQueries(srv *athenaemu.CannedServer) int {
	var n int
	for _, q := range srv.Queries() {
		if q.State == "QUEUED" || q.State == "RUNNING" {
			n++
		}
	}
	return n
}

// TestOutsideCancellationIsDownstream: Grafana cancelling the request (the
// panel closed) while the query runs is not the plugin's fault, and the
// query is stopped.
func TestOutsideCancellationIsDownstream(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Final: "RUNNING"})
	ds, m := faultDatasource(t, srv, nil)
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		for srv.Count("GetQueryExecution") < 2 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{dataQuery("A", `{"rawSql":"SELECT 1"}`)}})
	if err != nil {
		t.Fatal(err)
	}
	res := resp.Responses["A"]
	if res.Error == nil || res.ErrorSource != backend.ErrorSourceDownstream || res.Status == backend.StatusInternal {
		t.Errorf("status %d source %q: %v", res.Status, res.ErrorSource, res.Error)
	}
	q := srv.Queries()
	if len(q) != 1 || !q[0].Stopped || q[0].State != "CANCELLED" {
		t.Errorf("queries %+v, want one stopped", q)
	}
	if got := testutil.ToFloat64(m.stops.WithLabelValues(string(athena.StopCancelled))); got != 1 {
		t.Errorf("stops{cancelled} = %v", got)
	}
}
