package plugin

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/pkg/frames"
)

// TestSDKFrameMapsEveryPart checks the mapping field by field: names,
// labels, config and links, every value type, and the metadata.
func TestSDKFrameMapsEveryPart(t *testing.T) {
	i, f, b, s := int64(7), 2.5, true, "x"
	ts := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	in := &frames.Frame{Name: "n", RefID: "A", Fields: []*frames.Field{
		{Name: "i", Values: []*int64{&i, nil}, Labels: map[string]string{"region": "eu"}, Config: &frames.FieldConfig{Unit: "decbytes"}},
		{Name: "f", Values: []*float64{nil, &f}},
		{Name: "b", Values: []*bool{&b, nil}},
		{Name: "t", Values: []*time.Time{&ts, nil}},
		{Name: "s", Values: []*string{&s, nil}, Config: &frames.FieldConfig{DisplayName: "S", Links: []frames.DataLink{{Title: "go", URL: "/d/x"}}}},
		{Name: "j", Values: []json.RawMessage{json.RawMessage(`{"a":1}`), nil}},
		{Name: "ts", Values: []time.Time{ts, ts}},
		{Name: "ss", Values: []string{"a", "b"}},
	}, Meta: &frames.FrameMeta{
		Type: frames.FrameTypeLogLines, TypeVersion: [2]uint{0, 1}, ExecutedQueryString: "SELECT 1",
		Notices:                []frames.Notice{{Severity: frames.SeverityWarning, Text: "w"}, {Severity: frames.SeverityError, Text: "e"}, {Severity: frames.SeverityInfo, Text: "i"}},
		Stats:                  []frames.QueryStat{{DisplayName: "Data scanned", Unit: "decbytes", Value: 3}},
		Custom:                 &frames.CustomMeta{QueryID: "q"},
		PreferredVisualization: frames.VisTypeLogs,
	}}
	out, err := sdkFrame(in)
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := []data.FieldType{data.FieldTypeNullableInt64, data.FieldTypeNullableFloat64, data.FieldTypeNullableBool,
		data.FieldTypeNullableTime, data.FieldTypeNullableString, data.FieldTypeJSON, data.FieldTypeTime, data.FieldTypeString}
	if out.Name != "n" || out.RefID != "A" || len(out.Fields) != len(wantTypes) {
		t.Fatalf("frame %q/%q with %d fields", out.Name, out.RefID, len(out.Fields))
	}
	for k, ft := range wantTypes {
		if got := out.Fields[k]; got.Type() != ft || got.Name != in.Fields[k].Name || got.Len() != 2 {
			t.Errorf("field %d: %s %s len %d, want %s %s", k, got.Name, got.Type(), got.Len(), in.Fields[k].Name, ft)
		}
	}
	if v := out.Fields[0].At(0).(*int64); *v != 7 || out.Fields[0].At(1).(*int64) != nil {
		t.Errorf("int values %v", out.Fields[0])
	}
	if out.Fields[0].Labels["region"] != "eu" || out.Fields[0].Config.Unit != "decbytes" || out.Fields[1].Labels != nil || out.Fields[1].Config != nil {
		t.Errorf("labels/config: %+v %+v", out.Fields[0], out.Fields[1])
	}
	if c := out.Fields[4].Config; c.DisplayName != "S" || len(c.Links) != 1 || c.Links[0].URL != "/d/x" || c.Links[0].Title != "go" {
		t.Errorf("config %+v", c)
	}
	for row, want := range []string{`{"a":1}`, "null"} {
		if got := out.Fields[5].At(row).(json.RawMessage); string(got) != want {
			t.Errorf("json row %d = %s, want %s", row, got, want)
		}
	}
	if in.Fields[5].Values.([]json.RawMessage)[1] != nil {
		t.Error("mapping wrote into the model's JSON values")
	}
	m := out.Meta
	if m.Type != data.FrameTypeLogLines || m.TypeVersion != (data.FrameTypeVersion{0, 1}) || m.ExecutedQueryString != "SELECT 1" ||
		m.PreferredVisualization != data.VisTypeLogs || m.Custom.(frames.CustomMeta).QueryID != "q" ||
		len(m.Stats) != 1 || m.Stats[0].DisplayName != "Data scanned" || m.Stats[0].Unit != "decbytes" || m.Stats[0].Value != 3 {
		t.Errorf("meta %+v", m)
	}
	if len(m.Notices) != 3 || m.Notices[0].Severity != data.NoticeSeverityWarning || m.Notices[1].Severity != data.NoticeSeverityError ||
		m.Notices[2].Severity != data.NoticeSeverityInfo || m.Notices[0].Text != "w" {
		t.Errorf("notices %+v", m.Notices)
	}
	// Grafana reads frames as Arrow: the frame must encode, and JSON NULL
	// must come back as the JSON value null.
	raw, err := out.MarshalArrow()
	if err != nil {
		t.Fatal(err)
	}
	back, err := data.UnmarshalArrowFrame(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Fields[5].At(1).(json.RawMessage); string(got) != "null" {
		t.Errorf("JSON NULL after Arrow = %q", got)
	}

	if _, err := sdkFrame(&frames.Frame{Fields: []*frames.Field{{Name: "bad", Values: []int{1}}}}); err == nil {
		t.Error("unsupported values mapped without an error")
	}
	if f, err := sdkFrame(&frames.Frame{Name: "empty"}); err != nil || f.Meta != nil || len(f.Fields) != 0 {
		t.Errorf("empty frame: %+v, %v", f, err)
	}
}

// TestTimeSeriesMatchesSDKLongToWide is the proof that frames.ToTimeSeries
// reshapes like the SDK's data.LongToWide it replaced: random long results
// (repeated and unsorted times, NULL and empty labels, boolean labels,
// value columns sharing a name, rows repeating a time and label set) go
// through both, and the SDK frames must encode to the same JSON.
func TestTimeSeriesMatchesSDKLongToWide(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 12))
	for iter := range 400 {
		cols, rows := randomLongResult(rng)
		got, gotErr := widen(cols, rows)
		want, wantErr := sdkWiden(t, numbersAsLabels(cols, rows), rows)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("case %d %v: error %v, the SDK's %v", iter, cols, gotErr, wantErr)
		}
		if gotErr == nil && got != want {
			t.Fatalf("case %d %v rows %d:\n got: %s\nwant: %s", iter, cols, len(rows), got, want)
		}
	}
}

// numbersAsLabels is the documented rule for series told apart by a
// number, written independently of pkg/frames: while the time and the
// label columns (text, boolean) repeat a key, the first value column becomes
// a text label if it is a bigint and is not the last value column. The SDK
// then widens the result as it would with those columns cast to varchar.
func numbersAsLabels(cols []frames.Column, rows frames.Rows) []frames.Column {
	out := slices.Clone(cols)
	isLabel := func(c frames.Column) bool { return c.Type == "varchar" || c.Type == "boolean" }
	unique := func() bool {
		seen := map[string]bool{}
		for _, r := range rows {
			key := *r[0]
			for c, col := range out {
				if c > 0 && isLabel(col) {
					key += "\x00" + textOrNull(r[c])
				}
			}
			if seen[key] {
				return false
			}
			seen[key] = true
		}
		return true
	}
	for !unique() {
		var values []int
		for c, col := range out {
			if c > 0 && !isLabel(col) {
				values = append(values, c)
			}
		}
		if len(values) < 2 || out[values[0]].Type != "bigint" {
			break
		}
		out[values[0]].Type = "varchar"
	}
	return out
}

func textOrNull(s *string) string {
	if s == nil {
		return "\x01"
	}
	return *s
}

// randomLongResult builds a long time-series result: a timestamp column,
// one to three label columns and one to three value columns.
func randomLongResult(rng *rand.Rand) ([]frames.Column, frames.Rows) {
	cols := []frames.Column{{Name: "time", Type: "timestamp"}}
	labelNames := []string{"region", "account", "ok", "region"} // a repeated name now and then
	for k := range 1 + rng.IntN(3) {
		name, typ := labelNames[rng.IntN(len(labelNames))], "varchar"
		if rng.IntN(4) == 0 {
			typ = "boolean"
		}
		cols = append(cols, frames.Column{Name: name + strconv.Itoa(k*rng.IntN(2)), Type: typ})
	}
	valueTypes := []string{"bigint", "double", "timestamp"}
	for range 1 + rng.IntN(3) {
		cols = append(cols, frames.Column{Name: []string{"n", "m"}[rng.IntN(2)], Type: valueTypes[rng.IntN(len(valueTypes))]})
	}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make(frames.Rows, rng.IntN(40))
	for r := range rows {
		row := make([]*string, len(cols))
		for c, col := range cols {
			if c > 0 && rng.IntN(6) == 0 {
				continue // NULL
			}
			var s string
			switch col.Type {
			case "timestamp":
				s = base.Add(time.Duration(rng.IntN(8)) * time.Minute).Format("2006-01-02 15:04:05.000")
			case "varchar":
				s = []string{"", "a", "b", "c"}[rng.IntN(4)]
			case "boolean":
				s = strconv.FormatBool(rng.IntN(2) == 0)
			case "bigint":
				s = strconv.Itoa(rng.IntN(100) - 50)
			case "double":
				s = strconv.FormatFloat(rng.Float64()*10, 'g', -1, 64)
			}
			row[c] = &s
		}
		rows[r] = row
	}
	return cols, rows
}

// widen is the plugin's path: ToFrame, ToTimeSeries, the SDK mapping.
func widen(cols []frames.Column, rows frames.Rows) (string, error) {
	long, err := frames.ToFrame("t", cols, rows, frames.Meta{})
	if err != nil {
		return "", err
	}
	wide, err := frames.ToTimeSeries(long)
	if err != nil {
		return "", err
	}
	return sdkJSONWithoutMeta(sdkFrame(wide))
}

// sdkWiden is the path before pkg/frames had its own reshaping: the rows
// sorted stably by time, then the SDK's LongToWide with null filling.
func sdkWiden(t *testing.T, cols []frames.Column, rows frames.Rows) (string, error) {
	sorted := slices.Clone(rows)
	slices.SortStableFunc(sorted, func(a, b []*string) int { return compareText(a[0], b[0]) })
	long, err := frames.ToFrame("t", cols, sorted, frames.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	sdkLong, err := sdkFrame(long)
	if err != nil {
		t.Fatal(err)
	}
	if len(sorted) == 0 {
		return widen(cols, rows) // LongToWide refuses empty frames; ToTimeSeries has its own case
	}
	wide, err := data.LongToWide(sdkLong, &data.FillMissing{Mode: data.FillModeNull})
	return sdkJSONWithoutMeta(wide, err)
}

// compareText orders timestamps of one format by their text.
func compareText(a, b *string) int {
	switch {
	case a == nil || b == nil:
		panic("the random results have no NULL times")
	case *a < *b:
		return -1
	case *a > *b:
		return 1
	}
	return 0
}

func sdkJSONWithoutMeta(f *data.Frame, err error) (string, error) {
	if err != nil {
		return "", err
	}
	f.Meta = nil
	b, err := json.Marshal(f)
	if err != nil {
		return "", fmt.Errorf("marshal: %w", err)
	}
	return string(b), nil
}

// BenchmarkSDKFrame100kx20 measures the mapping alone on a 100,000-row
// table of 20 mixed columns (the shape of pkg/frames' ToFrame benchmark):
// the extra step every query's frame now takes.
func BenchmarkSDKFrame100kx20(b *testing.B) {
	const n = 100_000
	types := []string{"bigint", "bigint", "bigint", "bigint", "bigint", "double", "double", "double", "boolean", "boolean",
		"timestamp", "timestamp", "timestamp", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "json"}
	cols := make([]frames.Column, len(types))
	for c, typ := range types {
		cols[c] = frames.Column{Name: fmt.Sprintf("%s_%d", typ, c), Type: typ}
	}
	values := map[string]string{"bigint": "1704067200000", "double": "0.25", "boolean": "true",
		"timestamp": "2024-01-01 00:00:00.000", "varchar": "arn:aws:iam::123456789012:user/alice", "json": `{"readOnly":true}`}
	rows := make(frames.Rows, n)
	for r := range rows {
		rows[r] = make([]*string, len(cols))
		for c, typ := range types {
			if (r*31+c*7)%20 != 0 { // about 5% NULLs
				v := values[typ]
				rows[r][c] = &v
			}
		}
	}
	frame, err := frames.ToFrame("bench", cols, rows, frames.Meta{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sdkFrame(frame); err != nil {
			b.Fatal(err)
		}
	}
}

// TestToFrameJSONNull checks that a SQL NULL in a JSON column survives the
// Arrow encoding Grafana reads as the JSON value null: an unset
// json.RawMessage would encode to an empty value that is no JSON at all.
func TestToFrameJSONNull(t *testing.T) {
	rows := frames.Rows{{strPtr(`{"k":[1,null]}`)}, {nil}}
	frame, err := frames.ToFrame("t", []frames.Column{{Name: "unmapped", Type: "json"}}, rows, frames.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	sdk, err := sdkFrame(frame)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sdk.MarshalArrow()
	if err != nil {
		t.Fatal(err)
	}
	back, err := data.UnmarshalArrowFrame(b)
	if err != nil {
		t.Fatal(err)
	}
	f := back.Fields[0]
	if f.Type() != data.FieldTypeJSON {
		t.Fatalf("type %s, want %s", f.Type(), data.FieldTypeJSON)
	}
	for i, want := range []string{`{"k":[1,null]}`, "null"} {
		got, _ := f.ConcreteAt(i)
		if raw, ok := got.(json.RawMessage); !ok || string(raw) != want || !json.Valid(raw) {
			t.Errorf("row %d: %#v, want %s", i, got, want)
		}
	}
}

func strPtr(s string) *string { return &s }
