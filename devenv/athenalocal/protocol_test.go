package athenalocal_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/smithy-go"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// post sends a raw Athena request.
func post(t *testing.T, url, target, body string) (int, map[string]string) {
	t.Helper()
	status, raw, err := wire.Call(t.Context(), http.MethodPost, url, target, body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]string
	_ = json.Unmarshal(raw, &out)
	return status, out
}

func TestUnknownOperation(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	status, body := post(t, e.http.URL, "AmazonAthena.CreateNotebook", `{}`)
	if status != 400 || body["__type"] != "UnknownOperationException" || body["Message"] != "athena-local: operation CreateNotebook is not supported" {
		t.Errorf("%d %v", status, body)
	}
	// Through the SDK, an operation athena-local lacks is an API error
	// naming it.
	_, err := e.client.ListNamedQueries(ctxT(t), &athenasdk.ListNamedQueriesInput{})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "UnknownOperationException" || !strings.Contains(api.ErrorMessage(), "ListNamedQueries") {
		t.Errorf("SDK error = %v", err)
	}
}

func TestBadRequestsNeverCrash(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	e.trino.Handle(trinotest.Any(), trinotest.Result{})
	for _, c := range []struct{ target, body, wantType string }{
		{"AmazonAthena.StartQueryExecution", `{`, "SerializationException"},
		{"AmazonAthena.StartQueryExecution", `{"QueryString": 5}`, "SerializationException"},
		{"AmazonAthena.GetQueryResults", `{"MaxResults": "many"}`, "SerializationException"},
		{"AmazonAthena.GetQueryResults", `[]`, "SerializationException"},
		{"AmazonAthena.GetQueryResults", `null`, "InvalidRequestException"},
		{"AmazonAthena.GetQueryExecution", ``, "InvalidRequestException"},
		{"AmazonAthena.StartQueryExecution", `{}`, "InvalidRequestException"},
		{"AmazonAthena.ListTableMetadata", `{"CatalogName":"AwsDataCatalog"}`, "InvalidRequestException"},
		{"", `{}`, "UnknownOperationException"},
		{"Other.StartQueryExecution", `{}`, "UnknownOperationException"},
		{"AmazonAthena.", `{}`, "UnknownOperationException"},
	} {
		status, body := post(t, e.http.URL, c.target, c.body)
		if status != 400 || body["__type"] != c.wantType || body["Message"] == "" {
			t.Errorf("%s %s: %d %v", c.target, c.body, status, body)
		}
	}
	resp, err := http.Get(e.http.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("GET / = %d", resp.StatusCode)
	}
	huge := `{"QueryString":"` + strings.Repeat("x", 5<<20) + `"}`
	if status, body := post(t, e.http.URL, "AmazonAthena.StartQueryExecution", huge); status != 400 || body["__type"] != "SerializationException" {
		t.Errorf("5 MiB body: %d %v", status, body)
	}
}

func TestCatalogsAndWorkGroups(t *testing.T) {
	e := newEnv(t, athenalocal.Options{WorkGroups: []string{"grafana", "primary", " "}, BytesScannedCutoffPerQuery: 1 << 30})
	cats, err := e.client.ListDataCatalogs(ctxT(t), &athenasdk.ListDataCatalogsInput{})
	if err != nil || len(cats.DataCatalogsSummary) != 1 || aws.ToString(cats.DataCatalogsSummary[0].CatalogName) != "AwsDataCatalog" || cats.DataCatalogsSummary[0].Type != types.DataCatalogTypeGlue {
		t.Errorf("ListDataCatalogs = %+v, %v", cats, err)
	}
	cat, err := e.client.GetDataCatalog(ctxT(t), &athenasdk.GetDataCatalogInput{Name: aws.String("awsdatacatalog")})
	if err != nil || aws.ToString(cat.DataCatalog.Name) != "AwsDataCatalog" || cat.DataCatalog.Type != types.DataCatalogTypeGlue {
		t.Errorf("GetDataCatalog = %+v, %v", cat, err)
	}
	if _, err := e.client.GetDataCatalog(ctxT(t), &athenasdk.GetDataCatalogInput{Name: aws.String("other")}); apiCode(err) != "InvalidRequestException" {
		t.Errorf("GetDataCatalog unknown = %v", err)
	}
	wgs, err := e.client.ListWorkGroups(ctxT(t), &athenasdk.ListWorkGroupsInput{})
	if err != nil || len(wgs.WorkGroups) != 2 || aws.ToString(wgs.WorkGroups[0].Name) != "primary" || aws.ToString(wgs.WorkGroups[1].Name) != "grafana" ||
		aws.ToString(wgs.WorkGroups[1].EngineVersion.EffectiveEngineVersion) != athenaemu.EngineVersion3 || wgs.WorkGroups[1].State != types.WorkGroupStateEnabled {
		t.Errorf("ListWorkGroups = %+v, %v", wgs, err)
	}
	wg, err := e.client.GetWorkGroup(ctxT(t), &athenasdk.GetWorkGroupInput{WorkGroup: aws.String("grafana")})
	if err != nil {
		t.Fatal(err)
	}
	cfg := wg.WorkGroup.Configuration
	if cfg == nil || cfg.EngineVersion == nil || aws.ToString(cfg.EngineVersion.EffectiveEngineVersion) != athenaemu.EngineVersion3 ||
		aws.ToString(cfg.EngineVersion.SelectedEngineVersion) != "AUTO" || !strings.HasPrefix(aws.ToString(cfg.ResultConfiguration.OutputLocation), "s3://") ||
		aws.ToInt64(cfg.BytesScannedCutoffPerQuery) != 1<<30 {
		t.Errorf("GetWorkGroup configuration = %+v", cfg)
	}
	if _, err := e.client.GetWorkGroup(ctxT(t), &athenasdk.GetWorkGroupInput{WorkGroup: aws.String("nope")}); apiCode(err) != "InvalidRequestException" {
		t.Errorf("GetWorkGroup unknown = %v", err)
	}
}

func TestInjectedFaults(t *testing.T) {
	e := newEnv(t, athenalocal.Options{Emulator: athenaemu.Options{Faults: []athenaemu.Fault{
		{Op: "StartQueryExecution", Times: 2, Action: athenaemu.ActTooManyRequests},
	}}})
	e.trino.Handle(trinotest.Any(), trinotest.Result{Columns: []trino.Column{trinotest.Col("x", "integer")}, Rows: [][]any{{1}}})
	in := &athenasdk.StartQueryExecutionInput{QueryString: aws.String("SELECT x FROM t")}
	for range 2 {
		_, err := e.client.StartQueryExecution(ctxT(t), in)
		var tmr *types.TooManyRequestsException
		if !errors.As(err, &tmr) || tmr.ErrorMessage() != "Rate exceeded" {
			t.Fatalf("throttled start = %v", err)
		}
	}
	if _, err := e.client.StartQueryExecution(ctxT(t), in); err != nil {
		t.Fatalf("third start = %v", err)
	}

	err := e.srv.Inject(
		athenaemu.Fault{Op: "GetQueryExecution", Times: 1, Action: athenaemu.ActServerError},
		athenaemu.Fault{Op: "ListWorkGroups", Times: 1, Action: athenaemu.ActThrottle},
		athenaemu.Fault{Op: "StartQueryExecution", Match: `(?i)from\s+cloud_trail`, Times: 1, Action: athenaemu.ActFail, Message: "HIVE_BAD_DATA: broken file"},
		athenaemu.Fault{Op: "ListDataCatalogs", Delay: athenaemu.Duration(60 * time.Millisecond)},
	)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.client.GetQueryExecution(ctxT(t), &athenasdk.GetQueryExecutionInput{QueryExecutionId: aws.String("x")})
	var ise *types.InternalServerException
	var re smithyHTTP
	if !errors.As(err, &ise) || !errors.As(err, &re) || re.HTTPStatusCode() != 500 {
		t.Errorf("internal error = %v", err)
	}
	if _, err := e.client.ListWorkGroups(ctxT(t), &athenasdk.ListWorkGroupsInput{}); apiCode(err) != "ThrottlingException" {
		t.Errorf("throttle = %v", err)
	}
	start := time.Now()
	if _, err := e.client.ListDataCatalogs(ctxT(t), &athenasdk.ListDataCatalogsInput{}); err != nil || time.Since(start) < 60*time.Millisecond {
		t.Errorf("latency: %v after %v", err, time.Since(start))
	}
	id := e.start(t, "SELECT * FROM cloud_trail")
	qe, _ := e.wait(t, id)
	ae := qe.Status.AthenaError
	if qe.Status.State != types.QueryExecutionStateFailed || aws.ToString(qe.Status.StateChangeReason) != "HIVE_BAD_DATA: broken file" ||
		aws.ToInt32(ae.ErrorCategory) != 2 || aws.ToInt32(ae.ErrorType) != 1000 {
		t.Errorf("forced failure = %+v", qe.Status)
	}
	if qe, _ := e.wait(t, e.start(t, "SELECT * FROM cloud_trail")); qe.Status.State != types.QueryExecutionStateSucceeded {
		t.Errorf("times 1 failed a second query: %s", qe.Status.State)
	}
	if n := len(e.trino.Submissions()); n != 2 {
		t.Errorf("Trino saw %d queries, want 2 (the failed one never ran)", n)
	}
	// Every fault applied is in the call log.
	var faulted []string
	for _, c := range e.srv.Calls() {
		if c.Fault != "" {
			faulted = append(faulted, c.Operation+":"+c.Fault)
		}
	}
	want := "StartQueryExecution:too-many-requests StartQueryExecution:too-many-requests GetQueryExecution:server-error " +
		"ListWorkGroups:throttle ListDataCatalogs:delay 60ms StartQueryExecution:fail"
	if got := strings.Join(faulted, " "); got != want {
		t.Errorf("faults in the call log:\n%s\nwant\n%s", got, want)
	}
}

// smithyHTTP is the status accessor of the SDK's response errors.
type smithyHTTP = interface{ HTTPStatusCode() int }

var _ smithy.APIError = (*types.InternalServerException)(nil)

func TestAdminFaultsEndpoint(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	e.trino.Handle(trinotest.Any(), trinotest.Result{})
	send := func(method, body string) (int, []athenaemu.Fault, string) {
		req, _ := http.NewRequest(method, e.http.URL+"/_admin/faults", bytes.NewBufferString(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var faults []athenaemu.Fault
		_ = json.Unmarshal(raw, &faults)
		return resp.StatusCode, faults, string(raw)
	}
	status, faults, raw := send(http.MethodPost, `[{"op":"GetQueryResults","times":2,"action":"too-many-requests"},
		{"op":"*","delay":"5ms"},{"op":"StartQueryExecution","match":"boom","action":"fail"}]`)
	if status != 200 || len(faults) != 3 || faults[0].Times != 2 || faults[0].Action != athenaemu.ActTooManyRequests ||
		time.Duration(faults[1].Delay) != 5*time.Millisecond || faults[2].Match != "boom" {
		t.Fatalf("POST = %d %s", status, raw)
	}
	id := e.start(t, "SELECT boom")
	if qe, _ := e.wait(t, id); qe.Status.State != types.QueryExecutionStateFailed || !strings.Contains(aws.ToString(qe.Status.StateChangeReason), "injected") {
		t.Errorf("fail: %+v", qe.Status)
	}
	if _, err := e.client.GetQueryResults(ctxT(t), &athenasdk.GetQueryResultsInput{QueryExecutionId: aws.String(id)}); apiCode(err) != "TooManyRequestsException" {
		t.Errorf("throttle via admin = %v", err)
	}
	if status, faults, raw := send(http.MethodGet, ""); status != 200 || len(faults) != 3 || faults[0].Times != 1 {
		t.Errorf("GET = %d %s", status, raw)
	}
	if status, _, raw := send(http.MethodPost, `{"op":"X","actoin":"throttle"}`); status != 400 || !strings.Contains(raw, "unknown field") {
		t.Errorf("typo accepted: %d %s", status, raw)
	}
	for _, bad := range []string{`{"op":"X","match":"(","action":"throttle"}`, `{"op":"GetObject","action":"fail"}`, `{"op":"X","action":"explode"}`, `{"action":"throttle"}`, `{"op":"X"}`} {
		if status, _, raw := send(http.MethodPost, bad); status != 400 {
			t.Errorf("%s accepted: %d %s", bad, status, raw)
		}
	}
	if status, faults, raw := send(http.MethodPut, `{"op":"GetQueryExecution","delay":20}`); status != 200 || len(faults) != 1 ||
		time.Duration(faults[0].Delay) != 20*time.Millisecond {
		t.Errorf("PUT = %d %s", status, raw)
	}
	if status, faults, raw := send(http.MethodDelete, ""); status != 200 || len(faults) != 0 {
		t.Errorf("DELETE = %d %s", status, raw)
	}
	resp, err := http.Get(e.http.URL + "/_admin/queries")
	if err != nil {
		t.Fatal(err)
	}
	var qs []athenaemu.QueryInfo
	_ = json.NewDecoder(resp.Body).Decode(&qs)
	resp.Body.Close()
	if len(qs) != 1 || qs[0].ID != id || qs[0].State != "FAILED" {
		t.Errorf("/_admin/queries = %+v", qs)
	}
	resp, err = http.Get(e.http.URL + "/_admin/calls")
	if err != nil {
		t.Fatal(err)
	}
	var calls []athenaemu.Call
	_ = json.NewDecoder(resp.Body).Decode(&calls)
	resp.Body.Close()
	if len(calls) == 0 || calls[0].Operation != "StartQueryExecution" || calls[0].SQL != "SELECT boom" || calls[0].QueryID != id || calls[0].Fault != "delay 5ms + fail" {
		t.Errorf("/_admin/calls = %+v", calls)
	}
	if resp, _ := http.Get(e.http.URL + "/_admin/nope"); resp.StatusCode != 404 {
		t.Errorf("unknown admin path = %d", resp.StatusCode)
	}
}

func TestTrinoUnreachable(t *testing.T) {
	tc, err := trino.New("http://127.0.0.1:1", "x", trino.WithRetry(trino.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := athenalocal.New(athenalocal.Options{Trino: tc})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer func() { hs.Close(); srv.Close() }()
	e := &env{srv: srv, http: hs, client: sdkClient(hs.URL)}
	qe, _ := e.wait(t, e.start(t, "SELECT 1"))
	ae := qe.Status.AthenaError
	if qe.Status.State != types.QueryExecutionStateFailed || !strings.Contains(aws.ToString(qe.Status.StateChangeReason), "cannot submit") ||
		aws.ToInt32(ae.ErrorCategory) != 1 || !ae.Retryable {
		t.Errorf("status = %+v", qe.Status)
	}
	if _, err := e.client.ListDatabases(ctxT(t), &athenasdk.ListDatabasesInput{CatalogName: aws.String("AwsDataCatalog")}); apiCode(err) != "InternalServerException" {
		t.Errorf("ListDatabases = %v", err)
	}
}
