package athena_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// tally is an Observer counting stops and abandoned queries.
type tally struct {
	mu                  sync.Mutex
	stops, stopFailures int
	abandoned           map[string]int // by query id; "" for a start that could not be recovered
}

func (t *tally) Retried(context.Context, string, bool, error)   {}
func (t *tally) Finished(context.Context, athena.Report, error) {}
func (t *tally) Stopped(_ context.Context, _ string, _ athena.StopReason, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stops++
	if err != nil {
		t.stopFailures++
	}
}

func (t *tally) Abandoned(_ context.Context, id string, _ athena.StopReason, _ error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.abandoned == nil {
		t.abandoned = map[string]int{}
	}
	t.abandoned[id]++
}

// orphanRuns is how many queries each stage cancels: 20 in the short
// suite, 200 with SECLAKE_LONG=1.
func orphanRuns() int {
	if os.Getenv("SECLAKE_LONG") == "1" {
		return 200
	}
	return 20
}

// orphanStage is one way a run can end early.
type orphanStage struct {
	name string
	// setup prepares srv for runs whose SQL is sqlOf(i).
	setup func(t *testing.T, srv *athenaemu.CannedServer, runs int)
	// run executes one query and ends it early.
	run func(ctx context.Context, client *athenasdk.Client, obs athena.Observer, srv *athenaemu.CannedServer, sql string) error
	// wantAbandoned: every query of the stage is expected abandoned (its
	// stops always fail); otherwise none is.
	wantAbandoned bool
	// reclaims: the start's answer was lost, so the start is resent with
	// the same token.
	reclaims bool
}

func sqlOf(stage string, i int) string { return fmt.Sprintf("SELECT * FROM orphan_%s_%d", stage, i) }

// runThenCancelAt runs sql with an instant sleeper that cancels ctx before
// the n-th wait (n=3: while polling).
func runThenCancelAt(n int) func(context.Context, *athenasdk.Client, athena.Observer, *athenaemu.CannedServer, string) error {
	return func(ctx context.Context, client *athenasdk.Client, obs athena.Observer, _ *athenaemu.CannedServer, sql string) error {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		sl := &sleeper{before: func(k int) {
			if k == n {
				cancel()
			}
		}}
		_, err := athena.New(client, athena.Options{Sleep: sl.Sleep, Observer: obs}).Run(ctx, sql)
		return err
	}
}

// runWithTimeout runs sql with real waits and a deadline.
func runWithTimeout(d time.Duration) func(context.Context, *athenasdk.Client, athena.Observer, *athenaemu.CannedServer, string) error {
	return func(ctx context.Context, client *athenasdk.Client, obs athena.Observer, _ *athenaemu.CannedServer, sql string) error {
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		_, err := athena.New(client, athena.Options{Observer: obs, PollInitial: time.Millisecond}).Run(ctx, sql)
		return err
	}
}

func orphanStages() []orphanStage {
	running := athenaemu.Result{Final: "RUNNING"}
	stages := []orphanStage{
		{
			// The start request is held by the endpoint past the
			// deadline: Athena never saw it complete, the resend starts it.
			name: "start-delayed", reclaims: true,
			setup: func(t *testing.T, srv *athenaemu.CannedServer, runs int) {
				srv.Handle(athenaemu.Any(), running)
				for i := range runs {
					inject(t, srv, athenaemu.Fault{Op: "StartQueryExecution", Match: regexp.QuoteMeta(sqlOf("start-delayed", i)) + "$",
						Times: 1, Delay: athenaemu.Duration(300 * time.Millisecond)})
				}
			},
			run: runWithTimeout(50 * time.Millisecond),
		},
		{
			// Athena created the query but its answer was still on the
			// way when the deadline passed.
			name: "start-answer-lost", reclaims: true,
			setup: func(_ *testing.T, srv *athenaemu.CannedServer, _ int) {
				srv.Handle(athenaemu.Any(), running)
				srv.SetResponseDelay(300 * time.Millisecond)
			},
			run: runWithTimeout(100 * time.Millisecond),
		},
		{
			name:  "polling",
			setup: func(_ *testing.T, srv *athenaemu.CannedServer, _ int) { srv.Handle(athenaemu.Any(), running) },
			run:   runThenCancelAt(3),
		},
		{
			// Cancelled while a results page is in flight.
			name: "paging",
			setup: func(t *testing.T, srv *athenaemu.CannedServer, _ int) {
				rows := make([][]*string, 50)
				for i := range rows {
					rows[i] = athenaemu.Row(i)
				}
				srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "integer"}}, Rows: rows})
				inject(t, srv, athenaemu.Fault{Op: "GetQueryResults", Delay: athenaemu.Duration(20 * time.Millisecond)})
			},
			run: func(ctx context.Context, client *athenasdk.Client, obs athena.Observer, srv *athenaemu.CannedServer, sql string) error {
				ctx, cancel := context.WithCancel(ctx)
				defer cancel()
				go func() { // cancel once the second page was asked for
					for ctx.Err() == nil {
						var pages int
						for _, c := range srv.CallsTo("GetQueryResults") {
							if c.SQL == sql {
								pages++
							}
						}
						if pages >= 2 {
							cancel()
							return
						}
						time.Sleep(2 * time.Millisecond)
					}
				}()
				_, err := athena.New(client, athena.Options{Observer: obs, PollInitial: time.Millisecond, PageSize: 5}).Run(ctx, sql)
				return err
			},
		},
	}
	// Stops that fail N times: retried up to three attempts, then the query
	// is counted abandoned.
	for _, n := range []int{1, 2, 3, 5} {
		name := fmt.Sprintf("stop-fails-%d", n)
		stages = append(stages, orphanStage{
			name: name, wantAbandoned: n >= 3,
			setup: func(t *testing.T, srv *athenaemu.CannedServer, runs int) {
				srv.Handle(athenaemu.Any(), running)
				for i := range runs {
					inject(t, srv, athenaemu.Fault{Op: "StopQueryExecution", Match: regexp.QuoteMeta(sqlOf(name, i)) + "$",
						Times: n, Action: athenaemu.ActAccessDenied})
				}
			},
			run: runThenCancelAt(3),
		})
	}
	return stages
}

// TestNoOrphanedQueries cancels queries at every stage, with failing stops
// too, and checks in the emulator's call log that every query started got
// a successful stop or was counted abandoned, and that none is left running
// uncounted.
func TestNoOrphanedQueries(t *testing.T) {
	runs := orphanRuns()
	for _, st := range orphanStages() {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			st.setup(t, srv, runs)
			client := newClient(srv)
			obs := &tally{}
			var wg sync.WaitGroup
			errs := make([]error, runs)
			for i := range runs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = st.run(t.Context(), client, obs, srv, sqlOf(st.name, i))
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("run %d: err = %v, want the cancellation", i, err)
				}
			}

			queries := srv.Queries()
			var stoppedOK, running, abandoned int
			stopOK := map[string]bool{}
			for _, c := range srv.CallsTo("StopQueryExecution") {
				if c.Status == 200 {
					stopOK[c.QueryID] = true
				}
			}
			for _, q := range queries {
				isAbandoned := obs.abandoned[q.ID] > 0
				if isAbandoned {
					abandoned++
				}
				if stopOK[q.ID] {
					stoppedOK++
				}
				if q.State == "RUNNING" || q.State == "QUEUED" {
					running++
					if !isAbandoned {
						t.Errorf("query %s (%s) left %s and not counted abandoned", q.ID, q.SQL, q.State)
					}
				}
				if !stopOK[q.ID] && !isAbandoned {
					t.Errorf("query %s (%s) got no successful stop and was not counted abandoned", q.ID, q.SQL)
				}
			}
			if len(queries) != runs {
				t.Errorf("%d queries started for %d runs", len(queries), runs)
			}
			if st.wantAbandoned && abandoned != runs || !st.wantAbandoned && abandoned != 0 {
				t.Errorf("%d abandoned, want %v for every run", abandoned, st.wantAbandoned)
			}
			if obs.abandoned[""] > 0 {
				t.Errorf("%d starts could not be recovered", obs.abandoned[""])
			}
			resent := 0
			if st.reclaims {
				// Every lost start was resent with its token, and Athena's
				// idempotency gave one query per token. Under load a
				// request can end before its start was even sent; then
				// the resend is the only one.
				tokens := map[string]int{}
				for _, c := range srv.CallsTo("StartQueryExecution") {
					tokens[c.ClientRequestToken]++
				}
				for tok, n := range tokens {
					if n > 2 {
						t.Errorf("token %s sent %d times, want at most 2 (start, resend)", tok, n)
					}
					if n == 2 {
						resent++
					}
				}
				if len(tokens) != runs || resent == 0 {
					t.Errorf("%d tokens, %d resent, for %d runs", len(tokens), resent, runs)
				}
			}
			t.Logf("%s: %d runs, %d queries started, %d starts resent with their token, %d StopQueryExecution calls (%d failed), %d stopped, %d abandoned, %d left running uncounted",
				st.name, runs, len(queries), resent, obs.stops, obs.stopFailures, stoppedOK, abandoned, running-abandoned)
		})
	}
}

// TestRetryableFailureStartsOnceMoreWithANewToken: a FAILED query Athena
// marks retryable is started again once, with a new token (the same token
// would return the failed query); a non-retryable one is not.
func TestRetryableFailureStartsOnceMoreWithANewToken(t *testing.T) {
	for _, c := range []struct {
		retryable bool
		times     int
		starts    int
		ok        bool
	}{{true, 1, 2, true}, {true, 0, 2, false}, {false, 1, 1, false}} {
		t.Run(fmt.Sprintf("retryable=%v×%d", c.retryable, c.times), func(t *testing.T) {
			srv := newServer(t)
			srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "integer"}}, Rows: [][]*string{athenaemu.Row(1)}})
			inject(t, srv, athenaemu.Fault{Op: "StartQueryExecution", Action: athenaemu.ActFail, Times: c.times, Category: athena.ErrorCategorySystem,
				Retryable: c.retryable, Message: "GENERIC_INTERNAL_ERROR"})
			ex, _ := newExecutor(srv, athena.Options{})
			res, rep, err := ex.RunReport(t.Context(), "SELECT 1 AS n")
			ins := startInputs(t, srv)
			if len(ins) != c.starts {
				t.Fatalf("%d starts, want %d", len(ins), c.starts)
			}
			if len(ins) == 2 && *ins[0].ClientRequestToken == *ins[1].ClientRequestToken {
				t.Error("the restart reused the failed query's token")
			}
			if c.ok != (err == nil) || c.ok && len(res.Rows) != 1 {
				t.Errorf("err = %v, result %+v", err, res)
			}
			if c.starts == 2 && rep.Retries < 1 {
				t.Errorf("report %+v: the restart is not counted as a retry", rep)
			}
		})
	}
}
