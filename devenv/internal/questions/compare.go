package questions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Kind is what a cell holds once normalised.
type Kind int

// Cell kinds.
const (
	Null Kind = iota
	Number
	Text
	Time
	Bool
	// Nested is an array, row or map, compared as canonical JSON.
	Nested
)

func (k Kind) String() string {
	return [...]string{"NULL", "number", "text", "time", "boolean", "nested"}[k]
}

// Cell is one normalised value: numbers as float64 (compared within 1e-9
// relative), times as UTC instants, nested values as canonical JSON.
type Cell struct {
	Kind Kind
	Num  float64
	Str  string // Text, and Nested's canonical JSON
	Time time.Time
	Bool bool
}

func (c Cell) String() string {
	switch c.Kind {
	case Number:
		return strconv.FormatFloat(c.Num, 'g', -1, 64)
	case Text:
		return strconv.Quote(c.Str)
	case Time:
		return c.Time.UTC().Format(time.RFC3339Nano)
	case Bool:
		return strconv.FormatBool(c.Bool)
	case Nested:
		return c.Str
	}
	return "NULL"
}

// key orders cells for the multiset comparison: kind first, then the value
// (numbers at 9 significant digits, so values equal within the tolerance
// almost always sort alike).
func (c Cell) key() string {
	switch c.Kind {
	case Number:
		return fmt.Sprintf("1|%+.9e", c.Num)
	case Time:
		return "3|" + c.Time.UTC().Format("2006-01-02T15:04:05.000000000")
	}
	return fmt.Sprintf("%d|%s", c.Kind, c.String())
}

// Equal compares two cells: numbers within 1e-9 relative, times as
// instants, the rest exactly.
func (c Cell) Equal(o Cell) bool {
	if c.Kind != o.Kind {
		return false
	}
	switch c.Kind {
	case Null:
		return true
	case Number:
		return NumbersEqual(c.Num, o.Num)
	case Time:
		return c.Time.Equal(o.Time)
	case Bool:
		return c.Bool == o.Bool
	}
	return c.Str == o.Str
}

// NumbersEqual is the numeric tolerance: 1e-9 relative to the larger
// magnitude (exact for integers below 2^53).
func NumbersEqual(a, b float64) bool {
	if a == b {
		return true
	}
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// Table is a normalised result: its rows of cells (column names are not
// compared, column order is).
type Table struct {
	Columns []string // for messages only
	Rows    [][]Cell
}

// Compare reports the first difference between a reference and a result:
// the column count, the row count, or the first differing cell. Rows are
// compared in order when ordered, else both sides are sorted first (a
// multiset comparison).
func Compare(ref, got Table, ordered bool) error {
	if len(ref.Columns) != len(got.Columns) && len(ref.Rows) > 0 && len(got.Rows) > 0 {
		return fmt.Errorf("reference has %d columns %v, result %d %v", len(ref.Columns), ref.Columns, len(got.Columns), got.Columns)
	}
	a, b := ref.Rows, got.Rows
	how := "in order"
	if !ordered {
		a, b = sortedRows(a), sortedRows(b)
		how = "as multisets (sorted)"
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		if len(a[i]) != len(b[i]) {
			return fmt.Errorf("row %d (%s): reference has %d cells, result %d", i, how, len(a[i]), len(b[i]))
		}
		for j := range a[i] {
			if !a[i][j].Equal(b[i][j]) {
				return fmt.Errorf("row %d column %d %s (%s): reference %s (%s), result %s (%s)\n  reference row: %s\n  result row:    %s",
					i, j, colName(ref, got, j), how, a[i][j], a[i][j].Kind, b[i][j], b[i][j].Kind, rowString(a[i]), rowString(b[i]))
			}
		}
	}
	if len(a) != len(b) {
		var extra string
		switch {
		case len(a) > len(b):
			extra = "first missing reference row: " + rowString(a[len(b)])
		default:
			extra = "first extra result row: " + rowString(b[len(a)])
		}
		return fmt.Errorf("reference has %d rows, result %d (the first %d agree %s); %s", len(a), len(b), min(len(a), len(b)), how, extra)
	}
	return nil
}

func colName(ref, got Table, j int) string {
	var r, g string
	if j < len(ref.Columns) {
		r = ref.Columns[j]
	}
	if j < len(got.Columns) {
		g = got.Columns[j]
	}
	if r == g {
		return strconv.Quote(r)
	}
	return fmt.Sprintf("%q/%q", r, g)
}

func rowString(r []Cell) string {
	parts := make([]string, len(r))
	for i, c := range r {
		parts[i] = c.String()
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func sortedRows(rows [][]Cell) [][]Cell {
	type keyed struct {
		key string
		row []Cell
	}
	ks := make([]keyed, len(rows))
	for i, r := range rows {
		parts := make([]string, len(r))
		for j, c := range r {
			parts[j] = c.key()
		}
		ks[i] = keyed{strings.Join(parts, "\x00"), r}
	}
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].key < ks[j].key })
	out := make([][]Cell, len(ks))
	for i, k := range ks {
		out[i] = k.row
	}
	return out
}

// canonicalJSON re-encodes a decoded JSON value (numbers as json.Number)
// with sorted object keys.
func canonicalJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// nestedFromJSON decodes raw JSON text into a Nested cell.
func nestedFromJSON(raw []byte) Cell {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return Cell{Kind: Text, Str: string(raw)}
	}
	if v == nil {
		return Cell{}
	}
	return Cell{Kind: Nested, Str: canonicalJSON(v)}
}
