package frames

import (
	"strconv"
	"strings"
	"time"
)

// promoteNumericLabels handles a long time series whose series are told
// apart by a number, such as
//
//	SELECT $__timeGroup(time_dt, '1h') AS t, dst_endpoint.port AS port, count(*) AS n …
//	GROUP BY 1, 2
//
// Grafana's own long-to-wide conversion takes only text and boolean columns
// as labels, so "port" would be drawn as a series of its own and the frame
// would keep repeated timestamps. When the time and the text labels do not
// identify a row, the integer value columns before the last value column
// become labels, left to right, until they do (or none is left); the last
// numeric column is always a value, because that is where a query puts its
// measure. A notice names the columns taken as labels, and says how to keep
// one as a value. Floating-point columns are never labels: they are
// measures, and their text would not be a stable series name.
//
// It returns the frame (a new one when columns were converted), the label
// and value column indices, and the notices to add.
func promoteNumericLabels(long *Frame, labels, values []int) (*Frame, []int, []int, []Notice) {
	if uniqueKeys(long, labels) {
		return long, labels, values, nil
	}
	var promoted []string
	out := &Frame{Name: long.Name, Fields: append([]*Field(nil), long.Fields...)}
	for len(values) > 1 {
		c := values[0]
		ints, ok := out.Fields[c].Values.([]*int64)
		if !ok {
			break
		}
		out.Fields[c] = &Field{Name: out.Fields[c].Name, Labels: out.Fields[c].Labels, Values: intText(ints)}
		labels = insertSorted(labels, c)
		values = values[1:]
		promoted = append(promoted, out.Fields[c].Name)
		if uniqueKeys(out, labels) {
			break
		}
	}
	var notices []Notice
	if len(promoted) > 0 {
		notices = append(notices, Notice{
			Severity: SeverityInfo,
			Text: "Numbers used as series labels: " + strings.Join(promoted, ", ") + " (several rows share a time, " +
				"and these columns tell the series apart). CAST such a column AS varchar to make it a label " +
				"explicitly, or add a text column that tells the series apart to chart the number as a value.",
		})
	}
	if !uniqueKeys(out, labels) {
		notices = append(notices, Notice{
			Severity: SeverityWarning,
			Text: "Several rows share a time and the same labels, so only the last of them is drawn. Add a text " +
				"column that tells the series apart (GROUP BY it), or aggregate the rows per time bucket.",
		})
	}
	if len(promoted) == 0 {
		return long, labels, values, notices
	}
	return out, labels, values, notices
}

// uniqueKeys reports whether no two rows share the time (field 0) and the
// values of the label columns.
func uniqueKeys(f *Frame, labels []int) bool {
	times, ok := f.Fields[0].Values.([]time.Time)
	if !ok {
		return true
	}
	seen := make(map[string]struct{}, len(times))
	var b strings.Builder
	for i, t := range times {
		b.Reset()
		b.WriteString(strconv.FormatInt(t.UnixNano(), 10))
		for _, c := range labels {
			b.WriteByte(0)
			b.WriteString(labelText(f.Fields[c], i))
		}
		if _, dup := seen[b.String()]; dup {
			return false
		}
		seen[b.String()] = struct{}{}
	}
	return true
}

// labelText is a label column's value at row i as longToWide names it,
// with NULL distinct from every text.
func labelText(f *Field, i int) string {
	switch v := f.Values.(type) {
	case []*string:
		if v[i] == nil {
			return "\x01"
		}
		return *v[i]
	case []string:
		return v[i]
	case []*bool:
		if v[i] == nil {
			return "\x01"
		}
		return strconv.FormatBool(*v[i])
	}
	return ""
}

// intText turns an integer column into its decimal text, NULL kept.
func intText(v []*int64) []*string {
	out := make([]*string, len(v))
	for i, p := range v {
		if p != nil {
			s := strconv.FormatInt(*p, 10)
			out[i] = &s
		}
	}
	return out
}

func insertSorted(idx []int, c int) []int {
	out := make([]int, 0, len(idx)+1)
	done := false
	for _, i := range idx {
		if !done && c < i {
			out = append(out, c)
			done = true
		}
		out = append(out, i)
	}
	if !done {
		out = append(out, c)
	}
	return out
}
