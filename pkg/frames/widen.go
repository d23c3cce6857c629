package frames

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
)

// splitColumns sorts the fields after the time field of a time-sorted
// frame into label columns (strings and booleans) and value columns
// (everything else: numbers, but also JSON and further time columns).
func splitColumns(long *Frame) (labels, values []int) {
	for i, f := range long.Fields {
		switch f.Type() {
		case FieldTypeString, FieldTypeNullableString, FieldTypeNullableBool:
			labels = append(labels, i)
		default:
			if i > 0 {
				values = append(values, i)
			}
		}
	}
	return labels, values
}

// longToWide reshapes a long time series — the time field first,
// non-nullable and ascending, then label and value columns — into a wide
// one, the way Grafana's own conversion (the plugin SDK's LongToWide with
// null filling) does, so that panels and alert rules see the frames they
// always saw:
//
//   - one row per distinct time, in order;
//   - one field per label set and value column, named like the value
//     column, with the label columns' names and values as labels (a NULL
//     string is the label value "", a NULL boolean "false");
//   - a cell no row fills is null; when two rows have the same time and
//     labels, the later one wins (its NULL included);
//   - fields sorted by name, then by the label values in label-column
//     order; ties keep the order in which the label sets first appear,
//     except that the SDK's sort starts with the last field moved to the
//     front, which is reproduced here.
//
// The value fields are nullable versions of the value columns; configs are
// not carried over (ToTimeSeries does that). Two label columns of the same
// name are an error.
func longToWide(long *Frame, labelCols, valueCols []int) (*Frame, error) {
	times := long.Fields[0].Values.([]time.Time)
	n := len(times)
	names := make([]string, len(labelCols))
	for j, c := range labelCols {
		names[j] = long.Fields[c].Name
		if slices.Contains(names[:j], names[j]) {
			return nil, fmt.Errorf("two label columns are named %q", names[j])
		}
	}

	// Rows: a new row whenever the time advances.
	rowOf := make([]int, n)
	wideTimes := []time.Time{times[0]}
	for i, t := range times {
		if t.After(wideTimes[len(wideTimes)-1]) {
			wideTimes = append(wideTimes, t)
		}
		rowOf[i] = len(wideTimes) - 1
	}

	// Series: one per distinct label set, in order of first appearance. The
	// key spells each value with its length, so no two sets share one.
	seriesOf := make([]int, n)
	index := map[string]int{}
	var sets []map[string]string
	var key []byte
	vals := make([]string, len(labelCols))
	for i := range n {
		key = key[:0]
		for j, c := range labelCols {
			vals[j] = labelAt(long.Fields[c], i)
			key = strconv.AppendInt(key, int64(len(vals[j])), 10)
			key = append(key, ':')
			key = append(key, vals[j]...)
		}
		s, ok := index[string(key)]
		if !ok {
			s = len(sets)
			index[string(key)] = s
			set := make(map[string]string, len(names))
			for j, name := range names {
				set[name] = vals[j]
			}
			sets = append(sets, set)
		}
		seriesOf[i] = s
	}

	// Values: every value column spread over the series, then the fields
	// laid out series by series, as they would be created row by row.
	spread := make([][]any, len(valueCols))
	for v, c := range valueCols {
		if spread[v] = spreadValues(long.Fields[c], rowOf, seriesOf, len(sets), len(wideTimes)); spread[v] == nil {
			return nil, fmt.Errorf("value column %q holds unsupported values %T", long.Fields[c].Name, long.Fields[c].Values)
		}
	}
	fields := make([]*Field, 0, len(sets)*len(valueCols))
	for s, set := range sets {
		for v, c := range valueCols {
			labels := set
			if v > 0 {
				labels = maps.Clone(set)
			}
			fields = append(fields, &Field{Name: long.Fields[c].Name, Labels: labels, Values: spread[v][s]})
		}
	}
	if len(fields) > 1 {
		fields = append([]*Field{fields[len(fields)-1]}, fields[:len(fields)-1]...)
	}
	slices.SortStableFunc(fields, func(a, b *Field) int {
		if c := cmp.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		for _, k := range names {
			if c := cmp.Compare(a.Labels[k], b.Labels[k]); c != 0 {
				return c
			}
		}
		return 0
	})
	timeField := &Field{Name: long.Fields[0].Name, Values: wideTimes}
	return &Frame{Name: long.Name, Fields: append([]*Field{timeField}, fields...)}, nil
}

// labelAt renders cell i of a label column as a label value.
func labelAt(f *Field, i int) string {
	switch v := f.Values.(type) {
	case []string:
		return v[i]
	case []*string:
		if v[i] != nil {
			return *v[i]
		}
	case []*bool:
		if v[i] != nil && *v[i] {
			return "true"
		}
		return "false"
	}
	return ""
}

// spreadValues distributes the values of a long value column over the
// series: element s of the result holds series s's values, one per wide
// row, nil where no long row has one. It returns nil for an unsupported
// field.
func spreadValues(f *Field, rowOf, seriesOf []int, nSeries, nRows int) []any {
	switch v := nullable(f).(type) {
	case []*int64:
		return spreadTyped(v, rowOf, seriesOf, nSeries, nRows)
	case []*float64:
		return spreadTyped(v, rowOf, seriesOf, nSeries, nRows)
	case []*time.Time:
		return spreadTyped(v, rowOf, seriesOf, nSeries, nRows)
	case []json.RawMessage:
		return spreadTyped(v, rowOf, seriesOf, nSeries, nRows)
	case []*string:
		return spreadTyped(v, rowOf, seriesOf, nSeries, nRows)
	case []*bool:
		return spreadTyped(v, rowOf, seriesOf, nSeries, nRows)
	}
	return nil
}

func spreadTyped[E any](vals []E, rowOf, seriesOf []int, nSeries, nRows int) []any {
	backing := make([]E, nSeries*nRows)
	for i, v := range vals {
		backing[seriesOf[i]*nRows+rowOf[i]] = v
	}
	out := make([]any, nSeries)
	for s := range out {
		out[s] = backing[s*nRows : (s+1)*nRows : (s+1)*nRows]
	}
	return out
}

// nullable returns f's values as a slice whose zero value is null:
// non-nullable strings and times become pointers into f's values.
func nullable(f *Field) any {
	switch v := f.Values.(type) {
	case []string:
		return pointers(v)
	case []time.Time:
		return pointers(v)
	}
	return f.Values
}

func pointers[T any](vals []T) []*T {
	out := make([]*T, len(vals))
	for i := range vals {
		out[i] = &vals[i]
	}
	return out
}
