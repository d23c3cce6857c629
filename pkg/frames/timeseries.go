package frames

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// ToTimeSeries reshapes a time-series result into a wide frame.
//
// Builder time-series queries return a long frame — a time column, the
// group-by columns as strings, then the value columns — sorted by time.
// Alert rules and graphs want one numeric series per label set, so the
// frame is converted with the SDK's data.LongToWide: string and bool
// columns become labels and gaps are filled with null. A frame without
// string columns is already wide and is only normalised. Either way the
// result has a non-nullable time field first, sorted ascending; rows
// without a time value are left out with a notice, and unsorted input is
// sorted (stably) first.
//
// The frame's metadata (SQL, stats, notices) is kept, with type
// timeseries-wide and a graph as preferred visualisation. A frame without a
// time field is an error; an empty frame gives an empty wide frame. The
// input frame is not modified.
func ToTimeSeries(frame *data.Frame) (*data.Frame, error) {
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
		meta.Notices = append(meta.Notices, data.Notice{
			Severity: data.NoticeSeverityWarning,
			Text:     fmt.Sprintf("%s without a time value left out of the time series.", plural(dropped, "row")),
		})
	}

	var wide *data.Frame
	n, _ := long.RowLen()
	switch schema := long.TimeSeriesSchema(); {
	case n == 0:
		wide = emptyWide(long)
	case schema.Type == data.TimeSeriesTypeLong:
		var err error
		if wide, err = data.LongToWide(long, &data.FillMissing{Mode: data.FillModeNull}); err != nil {
			return nil, fmt.Errorf("time series: %w", err)
		}
		copyFieldConfigs(wide, long)
	case schema.Type == data.TimeSeriesTypeWide:
		wide = long
	default:
		return nil, errors.New("a time series needs at least one numeric value column besides the time and label columns")
	}
	wide.Name, wide.RefID = frame.Name, frame.RefID
	meta.Type, meta.TypeVersion = data.FrameTypeTimeSeriesWide, data.FrameTypeVersion{0, 1}
	meta.PreferredVisualization = data.VisTypeGraph
	wide.Meta = meta
	return wide, nil
}

// firstTimeField returns the index of the first time field, or -1.
func firstTimeField(frame *data.Frame) int {
	for i, f := range frame.Fields {
		if f.Type().Time() {
			return i
		}
	}
	return -1
}

func fieldNames(frame *data.Frame) string {
	if len(frame.Fields) == 0 {
		return "(none)"
	}
	names := make([]string, len(frame.Fields))
	for i, f := range frame.Fields {
		names[i] = fmt.Sprintf("%s (%s)", f.Name, strings.TrimPrefix(f.Type().ItemTypeString(), "*"))
	}
	return strings.Join(names, ", ")
}

// timeSorted returns a new frame (without metadata) whose first field is
// the time field at timeIdx, non-nullable and ascending, and how many rows
// were dropped for a null time. When the input is already sorted and
// complete, only the time field is rebuilt and the other fields are shared.
func timeSorted(frame *data.Frame, timeIdx int) (*data.Frame, int) {
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
	tnf := data.NewField(tf.Name, tf.Labels, times)
	tnf.Config = tf.Config
	out := data.NewFrame(frame.Name, tnf)
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
func pick(f *data.Field, idx []int) *data.Field {
	nf := data.NewFieldFromFieldType(f.Type(), len(idx))
	nf.Name, nf.Labels, nf.Config = f.Name, f.Labels, f.Config
	for j, i := range idx {
		nf.Set(j, f.CopyAt(i))
	}
	return nf
}

// emptyWide is the wide frame of an empty result whose time field is
// first: the time field and the numeric value fields, with no rows.
func emptyWide(long *data.Frame) *data.Frame {
	out := data.NewFrame(long.Name, long.Fields[0])
	for _, f := range long.Fields[1:] {
		if !f.Type().Numeric() {
			continue
		}
		nf := data.NewFieldFromFieldType(f.Type().NullableType(), 0)
		nf.Name, nf.Config = f.Name, f.Config
		out.Fields = append(out.Fields, nf)
	}
	return out
}

// copyFieldConfigs gives the wide value fields the config (such as the
// decbytes unit) of the long field they came from; LongToWide drops it.
func copyFieldConfigs(wide, long *data.Frame) {
	configs := make(map[string]*data.FieldConfig, len(long.Fields))
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

// timeAt reads cell i of a time field without boxing the value.
func timeAt(f *data.Field, i int) (time.Time, bool) {
	switch v := f.At(i).(type) {
	case *time.Time:
		if v == nil {
			return time.Time{}, false
		}
		return *v, true
	case time.Time:
		return v, true
	}
	return time.Time{}, false
}
