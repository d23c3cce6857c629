package athena_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

func TestRunQueuedRunningSucceeded(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Exact("SELECT 1"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "n", Type: "integer"}, {Name: "d", Type: "decimal", Precision: 10, Scale: 2}},
		Rows:    [][]*string{athenaemu.Row(1, "3.14")},
		Steps:   athenaemu.Steps("QUEUED", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING"),
		Stats:   athenaemu.Stats{DataScannedBytes: 1234, EngineTimeMs: 77, TotalTimeMs: 99, QueueTimeMs: 5},
	})
	clock := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	ex, sl := newExecutor(srv, athena.Options{PollInitial: 100 * time.Millisecond, PollMax: 1 * time.Second, Now: now})

	res, err := ex.Run(context.Background(), "SELECT 1")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := srv.Count("GetQueryExecution"); got != 9 {
		t.Errorf("GetQueryExecution calls = %d, want 9 (8 scripted steps + final)", got)
	}
	ms := time.Millisecond
	wantWaits := []time.Duration{100 * ms, 150 * ms, 225 * ms, 337500 * time.Microsecond, 506250 * time.Microsecond, 759375 * time.Microsecond, time.Second, time.Second}
	if got := sl.Waits(); !slices.Equal(got, wantWaits) {
		t.Errorf("poll waits = %v, want %v (none before the first call, then x1.5 from PollInitial, capped at PollMax)", got, wantWaits)
	}
	wantCols := []athena.Column{{Name: "n", Type: "integer"}, {Name: "d", Type: "decimal", Precision: 10, Scale: 2}}
	if !slices.Equal(res.Columns, wantCols) {
		t.Errorf("columns = %+v, want %+v", res.Columns, wantCols)
	}
	if len(res.Rows) != 1 || deref(res.Rows[0][0]) != "1" || deref(res.Rows[0][1]) != "3.14" {
		t.Errorf("rows = %v", res.Rows)
	}
	if res.QueryID == "" || res.StatementType != "DML" {
		t.Errorf("QueryID %q StatementType %q", res.QueryID, res.StatementType)
	}
	if res.DataScannedBytes != 1234 || res.EngineTimeMs != 77 || res.TotalTimeMs != 99 || res.QueueTimeMs != 5 {
		t.Errorf("statistics = %+v", res)
	}
	if res.Elapsed != time.Second {
		t.Errorf("Elapsed = %v, want 1s from the injected clock", res.Elapsed)
	}
	if res.Truncated || res.ReusedPreviousResult {
		t.Errorf("Truncated %v Reused %v, want false", res.Truncated, res.ReusedPreviousResult)
	}
}

// bigResult has n rows of (id, name, maybe) where every 7th maybe is NULL
// and every 11th is the empty string, to tell NULL from "".
func bigResult(n int) athenaemu.Result {
	return athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "id", Type: "bigint"}, {Name: "name", Type: "varchar"}, {Name: "maybe", Type: "varchar"}},
		Rows: athenaemu.Generate(n, func(i int) []*string {
			var maybe any = "v" + strconv.Itoa(i)
			switch {
			case i%7 == 0:
				maybe = nil
			case i%11 == 0:
				maybe = ""
			}
			return athenaemu.Row(i, "n"+strconv.Itoa(i), maybe)
		}),
	}
}

func TestRunPagesDropHeaderOnceKeepNulls(t *testing.T) {
	srv := newServer(t)
	r := bigResult(2500)
	// The first row of page 2 repeats the column names: it is data and must
	// survive, only page 1's header is dropped.
	r.Rows[999] = athenaemu.Row("id", "name", "maybe")
	srv.Handle(athenaemu.Contains("FROM big"), r)
	ex, _ := newExecutor(srv, athena.Options{})

	res, err := ex.Run(context.Background(), "SELECT * FROM big")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Rows) != 2500 {
		t.Fatalf("rows = %d, want 2500", len(res.Rows))
	}
	if got := resultsMaxResults(t, srv); !slices.Equal(got, []int32{1000, 1000, 1000}) {
		t.Errorf("MaxResults per page = %v, want 3 pages of 1000 (2,501 rows with the header)", got)
	}
	for i, row := range res.Rows {
		if len(row) != 3 {
			t.Fatalf("row %d has %d cells", i, len(row))
		}
		if i == 999 {
			if deref(row[0]) != "id" || deref(row[1]) != "name" {
				t.Errorf("row 999 = %v, want the header-like data row kept", row)
			}
			continue
		}
		if deref(row[0]) != strconv.Itoa(i) {
			t.Fatalf("row %d id = %s (header dropped more than once, or rows shifted)", i, deref(row[0]))
		}
		switch {
		case i%7 == 0:
			if row[2] != nil {
				t.Fatalf("row %d maybe = %q, want NULL", i, *row[2])
			}
		case i%11 == 0:
			if row[2] == nil || *row[2] != "" {
				t.Fatalf("row %d maybe = %s, want empty string", i, deref(row[2]))
			}
		}
	}
}

func TestRunKeepsFirstRowOfDDL(t *testing.T) {
	srv := newServer(t)
	// A table literally named like the column: SHOW output has no header
	// row, so the first row is data even though it equals the column name.
	srv.Handle(athenaemu.Exact("SHOW TABLES"), athenaemu.Result{
		StatementType: "DDL",
		Columns:       []athenaemu.Column{{Name: "tab_name", Type: "varchar"}},
		Rows:          [][]*string{athenaemu.Row("tab_name"), athenaemu.Row("cloud_trail_mgmt_2_0")},
	})
	ex, _ := newExecutor(srv, athena.Options{})
	res, err := ex.Run(context.Background(), "SHOW TABLES")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Rows) != 2 || deref(res.Rows[0][0]) != "tab_name" {
		t.Errorf("rows = %v, want both DDL rows", res.Rows)
	}
}

func TestRunRowLimit(t *testing.T) {
	cases := []struct {
		limit, total  int
		wantRows      int
		wantTruncated bool
		wantPages     []int32
	}{
		{limit: 1500, total: 2500, wantRows: 1500, wantTruncated: true, wantPages: []int32{1000, 502}},
		{limit: 10, total: 2500, wantRows: 10, wantTruncated: true, wantPages: []int32{12}},
		{limit: 2500, total: 2500, wantRows: 2500, wantTruncated: false, wantPages: []int32{1000, 1000, 502}},
		{limit: 5, total: 5, wantRows: 5, wantTruncated: false, wantPages: []int32{7}},
		{limit: 0, total: 1200, wantRows: 1200, wantTruncated: false, wantPages: []int32{1000, 1000}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("limit%d_of_%d", tc.limit, tc.total), func(t *testing.T) {
			srv := newServer(t)
			srv.Handle(athenaemu.Any(), bigResult(tc.total))
			ex, _ := newExecutor(srv, athena.Options{RowLimit: tc.limit})
			res, err := ex.Run(context.Background(), "SELECT * FROM big")
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(res.Rows) != tc.wantRows || res.Truncated != tc.wantTruncated {
				t.Errorf("rows %d truncated %v, want %d %v", len(res.Rows), res.Truncated, tc.wantRows, tc.wantTruncated)
			}
			if got := resultsMaxResults(t, srv); !slices.Equal(got, tc.wantPages) {
				t.Errorf("MaxResults per page = %v, want %v", got, tc.wantPages)
			}
			if last := res.Rows[len(res.Rows)-1]; deref(last[0]) != strconv.Itoa(tc.wantRows-1) {
				t.Errorf("last row id = %s, want %d", deref(last[0]), tc.wantRows-1)
			}
		})
	}
}

func TestRunPageSize(t *testing.T) {
	for _, tc := range []struct {
		pageSize int32
		want     []int32
	}{
		{400, []int32{400, 400, 400}},
		{5000, []int32{1000, 1000}}, // clamped to Athena's maximum
	} {
		srv := newServer(t)
		srv.Handle(athenaemu.Any(), bigResult(1000))
		ex, _ := newExecutor(srv, athena.Options{PageSize: tc.pageSize})
		res, err := ex.Run(context.Background(), "SELECT * FROM big")
		if err != nil {
			t.Fatalf("PageSize %d: %v", tc.pageSize, err)
		}
		if len(res.Rows) != 1000 {
			t.Errorf("PageSize %d: %d rows, want 1000", tc.pageSize, len(res.Rows))
		}
		if got := resultsMaxResults(t, srv); !slices.Equal(got, tc.want) {
			t.Errorf("PageSize %d: MaxResults = %v, want %v", tc.pageSize, got, tc.want)
		}
	}
}

func TestRunSendsQueryContext(t *testing.T) {
	srv := newServer(t)
	srv.AddWorkGroup(athenaemu.WorkGroup{Name: "seclake"})
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "x", Type: "varchar"}}, Rows: [][]*string{athenaemu.Row("a")}})
	ex, _ := newExecutor(srv, athena.Options{
		Catalog: "AwsDataCatalog", Database: "amazon_security_lake_glue_db_us_east_1",
		WorkGroup: "seclake", OutputLocation: "s3://results/grafana/",
		ResultReuse: true, ResultReuseMaxAge: 90 * time.Second,
	})
	first, err := ex.Run(context.Background(), "SELECT x FROM t")
	if err != nil {
		t.Fatalf("Run 1: %v", err)
	}
	second, err := ex.Run(context.Background(), "SELECT x FROM t")
	if err != nil {
		t.Fatalf("Run 2: %v", err)
	}
	ins := startInputs(t, srv)
	if len(ins) != 2 {
		t.Fatalf("StartQueryExecution calls = %d, want 2", len(ins))
	}
	in := ins[0]
	if aws.ToString(in.QueryString) != "SELECT x FROM t" || aws.ToString(in.WorkGroup) != "seclake" {
		t.Errorf("QueryString %q WorkGroup %q", aws.ToString(in.QueryString), aws.ToString(in.WorkGroup))
	}
	if c := in.QueryExecutionContext; c == nil || aws.ToString(c.Catalog) != "AwsDataCatalog" || aws.ToString(c.Database) != "amazon_security_lake_glue_db_us_east_1" {
		t.Errorf("QueryExecutionContext = %+v", c)
	}
	if rc := in.ResultConfiguration; rc == nil || aws.ToString(rc.OutputLocation) != "s3://results/grafana/" {
		t.Errorf("ResultConfiguration = %+v", rc)
	}
	rr := in.ResultReuseConfiguration
	if rr == nil || rr.ResultReuseByAgeConfiguration == nil || !rr.ResultReuseByAgeConfiguration.Enabled ||
		aws.ToInt32(rr.ResultReuseByAgeConfiguration.MaxAgeInMinutes) != 2 {
		t.Errorf("ResultReuseConfiguration = %+v, want enabled, 2 minutes (90 s rounded up)", rr)
	}
	t1, t2 := aws.ToString(ins[0].ClientRequestToken), aws.ToString(ins[1].ClientRequestToken)
	if len(t1) < 32 || t1 == t2 {
		t.Errorf("ClientRequestTokens %q and %q: want ≥32 chars and unique per Run", t1, t2)
	}
	if n := srv.Count("GetWorkGroup"); n != 0 {
		t.Errorf("GetWorkGroup called %d times during Run, want 0", n)
	}
	if first.ReusedPreviousResult || !second.ReusedPreviousResult {
		t.Errorf("ReusedPreviousResult = %v, %v; want false, true", first.ReusedPreviousResult, second.ReusedPreviousResult)
	}
}

func TestRunOmitsUnsetOptions(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "x", Type: "varchar"}}})
	ex, _ := newExecutor(srv, athena.Options{})
	res, err := ex.Run(context.Background(), "SELECT 1 WHERE false")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Rows) != 0 || len(res.Columns) != 1 {
		t.Errorf("empty result: %d rows %d columns, want 0 rows 1 column", len(res.Rows), len(res.Columns))
	}
	in := startInputs(t, srv)[0]
	if in.QueryExecutionContext != nil || in.WorkGroup != nil || in.ResultConfiguration != nil || in.ResultReuseConfiguration != nil {
		t.Errorf("unset options were sent: %+v", in)
	}
}

func TestRunRejectsBadInputWithoutPanic(t *testing.T) {
	srv := newServer(t)
	ex, _ := newExecutor(srv, athena.Options{})
	if _, err := ex.Run(context.Background(), "  \n"); !errors.Is(err, athena.ErrEmptyQuery) || !athena.IsUserError(err) {
		t.Errorf("blank SQL: err = %v, want ErrEmptyQuery (a user error)", err)
	}
	if srv.Count("StartQueryExecution") != 0 {
		t.Error("blank SQL reached Athena")
	}
	var zero *athena.Executor
	if _, err := zero.Run(context.Background(), "SELECT 1"); err == nil {
		t.Error("nil executor: want error")
	}
	if _, err := athena.New(nil, athena.Options{}).ListDatabases(context.Background(), ""); err == nil {
		t.Error("nil API: want error")
	}
}

// TestFirstStatusCallHasNoWait: the first GetQueryExecution goes out right
// after StartQueryExecution, so an instant (or reused) result costs Start +
// one status call + GetQueryResults and no wait at all; a running query
// waits only after a status call has seen it unfinished.
func TestFirstStatusCallHasNoWait(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Exact("SELECT 1"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "n", Type: "integer"}}, Rows: [][]*string{athenaemu.Row(1)},
	})
	srv.Handle(athenaemu.Exact("SELECT 2"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "n", Type: "integer"}}, Rows: [][]*string{athenaemu.Row(2)},
		Steps: athenaemu.Steps("RUNNING"),
	})
	var statusCallsAtFirstWait []int
	sl := &sleeper{}
	sl.before = func(int) { statusCallsAtFirstWait = append(statusCallsAtFirstWait, srv.Count("GetQueryExecution")) }
	ex := athena.New(newClient(srv), athena.Options{Sleep: sl.Sleep})

	_, rep, err := ex.RunReport(context.Background(), "SELECT 1")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if w := sl.Waits(); len(w) != 0 || rep.Polls != 1 {
		t.Errorf("instant query: waits %v, polls %d; want no wait and 1 poll", w, rep.Polls)
	}
	var ops []string
	for _, c := range srv.Calls() {
		ops = append(ops, c.Operation)
	}
	if want := []string{"StartQueryExecution", "GetQueryExecution", "GetQueryResults"}; !slices.Equal(ops, want) {
		t.Errorf("calls = %v, want %v", ops, want)
	}

	_, rep, err = ex.RunReport(context.Background(), "SELECT 2")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if w := sl.Waits(); !slices.Equal(w, []time.Duration{athena.DefaultPollInitial}) || rep.Polls != 2 {
		t.Errorf("one RUNNING step: waits %v, polls %d; want [%v] and 2 polls", w, rep.Polls, athena.DefaultPollInitial)
	}
	if !slices.Equal(statusCallsAtFirstWait, []int{2}) { // 1 from SELECT 1, then SELECT 2's first call
		t.Errorf("status calls made when the first wait began = %v, want [2]", statusCallsAtFirstWait)
	}
}
