package athena_test

import (
	"context"
	"sync"
	"testing"
	"time"

	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// fastRetry keeps the real retry classification but with millisecond
// backoffs, so throttling tests take milliseconds.
var fastRetry = athena.RetryPolicy{MaxAttempts: 6, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond}

// newServer starts a canned Athena emulator closed at the end of the test.
func newServer(t testing.TB) *athenaemu.CannedServer {
	t.Helper()
	srv := athenaemu.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// inject adds fault rules to srv.
func inject(t testing.TB, srv *athenaemu.CannedServer, faults ...athenaemu.Fault) {
	t.Helper()
	if err := srv.Inject(faults...); err != nil {
		t.Fatal(err)
	}
}

// newClient is the real SDK client against srv.
func newClient(srv *athenaemu.CannedServer) *athenasdk.Client {
	return athena.NewClient(srv.AWSConfig(), srv.URL(), athena.WithRetryPolicy(fastRetry))
}

// sleeper replaces Options.Sleep: it records the requested waits, returns
// at once, and can run a hook before the n-th wait (e.g. cancel a context).
type sleeper struct {
	mu     sync.Mutex
	waits  []time.Duration
	before func(n int)
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	n := len(s.waits)
	hook := s.before
	s.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	return ctx.Err()
}

func (s *sleeper) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// newExecutor wires an Executor to srv with an instant sleeper.
func newExecutor(srv *athenaemu.CannedServer, opts athena.Options) (*athena.Executor, *sleeper) {
	sl := &sleeper{}
	if opts.Sleep == nil {
		opts.Sleep = sl.Sleep
	}
	return athena.New(newClient(srv), opts), sl
}

// startInputs returns the decoded StartQueryExecution requests.
func startInputs(t *testing.T, srv *athenaemu.CannedServer) []*athenasdk.StartQueryExecutionInput {
	t.Helper()
	var out []*athenasdk.StartQueryExecutionInput
	for _, c := range srv.CallsTo("StartQueryExecution") {
		in, ok := c.Input.(*athenasdk.StartQueryExecutionInput)
		if !ok {
			t.Fatalf("StartQueryExecution input has type %T", c.Input)
		}
		out = append(out, in)
	}
	return out
}

// resultsMaxResults returns MaxResults of each GetQueryResults call.
func resultsMaxResults(t *testing.T, srv *athenaemu.CannedServer) []int32 {
	t.Helper()
	var out []int32
	for _, c := range srv.CallsTo("GetQueryResults") {
		in := c.Input.(*athenasdk.GetQueryResultsInput)
		if in.MaxResults == nil {
			t.Fatal("GetQueryResults without MaxResults")
		}
		out = append(out, *in.MaxResults)
	}
	return out
}

func deref(p *string) string {
	if p == nil {
		return "<NULL>"
	}
	return *p
}
