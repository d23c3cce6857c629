package questions

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/trino"
)

const valid = `
- id: a-question
  question: Who?
  shape: top-n
  source: cloud_trail_mgmt
  version: 2
  from: 2026-10-03T00:00:00Z
  to: 2026-11-02T00:00:00Z
  ordered: true
  reference: SELECT 1
  sql: SELECT 1
  builder: {source: cloud_trail_mgmt, format: table}
- id: b-question
  question: What?
  shape: list
  source: vpc_flow
  version: 1
  from: 2026-10-03T00:00:00Z
  to: 2026-11-02T00:00:00Z
  reference: SELECT 1
  sql: SELECT 1
  gap: "arrays: one row per element"
`

// TestTheCommittedQuestionSetLoads validates every committed question file
// (no replica needed): keys, shapes, versions, builder XOR gap, unique ids.
func TestTheCommittedQuestionSetLoads(t *testing.T) {
	qs, err := Load("../../e2e/testdata/questions")
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) == 0 {
		t.Fatal("no questions")
	}
	t.Logf("\n%s", Summarize(qs).Markdown())
}

func TestLoadValidatesAndSummarizes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("one.yaml", valid)
	qs, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].ID != "a-question" || qs[1].GapFeature() != "arrays" || qs[0].File != "one.yaml" {
		t.Fatalf("loaded %+v", qs)
	}
	s := Summarize(qs)
	if s.Total != 2 || s.Builder != 1 || s.Share() != 0.5 || s.Gaps["arrays"] != 1 || s.BySource["vpc_flow v1"].Total != 1 {
		t.Fatalf("summary %+v", s)
	}
	if md := s.Markdown(); !strings.Contains(md, "| arrays | 1 |") || !strings.Contains(md, "builder-expressible: 1 (50.0 %)") {
		t.Fatalf("markdown:\n%s", md)
	}
	// The same ids in a second file are duplicates.
	write("two.yaml", valid)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), `id "a-question" is in one.yaml and in two.yaml`) {
		t.Fatalf("duplicate ids: %v", err)
	}
}

func TestValidateRefusesBadEntries(t *testing.T) {
	base, err := Parse("x.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		edit func(q *Question)
		want string
	}{
		"id":             {func(q *Question) { q.ID = "Not_Kebab" }, "kebab-case"},
		"shape":          {func(q *Question) { q.Shape = "pie" }, `shape "pie"`},
		"version":        {func(q *Question) { q.Version = 3 }, "version 3"},
		"region":         {func(q *Question) { q.Region = "Europe" }, `region "Europe"`},
		"range":          {func(q *Question) { q.From = q.To.Add(time.Hour) }, "is not before"},
		"no reference":   {func(q *Question) { q.Reference = " " }, "reference is empty"},
		"no sql":         {func(q *Question) { q.SQL = "" }, "sql is empty"},
		"both":           {func(q *Question) { q.Gap = "arrays: x" }, "both set"},
		"neither":        {func(q *Question) { q.Builder = nil }, "neither builder nor gap"},
		"gap feature":    {func(q *Question) { q.Builder, q.Gap = nil, "no colon" }, "feature: what is missing"},
		"logs format":    {func(q *Question) { q.Builder = map[string]any{"format": "logs"} }, "builder.format"},
		"sql in builder": {func(q *Question) { q.Builder = map[string]any{"rawSql": "SELECT 1"} }, "rawSql"},
	}
	for name, c := range cases {
		q := base[0]
		c.edit(&q)
		if err := q.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, c.want)
		}
	}
	if _, err := Parse("x.yaml", []byte("- id: a\n  orderd: true\n")); err == nil {
		t.Error("an unknown key must be refused")
	}
	missing := []Question{{ID: "a"}}
	if err := Check(missing); err == nil || !strings.Contains(err.Error(), "question is empty") {
		t.Errorf("missing keys: %v", err)
	}
}

func trinoResult(t *testing.T, cols []trino.Column, rows string) Table {
	t.Helper()
	var raw [][]json.RawMessage
	if err := json.Unmarshal([]byte(rows), &raw); err != nil {
		t.Fatal(err)
	}
	var decoded [][]any
	for _, r := range raw {
		var row []any
		for _, v := range r {
			d, err := trino.DecodeValue(v)
			if err != nil {
				t.Fatal(err)
			}
			row = append(row, d)
		}
		decoded = append(decoded, row)
	}
	tb, err := FromTrino(cols, decoded)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestCompareTrinoWithFrames(t *testing.T) {
	cols := []trino.Column{{Name: "day", Type: "timestamp(3) with time zone"}, {Name: "who", Type: "varchar"},
		{Name: "n", Type: "bigint"}, {Name: "avg", Type: "double"}, {Name: "ok", Type: "boolean"}, {Name: "d", Type: "decimal(10,2)"}}
	ref := trinoResult(t, cols, `[["2026-10-03 00:00:00.000 UTC","alice",3,0.1,true,"1.50"],
		["2026-10-04 02:00:00.000 +02:00",null,1,2.5,false,null]]`)
	day := time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC)
	str := func(s string) *string { return &s }
	tm := func(x time.Time) *time.Time { return &x }
	frame := func(n1 int64, avg float64) *data.Frame {
		return data.NewFrame("",
			data.NewField("time", nil, []*time.Time{tm(day), tm(day.Add(24 * time.Hour))}),
			data.NewField("user", nil, []*string{str("alice"), nil}),
			data.NewField("count", nil, []int64{n1, 1}),
			data.NewField("avg", nil, []float64{avg, 2.5}),
			data.NewField("ok", nil, []bool{true, false}),
			data.NewField("d", nil, []*float64{func() *float64 { f := 1.5; return &f }(), nil}))
	}
	same := frame(3, 0.1*(1+1e-12))
	got, err := FromFrames(data.Frames{same})
	if err != nil {
		t.Fatal(err)
	}
	if err := Compare(ref, got, true); err != nil {
		t.Fatalf("equal results differ: %v", err)
	}
	// A wrong count fails, naming the first differing cell.
	bad, _ := FromFrames(data.Frames{frame(4, 0.1)})
	err = Compare(ref, bad, true)
	if err == nil || !strings.Contains(err.Error(), `row 0 column 2 "n"/"count"`) || !strings.Contains(err.Error(), "reference 3 (number), result 4 (number)") {
		t.Fatalf("a wrong count: %v", err)
	}
	// A number off by more than 1e-9 relative fails.
	if err := Compare(ref, mustFrames(t, frame(3, 0.1000001)), true); err == nil {
		t.Fatal("0.1 and 0.1000001 compare equal")
	}
	// Reversed rows: equal as a multiset, different in order.
	rev := Table{Columns: got.Columns, Rows: [][]Cell{got.Rows[1], got.Rows[0]}}
	if err := Compare(ref, rev, false); err != nil {
		t.Fatalf("multiset: %v", err)
	}
	if err := Compare(ref, rev, true); err == nil {
		t.Fatal("reversed rows compare equal in order")
	}
	// Missing and extra rows.
	short := Table{Columns: got.Columns, Rows: got.Rows[:1]}
	if err := Compare(ref, short, true); err == nil || !strings.Contains(err.Error(), "reference has 2 rows, result 1") {
		t.Fatalf("a missing row: %v", err)
	}
	// NULL is not an empty string, a time is not a number.
	if (Cell{}).Equal(Cell{Kind: Text}) || (Cell{Kind: Time, Time: day}).Equal(Cell{Kind: Number, Num: float64(day.UnixMilli())}) {
		t.Fatal("kinds must differ")
	}
}

func mustFrames(t *testing.T, f *data.Frame) Table {
	t.Helper()
	tb, err := FromFrames(data.Frames{f})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestTimeSeriesFramesFlatten(t *testing.T) {
	day := time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC)
	one, two := int64(1), int64(2)
	f := data.NewFrame("",
		data.NewField("time", nil, []time.Time{day, day.Add(24 * time.Hour)}),
		data.NewField("count", data.Labels{"status": "Failure"}, []*int64{&one, nil}),
		data.NewField("count", data.Labels{"status": "Success"}, []*int64{&two, &one}))
	f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesWide}
	got := mustFrames(t, f)
	cols := []trino.Column{{Name: "day", Type: "timestamp(6)"}, {Name: "status", Type: "varchar"}, {Name: "n", Type: "bigint"}}
	ref := trinoResult(t, cols, `[["2026-10-04 00:00:00.000000","Success",1],["2026-10-03 00:00:00.000000","Failure",1],["2026-10-03 00:00:00.000000","Success",2]]`)
	if err := Compare(ref, got, false); err != nil {
		t.Fatalf("flattened series: %v (rows %v)", err, got.Rows)
	}
	// Nested values compare as canonical JSON.
	nested := trinoResult(t, []trino.Column{{Name: "a", Type: "array(varchar)"}}, `[[["x","y"]]]`)
	nf := data.NewFrame("", data.NewField("a", nil, []json.RawMessage{json.RawMessage(`[ "x", "y" ]`)}))
	if err := Compare(nested, mustFrames(t, nf), true); err != nil {
		t.Fatal(err)
	}
}
