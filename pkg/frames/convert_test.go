package frames_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/frames"
)

func ptr(s string) *string { return &s }

func TestToFrameConversionErrors(t *testing.T) {
	long := "1" + strings.Repeat("0", 200)
	tests := []struct {
		typ, value, reason string
	}{
		{"bigint", "abc", "invalid syntax"},
		{"integer", "1.5", "invalid syntax"},
		{"bigint", "9223372036854775808", "value out of range"},
		{"bigint", "", "invalid syntax"},
		{"double", "1,5", "invalid syntax"},
		{"decimal(10,2)", "12.3.4", "invalid syntax"},
		{"boolean", "yes", "expected true or false"},
		{"date", "2024-02-30", "expected YYYY-MM-DD"},
		{"timestamp", "2024-01-01", "expected YYYY-MM-DD hh:mm:ss[.fraction]"},
		{"timestamp", "2024-01-01 00:00:00 UTC", "unexpected text after the timestamp"},
		{"timestamp with time zone", "2024-01-01 00:00:00 Mars/Base", "unknown time zone or offset"},
		{"json", "{", "not valid JSON"},
		{"json", "[a, b]", "not valid JSON"},
		{"bigint", long, "value out of range"},
	}
	for _, tt := range tests {
		rows := frames.Rows{{nil}, {nil}, {ptr(tt.value)}}
		_, err := frames.ToFrame("t", []frames.Column{{Name: "col.x", Type: tt.typ}}, rows, frames.Meta{})
		var ce *frames.ConversionError
		if !errors.As(err, &ce) {
			t.Errorf("%s %q: error = %v, want a *ConversionError", tt.typ, tt.value, err)
			continue
		}
		if ce.Column != "col.x" || ce.Row != 3 || ce.Type != tt.typ || ce.Reason != tt.reason {
			t.Errorf("%s %q: got %+v", tt.typ, tt.value, ce)
		}
		if len(ce.Value) > 64+len("…") {
			t.Errorf("%s: value echoed with %d bytes", tt.typ, len(ce.Value))
		}
		if msg := err.Error(); !strings.Contains(msg, `"col.x"`) || !strings.Contains(msg, "row 3") || !strings.Contains(msg, tt.typ) {
			t.Errorf("message does not name column, row and type: %s", msg)
		}
	}
}

func TestToFrameRowLengthMismatch(t *testing.T) {
	cols := []frames.Column{{Name: "a", Type: "varchar"}, {Name: "b", Type: "bigint"}}
	_, err := frames.ToFrame("t", cols, frames.Rows{{ptr("x"), ptr("1")}, {ptr("y")}}, frames.Meta{})
	if err == nil || !strings.Contains(err.Error(), "row 2 has 1 values") {
		t.Fatalf("error = %v", err)
	}
}

func TestToFrameNoColumns(t *testing.T) {
	f, err := frames.ToFrame("t", nil, nil, frames.Meta{})
	if err != nil || len(f.Fields) != 0 || f.Meta == nil {
		t.Fatalf("ToFrame(no columns) = %v, %v", f, err)
	}
}

func TestToFrameBytesUnitOnlyOnNumbers(t *testing.T) {
	cols := []frames.Column{{Name: "traffic.bytes", Type: "bigint"}, {Name: "label_bytes", Type: "varchar"}}
	f, err := frames.ToFrame("t", cols, frames.Rows{{ptr("1"), ptr("x")}}, frames.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Fields[0].Config == nil || f.Fields[0].Config.Unit != "decbytes" {
		t.Errorf("traffic.bytes config = %+v", f.Fields[0].Config)
	}
	if f.Fields[1].Config != nil {
		t.Errorf("string column got a unit: %+v", f.Fields[1].Config)
	}
}

// Two conversions of the same rows must not share mutable values, and the
// caller's notices slice must not be appended to in place.
func TestToFrameDoesNotAliasMeta(t *testing.T) {
	notices := make([]frames.Notice, 1, 4)
	meta := frames.Meta{Notices: notices, Truncated: true, RowLimit: 1}
	f, err := frames.ToFrame("t", []frames.Column{{Name: "a", Type: "bigint"}}, frames.Rows{{ptr("1")}}, meta)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Meta.Notices) != 2 {
		t.Fatalf("notices = %+v", f.Meta.Notices)
	}
	if got := notices[:2][1]; got.Text != "" {
		t.Errorf("caller's notices backing array was written: %+v", got)
	}
}

func timeFrame(t *testing.T, cols []frames.Column, rows frames.Rows) *frames.Frame {
	t.Helper()
	f, err := frames.ToFrame("t", cols, rows, frames.Meta{ExecutedSQL: "SELECT 1"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestToTimeSeriesLeavesInputAlone(t *testing.T) {
	in := timeFrame(t, []frames.Column{{Name: "time", Type: "timestamp"}, {Name: "region", Type: "varchar"}, {Name: "n", Type: "bigint"}},
		frames.Rows{{ptr("2024-01-01 01:00:00"), ptr("a"), ptr("1")}, {ptr("2024-01-01 00:00:00"), ptr("b"), ptr("2")}, {nil, ptr("a"), ptr("3")}})
	before := goldenJSON(t, in)
	out, err := frames.ToTimeSeries(in)
	if err != nil {
		t.Fatal(err)
	}
	if after := goldenJSON(t, in); string(before) != string(after) {
		t.Errorf("input frame changed:\n%s\n%s", before, after)
	}
	if out.Meta.Type != frames.FrameTypeTimeSeriesWide || len(out.Meta.Notices) != 1 || out.Meta.ExecutedQueryString != "SELECT 1" {
		t.Errorf("meta = %+v", out.Meta)
	}
	if n, _ := out.RowLen(); n != 2 || len(out.Fields) != 3 {
		t.Errorf("wide frame has %d rows and %d fields, want 2 and 3", n, len(out.Fields))
	}
}

func TestToTimeSeriesErrors(t *testing.T) {
	if _, err := frames.ToTimeSeries(nil); err == nil {
		t.Error("nil frame: no error")
	}
	onlyLabels := timeFrame(t, []frames.Column{{Name: "time", Type: "timestamp"}, {Name: "region", Type: "varchar"}},
		frames.Rows{{ptr("2024-01-01 00:00:00"), ptr("a")}})
	if _, err := frames.ToTimeSeries(onlyLabels); err == nil || !strings.Contains(err.Error(), "numeric value column") {
		t.Errorf("no value column: error = %v", err)
	}
	ragged := &frames.Frame{Name: "r", Fields: []*frames.Field{{Name: "time", Values: []time.Time{{}}}, {Name: "v", Values: []*int64{}}}}
	if _, err := frames.ToTimeSeries(ragged); err == nil {
		t.Error("ragged frame: no error")
	}
}

func TestToLogsErrorsAndMissingTime(t *testing.T) {
	if _, err := frames.ToLogs(nil, frames.LogOptions{}); err == nil {
		t.Error("nil frame: no error")
	}
	noTime := timeFrame(t, []frames.Column{{Name: "message", Type: "varchar"}}, frames.Rows{{ptr("x")}})
	if _, err := frames.ToLogs(noTime, frames.LogOptions{}); err == nil || !strings.Contains(err.Error(), "time column") {
		t.Errorf("no time column: error = %v", err)
	}
	// time as a string column is not a time source.
	strTime := timeFrame(t, []frames.Column{{Name: "time", Type: "varchar"}}, frames.Rows{{ptr("x")}})
	if _, err := frames.ToLogs(strTime, frames.LogOptions{}); err == nil {
		t.Error("string time column accepted")
	}
	nullTime := timeFrame(t, []frames.Column{{Name: "time_dt", Type: "timestamp"}, {Name: "message", Type: "varchar"}},
		frames.Rows{{nil, ptr("lost")}, {ptr("2024-01-01 00:00:00"), ptr("kept")}})
	out, err := frames.ToLogs(nullTime, frames.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ts := out.Fields[0].Values.([]time.Time)[0]; !ts.Equal(time.Unix(0, 0)) {
		t.Errorf("missing time = %v, want the epoch", ts)
	}
	if len(out.Meta.Notices) != 1 || !strings.Contains(out.Meta.Notices[0].Text, "1 log line without") {
		t.Errorf("notices = %+v", out.Meta.Notices)
	}
	if body := out.Fields[1].Values.([]string)[1]; body != "kept" {
		t.Errorf("body = %q", body)
	}
}

func TestToLogsUsesBodyColumn(t *testing.T) {
	in := timeFrame(t, []frames.Column{{Name: "time_dt", Type: "timestamp"}, {Name: "body", Type: "varchar"}, {Name: "class_name", Type: "varchar"}},
		frames.Rows{{ptr("2024-01-01 00:00:00"), ptr("my own line"), ptr("API Activity")}, {ptr("2024-01-01 00:00:00"), nil, ptr("API Activity")}})
	out, err := frames.ToLogs(in, frames.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := out.Fields[1].Values.([]string)[0]; got != "my own line" {
		t.Errorf("body = %q", got)
	}
	if got := out.Fields[1].Values.([]string)[1]; got != "API Activity" {
		t.Errorf("body without a body value = %q", got)
	}
	if f := out.FieldByName("body (source)"); f == nil {
		t.Error("source body column was not renamed")
	}
}

func TestReshapersRejectBrokenFrames(t *testing.T) {
	withNil := &frames.Frame{Name: "n", Fields: []*frames.Field{nil}}
	if _, err := frames.ToTimeSeries(withNil); err == nil {
		t.Error("ToTimeSeries accepted a nil field")
	}
	if _, err := frames.ToLogs(withNil, frames.LogOptions{}); err == nil {
		t.Error("ToLogs accepted a nil field")
	}
}

func TestToLogsIDsStayUnique(t *testing.T) {
	in := timeFrame(t, []frames.Column{{Name: "time_dt", Type: "timestamp"}, {Name: "metadata.uid", Type: "varchar"}},
		frames.Rows{{ptr("2024-01-01 00:00:00"), ptr("a")}, {ptr("2024-01-01 00:00:00"), ptr("a-1")}, {ptr("2024-01-01 00:00:00"), ptr("a")}})
	out, err := frames.ToLogs(in, frames.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range 3 {
		id := out.Fields[3].Values.([]string)[i]
		if seen[id] {
			t.Fatalf("id %q repeated", id)
		}
		seen[id] = true
	}
}

func TestToTimeSeriesPutsTimeFirst(t *testing.T) {
	in := timeFrame(t, []frames.Column{{Name: "n", Type: "bigint"}, {Name: "bucket", Type: "timestamp"}},
		frames.Rows{{ptr("1"), ptr("2024-01-01 00:00:00")}, {ptr("2"), ptr("2024-01-01 00:01:00")}})
	out, err := frames.ToTimeSeries(in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Fields[0].Name != "bucket" || out.Fields[0].Type() != frames.FieldTypeTime || out.Fields[1].Name != "n" {
		t.Errorf("fields = %s (%s), %s", out.Fields[0].Name, out.Fields[0].Type(), out.Fields[1].Name)
	}
}
