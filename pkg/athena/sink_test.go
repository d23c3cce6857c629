package athena_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// rowRecorder is a RowSink that keeps the rows as *string cells, to compare
// with Result.Rows.
type rowRecorder struct {
	rows [][]*string
	fail int // AppendRow of row fail (1-based) returns errRecorder
}

var errRecorder = errors.New("recorder refused the row")

func (r *rowRecorder) AppendRow(vals []string, null []bool) error {
	if r.fail > 0 && len(r.rows)+1 == r.fail {
		return errRecorder
	}
	row := make([]*string, len(vals))
	for i, v := range vals {
		if !null[i] {
			row[i] = &v
		}
	}
	r.rows = append(r.rows, row)
	return nil
}

func (r *rowRecorder) Len() int { return len(r.rows) }

// runInto runs sql into a rowRecorder and returns its rows.
func runInto(t *testing.T, exec *athena.Executor, sql string, fail int) ([][]*string, *athena.Result, athena.Report, error) {
	t.Helper()
	// A new sink per call: the first page's, then the result file's.
	var rec *rowRecorder
	res, rep, err := exec.RunInto(context.Background(), sql, func(cols []athena.Column) athena.RowSink {
		rec = &rowRecorder{fail: fail}
		return rec
	})
	if err != nil {
		return nil, res, rep, err
	}
	if res.Sink != athena.RowSink(rec) || res.Rows != nil {
		t.Fatalf("Sink %v, Rows %d: the rows must go to the last sink only", res.Sink, len(res.Rows))
	}
	return rec.rows, res, rep, nil
}

// TestRunIntoEqualsRows: the rows a sink receives, read from pages or from
// the result file, with or without a row limit, are Result.Rows.
func TestRunIntoEqualsRows(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: mixedColumns, Rows: athenaemu.Generate(2503, mixedRow)})
	for _, tc := range []struct {
		name  string
		s3    bool
		limit int
	}{{"pages", false, 0}, {"s3", true, 0}, {"pages limit", false, 1500}, {"s3 limit", true, 1500}, {"first page limit", true, 10}} {
		t.Run(tc.name, func(t *testing.T) {
			opts := athena.Options{RowLimit: tc.limit}
			if tc.s3 {
				opts.Objects = newObjectClient(srv)
			}
			exec, _ := newExecutor(srv, opts)
			want, err := exec.Run(context.Background(), "SELECT 1")
			if err != nil {
				t.Fatal(err)
			}
			got, res, rep, err := runInto(t, exec, "SELECT 1", 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want.Rows) {
				t.Errorf("sink rows differ from Result.Rows (%d vs %d)", len(got), len(want.Rows))
			}
			if res.Truncated != want.Truncated || rep.Rows != len(want.Rows) {
				t.Errorf("truncated %v rows %d, want %v %d", res.Truncated, rep.Rows, want.Truncated, len(want.Rows))
			}
			if wantSrc := map[bool]string{true: athena.SourceS3, false: athena.SourcePages}[tc.s3 && tc.limit != 10]; rep.ResultSource != wantSrc {
				t.Errorf("source %s, want %s", rep.ResultSource, wantSrc)
			}
		})
	}
}

// TestRunIntoSinkErrorEndsTheRun: an error of the sink (a value its column
// type refuses) ends the run with that error, on the S3 path without
// falling back to the pages.
func TestRunIntoSinkErrorEndsTheRun(t *testing.T) {
	srv := newServer(t)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: mixedColumns, Rows: athenaemu.Generate(2503, mixedRow)})
	for _, fail := range []int{5, 2000} {
		exec, _ := newExecutor(srv, athena.Options{Objects: newObjectClient(srv)})
		srv.ResetCalls()
		_, _, rep, err := runInto(t, exec, "SELECT 1", fail)
		if !errors.Is(err, errRecorder) {
			t.Fatalf("row %d: err = %v, want the sink's", fail, err)
		}
		if rep.ObjectFallback != "" || srv.Count("GetQueryResults") != 1 {
			t.Errorf("row %d: fallback %q after %d pages: a sink error is no reason to read the pages", fail, rep.ObjectFallback, srv.Count("GetQueryResults"))
		}
	}
}

// TestEarlyFirstPage: with EarlyFirstPage the first page goes out with the
// first status; a query that has ended uses it (one GetQueryResults), one
// still running gets it refused and asks again once it has ended.
func TestEarlyFirstPage(t *testing.T) {
	for _, tc := range []struct {
		name      string
		steps     []athenaemu.Step
		wantPages int
	}{{"instant", nil, 1}, {"running", athenaemu.Steps("RUNNING"), 2}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			srv.Handle(athenaemu.Any(), athenaemu.Result{Steps: tc.steps, Columns: mixedColumns, Rows: athenaemu.Generate(20, mixedRow)})
			exec, _ := newExecutor(srv, athena.Options{EarlyFirstPage: true})
			res, err := exec.Run(context.Background(), "SELECT 1")
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != 20 || !reflect.DeepEqual(res.Rows[3], mixedRow(3)) {
				t.Errorf("rows %d, row 3 %v", len(res.Rows), res.Rows[3])
			}
			if n := srv.Count("GetQueryResults"); n != tc.wantPages {
				t.Errorf("GetQueryResults calls = %d, want %d", n, tc.wantPages)
			}
		})
	}
}
