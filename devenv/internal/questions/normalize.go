package questions

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/trino"
)

// FromTrino normalises a result Trino returned (devenv/trino QueryAll:
// numbers as json.Number, timestamps and decimals as text, nested values
// decoded) using the column types.
func FromTrino(cols []trino.Column, rows [][]any) (Table, error) {
	t := Table{Columns: make([]string, len(cols))}
	for i, c := range cols {
		t.Columns[i] = c.Name
	}
	for r, row := range rows {
		cells := make([]Cell, len(row))
		for i, v := range row {
			c, err := trinoCell(cols[i].Type, v)
			if err != nil {
				return Table{}, fmt.Errorf("row %d column %q (%s): %w", r, cols[i].Name, cols[i].Type, err)
			}
			cells[i] = c
		}
		t.Rows = append(t.Rows, cells)
	}
	return t, nil
}

func trinoCell(typ string, v any) (Cell, error) {
	if v == nil {
		return Cell{}, nil
	}
	typ = strings.ToLower(typ)
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(x.String(), 64)
		return Cell{Kind: Number, Num: f}, err
	case bool:
		return Cell{Kind: Bool, Bool: x}, nil
	case string:
		switch {
		case strings.HasPrefix(typ, "timestamp"), typ == "date":
			tm, err := ParseTrinoTime(x)
			return Cell{Kind: Time, Time: tm}, err
		case strings.HasPrefix(typ, "decimal"), typ == "double", typ == "real":
			// Decimals come as text; doubles as text only for NaN/Infinity.
			f, err := strconv.ParseFloat(x, 64)
			return Cell{Kind: Number, Num: f}, err
		}
		return Cell{Kind: Text, Str: x}, nil
	case []any, map[string]any:
		return Cell{Kind: Nested, Str: canonicalJSON(x)}, nil
	}
	return Cell{}, fmt.Errorf("unexpected value %T %v", v, v)
}

// ParseTrinoTime reads Trino's timestamp text: "2026-10-02 13:04:05.123",
// with an optional zone ("… UTC", "… +02:00", "… Europe/Paris"), or a date.
func ParseTrinoTime(s string) (time.Time, error) {
	if tm, err := time.Parse(time.DateOnly, s); err == nil {
		return tm, nil
	}
	const layout = "2006-01-02 15:04:05.999999999"
	date, clock, _ := strings.Cut(s, " ")
	clock, zone, hasZone := strings.Cut(clock, " ")
	base := date + " " + clock
	if !hasZone {
		return time.ParseInLocation(layout, base, time.UTC)
	}
	if strings.HasPrefix(zone, "+") || strings.HasPrefix(zone, "-") {
		tm, err := time.Parse(layout+" -07:00", base+" "+zone)
		return tm.UTC(), err
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.Time{}, err
	}
	tm, err := time.ParseInLocation(layout, base, loc)
	return tm.UTC(), err
}

// FromFrames normalises the frames a plugin query returned. Table frames
// are taken as they are (rows of all frames in order). A time-series frame
// (wide or multi) is flattened into one row per non-NULL value: (time,
// label values in label-key order…, value); a per-bucket question compared
// this way must be unordered, and its reference must select exactly those
// columns and leave out empty buckets.
func FromFrames(frames data.Frames) (Table, error) {
	var t Table
	for _, f := range frames {
		ft, err := frameTable(f)
		if err != nil {
			return Table{}, err
		}
		if t.Columns == nil {
			t.Columns = ft.Columns
		}
		t.Rows = append(t.Rows, ft.Rows...)
	}
	return t, nil
}

// IsTimeSeries reports whether a frame is a time series the harness
// flattens.
func IsTimeSeries(f *data.Frame) bool {
	if f.Meta == nil {
		return false
	}
	return f.Meta.Type == data.FrameTypeTimeSeriesWide || f.Meta.Type == data.FrameTypeTimeSeriesMulti
}

func frameTable(f *data.Frame) (Table, error) {
	n, _ := f.RowLen()
	if IsTimeSeries(f) {
		return flatten(f, n)
	}
	var t Table
	for _, fld := range f.Fields {
		t.Columns = append(t.Columns, fld.Name)
	}
	for i := range n {
		row := make([]Cell, len(f.Fields))
		for j, fld := range f.Fields {
			c, err := frameCell(fld, i)
			if err != nil {
				return Table{}, fmt.Errorf("row %d field %q: %w", i, fld.Name, err)
			}
			row[j] = c
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

func flatten(f *data.Frame, n int) (Table, error) {
	ti := -1
	for j, fld := range f.Fields {
		if fld.Type().Time() {
			ti = j
			break
		}
	}
	if ti < 0 {
		return Table{}, fmt.Errorf("time series frame %q has no time field", f.Name)
	}
	var t Table
	for j, fld := range f.Fields {
		if j == ti {
			continue
		}
		keys := make([]string, 0, len(fld.Labels))
		for k := range fld.Labels {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if t.Columns == nil {
			t.Columns = append(append([]string{"time"}, keys...), "value")
		}
		for i := range n {
			v, err := frameCell(fld, i)
			if err != nil {
				return Table{}, err
			}
			if v.Kind == Null {
				continue
			}
			tc, err := frameCell(f.Fields[ti], i)
			if err != nil {
				return Table{}, err
			}
			row := []Cell{tc}
			for _, k := range keys {
				row = append(row, Cell{Kind: Text, Str: fld.Labels[k]})
			}
			t.Rows = append(t.Rows, append(row, v))
		}
	}
	return t, nil
}

func frameCell(fld *data.Field, i int) (Cell, error) {
	v, ok := fld.ConcreteAt(i)
	if !ok || v == nil {
		return Cell{}, nil
	}
	switch x := v.(type) {
	case time.Time:
		return Cell{Kind: Time, Time: x.UTC()}, nil
	case string:
		return Cell{Kind: Text, Str: x}, nil
	case bool:
		return Cell{Kind: Bool, Bool: x}, nil
	case float64:
		return Cell{Kind: Number, Num: x}, nil
	case float32:
		return Cell{Kind: Number, Num: float64(x)}, nil
	case int64:
		return Cell{Kind: Number, Num: float64(x)}, nil
	case int32:
		return Cell{Kind: Number, Num: float64(x)}, nil
	case int16:
		return Cell{Kind: Number, Num: float64(x)}, nil
	case int8:
		return Cell{Kind: Number, Num: float64(x)}, nil
	case uint64:
		return Cell{Kind: Number, Num: float64(x)}, nil
	case uint32:
		return Cell{Kind: Number, Num: float64(x)}, nil
	case uint16:
		return Cell{Kind: Number, Num: float64(x)}, nil
	case uint8:
		return Cell{Kind: Number, Num: float64(x)}, nil
	case json.RawMessage:
		return nestedFromJSON(x), nil
	}
	return Cell{}, fmt.Errorf("unexpected frame value %T", v)
}
