package athenaemu_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/smithy-go"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// TestFaultActionsOnAthenaCalls sends each action through the real SDK
// client (no retries) and checks the error shape Athena would send.
func TestFaultActionsOnAthenaCalls(t *testing.T) {
	for _, c := range []struct {
		fault      athenaemu.Fault
		code       string
		status     int
		msg        string
		transport  bool // not an API error: the body cannot be read
		checkReply func(t *testing.T, err error)
	}{
		{fault: athenaemu.Fault{Action: athenaemu.ActThrottle}, code: "ThrottlingException", status: 400, msg: "Rate exceeded"},
		{fault: athenaemu.Fault{Action: athenaemu.ActTooManyRequests, Code: "CONCURRENT_QUERY_LIMIT_EXCEEDED"}, code: "TooManyRequestsException", status: 400, msg: "Rate exceeded",
			checkReply: func(t *testing.T, err error) {
				var tmr *types.TooManyRequestsException
				if !errors.As(err, &tmr) || tmr.Reason != types.ThrottleReasonConcurrentQueryLimitExceeded {
					t.Errorf("reason: %v", err)
				}
			}},
		{fault: athenaemu.Fault{Action: athenaemu.ActServerError}, code: "InternalServerException", status: 500, msg: "We encountered an internal error. Please try again."},
		{fault: athenaemu.Fault{Action: athenaemu.ActServerError, Status: 503, Type: "ServiceUnavailable", Message: "down"}, code: "ServiceUnavailable", status: 503, msg: "down"},
		{fault: athenaemu.Fault{Action: athenaemu.ActAccessDenied}, code: "AccessDeniedException", status: 400, msg: "not authorized to perform: athena:ListWorkGroups"},
		{fault: athenaemu.Fault{Action: athenaemu.ActError, Type: "InvalidRequestException", Message: "nope", Code: "THROTTLING"}, code: "InvalidRequestException", status: 400, msg: "nope",
			checkReply: func(t *testing.T, err error) {
				var ire *types.InvalidRequestException
				if !errors.As(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "THROTTLING" {
					t.Errorf("AthenaErrorCode: %v", err)
				}
			}},
		{fault: athenaemu.Fault{Action: athenaemu.ActMalformed}, transport: true},
		{fault: athenaemu.Fault{Action: athenaemu.ActTruncated}, transport: true},
	} {
		t.Run(string(c.fault.Action)+c.fault.Type, func(t *testing.T) {
			srv := athenaemu.NewServer()
			defer srv.Close()
			f := c.fault
			f.Op, f.Times = "ListWorkGroups", 1
			inject(t, srv.Server, f)
			_, err := client(srv).ListWorkGroups(context.Background(), &athenasdk.ListWorkGroupsInput{})
			if err == nil {
				t.Fatal("no error")
			}
			var re interface{ HTTPStatusCode() int }
			switch {
			case c.transport:
				if apiCode(err) != "" {
					t.Errorf("%s gave an API error: %v", f.Action, err)
				}
			case apiCode(err) != c.code || !errors.As(err, &re) || re.HTTPStatusCode() != c.status || !strings.Contains(err.Error(), c.msg):
				t.Errorf("err = %v, want %d %s %q", err, c.status, c.code, c.msg)
			}
			if c.checkReply != nil {
				c.checkReply(t, err)
			}
			// Times 1: the next call is answered.
			if _, err := client(srv).ListWorkGroups(context.Background(), &athenasdk.ListWorkGroupsInput{}); err != nil {
				t.Errorf("second call: %v", err)
			}
			if calls := srv.CallsTo("ListWorkGroups"); len(calls) != 2 || calls[0].Fault != string(f.Action) || calls[1].Fault != "" {
				t.Errorf("call log faults = %+v", calls)
			}
		})
	}
}

func TestMalformedAndTruncatedBodies(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	inject(t, srv.Server, athenaemu.Fault{Op: "ListWorkGroups", Times: 1, Action: athenaemu.ActMalformed},
		athenaemu.Fault{Op: "ListWorkGroups", Times: 1, Action: athenaemu.ActTruncated})
	status, raw, err := callRaw(srv, "AmazonAthena.ListWorkGroups", "{}")
	if err != nil || status != 200 || json.Valid(raw) {
		t.Errorf("malformed: %d %q %v", status, raw, err)
	}
	// The truncated reply announces the whole body and stops halfway.
	if _, raw, err = callRaw(srv, "AmazonAthena.ListWorkGroups", "{}"); err == nil || json.Valid(raw) {
		t.Errorf("truncated: %q %v, want a short body and an error", raw, err)
	}
}

func TestFaultsCountMatchAndDelay(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "x", Type: "varchar"}}})
	inject(t, srv.Server,
		athenaemu.Fault{Op: "*", Delay: athenaemu.Duration(20 * time.Millisecond), Times: 2},
		athenaemu.Fault{Op: "GetQueryExecution", Match: "flaky", Action: athenaemu.ActThrottle}, // every call
		athenaemu.Fault{Op: "StartQueryExecution", Match: "broken", Times: 1, Action: athenaemu.ActFail, Message: "HIVE_BAD_DATA: x", Category: 1, ErrorType: 200, Retryable: true},
		athenaemu.Fault{Op: "StartQueryExecution", Match: "forever", Action: athenaemu.ActHang},
	)
	c := client(srv)
	ctx := context.Background()
	start := func(sql string) string {
		t.Helper()
		out, err := c.StartQueryExecution(ctx, &athenasdk.StartQueryExecutionInput{QueryString: aws.String(sql)})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.QueryExecutionId)
	}
	get := func(id string) (*types.QueryExecution, error) {
		out, err := c.GetQueryExecution(ctx, &athenasdk.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			return nil, err
		}
		return out.QueryExecution, nil
	}
	began := time.Now()
	ok := start("SELECT ok")
	if _, err := get(ok); err != nil || time.Since(began) < 40*time.Millisecond {
		t.Errorf("two delayed calls took %v (%v)", time.Since(began), err)
	}
	for range 3 {
		if _, err := get(start("SELECT flaky")); apiCode(err) != "ThrottlingException" {
			t.Errorf("every call of a matching query: %v", err)
		}
	}
	qe, err := get(start("SELECT broken"))
	if err != nil || qe.Status.State != types.QueryExecutionStateFailed || aws.ToString(qe.Status.StateChangeReason) != "HIVE_BAD_DATA: x" ||
		aws.ToInt32(qe.Status.AthenaError.ErrorCategory) != 1 || aws.ToInt32(qe.Status.AthenaError.ErrorType) != 200 || !qe.Status.AthenaError.Retryable {
		t.Errorf("fail: %+v %v", qe, err)
	}
	if qe, _ := get(start("SELECT broken")); qe.Status.State != types.QueryExecutionStateSucceeded {
		t.Errorf("fail applied twice: %s", qe.Status.State)
	}
	hung := start("SELECT forever")
	for range 3 {
		if qe, err := get(hung); err != nil || qe.Status.State != types.QueryExecutionStateRunning {
			t.Fatalf("hang: %+v %v", qe, err)
		}
	}
	if _, err := c.StopQueryExecution(ctx, &athenasdk.StopQueryExecutionInput{QueryExecutionId: aws.String(hung)}); err != nil {
		t.Fatal(err)
	}
	if qe, _ := get(hung); qe.Status.State != types.QueryExecutionStateCancelled {
		t.Errorf("after stop: %s", qe.Status.State)
	}
	left := srv.Faults()
	if len(left) != 2 || left[0].Match != "flaky" || left[1].Match != "forever" {
		t.Errorf("faults left = %+v", left)
	}
	srv.ClearFaults()
	if len(srv.Faults()) != 0 {
		t.Error("ClearFaults left rules")
	}
}

func TestHangReleasedByClientAndClose(t *testing.T) {
	srv := athenaemu.NewServer()
	inject(t, srv.Server, athenaemu.Fault{Op: "ListDatabases", Action: athenaemu.ActHang})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := client(srv).ListDatabases(ctx, &athenasdk.ListDatabasesInput{CatalogName: aws.String("AwsDataCatalog")})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("hung call = %v", err)
	}
	srv.Close()
}

func TestInvalidFaultsAreRejected(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	for _, f := range []athenaemu.Fault{
		{Action: athenaemu.ActThrottle},
		{Op: "X"},
		{Op: "X", Action: "explode"},
		{Op: "X", Action: athenaemu.ActError},
		{Op: "GetObject", Action: athenaemu.ActFail},
		{Op: "X", Action: athenaemu.ActServerError, Status: 404},
		{Op: "X", Action: athenaemu.ActThrottle, Times: -1},
		{Op: "X", Action: athenaemu.ActThrottle, Match: "("},
	} {
		if err := srv.Inject(athenaemu.Fault{Op: "Y", Action: athenaemu.ActThrottle}, f); err == nil {
			t.Errorf("%+v accepted", f)
		}
	}
	if n := len(srv.Faults()); n != 0 {
		t.Errorf("a rejected batch left %d rules", n)
	}
	if _, err := athenaemu.ParseFaults(`[{"op":"GetObject","action":"access-denied","times":2}]`); err != nil {
		t.Error(err)
	}
	if _, err := athenaemu.ParseFaults(`{"op":"X","action":"throttle","tiems":2}`); err == nil {
		t.Error("a typo was accepted")
	}
}

// callRaw posts a raw Athena request and returns what arrived.
func callRaw(srv *athenaemu.CannedServer, target, body string) (int, []byte, error) {
	req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", target)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var buf strings.Builder
	_, err = io.Copy(&buf, resp.Body)
	return resp.StatusCode, []byte(buf.String()), err
}
