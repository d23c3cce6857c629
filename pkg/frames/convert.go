package frames

import (
	"encoding/json"
	"fmt"
	"strings"
)

// ToFrame converts an Athena result set into a typed table frame.
//
// Each column becomes one nullable field, chosen from its declared type:
//
//   - tinyint, smallint, integer, bigint → *int64
//   - real, float, double, decimal → *float64 (decimals beyond 15–17
//     significant digits lose precision)
//   - boolean → *bool
//   - date, timestamp, timestamp with time zone → *time.Time in UTC
//   - json → json.RawMessage (validated; nil for NULL)
//   - varchar, char, uuid, ipaddress, time, intervals, varbinary (hex) → *string
//   - array, map, row → *string holding Athena's text, plus an info notice
//   - any other type → *string, plus a warning notice
//
// Nested values are expected as JSON: the SQL builder selects them as
// CAST(x AS JSON), so Athena reports them with type json. Athena's own text
// for array/map/row ("[a, b]", "{k=v}", "{field=value}") is ambiguous —
// strings are unquoted and separators inside values are not escaped, so
// "{k=a, b}" could be one entry or two — and is therefore kept verbatim
// instead of being guessed into JSON.
//
// A value that does not parse as its declared type fails the whole
// conversion with a *ConversionError naming the column and row. Rows whose
// length differs from cols are an error too. String fields share the
// *string pointers of rows: callers must not modify rows afterwards.
func ToFrame(name string, cols []Column, rows Rows, meta Meta) (*Frame, error) {
	for i, r := range rows {
		if len(r) != len(cols) {
			return nil, fmt.Errorf("row %d has %d values but the result has %d columns", i+1, len(r), len(cols))
		}
	}
	builders := make([]columnBuilder, len(cols))
	fields := make([]*Field, len(cols))
	var nested, unknown []string
	for c, col := range cols {
		k, known := kindOf(col.Type)
		builders[c] = newBuilder(col, k, c, len(rows))
		fields[c] = &Field{Name: col.Name}
		if isNumeric(k) && isBytesName(col.Name) {
			fields[c].Config = &FieldConfig{Unit: "decbytes"}
		}
		switch {
		case !known:
			unknown = append(unknown, fmt.Sprintf("%s (%s)", col.Name, col.Type))
		case k == kindNested:
			nested = append(nested, col.Name)
		}
	}
	// Convert block by block, every column of a block in turn: a block of
	// rows stays in the CPU cache while its columns are read, where whole
	// columns one after the other would stream the result from memory once
	// per column.
	for lo := 0; lo < len(rows); lo += blockRows {
		block := rows[lo:min(lo+blockRows, len(rows))]
		for _, b := range builders {
			if err := b.fill(block, lo); err != nil {
				return nil, err
			}
		}
	}
	for c, b := range builders {
		fields[c].Values = b.values()
	}
	return &Frame{Name: name, Fields: fields, Meta: frameMeta(meta, columnNotices(nested, unknown))}, nil
}

// blockRows is how many rows ToFrame converts before moving to the next
// column: 20 columns of 256 rows of Athena text fit in a core's L2 cache.
const blockRows = 256

// columnBuilder converts one column of a result set, a block of rows at a
// time, into a pre-sized slice of values.
type columnBuilder interface {
	// fill converts block, whose first row is row number lo of the result.
	fill(block Rows, lo int) error
	// values returns the finished values, a slice of one of the FieldTypes.
	values() any
}

// newBuilder returns the builder of column c for n rows.
func newBuilder(col Column, k kind, c, n int) columnBuilder {
	switch k {
	case kindInt:
		return newParsed(col, c, n, parseInt)
	case kindFloat:
		return newParsed(col, c, n, parseFloat)
	case kindBool:
		return newParsed(col, c, n, parseBool)
	case kindDate:
		return newParsed(col, c, n, parseDate)
	case kindTimestamp:
		return newParsed(col, c, n, parseTimestamp)
	case kindTimestampTZ:
		return newParsed(col, c, n, zoneCache{}.parseTimestampTZ)
	case kindJSON:
		return &jsonBuilder{col: col, c: c, vals: make([]json.RawMessage, n)}
	default:
		return &stringBuilder{c: c, vals: make([]*string, n)}
	}
}

// parsedBuilder parses text into T. Values live in one backing slice, so
// the pointers cost one allocation per column instead of one per cell.
type parsedBuilder[T any] struct {
	col   Column
	c     int
	vals  []*T
	store []T
	parse func(string) (T, error)
}

func newParsed[T any](col Column, c, n int, parse func(string) (T, error)) *parsedBuilder[T] {
	return &parsedBuilder[T]{col: col, c: c, vals: make([]*T, n), store: make([]T, n), parse: parse}
}

func (b *parsedBuilder[T]) fill(block Rows, lo int) error {
	for j, r := range block {
		s := r[b.c]
		if s == nil {
			continue
		}
		v, err := b.parse(*s)
		if err != nil {
			return newConversionError(b.col, lo+j, *s, err)
		}
		i := lo + j
		b.store[i] = v
		b.vals[i] = &b.store[i]
	}
	return nil
}

func (b *parsedBuilder[T]) values() any { return b.vals }

// stringBuilder keeps text as is, sharing the rows' pointers.
type stringBuilder struct {
	c    int
	vals []*string
}

func (b *stringBuilder) fill(block Rows, lo int) error {
	for j, r := range block {
		b.vals[lo+j] = r[b.c]
	}
	return nil
}

func (b *stringBuilder) values() any { return b.vals }

// jsonChunk is the size of the byte buffers JSON values are copied into.
const jsonChunk = 64 << 10

// jsonBuilder copies JSON texts into shared byte chunks and checks each is
// valid JSON: an invalid json.RawMessage would corrupt the frame's JSON and
// Arrow encodings downstream. A NULL stays a nil json.RawMessage, distinct
// from the JSON value null.
type jsonBuilder struct {
	col  Column
	c    int
	vals []json.RawMessage
	buf  []byte
}

func (b *jsonBuilder) fill(block Rows, lo int) error {
	for j, r := range block {
		s := r[b.c]
		if s == nil {
			continue
		}
		if cap(b.buf)-len(b.buf) < len(*s) {
			b.buf = make([]byte, 0, max(jsonChunk, len(*s)))
		}
		start := len(b.buf)
		b.buf = append(b.buf, *s...)
		raw := json.RawMessage(b.buf[start:len(b.buf):len(b.buf)])
		if !json.Valid(raw) {
			return newConversionError(b.col, lo+j, *s, errNotJSON)
		}
		b.vals[lo+j] = raw
	}
	return nil
}

func (b *jsonBuilder) values() any { return b.vals }

func isNumeric(k kind) bool { return k == kindInt || k == kindFloat }

// isBytesName reports whether a column holds a byte count by its name:
// the last dotted segment ends in "bytes" or starts with "bytes_"
// ("traffic.bytes", "traffic.bytes_in", "sum_bytes"). Such fields get the
// "decbytes" unit so panels show kB/MB/GB.
func isBytesName(name string) bool {
	seg := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])
	return strings.HasSuffix(seg, "bytes") || strings.HasPrefix(seg, "bytes_")
}

// columnNotices explains the columns that were kept as text although their
// type suggests otherwise.
func columnNotices(nested, unknown []string) []Notice {
	var out []Notice
	if len(nested) > 0 {
		out = append(out, Notice{
			Severity: SeverityInfo,
			Text: "Shown as Athena text: " + strings.Join(nested, ", ") + ". Athena's text form of array, map and " +
				"row values cannot be parsed reliably; select CAST(column AS JSON) to get structured values.",
		})
	}
	if len(unknown) > 0 {
		out = append(out, Notice{
			Severity: SeverityWarning,
			Text:     "Shown as text because the Athena type is not supported: " + strings.Join(unknown, ", ") + ".",
		})
	}
	return out
}
