package wire_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

func TestPage(t *testing.T) {
	for _, c := range []struct {
		name          string
		n             int
		max           *int32
		token         *string
		lo, hi        int
		next, errType string
	}{
		{name: "default size", n: 3, lo: 0, hi: 3},
		{name: "first page", n: 5, max: aws.Int32(2), lo: 0, hi: 2, next: "2"},
		{name: "middle page", n: 5, max: aws.Int32(2), token: aws.String("2"), lo: 2, hi: 4, next: "4"},
		{name: "last page", n: 5, max: aws.Int32(2), token: aws.String("4"), lo: 4, hi: 5},
		{name: "empty token", n: 1, token: aws.String(""), lo: 0, hi: 1},
		{name: "token at end", n: 2, token: aws.String("2"), lo: 2, hi: 2},
		{name: "size 0", n: 1, max: aws.Int32(0), errType: "InvalidRequestException"},
		{name: "size over limit", n: 1, max: aws.Int32(51), errType: "InvalidRequestException"},
		{name: "bad token", n: 1, token: aws.String("x"), errType: "InvalidRequestException"},
		{name: "token past end", n: 1, token: aws.String("2"), errType: "InvalidRequestException"},
		{name: "negative token", n: 1, token: aws.String("-1"), errType: "InvalidRequestException"},
	} {
		lo, hi, next, err := wire.Page(c.n, c.max, c.token, 50)
		if c.errType != "" {
			if err == nil || err.Type != c.errType || err.Status != http.StatusBadRequest {
				t.Errorf("%s: error %v, want %s", c.name, err, c.errType)
			}
			continue
		}
		if err != nil || lo != c.lo || hi != c.hi || next != c.next {
			t.Errorf("%s: %d, %d, %q, %v; want %d, %d, %q", c.name, lo, hi, next, err, c.lo, c.hi, c.next)
		}
	}
}

func TestPageItems(t *testing.T) {
	upper := func(s string) string { return strings.ToUpper(s) }
	list, next, err := wire.PageItems([]string{"a", "b", "c"}, aws.Int32(2), aws.String("1"), 50, upper)
	if err != nil || strings.Join(list, ",") != "B,C" || next != "" {
		t.Errorf("page = %v, %q, %v", list, next, err)
	}
	list, _, err = wire.PageItems(nil, nil, nil, 50, upper)
	if b, _ := json.Marshal(list); err != nil || string(b) != "[]" {
		t.Errorf("an empty list is %s, %v; want []", b, err)
	}
	if _, _, err := wire.PageItems([]string{"a"}, aws.Int32(0), nil, 50, upper); err == nil {
		t.Error("MaxResults 0 accepted")
	}
}

func TestResultsPageSize(t *testing.T) {
	if n, err := wire.ResultsPageSize(nil); n != 1000 || err != nil {
		t.Errorf("default = %d, %v", n, err)
	}
	if n, err := wire.ResultsPageSize(aws.Int32(7)); n != 7 || err != nil {
		t.Errorf("7 = %d, %v", n, err)
	}
	for _, bad := range []int32{0, -1, 1001} {
		if _, err := wire.ResultsPageSize(aws.Int32(bad)); err == nil || !strings.Contains(err.Message, "maxResults") {
			t.Errorf("%d accepted: %v", bad, err)
		}
	}
}

// cells flattens a page for comparison; NULL is "<NULL>".
func cells(rows []wire.Row) []string {
	var out []string
	for _, r := range rows {
		for _, d := range r.Data {
			if d.VarCharValue == nil {
				out = append(out, "<NULL>")
				continue
			}
			out = append(out, *d.VarCharValue)
		}
	}
	return out
}

func TestResultPageHeaderCountsTowardPageSize(t *testing.T) {
	rows := [][]*string{{aws.String("1")}, {nil}, {aws.String("3")}}
	var got []string
	pages, tok := 0, ""
	for {
		page, next, err := wire.ResultPage("q1", tok, 2, []string{"n"}, rows)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, cells(page)...)
		if tok = next; tok == "" {
			break
		}
	}
	if pages != 2 || strings.Join(got, ",") != "n,1,<NULL>,3" {
		t.Errorf("%d pages: %v", pages, got)
	}
	// Without a header row, the first page holds data only.
	page, next, err := wire.ResultPage("q1", "", 2, nil, rows)
	if err != nil || strings.Join(cells(page), ",") != "1,<NULL>" || next == "" {
		t.Errorf("no header: %v %q %v", cells(page), next, err)
	}
	// An empty result is an empty list, never null.
	page, next, err = wire.ResultPage("q1", "", 2, nil, nil)
	if b, _ := json.Marshal(page); err != nil || string(b) != "[]" || next != "" {
		t.Errorf("empty: %s %q %v", b, next, err)
	}
}

func TestResultPageTokens(t *testing.T) {
	rows := [][]*string{{aws.String("a")}, {aws.String("b")}, {aws.String("c")}}
	_, next, err := wire.ResultPage("q1", "", 1, nil, rows)
	if err != nil || next == "" {
		t.Fatalf("first page: %q %v", next, err)
	}
	if _, _, err := wire.ResultPage("q2", next, 1, nil, rows); err == nil {
		t.Error("a token of another query was accepted")
	}
	for _, tok := range []string{"garbage", next + "x", "cTF8OTk" /* q1|99 */} {
		if _, _, err := wire.ResultPage("q1", tok, 1, nil, rows); err == nil || err.Type != "InvalidRequestException" {
			t.Errorf("token %q: %v", tok, err)
		}
	}
}

func TestErrorBody(t *testing.T) {
	e := wire.InvalidRequest("bad")
	e.AthenaErrorCode = "CODE"
	b := e.Body()
	if b["__type"] != "InvalidRequestException" || b["Message"] != "bad" || b["AthenaErrorCode"] != "CODE" || len(b) != 3 {
		t.Errorf("body = %v", b)
	}
	if wire.Internal("x").Status != 500 || wire.Metadata("x").Status != 400 {
		t.Error("statuses")
	}
	if wire.ResultsReady(wire.StateSucceeded, "") != nil {
		t.Error("SUCCEEDED not ready")
	}
	for state, want := range map[string]string{"RUNNING": "not yet finished", "FAILED": "did not finish successfully"} {
		if err := wire.ResultsReady(state, "why"); err == nil || !strings.Contains(err.Message, want) {
			t.Errorf("%s: %v", state, err)
		}
	}
}

func TestReplyWrite(t *testing.T) {
	rec := httptest.NewRecorder()
	wire.NewReply("srv", &wire.StartQueryExecutionOutput{QueryExecutionId: "q"}, nil).
		Write(context.Background(), rec, "rid", 0, nil)
	if rec.Code != 200 || rec.Body.String() != `{"QueryExecutionId":"q"}` || rec.Header().Get("Content-Type") != wire.ContentType ||
		rec.Header().Get("X-Amzn-RequestId") != "rid" || rec.Header().Get("X-Amzn-ErrorType") != "" {
		t.Errorf("success: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	rec = httptest.NewRecorder()
	r := wire.NewReply("srv", nil, wire.Metadata("gone"))
	r.Write(context.Background(), rec, "rid", 0, nil)
	if r.Status != 400 || rec.Code != 400 || rec.Header().Get("X-Amzn-ErrorType") != "MetadataException" ||
		rec.Body.String() != `{"Message":"gone","__type":"MetadataException"}` {
		t.Errorf("error: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	r = wire.NewReply("srv", map[string]any{"x": func() {}}, nil)
	if r.Status != 500 || r.Err == nil || !strings.HasPrefix(r.Err.Message, "srv: encoding response") {
		t.Errorf("unencodable: %+v", r)
	}
}

func TestPause(t *testing.T) {
	if !wire.Pause(context.Background(), time.Millisecond, nil) {
		t.Error("a full pause reported as cut short")
	}
	done := make(chan struct{})
	close(done)
	if wire.Pause(context.Background(), time.Hour, done) {
		t.Error("done did not end the pause")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if wire.Pause(ctx, time.Hour, nil) {
		t.Error("ctx did not end the pause")
	}
}

func TestOperation(t *testing.T) {
	for _, c := range []struct {
		method, target, op string
		ok                 bool
	}{
		{"POST", "AmazonAthena.ListWorkGroups", "ListWorkGroups", true},
		{"GET", "AmazonAthena.ListWorkGroups", "ListWorkGroups", false},
		{"POST", "AWSGlue.GetTables", "AWSGlue.GetTables", false},
		{"POST", "", "", false},
	} {
		r := httptest.NewRequest(c.method, "/", nil)
		r.Header.Set("X-Amz-Target", c.target)
		if op, ok := wire.Operation(r); op != c.op || ok != c.ok {
			t.Errorf("%s %q = %q, %v", c.method, c.target, op, ok)
		}
	}
}

func TestDecodeRequest(t *testing.T) {
	var in athenasdk.GetQueryResultsInput
	if err := wire.DecodeRequest("srv", "GetQueryResults", strings.NewReader(" \n"), &in); err != nil {
		t.Errorf("empty body: %v", err)
	}
	if err := wire.DecodeRequest("srv", "GetQueryResults", strings.NewReader(`{"MaxResults":5}`), &in); err != nil || aws.ToInt32(in.MaxResults) != 5 {
		t.Errorf("decoded %+v, %v", in, err)
	}
	err := wire.DecodeRequest("srv", "GetQueryResults", strings.NewReader(`{"MaxResults":"many"}`), &in)
	if err == nil || err.Type != "SerializationException" || !strings.HasPrefix(err.Message, "srv: decoding GetQueryResults request: ") {
		t.Errorf("bad body: %v", err)
	}
	err = wire.DecodeRequest("srv", "GetQueryResults", strings.NewReader(strings.Repeat(" ", wire.MaxBody+1)), &in)
	if err == nil || err.Message != "srv: request body exceeds 4 MiB" {
		t.Errorf("huge body: %v", err)
	}
}

func TestMux(t *testing.T) {
	var got string
	m := wire.NewMux(
		wire.Handle(func(in *athenasdk.GetWorkGroupInput) (any, *wire.Error) {
			got = aws.ToString(in.WorkGroup)
			return wire.Empty{}, nil
		}),
		wire.HandleContext(func(_ context.Context, in *athenasdk.ListDatabasesInput) (any, *wire.Error) {
			return nil, wire.Metadata("no " + aws.ToString(in.CatalogName))
		}),
	)
	in, ok := m.NewInput("GetWorkGroup")
	if _, isWG := in.(*athenasdk.GetWorkGroupInput); !ok || !isWG {
		t.Fatalf("NewInput = %T, %v", in, ok)
	}
	in.(*athenasdk.GetWorkGroupInput).WorkGroup = aws.String("wg")
	if out, err := m.Serve(context.Background(), "GetWorkGroup", in); err != nil || out != (wire.Empty{}) || got != "wg" {
		t.Errorf("Serve = %v, %v (%q)", out, err, got)
	}
	if _, err := m.Serve(context.Background(), "ListDatabases", &athenasdk.ListDatabasesInput{CatalogName: aws.String("c")}); err == nil || err.Message != "no c" {
		t.Errorf("ListDatabases: %v", err)
	}
	if _, ok := m.NewInput("StartQueryExecution"); ok {
		t.Error("an operation without a handler has an input")
	}
	if _, err := m.Serve(context.Background(), "GetWorkGroup", &athenasdk.ListDatabasesInput{}); err == nil || err.Status != 500 {
		t.Errorf("wrong input type: %v", err)
	}
	mustPanic(t, "duplicate", func() {
		h := wire.Handle(func(*athenasdk.GetWorkGroupInput) (any, *wire.Error) { return nil, nil })
		wire.NewMux(h, h)
	})
	mustPanic(t, "not an input type", func() {
		wire.Handle(func(*wire.Empty) (any, *wire.Error) { return nil, nil })
	})
}

func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", name)
		}
	}()
	f()
}

func TestEpochAndAbsentMembers(t *testing.T) {
	st := wire.QueryExecutionStatus{State: "RUNNING", SubmissionDateTime: wire.EpochOf(time.UnixMilli(1714564800123))}
	b, _ := json.Marshal(st)
	if string(b) != `{"State":"RUNNING","SubmissionDateTime":1714564800.123}` {
		t.Errorf("status = %s", b)
	}
	if wire.EpochOf(time.Time{}) != nil {
		t.Error("the zero time is not left out")
	}
	b, _ = json.Marshal(wire.Row{Data: []wire.Datum{{}, {VarCharValue: aws.String("")}}})
	if string(b) != `{"Data":[{},{"VarCharValue":""}]}` {
		t.Errorf("row = %s", b)
	}
}
