package frames

import (
	"encoding/json"
	"strconv"
	"time"
)

// timeAt reads cell i of a time field; ok is false for null or for a field
// that does not hold times.
func timeAt(f *Field, i int) (time.Time, bool) {
	switch v := f.Values.(type) {
	case []*time.Time:
		if v[i] == nil {
			return time.Time{}, false
		}
		return *v[i], true
	case []time.Time:
		return v[i], true
	}
	return time.Time{}, false
}

// floatAt reads cell i as a number: numbers as they are, numeric text
// parsed, booleans as 0 or 1, times as epoch milliseconds. ok is false for
// null, for text that is no number and for JSON.
func floatAt(f *Field, i int) (float64, bool) {
	switch v := f.Values.(type) {
	case []*int64:
		if v[i] != nil {
			return float64(*v[i]), true
		}
	case []*float64:
		if v[i] != nil {
			return *v[i], true
		}
	case []*bool:
		if v[i] != nil {
			return boolFloat(*v[i]), true
		}
	case []*string:
		if v[i] != nil {
			x, err := strconv.ParseFloat(*v[i], 64)
			return x, err == nil
		}
	case []string:
		x, err := strconv.ParseFloat(v[i], 64)
		return x, err == nil
	case []*time.Time:
		if v[i] != nil {
			return float64(v[i].UnixNano() / int64(time.Millisecond)), true
		}
	case []time.Time:
		return float64(v[i].UnixNano() / int64(time.Millisecond)), true
	}
	return 0, false
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// intAt reads an integer cell through floatAt, which is exact for epoch
// milliseconds and severity ids (below 2^53).
func intAt(f *Field, i int) (int64, bool) {
	v, ok := floatAt(f, i)
	return int64(v), ok
}

// cellText renders cell i of f as text; ok is false for null.
func cellText(f *Field, i int) (string, bool) {
	switch v := f.Values.(type) {
	case []*string:
		if v[i] != nil {
			return *v[i], true
		}
	case []string:
		return v[i], true
	case []*int64:
		if v[i] != nil {
			return strconv.FormatInt(*v[i], 10), true
		}
	case []*float64:
		if v[i] != nil {
			return strconv.FormatFloat(*v[i], 'f', -1, 64), true
		}
	case []*bool:
		if v[i] != nil {
			return strconv.FormatBool(*v[i]), true
		}
	case []*time.Time:
		if v[i] != nil {
			return v[i].UTC().Format(time.RFC3339Nano), true
		}
	case []time.Time:
		return v[i].UTC().Format(time.RFC3339Nano), true
	case []json.RawMessage:
		if v[i] != nil {
			return string(v[i]), true
		}
	}
	return "", false
}

// textAt is cellText with ok false for "" as well as null.
func textAt(f *Field, i int) (string, bool) {
	s, ok := cellText(f, i)
	return s, ok && s != ""
}
