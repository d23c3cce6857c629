package athenaemu_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/smithy-go"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// post sends a raw JSON 1.1 request and decodes the JSON reply.
func post(t *testing.T, srv *athenaemu.CannedServer, method, target, body string) (int, map[string]any) {
	t.Helper()
	status, raw, err := wire.Call(t.Context(), method, srv.URL(), target, body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("reply is not JSON: %q", raw)
	}
	return status, out
}

func TestProtocolErrorsNeverPanic(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	cases := []struct {
		name, method, target, body, wantType string
	}{
		{"unknown operation", "POST", "AmazonAthena.CreateNotebook", "{}", "UnknownOperationException"},
		{"no target", "POST", "", "{}", "UnknownOperationException"},
		{"other service", "POST", "AWSGlue.GetTables", "{}", "UnknownOperationException"},
		{"GET", "GET", "AmazonAthena.ListWorkGroups", "", "UnknownOperationException"},
		{"bad JSON", "POST", "AmazonAthena.StartQueryExecution", "{not json", "SerializationException"},
		{"wrong field type", "POST", "AmazonAthena.GetQueryResults", `{"MaxResults":"many"}`, "SerializationException"},
		{"unknown query", "POST", "AmazonAthena.GetQueryExecution", `{"QueryExecutionId":"nope"}`, "InvalidRequestException"},
		{"empty query", "POST", "AmazonAthena.StartQueryExecution", `{}`, "InvalidRequestException"},
		{"short token", "POST", "AmazonAthena.StartQueryExecution", `{"QueryString":"SELECT 1","ClientRequestToken":"abc"}`, "InvalidRequestException"},
	}
	for _, tc := range cases {
		status, body := post(t, srv, tc.method, tc.target, tc.body)
		if status != http.StatusBadRequest || body["__type"] != tc.wantType || body["Message"] == "" {
			t.Errorf("%s: %d %v, want 400 %s with a message", tc.name, status, body, tc.wantType)
		}
	}
	if n := len(srv.Calls()); n != len(cases) {
		t.Errorf("call log has %d entries, want %d", n, len(cases))
	}
}

func TestWireShapes(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Exact("SELECT a, b"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "a", Type: "varchar"}, {Name: "b", Type: "bigint"}},
		Rows:    [][]*string{athenaemu.Row("x", nil)},
	})
	_, start := post(t, srv, "POST", "AmazonAthena.StartQueryExecution", `{"QueryString":"SELECT a, b"}`)
	id, _ := start["QueryExecutionId"].(string)
	_, ge := post(t, srv, "POST", "AmazonAthena.GetQueryExecution", `{"QueryExecutionId":"`+id+`"}`)
	qe := ge["QueryExecution"].(map[string]any)
	status := qe["Status"].(map[string]any)
	if status["State"] != "SUCCEEDED" || qe["StatementType"] != "DML" {
		t.Errorf("status = %v", status)
	}
	if _, ok := status["SubmissionDateTime"].(float64); !ok {
		t.Errorf("SubmissionDateTime = %#v, want an epoch-seconds JSON number", status["SubmissionDateTime"])
	}
	if ev := qe["EngineVersion"].(map[string]any); ev["EffectiveEngineVersion"] != athenaemu.EngineVersion3 {
		t.Errorf("EngineVersion = %v", ev)
	}
	_, gr := post(t, srv, "POST", "AmazonAthena.GetQueryResults", `{"QueryExecutionId":"`+id+`"}`)
	rows := gr["ResultSet"].(map[string]any)["Rows"].([]any)
	if len(rows) != 2 {
		t.Fatalf("rows = %v, want header + 1", rows)
	}
	header := rows[0].(map[string]any)["Data"].([]any)
	if header[0].(map[string]any)["VarCharValue"] != "a" {
		t.Errorf("header = %v", header)
	}
	data := rows[1].(map[string]any)["Data"].([]any)
	if _, has := data[1].(map[string]any)["VarCharValue"]; has {
		t.Errorf("NULL cell = %v, want a Datum without VarCharValue", data[1])
	}
}

// inject adds fault rules to srv.
func inject(t testing.TB, srv *athenaemu.Server, faults ...athenaemu.Fault) {
	t.Helper()
	if err := srv.Inject(faults...); err != nil {
		t.Fatal(err)
	}
}

// client is the real SDK client against srv with retries off, to observe
// single responses.
func client(srv *athenaemu.CannedServer) *athenasdk.Client {
	return athenasdk.NewFromConfig(srv.AWSConfig(), func(o *athenasdk.Options) { o.RetryMaxAttempts = 1 })
}

func TestQueryLifecycleThroughSDK(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Contains("slow"), athenaemu.Result{Final: "RUNNING"})
	c := client(srv)
	ctx := context.Background()
	token := strings.Repeat("t", 32)

	start := func() string {
		out, err := c.StartQueryExecution(ctx, &athenasdk.StartQueryExecutionInput{QueryString: aws.String("SELECT slow"), ClientRequestToken: aws.String(token)})
		if err != nil {
			t.Fatalf("start: %v", err)
		}
		return aws.ToString(out.QueryExecutionId)
	}
	id := start()
	if again := start(); again != id {
		t.Errorf("same ClientRequestToken gave %s then %s, want idempotent", id, again)
	}
	_, err := c.GetQueryResults(ctx, &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	var ire *types.InvalidRequestException
	if !errors.As(err, &ire) || !strings.Contains(aws.ToString(ire.Message), "not yet finished") {
		t.Errorf("results of a running query: %v", err)
	}
	if _, err := c.StopQueryExecution(ctx, &athenasdk.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		t.Fatalf("stop: %v", err)
	}
	ge, err := c.GetQueryExecution(ctx, &athenasdk.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
	if err != nil || ge.QueryExecution.Status.State != types.QueryExecutionStateCancelled || ge.QueryExecution.Status.CompletionDateTime == nil {
		t.Fatalf("after stop: %+v, %v", ge, err)
	}
	if !srv.StopCalled(id) {
		t.Error("StopCalled = false")
	}

	// A query nothing matches fails with a message naming it.
	out, err := c.StartQueryExecution(ctx, &athenasdk.StartQueryExecutionInput{QueryString: aws.String("SELECT unmatched")})
	if err != nil {
		t.Fatal(err)
	}
	ge, err = c.GetQueryExecution(ctx, &athenasdk.GetQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
	if err != nil || ge.QueryExecution.Status.State != types.QueryExecutionStateFailed ||
		!strings.Contains(aws.ToString(ge.QueryExecution.Status.StateChangeReason), "SELECT unmatched") ||
		aws.ToInt32(ge.QueryExecution.Status.AthenaError.ErrorCategory) != 2 {
		t.Errorf("unmatched query: %+v, %v", ge.QueryExecution.Status, err)
	}
}

func TestOutputLocationRequired(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.AddWorkGroup(athenaemu.WorkGroup{Name: "bare"})
	_, err := client(srv).StartQueryExecution(context.Background(), &athenasdk.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), WorkGroup: aws.String("bare")})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "InvalidRequestException" || !strings.Contains(api.ErrorMessage(), "output location") {
		t.Errorf("err = %v, want Athena's missing output location error", err)
	}
}

func TestPageTokensAndValidation(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Any(), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "i", Type: "integer"}},
		Rows:    athenaemu.Generate(5, func(i int) []*string { return athenaemu.Row(i) }),
	})
	c := client(srv)
	ctx := context.Background()
	var ids []string
	for range 2 {
		out, _ := c.StartQueryExecution(ctx, &athenasdk.StartQueryExecutionInput{QueryString: aws.String("SELECT i")})
		ids = append(ids, aws.ToString(out.QueryExecutionId))
		_, _ = c.GetQueryExecution(ctx, &athenasdk.GetQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
	}
	p1, err := c.GetQueryResults(ctx, &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(ids[0]), MaxResults: aws.Int32(4)})
	if err != nil || len(p1.ResultSet.Rows) != 4 || p1.NextToken == nil {
		t.Fatalf("page 1: %+v %v", p1, err)
	}
	p2, err := c.GetQueryResults(ctx, &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(ids[0]), MaxResults: aws.Int32(4), NextToken: p1.NextToken})
	if err != nil || len(p2.ResultSet.Rows) != 2 || p2.NextToken != nil || aws.ToString(p2.ResultSet.Rows[1].Data[0].VarCharValue) != "4" {
		t.Fatalf("page 2: %+v %v", p2, err)
	}
	if _, err := c.GetQueryResults(ctx, &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(ids[1]), NextToken: p1.NextToken}); err == nil {
		t.Error("a token of another query was accepted")
	}
	if _, err := c.GetQueryResults(ctx, &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(ids[0]), MaxResults: aws.Int32(1001)}); err == nil {
		t.Error("MaxResults 1001 was accepted")
	}
}

func TestTableExpressionFilter(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.AddDatabase("", "DB", athenaemu.Table{Name: "cloud_trail_mgmt_2_0"}, athenaemu.Table{Name: "vpc_flow_2_0"}, athenaemu.Table{Name: "cloud_trail_mgmt_1_0"})
	out, err := client(srv).ListTableMetadata(context.Background(), &athenasdk.ListTableMetadataInput{
		CatalogName: aws.String("awsdatacatalog"), DatabaseName: aws.String("db"), Expression: aws.String("cloud_trail.*"),
	})
	if err != nil || len(out.TableMetadataList) != 2 {
		t.Fatalf("filtered tables: %+v %v", out, err)
	}
}

func TestLatencyAndFaultsAreThreadSafe(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "x", Type: "varchar"}}, Rows: [][]*string{athenaemu.Row("1")}})
	inject(t, srv.Server, athenaemu.Fault{Op: "*", Delay: athenaemu.Duration(5 * time.Millisecond)},
		athenaemu.Fault{Op: "GetQueryExecution", Times: 3, Action: athenaemu.ActThrottle})
	c := client(srv)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := c.StartQueryExecution(context.Background(), &athenasdk.StartQueryExecutionInput{QueryString: aws.String(fmt.Sprint("SELECT ", i))})
			if err != nil {
				errs <- err
				return
			}
			_, _ = c.GetQueryExecution(context.Background(), &athenasdk.GetQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	throttled := 0
	for _, call := range srv.CallsTo("GetQueryExecution") {
		if call.ErrorType == "ThrottlingException" {
			throttled++
		}
	}
	if len(srv.Queries()) != 20 || throttled != 3 {
		t.Errorf("queries %d, throttled %d; want 20 and exactly 3", len(srv.Queries()), throttled)
	}
}

func TestCloseReleasesSlowCalls(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := athenaemu.NewCannedServer(athenaemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv.StartOn(l)
	if !strings.Contains(srv.URL(), l.Addr().String()) {
		t.Errorf("URL %s does not use the given listener %s", srv.URL(), l.Addr())
	}
	inject(t, srv.Server, athenaemu.Fault{Op: "ListWorkGroups", Action: athenaemu.ActHang})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = client(srv).ListWorkGroups(context.Background(), &athenasdk.ListWorkGroupsInput{})
	}()
	time.Sleep(50 * time.Millisecond)
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close blocked on a call held by a fault")
	}
	<-done
}

func TestResultReuseAndIdempotency(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "x", Type: "varchar"}}, Rows: [][]*string{athenaemu.Row("a")},
		Steps: athenaemu.Steps("RUNNING"), Stats: athenaemu.Stats{DataScannedBytes: 99}})
	c := client(srv)
	ctx := context.Background()
	reuse := &types.ResultReuseConfiguration{ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{Enabled: true, MaxAgeInMinutes: aws.Int32(5)}}
	start := func(sql string, rr *types.ResultReuseConfiguration) (string, *types.QueryExecution) {
		out, err := c.StartQueryExecution(ctx, &athenasdk.StartQueryExecutionInput{QueryString: aws.String(sql), ResultReuseConfiguration: rr})
		if err != nil {
			t.Fatal(err)
		}
		for {
			ge, err := c.GetQueryExecution(ctx, &athenasdk.GetQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
			if err != nil {
				t.Fatal(err)
			}
			if st := ge.QueryExecution.Status.State; st != types.QueryExecutionStateQueued && st != types.QueryExecutionStateRunning {
				return aws.ToString(out.QueryExecutionId), ge.QueryExecution
			}
		}
	}
	start("SELECT x", reuse)
	polls := srv.Count("GetQueryExecution")
	id, qe := start("SELECT x", reuse)
	if !qe.Statistics.ResultReuseInformation.ReusedPreviousResult || aws.ToInt64(qe.Statistics.DataScannedInBytes) != 0 || srv.Count("GetQueryExecution") != polls+1 {
		t.Errorf("not reused at once: %+v", qe.Statistics)
	}
	if q, _ := srv.Query(id); !q.Reused || q.ResultRows != 1 {
		t.Errorf("QueryInfo = %+v", q)
	}
	out, err := c.GetQueryResults(ctx, &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	if err != nil || len(out.ResultSet.Rows) != 2 || aws.ToString(out.ResultSet.Rows[1].Data[0].VarCharValue) != "a" {
		t.Errorf("reused rows: %+v %v", out, err)
	}
	for _, other := range []struct {
		sql string
		rr  *types.ResultReuseConfiguration
	}{{"SELECT x", nil}, {"SELECT x -- other text", reuse}, {"SHOW TABLES", reuse}} {
		if _, qe := start(other.sql, other.rr); qe.Statistics.ResultReuseInformation.ReusedPreviousResult {
			t.Errorf("%q reused", other.sql)
		}
	}
	if qs := srv.Queries(); len(qs) != 5 {
		t.Errorf("%d queries", len(qs))
	}
}
