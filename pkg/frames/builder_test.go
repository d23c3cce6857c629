package frames

import (
	"errors"
	"reflect"
	"testing"
)

// TestBuilderFrameIsToFrame: a Builder fed row by row (with a Grow that
// over- and under-estimates) gives ToFrame's frame, Frame may be called again
// for a new frame over the same values, and a bad value is a
// ConversionError naming the row.
func TestBuilderFrameIsToFrame(t *testing.T) {
	cols := []Column{{Name: "t", Type: "timestamp"}, {Name: "n", Type: "bigint"}, {Name: "s", Type: "varchar"},
		{Name: "j", Type: "json"}, {Name: "a", Type: "array(varchar)"}, {Name: "sum_bytes", Type: "double"}}
	s := func(v string) *string { return &v }
	rows := Rows{
		{s("2026-10-01 10:00:00.123"), s("7"), s("x"), s(`{"a":1}`), s("[a, b]"), s("1.5")},
		{nil, nil, nil, nil, nil, nil},
		{s("2026-10-01 10:00:01"), s("-3"), s(""), s("null"), s("[]"), s("2.5e3")},
	}
	want, err := ToFrame("A", cols, rows, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, grow := range []int{0, 1, 100} {
		b := NewBuilder(cols)
		b.Grow(grow)
		for _, r := range rows {
			vals, null := make([]string, len(r)), make([]bool, len(r))
			for i, c := range r {
				if null[i] = c == nil; c != nil {
					vals[i] = *c
				}
			}
			if err := b.AppendRow(vals, null); err != nil {
				t.Fatal(err)
			}
		}
		f1, f2 := b.Frame("A", Meta{}), b.Frame("A", Meta{})
		if !reflect.DeepEqual(f1, want) || !reflect.DeepEqual(f2, want) {
			t.Errorf("grow %d: builder frame differs from ToFrame's", grow)
		}
		if f1.Fields[0] == f2.Fields[0] || f1.Fields[5].Config == f2.Fields[5].Config {
			t.Errorf("grow %d: two frames share a field or its config", grow)
		}
		if b.Len() != 3 || b.Bytes() <= 0 {
			t.Errorf("grow %d: Len %d Bytes %d", grow, b.Len(), b.Bytes())
		}
	}
	b := NewBuilder(cols)
	err = b.AppendRow([]string{"2026-10-01 10:00:00", "seven", "", "", "", ""}, make([]bool, 6))
	var ce *ConversionError
	if !errors.As(err, &ce) || ce.Row != 1 || ce.Column != "n" {
		t.Errorf("bad value: %v", err)
	}
	if err := b.AppendRow([]string{"x"}, []bool{false}); err == nil {
		t.Error("a short row was accepted")
	}
}
