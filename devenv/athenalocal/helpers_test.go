package athenalocal_test

import (
	"context"
	"errors"
	"net"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/smithy-go"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// env is athena-local over a fake Trino, called through the real SDK client.
type env struct {
	trino  *trinotest.Server
	srv    *athenaemu.Server
	http   *httptest.Server
	client *athenasdk.Client
}

// newEnv starts a fake Trino and athena-local; opts.Trino is filled in.
// The client retries nothing but the SDK's loopback pitfall (see
// closedConnRetryer), so every error the server sends reaches the test.
func newEnv(t testing.TB, opts athenalocal.Options) *env {
	t.Helper()
	ft := trinotest.NewServer()
	t.Cleanup(ft.Close)
	tc, err := trino.New(ft.URL(), "athena-local", trino.WithRetry(trino.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	opts.Trino = tc
	srv, err := athenalocal.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return &env{trino: ft, srv: srv, http: hs, client: sdkClient(hs.URL)}
}

func sdkClient(url string) *athenasdk.Client {
	return athenasdk.NewFromConfig(aws.Config{
		Region: "us-east-1",
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDATHENALOCALTEST", SecretAccessKey: "secret"}, nil
		}),
		BaseEndpoint: aws.String(url),
	}, func(o *athenasdk.Options) { o.Retryer = closedConnRetryer() })
}

// closedConnRetries counts the retries closedConnRetryer made (benchmarks
// report it per page).
var closedConnRetries atomic.Int64

// closedConnRetryer retries only "use of closed network connection", at
// once, up to twice. The 1 ms pre-response pause makes that failure rare
// but cannot rule it out: when the client's net/http write loop is
// descheduled longer than the pause (GC, 2 busy cores), the SDK closes the
// request body under it and the connection dies while the response body is
// read (aws/aws-sdk-go-v2#2737). The SDK's standard retryer, and so the
// plugin's, retries it too (net.ErrClosed, aws-sdk-go-v2 PR #2949).
func closedConnRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 3
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		o.RateLimiter = ratelimit.None
		o.Retryables = []retry.IsErrorRetryable{retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if errors.Is(err, net.ErrClosed) {
				closedConnRetries.Add(1)
				return aws.TrueTernary
			}
			return aws.FalseTernary
		})}
	})
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// start runs StartQueryExecution in AwsDataCatalog.db.
func (e *env) start(t testing.TB, sql string, mod ...func(*athenasdk.StartQueryExecutionInput)) string {
	t.Helper()
	in := &athenasdk.StartQueryExecutionInput{
		QueryString:           aws.String(sql),
		QueryExecutionContext: &types.QueryExecutionContext{Catalog: aws.String("AwsDataCatalog"), Database: aws.String("db")},
		WorkGroup:             aws.String("primary"),
	}
	for _, m := range mod {
		m(in)
	}
	out, err := e.client.StartQueryExecution(ctxT(t), in)
	if err != nil {
		t.Fatalf("StartQueryExecution: %v", err)
	}
	return aws.ToString(out.QueryExecutionId)
}

// wait polls until the query ends and returns its execution and the states
// seen on the way.
// waitRunning polls GetQueryExecution every poll until id is RUNNING, and
// fails the test after timeout.
func (e *env) waitRunning(t testing.TB, id string, timeout, poll time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		out, err := e.client.GetQueryExecution(ctxT(t), &athenasdk.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		if out.QueryExecution.Status.State == types.QueryExecutionStateRunning {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("never RUNNING: %s", out.QueryExecution.Status.State)
		}
		time.Sleep(poll)
	}
}

func (e *env) wait(t testing.TB, id string) (*types.QueryExecution, []types.QueryExecutionState) {
	t.Helper()
	var seen []types.QueryExecutionState
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		out, err := e.client.GetQueryExecution(ctxT(t), &athenasdk.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			t.Fatalf("GetQueryExecution: %v", err)
		}
		st := out.QueryExecution.Status.State
		if len(seen) == 0 || seen[len(seen)-1] != st {
			seen = append(seen, st)
		}
		switch st {
		case types.QueryExecutionStateSucceeded, types.QueryExecutionStateFailed, types.QueryExecutionStateCancelled:
			return out.QueryExecution, seen
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("query %s did not end; states %v", id, seen)
	return nil, nil
}

// results pages through every result row with pageSize.
func (e *env) results(t testing.TB, id string, pageSize int32) ([]types.ColumnInfo, [][]*string, int) {
	t.Helper()
	var cols []types.ColumnInfo
	var rows [][]*string
	pages := 0
	var token *string
	for {
		out, err := e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{
			QueryExecutionId: aws.String(id), MaxResults: aws.Int32(pageSize), NextToken: token,
		})
		if err != nil {
			t.Fatalf("GetQueryResults page %d: %v", pages+1, err)
		}
		pages++
		cols = out.ResultSet.ResultSetMetadata.ColumnInfo
		for _, r := range out.ResultSet.Rows {
			cells := make([]*string, len(r.Data))
			for i, d := range r.Data {
				cells[i] = d.VarCharValue
			}
			rows = append(rows, cells)
		}
		if token = out.NextToken; token == nil {
			return cols, rows, pages
		}
	}
}

// apiCode returns the error code of an API error ("" if err is not one).
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func str(p *string) string {
	if p == nil {
		return "<NULL>"
	}
	return *p
}
