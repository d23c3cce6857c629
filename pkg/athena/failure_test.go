package athena_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

func TestRunFailedQuery(t *testing.T) {
	const reason = "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.nope' does not exist"
	cases := []struct {
		name     string
		failure  athenaemu.Failure
		wantUser bool
	}{
		{"user", athenaemu.Failure{Reason: reason, Category: 2, Type: 1301}, true},
		{"system", athenaemu.Failure{Reason: "INTERNAL_ERROR: worker crashed", Category: 1, Type: 401, Retryable: true}, false},
		{"other with permission text", athenaemu.Failure{Reason: "Insufficient Lake Formation permission(s) on cloud_trail_mgmt_2_0", Category: 3}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			srv.Handle(athenaemu.Any(), athenaemu.Result{Steps: athenaemu.Steps("QUEUED", "RUNNING"), Final: "FAILED", Failure: tc.failure})
			ex, _ := newExecutor(srv, athena.Options{})
			_, err := ex.Run(context.Background(), "SELECT * FROM nope")
			var qe *athena.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("err = %v (%T), want *QueryError", err, err)
			}
			if qe.State != "FAILED" || qe.Reason != tc.failure.Reason || qe.ErrorCategory != tc.failure.Category ||
				qe.ErrorType != tc.failure.Type || qe.Retryable != tc.failure.Retryable || qe.QueryID == "" {
				t.Errorf("QueryError = %+v, want failure %+v", qe, tc.failure)
			}
			if !strings.Contains(err.Error(), tc.failure.Reason) {
				t.Errorf("Error() = %q does not keep Athena's message verbatim", err.Error())
			}
			if got := athena.IsUserError(err); got != tc.wantUser {
				t.Errorf("IsUserError = %v, want %v", got, tc.wantUser)
			}
			if srv.Count("GetQueryResults") != 0 || srv.Count("StopQueryExecution") != 0 {
				t.Error("a FAILED query must not be paged or stopped")
			}
		})
	}
}

func TestRunCancelledElsewhere(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Steps: athenaemu.Steps("RUNNING"), Final: "CANCELLED"})
	ex, _ := newExecutor(srv, athena.Options{})
	_, err := ex.Run(context.Background(), "SELECT 1")
	if !errors.Is(err, athena.ErrQueryCancelled) || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("err = %v, want ErrQueryCancelled saying it was cancelled", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Error("external cancellation must not look like our ctx being cancelled")
	}
}

func TestRunCancelDuringPollingStopsQuery(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Final: "RUNNING"}) // never finishes
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The first status call has no wait before it, so the 3rd wait follows
	// the 3rd call.
	sl := &sleeper{before: func(n int) {
		if n == 3 {
			cancel()
		}
	}}
	ex := athena.New(newClient(srv), athena.Options{Sleep: sl.Sleep})

	_, err := ex.Run(ctx, "SELECT * FROM slow")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	qs := srv.Queries()
	if len(qs) != 1 {
		t.Fatalf("queries = %d", len(qs))
	}
	id := qs[0].ID
	if !strings.Contains(err.Error(), id) {
		t.Errorf("err %q does not name query %s", err, id)
	}
	if !srv.StopCalled(id) || qs[0].State != "CANCELLED" {
		t.Errorf("StopQueryExecution called: %v, state %s; want the query stopped", srv.StopCalled(id), qs[0].State)
	}
	if n := srv.Count("GetQueryExecution"); n != 3 {
		t.Errorf("GetQueryExecution calls = %d, want 3 (cancelled in the wait after the 3rd)", n)
	}
}

func TestRunDeadlineDuringPagingStopsQuery(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), bigResult(3000))
	inject(t, srv, athenaemu.Fault{Op: "GetQueryResults", Delay: athenaemu.Duration(5 * time.Second)}) // the deadline hits inside the first page
	ex, _ := newExecutor(srv, athena.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err := ex.Run(ctx, "SELECT * FROM big")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Run took %v after a 300 ms deadline", took)
	}
	id := srv.Queries()[0].ID
	if !srv.StopCalled(id) {
		t.Error("StopQueryExecution not called after the deadline passed during paging")
	}
	if athena.IsUserError(err) {
		t.Error("a deadline is not a user error")
	}
}

func TestRunScanGuardStopsQuery(t *testing.T) {
	srv := newServer(t)
	const mb = 1 << 20
	srv.Handle(athenaemu.Any(), athenaemu.Result{
		Steps: []athenaemu.Step{{State: "RUNNING", DataScannedBytes: 10 * mb}, {State: "RUNNING", DataScannedBytes: 150 * mb}, {State: "RUNNING", DataScannedBytes: 900 * mb}},
	})
	ex, _ := newExecutor(srv, athena.Options{MaxBytesScanned: 100 * mb})
	_, err := ex.Run(context.Background(), "SELECT * FROM everything")
	if !errors.Is(err, athena.ErrScanLimit) {
		t.Fatalf("err = %v, want ErrScanLimit", err)
	}
	var sle *athena.ScanLimitError
	if !errors.As(err, &sle) || sle.Limit != 100*mb || sle.Scanned != 150*mb {
		t.Fatalf("ScanLimitError = %+v, want limit 100 MiB scanned 150 MiB", sle)
	}
	for _, want := range []string{"104857600", "157286400", "100.0 MiB", "150.0 MiB"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	q := srv.Queries()[0]
	if !q.Stopped || q.State != "CANCELLED" {
		t.Errorf("query stopped %v state %s, want stopped and CANCELLED", q.Stopped, q.State)
	}
	if srv.Count("GetQueryExecution") != 2 || srv.Count("GetQueryResults") != 0 {
		t.Errorf("polls %d pages %d, want 2 polls and no paging", srv.Count("GetQueryExecution"), srv.Count("GetQueryResults"))
	}
	if !athena.IsUserError(err) {
		t.Error("scan limit should be a user error")
	}
}

func TestRunScanGuardOffByDefault(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{
		Steps: []athenaemu.Step{{State: "RUNNING", DataScannedBytes: 1 << 40}},
		Stats: athenaemu.Stats{DataScannedBytes: 1 << 40},
	})
	ex, _ := newExecutor(srv, athena.Options{})
	res, err := ex.Run(context.Background(), "SELECT 1")
	if err != nil || res.DataScannedBytes != 1<<40 {
		t.Fatalf("Run = %v, %v; want success reporting 1 TiB scanned", res, err)
	}
}
