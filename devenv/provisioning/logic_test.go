package provisioning

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// TestInterpolate mirrors src/datasource.ts applyTemplateVariables.
func TestInterpolate(t *testing.T) {
	vars := Vars{
		"account": {Values: []string{"111", "222"}, Multi: true},
		"region":  {Values: []string{"us-east-1"}, Multi: true},
		"version": {Values: []string{"1"}},
		"entity":  {Values: []string{"o'brien"}},
		"port":    {Values: []string{"22", "443"}, Multi: true},
	}
	in := `{"refId":"A","source":"vpc_flow@${version}","accounts":["$account"],"regions":["$region"],
	  "filters":[{"field":"src_endpoint.ip","op":"=","value":"$entity"},{"field":"dst_endpoint.port","op":"=","value":"$port"},
	  {"field":"observables[].value","op":"any","value":"$entity"},{"field":"severity_id","op":">","value":3}],
	  "rawSql":"SELECT * FROM $__table(vpc_flow@$version) WHERE $__partitionFilter AND x = '$entity' AND y IN ($account) AND $__timeFilter(time_dt)"}`
	b, err := Interpolate(json.RawMessage(in), vars)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Source   string
		Accounts []string
		Regions  []string
		Filters  []map[string]any
		RawSQL   string `json:"rawSql"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Source != "vpc_flow@1" || len(got.Accounts) != 2 || got.Regions[0] != "us-east-1" {
		t.Fatalf("source/scope: %+v", got)
	}
	if got.Filters[0]["value"] != "o'brien" || got.Filters[0]["op"] != "=" {
		t.Errorf("single value: %v", got.Filters[0])
	}
	if got.Filters[1]["op"] != "in" || len(got.Filters[1]["values"].([]any)) != 2 || got.Filters[1]["value"] != nil {
		t.Errorf("multi value on =: %v", got.Filters[1])
	}
	if got.Filters[2]["op"] != "any" || got.Filters[2]["values"].([]any)[0] != "o'brien" {
		t.Errorf("list op with one value: %v", got.Filters[2])
	}
	if got.Filters[3]["value"] != float64(3) {
		t.Errorf("numbers stay: %v", got.Filters[3])
	}
	want := "SELECT * FROM $__table(vpc_flow@'1') WHERE $__partitionFilter AND x = 'o''brien' AND y IN ('111','222') AND $__timeFilter(time_dt)"
	if got.RawSQL != want {
		t.Errorf("sql:\n got %s\nwant %s", got.RawSQL, want)
	}
}

func ptr(f float64) *float64 { return &f }

func TestReduceThreshold(t *testing.T) {
	pts := []Point{{Value: ptr(1)}, {Value: nil}, {Value: ptr(4)}}
	r := ReduceExpr{Reducer: "sum"}
	if !math.IsNaN(r.Reduce(pts)) {
		t.Error("strict mode: a null makes NaN")
	}
	r.Settings.Mode = "dropNN"
	if r.Reduce(pts) != 5 {
		t.Error("dropNN sum")
	}
	r.Reducer = "max"
	if r.Reduce(pts) != 4 {
		t.Error("max")
	}
	r.Settings.Mode, r.Settings.ReplaceWithValue, r.Reducer = "replaceNN", 10, "max"
	if r.Reduce(pts) != 10 {
		t.Error("replaceNN")
	}
	var th ThresholdExpr
	_ = json.Unmarshal([]byte(`{"conditions":[{"evaluator":{"type":"gt","params":[4]}}]}`), &th)
	if th.Fires(4) || !th.Fires(5) || th.Fires(math.NaN()) {
		t.Error("gt 4")
	}
}

func TestSeriesAndSweep(t *testing.T) {
	day := time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC)
	ts := []time.Time{day.Add(130 * time.Minute), day.Add(135 * time.Minute), day.Add(140 * time.Minute), day.Add(300 * time.Minute)}
	v := []*int64{i64(3), i64(2), nil, i64(1)}
	f := data.NewFrame("", data.NewField("time", nil, ts), data.NewField("failures", data.Labels{"accountid": "1", "user": "admin"}, v))
	series := SeriesOf(data.Frames{f})
	if len(series) != 1 || series[0].Labels["user"] != "admin" || len(series[0].Points) != 4 {
		t.Fatalf("series %+v", series)
	}
	var e Expressions
	e.Reduce = ReduceExpr{Reducer: "sum"}
	e.Reduce.Settings.Mode = "dropNN"
	_ = json.Unmarshal([]byte(`{"conditions":[{"evaluator":{"type":"gt","params":[4]}}]}`), &e.Threshold)
	fired := e.Sweep(series, day, day.Add(24*time.Hour), 5*time.Minute, 15*time.Minute)
	if len(fired) != 2 || fired[day.Add(140*time.Minute)] == nil || fired[day.Add(145*time.Minute)] == nil {
		t.Fatalf("fired at %v, want 02:20 and 02:25 (the 02:10 and 02:15 buckets, 3+2, in the window)", fired)
	}
	table := data.NewFrame("", data.NewField("src_ip", nil, []string{"a", "b"}), data.NewField("n", nil, []int64{60, 3}))
	if s := SeriesOf(data.Frames{table}); len(s) != 2 || s[0].Labels["src_ip"] != "a" || *s[0].Points[0].Value != 60 {
		t.Fatalf("numeric table: %+v", s)
	}
}

func i64(v int64) *int64 { return &v }

func TestExpandEnv(t *testing.T) {
	env := map[string]string{"A": "x", "B": "y"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	if got := ExpandEnv("$A-${B}-$$A-$C", lookup); got != "x-y-$A-" {
		t.Fatalf("got %q", got)
	}
	if refs := EnvRefs("${A} and $$B"); len(refs) != 1 || refs[0] != "A" {
		t.Fatalf("refs %v", refs)
	}
}
