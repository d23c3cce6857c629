package athenaemu_test

import (
	"context"
	"encoding/csv"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// runQuery starts sql and polls it to its end; it returns the query id
// and its result file's path on the server (/<bucket>/<key>).
func runQuery(t *testing.T, srv *athenaemu.CannedServer, sql string) (string, string) {
	t.Helper()
	c := client(srv)
	ctx := context.Background()
	out, err := c.StartQueryExecution(ctx, &athenasdk.StartQueryExecutionInput{QueryString: aws.String(sql)})
	if err != nil {
		t.Fatal(err)
	}
	for {
		ge, err := c.GetQueryExecution(ctx, &athenasdk.GetQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
		if err != nil {
			t.Fatal(err)
		}
		switch ge.QueryExecution.Status.State {
		case types.QueryExecutionStateSucceeded, types.QueryExecutionStateFailed, types.QueryExecutionStateCancelled:
			loc := aws.ToString(ge.QueryExecution.ResultConfiguration.OutputLocation)
			return aws.ToString(out.QueryExecutionId), "/" + strings.TrimPrefix(loc, "s3://")
		}
	}
}

func getObject(t *testing.T, srv *athenaemu.CannedServer, path, rng string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+path, nil)
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestResultFileIsAthenasCSV(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Contains("FROM t"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "name", Type: "varchar"}, {Name: "n", Type: "bigint"}, {Name: "tags", Type: "array"}, {Name: `odd "col"`, Type: "varchar"}},
		Rows: [][]*string{
			athenaemu.Row(`say "hi"`, 1, "[a, b]", "x,y"),
			athenaemu.Row(nil, nil, "[]", ""),
			athenaemu.Row("multi\nline", 3, nil, "2024-01-01 00:00:00.000"),
		},
		Steps: athenaemu.Steps("QUEUED", "RUNNING"),
	})
	id, path := runQuery(t, srv, "SELECT * FROM t")
	if want := "/athenaemu-query-results/" + id + ".csv"; path != want {
		t.Fatalf("output file %s, want %s", path, want)
	}
	resp, body := getObject(t, srv, path, "")
	want := `"name","n","tags","odd ""col"""` + "\n" +
		`"say ""hi""","1","[a, b]","x,y"` + "\n" +
		`,,"[]",""` + "\n" +
		`"multi` + "\n" + `line","3",,"2024-01-01 00:00:00.000"` + "\n"
	if resp.StatusCode != 200 || body != want || resp.Header.Get("Content-Length") != "118" || resp.Header.Get("ETag") == "" {
		t.Fatalf("%d %v\n%q\nwant\n%q", resp.StatusCode, resp.Header, body, want)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) != 4 || recs[1][0] != `say "hi"` || recs[3][0] != "multi\nline" {
		t.Errorf("encoding/csv reads %q, %v", recs, err)
	}

	for _, c := range []struct {
		rng, want, contentRange string
		status                  int
	}{
		{"bytes=0-5", `"name"`, "bytes 0-5/118", 206},
		{"bytes=-5", `000"` + "\n", "bytes 113-117/118", 206},
		{"bytes=110-", body[110:], "bytes 110-117/118", 206},
		{"bytes=100-5000", body[100:], "bytes 100-117/118", 206},
		{"bytes=0-1,4-5", body, "", 200}, // S3 ignores a multi-range
		{"lines=1-2", body, "", 200},
	} {
		resp, got := getObject(t, srv, path, c.rng)
		if resp.StatusCode != c.status || got != c.want || resp.Header.Get("Content-Range") != c.contentRange {
			t.Errorf("Range %s: %d %q %q, want %d %q %q", c.rng, resp.StatusCode, got, resp.Header.Get("Content-Range"), c.status, c.want, c.contentRange)
		}
	}
	resp, body = getObject(t, srv, path, "bytes=500-")
	if resp.StatusCode != 416 || s3Code(body) != "InvalidRange" {
		t.Errorf("range past the end: %d %s", resp.StatusCode, body)
	}

	calls := srv.CallsTo("GetObject")
	if len(calls) != 8 || calls[0].QueryID != id || calls[0].SQL != "SELECT * FROM t" || calls[0].Status != 200 ||
		calls[1].Input.(athenaemu.ObjectRequest).Range != "bytes=0-5" || calls[7].Status != 416 || calls[7].ErrorType != "InvalidRange" {
		t.Errorf("GetObject calls = %+v", calls)
	}
}

func s3Code(body string) string {
	var e struct{ Code, Message string }
	if xml.Unmarshal([]byte(body), &e) != nil {
		return ""
	}
	return e.Code
}

func TestResultFileMissingUntilSucceeded(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Contains("slow"), athenaemu.Result{Final: "RUNNING"})
	srv.Handle(athenaemu.Contains("bad"), athenaemu.Result{Final: "FAILED", Failure: athenaemu.Failure{Reason: "no", Category: 2}})
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "x", Type: "varchar"}}})
	out, err := client(srv).StartQueryExecution(context.Background(), &athenasdk.StartQueryExecutionInput{QueryString: aws.String("SELECT slow")})
	if err != nil {
		t.Fatal(err)
	}
	_, failedPath := runQuery(t, srv, "SELECT bad")
	_, okPath := runQuery(t, srv, "SELECT x")
	for _, p := range []string{
		"/athenaemu-query-results/" + aws.ToString(out.QueryExecutionId) + ".csv", // still running
		failedPath,
		"/other-bucket" + strings.TrimPrefix(okPath, "/athenaemu-query-results"),
		okPath + ".metadata",
		"/athenaemu-query-results/nope.csv",
	} {
		resp, body := getObject(t, srv, p, "")
		if resp.StatusCode != 404 || s3Code(body) != "NoSuchKey" || resp.Header.Get("Content-Type") != "application/xml" {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
	if resp, body := getObject(t, srv, okPath, ""); resp.StatusCode != 200 || body != `"x"`+"\n" {
		t.Errorf("empty result: %d %q", resp.StatusCode, body)
	}
}

func TestResultFileFaults(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "x", Type: "varchar"}},
		Rows: athenaemu.Generate(100, func(i int) []*string { return athenaemu.Row(i) })})
	_, path := runQuery(t, srv, "SELECT x FROM t")
	inject(t, srv.Server,
		athenaemu.Fault{Op: "GetObject", Times: 1, Action: athenaemu.ActAccessDenied},
		athenaemu.Fault{Op: "GetObject", Times: 1, Action: athenaemu.ActThrottle},
		athenaemu.Fault{Op: "GetObject", Times: 1, Action: athenaemu.ActServerError},
		athenaemu.Fault{Op: "GetObject", Times: 1, Action: athenaemu.ActError, Status: 404, Type: "NoSuchBucket", Message: "gone"},
		athenaemu.Fault{Op: "GetObject", Times: 1, Action: athenaemu.ActMalformed},
		athenaemu.Fault{Op: "GetObject", Times: 1, Action: athenaemu.ActTruncated},
	)
	for _, want := range []struct {
		status int
		code   string
	}{{403, "AccessDenied"}, {503, "SlowDown"}, {500, "InternalError"}, {404, "NoSuchBucket"}} {
		resp, body := getObject(t, srv, path, "")
		if resp.StatusCode != want.status || s3Code(body) != want.code || resp.Header.Get("Content-Type") != "application/xml" {
			t.Errorf("%d %s, want %d %s", resp.StatusCode, body, want.status, want.code)
		}
	}
	if _, body := getObject(t, srv, path, ""); !strings.HasPrefix(body, `""x"`) {
		t.Errorf("malformed body %q", body[:10])
	} else if _, err := csv.NewReader(strings.NewReader(body)).ReadAll(); err == nil {
		t.Error("the malformed body is valid CSV")
	}
	resp, err := http.Get(srv.URL() + path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil || int64(len(got)) >= resp.ContentLength {
		t.Errorf("truncated: %d of %d bytes, err %v", len(got), resp.ContentLength, err)
	}
	inject(t, srv.Server, athenaemu.Fault{Op: "GetObject", Match: "FROM t", Times: 1, Delay: athenaemu.Duration(30 * time.Millisecond)})
	began := time.Now()
	if resp, _ := getObject(t, srv, path, ""); resp.StatusCode != 200 || time.Since(began) < 30*time.Millisecond {
		t.Errorf("delayed: %d after %v", resp.StatusCode, time.Since(began))
	}
	var faults []string
	for _, c := range srv.CallsTo("GetObject") {
		faults = append(faults, c.Fault)
	}
	if got := strings.Join(faults, ","); got != "access-denied,throttle,server-error,error,malformed,truncated,delay 30ms" {
		t.Errorf("faults in the call log: %s", got)
	}
}

func TestCallLog(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	srv, err := athenaemu.NewCannedServer(athenaemu.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	srv.Start()
	defer srv.Close()
	srv.Handle(athenaemu.Any(), athenaemu.Result{})
	inject(t, srv.Server, athenaemu.Fault{Op: "GetQueryResults", Times: 1, Action: athenaemu.ActThrottle})
	c := client(srv)
	ctx := context.Background()
	token := strings.Repeat("k", 40)
	out, err := c.StartQueryExecution(ctx, &athenasdk.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), ClientRequestToken: aws.String(token)})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(out.QueryExecutionId)
	_, _ = c.GetQueryExecution(ctx, &athenasdk.GetQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
	_, _ = c.GetQueryResults(ctx, &athenasdk.GetQueryResultsInput{QueryExecutionId: out.QueryExecutionId})
	_, _ = c.StopQueryExecution(ctx, &athenasdk.StopQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
	calls := srv.Calls()
	if len(calls) != 4 {
		t.Fatalf("%d calls", len(calls))
	}
	for i, want := range []athenaemu.Call{
		{Seq: 1, Operation: "StartQueryExecution", QueryID: id, SQL: "SELECT 1", ClientRequestToken: token, At: now, Status: 200, Signed: true},
		{Seq: 2, Operation: "GetQueryExecution", QueryID: id, SQL: "SELECT 1", At: now, Status: 200, Signed: true},
		{Seq: 3, Operation: "GetQueryResults", QueryID: id, SQL: "SELECT 1", At: now, Fault: "throttle", Status: 400, ErrorType: "ThrottlingException", Signed: true},
		{Seq: 4, Operation: "StopQueryExecution", QueryID: id, SQL: "SELECT 1", At: now, Status: 200, Signed: true},
	} {
		got := calls[i]
		got.Input = nil
		if got != want {
			t.Errorf("call %d = %+v\nwant %+v", i, got, want)
		}
	}
	if !srv.StopCalled(id) || srv.Count("GetQueryResults") != 1 {
		t.Error("StopCalled / Count")
	}
	srv.ResetCalls()
	if len(srv.Calls()) != 0 {
		t.Error("ResetCalls")
	}
}
