package frames

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ToTimeSeries reshapes a time-series result into a wide frame.
//
// Builder time-series queries return a long frame — a time column, the
// group-by columns as strings, then the value columns — sorted by time.
// Alert rules and graphs want one numeric series per label set, so the
// frame is converted to wide (see longToWide): string and bool columns
// become labels and gaps are filled with null. A frame without
// string columns is already wide and is only normalised. Either way the
// result has a non-nullable time field first, sorted ascending; rows
// without a time value are left out with a notice, and unsorted input is
// sorted (stably) first.
//
// The frame's metadata (SQL, stats, notices) is kept, with type
// timeseries-wide and a graph as preferred visualisation. A frame without a
// time field is an error; an empty frame gives an empty wide frame. The
// input frame is not modified.
func ToTimeSeries(frame *Frame) (*Frame, error) {
	if frame == nil {
		return nil, errors.New("time series: no frame")
	}
	if _, err := frame.RowLen(); err != nil {
		return nil, fmt.Errorf("time series: %w", err)
	}
	timeIdx := firstTimeField(frame)
	if timeIdx < 0 {
		return nil, fmt.Errorf("a time series needs a time column (date or timestamp), got columns: %s", fieldNames(frame))
	}
	meta := copyMeta(frame.Meta)
	long, dropped := timeSorted(frame, timeIdx)
	if dropped > 0 {
		meta.Notices = append(meta.Notices, Notice{
			Severity: SeverityWarning,
			Text:     fmt.Sprintf("%s without a time value left out of the time series.", plural(dropped, "row")),
		})
	}

	var wide *Frame
	n, _ := long.RowLen()
	factors, values := splitColumns(long)
	if n > 0 && len(values) > 0 {
		var notices []Notice
		long, factors, values, notices = promoteNumericLabels(long, factors, values)
		meta.Notices = append(meta.Notices, notices...)
	}
	switch {
	case n == 0:
		wide = emptyWide(long)
	case len(values) == 0:
		return nil, errors.New("a time series needs at least one numeric value column besides the time and label columns")
	case len(factors) > 0:
		var err error
		if wide, err = longToWide(long, factors, values); err != nil {
			return nil, fmt.Errorf("time series: %w", err)
		}
		copyFieldConfigs(wide, long)
	default:
		wide = long
	}
	wide.Name, wide.RefID = frame.Name, frame.RefID
	meta.Type, meta.TypeVersion = FrameTypeTimeSeriesWide, [2]uint{0, 1}
	meta.PreferredVisualization = VisTypeGraph
	wide.Meta = meta
	return wide, nil
}

// firstTimeField returns the index of the first time field, or -1.
func firstTimeField(frame *Frame) int {
	for i, f := range frame.Fields {
		if f.Type().IsTime() {
			return i
		}
	}
	return -1
}

func fieldNames(frame *Frame) string {
	if len(frame.Fields) == 0 {
		return "(none)"
	}
	names := make([]string, len(frame.Fields))
	for i, f := range frame.Fields {
		names[i] = fmt.Sprintf("%s (%s)", f.Name, strings.TrimPrefix(strings.TrimPrefix(f.Type().String(), "[]"), "*"))
	}
	return strings.Join(names, ", ")
}

// timeSorted returns a new frame (without metadata) whose first field is
// the time field at timeIdx, non-nullable and ascending, and how many rows
// were dropped for a null time. When the input is already sorted and
// complete, only the time field is rebuilt and the other fields are shared.
func timeSorted(frame *Frame, timeIdx int) (*Frame, int) {
	tf := frame.Fields[timeIdx]
	n := tf.Len()
	times := make([]time.Time, 0, n)
	keep := make([]int, 0, n)
	sorted := true
	for i := range n {
		t, ok := timeAt(tf, i)
		if !ok {
			continue
		}
		if len(times) > 0 && t.Before(times[len(times)-1]) {
			sorted = false
		}
		times = append(times, t)
		keep = append(keep, i)
	}
	if !sorted {
		type row struct {
			t time.Time
			i int
		}
		rows := make([]row, len(keep))
		for j, i := range keep {
			rows[j] = row{times[j], i}
		}
		slices.SortStableFunc(rows, func(a, b row) int { return a.t.Compare(b.t) })
		for j, r := range rows {
			times[j], keep[j] = r.t, r.i
		}
	}
	out := &Frame{Name: frame.Name, Fields: []*Field{{Name: tf.Name, Labels: tf.Labels, Config: tf.Config, Values: times}}}
	for j, f := range frame.Fields {
		switch {
		case j == timeIdx:
		case sorted && len(keep) == n:
			out.Fields = append(out.Fields, f)
		default:
			out.Fields = append(out.Fields, pick(f, keep))
		}
	}
	return out, n - len(keep)
}

// pick returns a new field holding f's values at the given row indices.
func pick(f *Field, idx []int) *Field {
	nf := *f
	switch v := f.Values.(type) {
	case []*string:
		nf.Values = pickValues(v, idx)
	case []*int64:
		nf.Values = pickValues(v, idx)
	case []*float64:
		nf.Values = pickValues(v, idx)
	case []*bool:
		nf.Values = pickValues(v, idx)
	case []*time.Time:
		nf.Values = pickValues(v, idx)
	case []json.RawMessage:
		nf.Values = pickValues(v, idx)
	case []string:
		nf.Values = pickValues(v, idx)
	case []time.Time:
		nf.Values = pickValues(v, idx)
	}
	return &nf
}

func pickValues[E any](vals []E, idx []int) []E {
	out := make([]E, len(idx))
	for j, i := range idx {
		out[j] = vals[i]
	}
	return out
}

// emptyWide is the wide frame of an empty result whose time field is
// first: the time field and the numeric value fields, with no rows.
func emptyWide(long *Frame) *Frame {
	out := &Frame{Name: long.Name, Fields: []*Field{long.Fields[0]}}
	for _, f := range long.Fields[1:] {
		if f.Type().IsNumeric() {
			out.Fields = append(out.Fields, &Field{Name: f.Name, Config: f.Config, Values: nullable(f)})
		}
	}
	return out
}

// copyFieldConfigs gives the wide value fields the config (such as the
// decbytes unit) of the long field they came from (the last of that name).
func copyFieldConfigs(wide, long *Frame) {
	configs := make(map[string]*FieldConfig, len(long.Fields))
	for _, f := range long.Fields {
		if f.Config != nil {
			configs[f.Name] = f.Config
		}
	}
	for _, f := range wide.Fields[1:] {
		if c, ok := configs[f.Name]; ok {
			cc := *c
			f.Config = &cc
		}
	}
}
