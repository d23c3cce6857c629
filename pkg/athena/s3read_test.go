package athena_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// mixedColumns are columns of every shape the catalog's tables produce.
var mixedColumns = []athenaemu.Column{
	{Name: "time", Type: "timestamp"}, {Name: "n", Type: "bigint"}, {Name: "d", Type: "decimal"},
	{Name: "ok", Type: "boolean"}, {Name: "s", Type: "varchar"}, {Name: "tags", Type: "array"},
	{Name: "m", Type: "map"}, {Name: "r", Type: "row"}, {Name: "j", Type: "json"}, {Name: "x", Type: "double"},
}

// mixedRow is row i: NULLs, empty strings, embedded quotes, commas and
// newlines, nested JSON, arrays, maps and rows, in every column in turn.
func mixedRow(i int) []*string {
	text := []any{"plain", "", `say "hi", twice`, "multi\nline\r\nvalue", `""`, "ü ✓ 日本", ",", "\"\n\""}[i%8]
	row := athenaemu.Row(
		fmt.Sprintf("2026-11-01 %02d:%02d:%02d.%03d", i/3600%24, i/60%60, i%60, i%1000),
		i*7919-50000, fmt.Sprintf("%d.%02d", i, i%100), i%3 == 0, text,
		fmt.Sprintf("[a%d, b, \"c\"]", i), fmt.Sprintf("{k%d=v, q=\"x,y\"}", i),
		fmt.Sprintf("{uid=u%d, name=\"n\"}", i), fmt.Sprintf(`{"a":[1,{"b":"%d\"q"}],"c":null}`, i),
		float64(i)/3,
	)
	if i%5 == 0 {
		row[i%len(row)] = nil
	}
	return row
}

// runBoth runs sql once reading pages only and once with S3 reading on.
func runBoth(t *testing.T, srv *athenaemu.CannedServer, sql string, opts athena.Options) (pages, s3 *athena.Result, s3rep athena.Report) {
	t.Helper()
	ctx := context.Background()
	exec, _ := newExecutor(srv, opts)
	pages, err := exec.Run(ctx, sql)
	if err != nil {
		t.Fatal(err)
	}
	opts.Objects = newObjectClient(srv)
	exec, _ = newExecutor(srv, opts)
	s3, s3rep, err = exec.RunReport(ctx, sql)
	if err != nil {
		t.Fatal(err)
	}
	return pages, s3, s3rep
}

func newObjectClient(srv *athenaemu.CannedServer) athena.ObjectAPI {
	return athena.NewObjectClient(srv.AWSConfig(), srv.URL(), athena.WithObjectRetryPolicy(fastRetry))
}

func TestLargeResultFromS3EqualsPages(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: mixedColumns, Rows: athenaemu.Generate(2503, mixedRow)})
	pages, s3, rep := runBoth(t, srv, "SELECT * FROM big", athena.Options{})
	if rep.ResultSource != athena.SourceS3 || rep.ObjectReads != 1 || rep.Pages != 1 || rep.ObjectFallback != "" {
		t.Fatalf("report %+v: want the rows from one GetObject after one page", rep)
	}
	if len(s3.Rows) != 2503 || !reflect.DeepEqual(pages.Rows, s3.Rows) || !reflect.DeepEqual(pages.Columns, s3.Columns) {
		t.Fatalf("S3 rows differ from pages: %d vs %d rows\n%s", len(s3.Rows), len(pages.Rows), firstDiff(pages.Rows, s3.Rows))
	}
	if len(s3.Notices) != 0 {
		t.Fatalf("notices %q", s3.Notices)
	}
	if got := srv.Count("GetObject"); got != 1 {
		t.Fatalf("%d GetObject calls, want 1", got)
	}
}

func firstDiff(a, b [][]*string) string {
	for i := range min(len(a), len(b)) {
		if !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("row %d: %q vs %q", i, cellText(a[i]), cellText(b[i]))
		}
	}
	return ""
}

func cellText(row []*string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		if c == nil {
			out[i] = "<NULL>"
		} else {
			out[i] = *c
		}
	}
	return out
}

func TestSmallResultNeverReadsS3(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: mixedColumns, Rows: athenaemu.Generate(999, mixedRow)})
	_, s3, rep := runBoth(t, srv, "SELECT * FROM small", athena.Options{})
	if rep.ResultSource != athena.SourcePages || rep.ObjectReads != 0 || len(s3.Rows) != 999 {
		t.Fatalf("report %+v rows %d: one page must not cost a GetObject", rep, len(s3.Rows))
	}
}

func TestS3ReadHonoursRowLimit(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: mixedColumns, Rows: athenaemu.Generate(5000, mixedRow)})
	for _, limit := range []int{1500, 5000} {
		pages, s3, rep := runBoth(t, srv, fmt.Sprintf("SELECT * FROM big -- %d", limit), athena.Options{RowLimit: limit})
		if rep.ResultSource != athena.SourceS3 || len(s3.Rows) != min(limit, 5000) || s3.Truncated != (limit < 5000) ||
			!reflect.DeepEqual(pages.Rows, s3.Rows) || pages.Truncated != s3.Truncated {
			t.Fatalf("limit %d: %d rows truncated=%v (pages %d, %v), report %+v", limit, len(s3.Rows), s3.Truncated, len(pages.Rows), pages.Truncated, rep)
		}
	}
}

// TestS3FaultsFallBackToPages: a denied or broken read of the result file
// costs speed, never rows: the pages are read instead, with a notice.
func TestS3FaultsFallBackToPages(t *testing.T) {
	cases := []struct {
		name     string
		fault    athenaemu.Fault
		code     string
		notice   string
		getCalls int
	}{
		{"access denied", athenaemu.Fault{Op: "GetObject", Action: athenaemu.ActAccessDenied}, "AccessDenied", "s3:GetObject", 1},
		{"truncated body", athenaemu.Fault{Op: "GetObject", Action: athenaemu.ActTruncated}, "TruncatedBody", "TruncatedBody", 1},
		{"malformed body", athenaemu.Fault{Op: "GetObject", Action: athenaemu.ActMalformed}, "ReadError", "ReadError", 1},
		{"internal errors", athenaemu.Fault{Op: "GetObject", Action: athenaemu.ActServerError}, "InternalError", "InternalError", 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: mixedColumns, Rows: athenaemu.Generate(2100, mixedRow)})
			inject(t, srv, tc.fault)
			pages, s3, rep := runBoth(t, srv, "SELECT * FROM big", athena.Options{})
			if rep.ResultSource != athena.SourcePages || rep.ObjectFallback != tc.code || rep.Pages != 3 {
				t.Fatalf("report %+v: want pages after %s", rep, tc.code)
			}
			if !reflect.DeepEqual(pages.Rows, s3.Rows) {
				t.Fatalf("fallback rows differ: %s", firstDiff(pages.Rows, s3.Rows))
			}
			if len(s3.Notices) != 1 || !strings.Contains(s3.Notices[0], tc.notice) || !strings.Contains(s3.Notices[0], "page by page") {
				t.Fatalf("notices %q, want one naming %s", s3.Notices, tc.notice)
			}
			if got := srv.Count("GetObject"); got != tc.getCalls {
				t.Fatalf("%d GetObject calls, want %d", got, tc.getCalls)
			}
		})
	}
}

// TestS3SlowDownIsRetried: S3's 503 SlowDown is retried by the client's
// retry policy and the read then succeeds.
func TestS3SlowDownIsRetried(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: mixedColumns, Rows: athenaemu.Generate(1500, mixedRow)})
	inject(t, srv, athenaemu.Fault{Op: "GetObject", Action: athenaemu.ActThrottle, Times: 2})
	pages, s3, rep := runBoth(t, srv, "SELECT * FROM big", athena.Options{})
	if rep.ResultSource != athena.SourceS3 || rep.ObjectFallback != "" || !reflect.DeepEqual(pages.Rows, s3.Rows) {
		t.Fatalf("report %+v", rep)
	}
	calls := srv.CallsTo("GetObject")
	if len(calls) != 3 || calls[0].Status != 503 || calls[0].ErrorType != "SlowDown" || calls[2].Status != 200 {
		t.Fatalf("GetObject calls %+v: want SlowDown, SlowDown, 200", calls)
	}
}
