package frames

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Builder builds a table frame's typed columns row by row, as a result is
// read: the executor feeds it (it is the athena.RowSink of the plugin), so
// a large result is parsed straight into typed values and never held as
// rows of text. Its values are what ToFrame would make of the same rows.
//
// Appending is for one goroutine. Once the rows are in, Frame may be called
// any number of times, from several goroutines: each call returns a new
// Frame whose fields share the builder's value slices, which nothing may
// modify (the plugin's result cache and request sharing hand one builder to
// every caller).
type Builder struct {
	cols    []Column
	columns []column
	n       int
	once    sync.Once
	values  []any
	// nested and unknown name the columns kept as text (notices).
	nested, unknown []string
}

// NewBuilder starts an empty table of cols.
func NewBuilder(cols []Column) *Builder {
	b := &Builder{cols: cols, columns: make([]column, len(cols))}
	for c, col := range cols {
		k, known := kindOf(col.Type)
		b.columns[c] = newColumn(col, k)
		switch {
		case !known:
			b.unknown = append(b.unknown, fmt.Sprintf("%s (%s)", col.Name, col.Type))
		case k == kindNested:
			b.nested = append(b.nested, col.Name)
		}
	}
	return b
}

// AppendRow appends one row: vals[i] is the text of column i as Athena
// renders it, null[i] marks SQL NULL (vals[i] is then ignored). Both have
// one entry per column; they are not kept (the strings may be). A value
// that does not parse as its column's type is a *ConversionError.
func (b *Builder) AppendRow(vals []string, null []bool) error {
	if len(vals) != len(b.columns) || len(null) != len(b.columns) {
		return fmt.Errorf("row %d has %d values but the result has %d columns", b.n+1, len(vals), len(b.columns))
	}
	for c, v := range vals {
		if err := b.columns[c].add(v, null[c], b.n); err != nil {
			return err
		}
	}
	b.n++
	return nil
}

// Grow makes room for n more rows, so that a reader that knows (or
// estimates) the size of a result spares the columns their growth by
// copying: without it a column's pointer slice is allocated about five
// times over on its way to 100,000 rows.
func (b *Builder) Grow(n int) {
	for _, c := range b.columns {
		c.grow(n)
	}
}

// Len returns the number of rows appended.
func (b *Builder) Len() int { return b.n }

// Bytes estimates the memory the finished columns hold.
func (b *Builder) Bytes() int64 {
	var n int64
	for _, c := range b.columns {
		n += c.bytes()
	}
	return n
}

// Frame returns the table frame of the rows appended so far; no row may be
// appended afterwards. See ToFrame for the field types and notices.
func (b *Builder) Frame(name string, meta Meta) *Frame {
	b.once.Do(func() {
		b.values = make([]any, len(b.columns))
		for c, col := range b.columns {
			b.values[c] = col.values()
		}
	})
	fields := make([]*Field, len(b.cols))
	for c, col := range b.cols {
		fields[c] = &Field{Name: col.Name, Values: b.values[c]}
		k, _ := kindOf(col.Type)
		if isNumeric(k) && isBytesName(col.Name) {
			fields[c].Config = &FieldConfig{Unit: "decbytes"}
		}
	}
	return &Frame{Name: name, Fields: fields, Meta: frameMeta(meta, columnNotices(b.nested, b.unknown))}
}

// column builds the values of one column.
type column interface {
	// add appends the value of row i (0-based).
	add(s string, null bool, i int) error
	// values returns the finished values, a slice of one of the FieldTypes.
	values() any
	// bytes estimates the memory of the values.
	bytes() int64
	// grow makes room for n more values.
	grow(n int)
}

// newColumn returns the builder of a column of kind k.
func newColumn(col Column, k kind) column {
	switch k {
	case kindInt:
		return &parsedColumn[int64]{col: col, parse: parseInt, size: 16}
	case kindFloat:
		return &parsedColumn[float64]{col: col, parse: parseFloat, size: 16}
	case kindBool:
		return &parsedColumn[bool]{col: col, parse: parseBool, size: 9}
	case kindDate:
		return &parsedColumn[time.Time]{col: col, parse: parseDate, size: 32}
	case kindTimestamp:
		return &parsedColumn[time.Time]{col: col, parse: parseTimestamp, size: 32}
	case kindTimestampTZ:
		return &parsedColumn[time.Time]{col: col, parse: zoneCache{}.parseTimestampTZ, size: 32}
	case kindJSON:
		return &jsonColumn{col: col}
	default:
		return &stringColumn{}
	}
}

// storeChunk is how many values are allocated at once: values live in
// chunks their pointers point into, so a growing column never copies (or
// keeps two copies of) its values, only its pointer slice.
const storeChunk = 4096

// parsedColumn parses text into T.
type parsedColumn[T any] struct {
	col   Column
	vals  []*T
	store []T
	parse func(string) (T, error)
	size  int64
}

func (c *parsedColumn[T]) add(s string, null bool, i int) error {
	if null {
		c.vals = append(c.vals, nil)
		return nil
	}
	v, err := c.parse(s)
	if err != nil {
		return newConversionError(c.col, i, s, err)
	}
	if len(c.store) == cap(c.store) {
		c.store = make([]T, 0, storeChunk)
	}
	c.store = append(c.store, v)
	c.vals = append(c.vals, &c.store[len(c.store)-1])
	return nil
}

func (c *parsedColumn[T]) grow(n int)   { c.vals = slices.Grow(c.vals, n) }
func (c *parsedColumn[T]) values() any  { return nonNil(c.vals) }
func (c *parsedColumn[T]) bytes() int64 { return int64(len(c.vals)) * c.size }

// textChunk is the size of the buffers a column's text is copied into.
const textChunk = 64 << 10

// textStore copies texts into shared chunks, so a column holds its own text
// only (not the rows' text it was read from) in a few large allocations.
// A strings.Builder's String never changes once returned and appending
// within its capacity keeps the buffer, so the strings sliced from it stay
// valid while later texts are appended; a full builder is left to its
// strings and a new one started.
type textStore struct {
	sb    *strings.Builder
	total int64
}

func (t *textStore) copy(s string) string {
	if len(s) == 0 {
		return ""
	}
	if t.sb == nil || t.sb.Cap()-t.sb.Len() < len(s) {
		t.sb = &strings.Builder{}
		t.sb.Grow(max(textChunk, len(s)))
	}
	start := t.sb.Len()
	t.sb.WriteString(s)
	t.total += int64(len(s))
	return t.sb.String()[start:]
}

// stringColumn keeps text as text. Repeated values share one string and
// one pointer (intern): Security Lake columns such as the Region, the
// account, the activity or the API operation hold a few distinct values
// over thousands of rows. A column that turns out to have many distinct
// values stops interning.
type stringColumn struct {
	vals   []*string
	store  []string
	text   textStore
	intern map[string]*string
	// seen counts the values looked up in intern.
	seen int
}

// Interning limits: at most internMax distinct values, and a column that
// has more than internMax distinct values among its first internProbe
// stops looking.
const (
	internMax   = 1024
	internProbe = 4096
)

func (c *stringColumn) add(s string, null bool, _ int) error {
	if null {
		c.vals = append(c.vals, nil)
		return nil
	}
	if c.intern == nil && c.seen == 0 {
		c.intern = make(map[string]*string)
	}
	if c.intern != nil {
		c.seen++
		if p, ok := c.intern[s]; ok {
			c.vals = append(c.vals, p)
			return nil
		}
	}
	if len(c.store) == cap(c.store) {
		c.store = make([]string, 0, storeChunk)
	}
	c.store = append(c.store, c.text.copy(s))
	p := &c.store[len(c.store)-1]
	c.vals = append(c.vals, p)
	if c.intern != nil {
		switch {
		case len(c.intern) < internMax:
			c.intern[*p] = p
		case c.seen <= internProbe:
			c.intern = nil // many distinct values: stop looking them up
		}
	}
	return nil
}

func (c *stringColumn) grow(n int) { c.vals = slices.Grow(c.vals, n) }
func (c *stringColumn) values() any {
	c.intern = nil // no more appends
	return nonNil(c.vals)
}
func (c *stringColumn) bytes() int64 { return int64(len(c.vals))*24 + c.text.total }

// jsonColumn copies JSON texts into shared chunks and checks each is valid
// JSON: an invalid json.RawMessage would corrupt the frame's JSON and
// Arrow encodings downstream. A NULL stays a nil json.RawMessage, distinct
// from the JSON value null.
type jsonColumn struct {
	col   Column
	vals  []json.RawMessage
	buf   []byte
	total int64
}

func (c *jsonColumn) add(s string, null bool, i int) error {
	if null {
		c.vals = append(c.vals, nil)
		return nil
	}
	if cap(c.buf)-len(c.buf) < len(s) {
		c.buf = make([]byte, 0, max(textChunk, len(s)))
	}
	start := len(c.buf)
	c.buf = append(c.buf, s...)
	raw := json.RawMessage(c.buf[start:len(c.buf):len(c.buf)])
	if !json.Valid(raw) {
		return newConversionError(c.col, i, s, errNotJSON)
	}
	c.vals = append(c.vals, raw)
	c.total += int64(len(s))
	return nil
}

func (c *jsonColumn) grow(n int)   { c.vals = slices.Grow(c.vals, n) }
func (c *jsonColumn) values() any  { return nonNil(c.vals) }
func (c *jsonColumn) bytes() int64 { return int64(len(c.vals))*24 + c.total }

// nonNil returns vals, or an empty slice for none: a column of no rows is
// an empty slice, as ToFrame always made it.
func nonNil[S ~[]E, E any](vals S) S {
	if vals == nil {
		return S{}
	}
	return vals
}
