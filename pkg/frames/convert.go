package frames

import (
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
// length differs from cols are an error too. ToFrame is a Builder fed with
// rows; the plugin feeds one as the result is read.
func ToFrame(name string, cols []Column, rows Rows, meta Meta) (*Frame, error) {
	for i, r := range rows {
		if len(r) != len(cols) {
			return nil, fmt.Errorf("row %d has %d values but the result has %d columns", i+1, len(r), len(cols))
		}
	}
	b := NewBuilder(cols)
	b.Grow(len(rows))
	vals, null := make([]string, len(cols)), make([]bool, len(cols))
	for _, r := range rows {
		for c, s := range r {
			if null[c] = s == nil; s != nil {
				vals[c] = *s
			} else {
				vals[c] = ""
			}
		}
		if err := b.AppendRow(vals, null); err != nil {
			return nil, err
		}
	}
	return b.Frame(name, meta), nil
}

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
