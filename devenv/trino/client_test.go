package trino_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
)

// fastRetry keeps retries in milliseconds.
var fastRetry = trino.WithRetry(trino.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})

func setup(t *testing.T, opts ...trino.Option) (*trinotest.Server, *trino.Client) {
	t.Helper()
	srv := trinotest.NewServer()
	t.Cleanup(srv.Close)
	c, err := trino.New(srv.URL(), "tester", append([]trino.Option{fastRetry}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestNewValidates(t *testing.T) {
	for _, u := range []string{"", "127.0.0.1:8080", "ftp://x", "http://", "::bad"} {
		if _, err := trino.New(u, "u"); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
	if _, err := trino.New("http://127.0.0.1:8080", ""); err == nil {
		t.Error("New without user accepted")
	}
	c, err := trino.New("http://127.0.0.1:8080/", "u")
	if err != nil || c.BaseURL() != "http://127.0.0.1:8080" {
		t.Fatalf("BaseURL = %v, %v", c, err)
	}
}

func TestSubmitSendsSessionHeaders(t *testing.T) {
	srv, c := setup(t, trino.WithSource("unit"))
	srv.Handle(trinotest.Any(), trinotest.Result{})
	if err := c.Exec(ctxT(t), "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	q, err := c.Submit(ctxT(t), "SELECT 2", trino.Session{Catalog: "awsdatacatalog", Schema: "db", TimeZone: "Europe/Paris",
		Properties: map[string]string{"query_max_run_time": "5m"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Wait(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	subs := srv.Submissions()
	want0 := trinotest.Submission{QueryID: subs[0].QueryID, SQL: "SELECT 1", User: "tester", Source: "unit",
		TimeZone: "UTC", Capabilities: "PARAMETRIC_DATETIME"}
	if !reflect.DeepEqual(subs[0], want0) {
		t.Errorf("Exec submission = %+v, want %+v", subs[0], want0)
	}
	want1 := trinotest.Submission{QueryID: subs[1].QueryID, SQL: "SELECT 2", User: "tester", Source: "unit",
		Catalog: "awsdatacatalog", Schema: "db", TimeZone: "Europe/Paris", Session: []string{"query_max_run_time=5m"},
		Capabilities: "PARAMETRIC_DATETIME"}
	if !reflect.DeepEqual(subs[1], want1) {
		t.Errorf("Submit submission = %+v, want %+v", subs[1], want1)
	}
	if q.ID() != subs[1].QueryID {
		t.Errorf("ID %q, want %q", q.ID(), subs[1].QueryID)
	}
}

func TestQueryAllPagesAndKeepsNumbersExact(t *testing.T) {
	srv, c := setup(t)
	var rows [][]any
	for i := range 250 {
		rows = append(rows, []any{i, json.RawMessage(`9007199254740993`), json.RawMessage(`1.0E10`), "s", nil})
	}
	srv.Handle(trinotest.Contains("FROM big"), trinotest.Result{
		Columns: []trino.Column{
			trinotest.Col("i", "integer"), trinotest.Col("b", "bigint"), trinotest.Col("d", "double"),
			trinotest.Col("s", "varchar(1)"), trinotest.Col("n", "varchar"),
		},
		Rows:     rows,
		PageSize: 100,
		States:   []string{"PLANNING", "RUNNING"},
		Stats:    trino.Stats{PhysicalInputBytes: 4096, ProcessedBytes: 8192, TotalSplits: 3, CompletedSplits: 3, ElapsedTimeMillis: 42},
	})
	cols, got, stats, err := c.QueryAll(ctxT(t), "SELECT * FROM big")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 {
		t.Fatalf("rows = %d, want 250", len(got))
	}
	if cols[3].Type != "varchar(1)" || !strings.Contains(string(cols[3].TypeSignature), `"rawType":"varchar"`) {
		t.Errorf("column = %+v", cols[3])
	}
	r := got[249]
	if r[0] != json.Number("249") || r[1] != json.Number("9007199254740993") || r[2] != json.Number("1.0E10") || r[3] != "s" || r[4] != nil {
		t.Errorf("row 249 = %#v", r)
	}
	if stats.State != "FINISHED" || stats.PhysicalInputBytes != 4096 || stats.TotalSplits != 3 || stats.ProcessedRows != 250 || stats.ElapsedTimeMillis != 42 {
		t.Errorf("stats = %+v", stats)
	}
}

func TestPageLoopAndRawRowsKeepMapOrder(t *testing.T) {
	srv, c := setup(t)
	srv.Handle(trinotest.Any(), trinotest.Result{
		Columns: []trino.Column{trinotest.Col("m", "map(varchar, integer)")},
		Rows:    [][]any{{json.RawMessage(`{"z":1,"a":2}`)}},
	})
	q, err := c.Submit(ctxT(t), "SELECT m", trino.Session{})
	if err != nil {
		t.Fatal(err)
	}
	var raw [][]json.RawMessage
	var decoded [][]any
	states := []string{q.State()}
	for {
		raw = append(raw, q.RawRows()...)
		decoded = append(decoded, q.Rows()...)
		more, err := q.Next(ctxT(t))
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		states = append(states, q.State())
	}
	if !reflect.DeepEqual(states, []string{"QUEUED", "RUNNING", "RUNNING", "FINISHED"}) {
		t.Errorf("states = %v", states)
	}
	if len(raw) != 1 || string(raw[0][0]) != `{"z":1,"a":2}` {
		t.Errorf("raw = %s", raw)
	}
	if m, ok := decoded[0][0].(map[string]any); !ok || m["z"] != json.Number("1") {
		t.Errorf("decoded = %#v", decoded)
	}
	if !q.Done() || q.Rows() != nil {
		t.Errorf("after the end: Done=%v Rows=%v", q.Done(), q.Rows())
	}
	if more, err := q.Next(ctxT(t)); more || err != nil {
		t.Errorf("Next after end = %v, %v", more, err)
	}
}

func TestFailedQueryReturnsTrinoError(t *testing.T) {
	srv, c := setup(t)
	srv.Handle(trinotest.Any(), trinotest.Result{Error: &trino.Error{
		Message: "line 1:8: mismatched input 'FROM'", ErrorCode: 1, ErrorName: "SYNTAX_ERROR", ErrorType: "USER_ERROR",
		ErrorLocation: &trino.ErrorLocation{LineNumber: 1, ColumnNumber: 8},
	}})
	err := c.Exec(ctxT(t), "SELECT FROM")
	var te *trino.Error
	if !errors.As(err, &te) || te.ErrorName != "SYNTAX_ERROR" || te.ErrorLocation.ColumnNumber != 8 {
		t.Fatalf("err = %#v", err)
	}
	if err.Error() != "trino: SYNTAX_ERROR: line 1:8: mismatched input 'FROM'" {
		t.Errorf("Error() = %q", err.Error())
	}
	_, _, stats, err := c.QueryAll(ctxT(t), "SELECT FROM")
	if !errors.As(err, &te) || stats.State != "FAILED" {
		t.Errorf("QueryAll = %v, %+v", err, stats)
	}
}

func TestRetriesThrottledAndUnavailable(t *testing.T) {
	srv, c := setup(t)
	srv.Handle(trinotest.Any(), trinotest.Result{Columns: []trino.Column{trinotest.Col("x", "integer")}, Rows: [][]any{{1}}})
	srv.FailNext(http.MethodPost, 1, http.StatusServiceUnavailable, "")
	srv.FailNext(http.MethodGet, 1, http.StatusTooManyRequests, "1") // Retry-After capped by MaxDelay
	srv.FailNext(http.MethodGet, 1, http.StatusBadGateway, "")
	start := time.Now()
	_, rows, _, err := c.QueryAll(ctxT(t), "SELECT 1")
	if err != nil || len(rows) != 1 {
		t.Fatalf("QueryAll = %v, %v", rows, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v: Retry-After not capped", d)
	}
	if n := srv.Count(http.MethodPost); n != 2 {
		t.Errorf("POSTs = %d, want 2", n)
	}
}

func TestRetryGivesUpAndOtherStatusesFail(t *testing.T) {
	srv, c := setup(t)
	srv.Handle(trinotest.Any(), trinotest.Result{})
	srv.FailNext(http.MethodPost, 4, http.StatusServiceUnavailable, "")
	_, err := c.Submit(ctxT(t), "SELECT 1", trino.Session{})
	var he *trino.HTTPError
	if !errors.As(err, &he) || he.StatusCode != 503 {
		t.Fatalf("err = %v", err)
	}
	if n := srv.Count(http.MethodPost); n != 4 {
		t.Errorf("attempts = %d, want 4", n)
	}
	srv.FailNext(http.MethodGet, 1, http.StatusInternalServerError, "")
	q, err := c.Submit(ctxT(t), "SELECT 1", trino.Session{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Next(ctxT(t)); !errors.As(err, &he) || he.StatusCode != 500 {
		t.Fatalf("Next err = %v", err)
	}
	// The query is still resumable after a transport/protocol error.
	if err := q.Wait(ctxT(t)); err != nil {
		t.Errorf("Wait after a failed GET = %v", err)
	}
}

func TestCancelDeletesNextURI(t *testing.T) {
	srv, c := setup(t)
	srv.Handle(trinotest.Any(), trinotest.Result{Hang: true})
	q, err := c.Submit(ctxT(t), "SELECT slow", trino.Session{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Next(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := q.Cancel(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if !srv.Canceled(q.ID()) || srv.Count(http.MethodDelete) != 1 {
		t.Errorf("DELETE not seen: %v", srv.Requests())
	}
	if _, err := q.Next(ctxT(t)); !errors.Is(err, trino.ErrCanceled) {
		t.Errorf("Next after Cancel = %v", err)
	}
	if err := q.Cancel(ctxT(t)); err != nil || srv.Count(http.MethodDelete) != 1 {
		t.Errorf("second Cancel = %v, DELETEs %d", err, srv.Count(http.MethodDelete))
	}
}

func TestCancelOfFinishedQuerySendsNothing(t *testing.T) {
	srv, c := setup(t)
	srv.Handle(trinotest.Any(), trinotest.Result{})
	q, _ := c.Submit(ctxT(t), "SELECT 1", trino.Session{})
	if err := q.Wait(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := q.Cancel(ctxT(t)); err != nil || srv.Count(http.MethodDelete) != 0 {
		t.Errorf("Cancel = %v, DELETEs %d", err, srv.Count(http.MethodDelete))
	}
}

func TestExecCancelsWhenContextEnds(t *testing.T) {
	srv, c := setup(t)
	srv.Handle(trinotest.Any(), trinotest.Result{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := c.Exec(ctx, "SELECT slow")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Exec = %v", err)
	}
	if len(srv.Running()) != 0 || srv.Count(http.MethodDelete) != 1 {
		t.Errorf("query left running: %v", srv.Running())
	}
}

func TestUpdateCount(t *testing.T) {
	srv, c := setup(t)
	n := int64(3)
	srv.Handle(trinotest.Any(), trinotest.Result{UpdateType: "INSERT", UpdateCount: &n})
	q, _ := c.Submit(ctxT(t), "INSERT INTO t VALUES 1, 2, 3", trino.Session{})
	if err := q.Wait(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if typ, cnt := q.Update(); typ != "INSERT" || cnt == nil || *cnt != 3 {
		t.Errorf("Update = %q, %v", typ, cnt)
	}
}

func TestConnectionRefused(t *testing.T) {
	c, _ := trino.New("http://127.0.0.1:1", "u", fastRetry)
	if _, err := c.Submit(ctxT(t), "SELECT 1", trino.Session{}); err == nil {
		t.Fatal("no error against a closed port")
	}
}
