package plugin

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// trickyText are varchar values that test the CSV dialect of result files:
// quotes, separators, line breaks, empty strings, non-ASCII and JSON.
var trickyText = []string{`say "hi", twice`, "multi\nline\r\nvalue", "", `""`, "ü ✓ 日本", ",", "\"\n\"", `{"a":[1,{"b":"\"q"}]}`}

// TestFramesFromS3EqualPages runs every golden case of pkg/frames (every
// Athena type, nested JSON, arrays, maps, timestamps, decimals, NULLs),
// grown past one page and with tricky text in its varchar columns, through
// QueryData twice: reading the result file from S3, and reading pages
// only. The frames Grafana receives must be identical.
func TestFramesFromS3EqualPages(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("..", "frames", "testdata", "*.json"))
	if err != nil || len(inputs) < 12 {
		t.Fatalf("want the golden cases of ../frames/testdata, found %d (%v)", len(inputs), err)
	}
	srv := plugintest.NewLakeServer(t)
	s3ds := newTestDatasource(t, srv, map[string]any{"resultCacheSeconds": 0})
	pagesDS := newTestDatasource(t, srv, map[string]any{"resultCacheSeconds": 0, "resultsFromS3": false})
	tested := 0
	for _, in := range inputs {
		raw, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		var fc frameCase
		if err := json.Unmarshal(raw, &fc); err != nil {
			t.Fatal(err)
		}
		if fc.WantError != "" || len(fc.Rows) == 0 {
			continue
		}
		tested++
		name := strings.TrimSuffix(filepath.Base(in), ".json")
		res := athenaemu.Result{Rows: grownRows(fc, 2100)}
		for _, c := range fc.Columns {
			res.Columns = append(res.Columns, athenaemu.Column{Name: c.Name, Type: c.Type, Precision: c.Precision, Scale: c.Scale})
		}
		table := "case_" + name
		srv.Handle(athenaemu.Contains(table), res)
		format := map[string]string{"table": "table", "timeseries": "time_series", "logs": "logs"}[fc.Mode]
		q := dataQuery("A", fmt.Sprintf(`{"rawSql":"SELECT * FROM %s","format":%q}`, table, format))
		t.Run(name, func(t *testing.T) {
			before := srv.Count("GetObject")
			fromS3 := runQueries(t, s3ds, q)["A"]
			if srv.Count("GetObject") != before+1 {
				t.Fatalf("the S3 datasource made %d GetObject calls, want 1", srv.Count("GetObject")-before)
			}
			fromPages := runQueries(t, pagesDS, q)["A"]
			if srv.Count("GetObject") != before+1 {
				t.Fatal("the pages-only datasource read S3")
			}
			if fromS3.Error != nil || fromPages.Error != nil {
				t.Fatalf("errors: s3 %v, pages %v", fromS3.Error, fromPages.Error)
			}
			a, b := frameData(t, fromS3.Frames), frameData(t, fromPages.Frames)
			if a != b {
				t.Fatalf("frames differ\n s3:   %.2000s\n pages: %.2000s", a, b)
			}
		})
	}
	if tested < 12 {
		t.Fatalf("only %d cases tested", tested)
	}
}

// grownRows repeats the case's rows to n rows; every varchar value of a
// repeat is replaced by tricky text (and stays NULL where it was NULL).
func grownRows(fc frameCase, n int) [][]*string {
	rows := make([][]*string, n)
	for i := range rows {
		src := fc.Rows[i%len(fc.Rows)]
		row := make([]*string, len(fc.Columns))
		copy(row, src)
		if i >= len(fc.Rows) {
			for j, c := range fc.Columns {
				if row[j] != nil && (c.Type == "varchar" || c.Type == "char") {
					row[j] = athenaemu.Str(trickyText[(i+j)%len(trickyText)])
				}
			}
		}
		rows[i] = row
	}
	return rows
}

// frameData is the frames' JSON without the query id, which differs
// between the two runs; the notices stay (none may be added by S3).
func frameData(t *testing.T, fs data.Frames) string {
	t.Helper()
	var b strings.Builder
	for _, f := range fs {
		if f.Meta != nil {
			f.Meta.Custom = nil
			f.Meta.Stats = nil
		}
		raw, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(raw)
	}
	return b.String()
}

// TestS3AccessDeniedFallsBackToPages: without s3:GetObject the rows still
// arrive (read page by page), with a warning that names the permission and
// a count in the fallback metric.
func TestS3AccessDeniedFallsBackToPages(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	srv.Handle(athenaemu.Contains("FROM big"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}, {Name: "s", Type: "varchar"}},
		Rows:    athenaemu.Generate(2500, func(i int) []*string { return athenaemu.Row(i, trickyText[i%len(trickyText)]) }),
	})
	if err := srv.Inject(athenaemu.Fault{Op: "GetObject", Action: athenaemu.ActAccessDenied}); err != nil {
		t.Fatal(err)
	}
	ds, m := faultDatasource(t, srv, nil)
	ds.objectOpts = []func(*s3.Options){athena.WithObjectRetryPolicy(fastRetry)}
	// Named columns: no shape probe (nestedjson.go), so every read counted
	// below is the query's own.
	res := runQueries(t, ds, dataQuery("A", `{"rawSql":"SELECT n, s FROM big"}`))["A"]
	if res.Error != nil || len(res.Frames) != 1 || res.Frames[0].Rows() != 2500 {
		t.Fatalf("response %+v", res)
	}
	var warned bool
	for _, n := range res.Frames[0].Meta.Notices {
		warned = warned || (n.Severity == data.NoticeSeverityWarning && strings.Contains(n.Text, "s3:GetObject"))
	}
	if !warned {
		t.Fatalf("notices %+v: want a warning naming s3:GetObject", res.Frames[0].Meta.Notices)
	}
	if got := testutil.ToFloat64(m.s3Fallbacks.WithLabelValues("AccessDenied")); got != 1 {
		t.Fatalf("s3 fallback metric %v, want 1", got)
	}
	if got := testutil.ToFloat64(m.resultReads.WithLabelValues("pages")); got != 1 {
		t.Fatalf("result reads from pages %v, want 1", got)
	}
	if srv.Count("GetObject") != 1 || srv.Count("GetQueryResults") != 3 {
		t.Fatalf("GetObject %d, GetQueryResults %d: want 1 and 3", srv.Count("GetObject"), srv.Count("GetQueryResults"))
	}
}
