package replica

import (
	"strings"
	"time"
)

// Event is one generated OCSF record as nested maps keyed by column and
// member names, exactly as it is written to the staging JSON. Arrays of rows
// are []map[string]any; scalar arrays []string; maps map[string]string.
type Event map[string]any

// Set stores v at a dotted path, creating the rows on the way.
func (e Event) Set(path string, v any) {
	m := map[string]any(e)
	segs := strings.Split(path, ".")
	for _, s := range segs[:len(segs)-1] {
		next, ok := m[s].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[s] = next
		}
		m = next
	}
	m[segs[len(segs)-1]] = v
}

// Get returns the value at a dotted path, or nil when absent.
func (e Event) Get(path string) any {
	var cur any = map[string]any(e)
	for _, s := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[s]
	}
	return cur
}

// Str returns the string at path ("" when absent or not a string).
func (e Event) Str(path string) string {
	s, _ := e.Get(path).(string)
	return s
}

// Int returns the integer at path (0 when absent).
func (e Event) Int(path string) int64 {
	switch n := e.Get(path).(type) {
	case int:
		return int64(n)
	case int64:
		return n
	}
	return 0
}

// Bool returns the boolean at path and whether it is set.
func (e Event) Bool(path string) (bool, bool) {
	b, ok := e.Get(path).(bool)
	return b, ok
}

// Time is the event time (the epoch-millisecond "time" column) in UTC.
func (e Event) Time() time.Time { return time.UnixMilli(e.Int("time")).UTC() }

// tsLayout is how timestamps are written to staging JSON; Trino's Hive JSON
// reader parses it into timestamp(3), which inserts widen to timestamp(6).
const tsLayout = "2006-01-02 15:04:05.000"

func tsString(t time.Time) string { return t.UTC().Format(tsLayout) }
