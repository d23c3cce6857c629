package frames

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxEchoedValue is how many bytes of an offending value an error repeats.
// Cells can hold whole JSON documents; an error message should not.
const maxEchoedValue = 64

// ConversionError reports a value that does not parse as its column's
// declared Athena type. It never carries more than maxEchoedValue bytes of
// the value, so it is safe to show to users and to log.
type ConversionError struct {
	// Column is the column name.
	Column string
	// Row is the 1-based data row (Athena's header row is not counted).
	Row int
	// Type is the declared Athena type, as given.
	Type string
	// Value is the offending text, truncated to 64 bytes.
	Value string
	// Reason says what is wrong, without repeating the value.
	Reason string
}

// Error implements error.
func (e *ConversionError) Error() string {
	return fmt.Sprintf("column %q (%s), row %d: cannot convert %q: %s", e.Column, e.Type, e.Row, e.Value, e.Reason)
}

// newConversionError builds a ConversionError for the cell at row index i
// (0-based) of col.
func newConversionError(col Column, i int, value string, err error) *ConversionError {
	return &ConversionError{Column: col.Name, Row: i + 1, Type: col.Type, Value: truncateValue(value), Reason: err.Error()}
}

// truncateValue cuts s to maxEchoedValue bytes on a rune boundary.
func truncateValue(s string) string {
	if len(s) <= maxEchoedValue {
		return s
	}
	cut := maxEchoedValue
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Parse failure reasons. They never contain the value itself.
var (
	errNotTimestamp = errors.New("expected YYYY-MM-DD hh:mm:ss[.fraction]")
	errNotDate      = errors.New("expected YYYY-MM-DD")
	errNotBool      = errors.New("expected true or false")
	errNotJSON      = errors.New("not valid JSON")
	errBadZone      = errors.New("unknown time zone or offset")
	errTrailing     = errors.New("unexpected text after the timestamp")
)

// parseInt parses Athena integer text. strconv's own error repeats the whole
// input, so only its reason is kept.
func parseInt(s string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, numErrReason(err)
	}
	return v, nil
}

// parseFloat parses Athena real/double/decimal text, including Trino's
// "NaN", "Infinity" and "-Infinity".
func parseFloat(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, numErrReason(err)
	}
	return v, nil
}

func numErrReason(err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		return ne.Err
	}
	return err
}

// parseBool parses Athena boolean text ("true"/"false"), with strconv's
// spellings as a slow path.
func parseBool(s string) (bool, error) {
	switch s {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return false, errNotBool
	}
	return v, nil
}

// parseDate parses "YYYY-MM-DD" as UTC midnight.
func parseDate(s string) (time.Time, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, errNotDate
	}
	y, m, d := digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2)
	if y < 0 || !validDate(y, m, d) {
		return time.Time{}, errNotDate
	}
	return time.Unix(daysSinceEpoch(y, m, d)*86400, 0).UTC(), nil
}

// parseTimestamp parses a zoneless Athena timestamp as UTC. Athena's
// session time zone is UTC and Security Lake writes UTC, so reading the
// text in the plugin's local zone (as the generic plugin does) is wrong.
func parseTimestamp(s string) (time.Time, error) {
	t, rest, err := parseDateTime(s)
	if err != nil {
		return time.Time{}, err
	}
	if rest != "" {
		return time.Time{}, errTrailing
	}
	return t, nil
}

// parseDateTime is the hand-written fast path for
// "YYYY-MM-DD hh:mm:ss[.fraction]" (a 'T' separator is accepted too). The
// fraction may have 0 to 12 digits (Trino's maximum precision); digits past
// nanoseconds are dropped. It returns the time read as UTC and the text that
// follows it. It avoids time.Parse and time.Date, which together cost about
// three times as much, because a 100k-row result has 100k timestamps per
// column.
func parseDateTime(s string) (time.Time, string, error) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, "", errNotTimestamp
	}
	y, mo, d := digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2)
	h, mi, sec := digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2)
	if y < 0 || !validDate(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 {
		return time.Time{}, "", errNotTimestamp
	}
	pos, nsec := 19, int64(0)
	if pos < len(s) && s[pos] == '.' {
		pos++
		n := 0
		for pos < len(s) && s[pos] >= '0' && s[pos] <= '9' {
			if n < 9 {
				nsec = nsec*10 + int64(s[pos]-'0')
			}
			n++
			pos++
		}
		if n == 0 || n > 12 {
			return time.Time{}, "", errNotTimestamp
		}
		for ; n < 9; n++ {
			nsec *= 10
		}
	}
	unix := daysSinceEpoch(y, mo, d)*86400 + int64(h*3600+mi*60+sec)
	return time.Unix(unix, nsec).UTC(), s[pos:], nil
}

// daysSinceEpoch counts days from 1970-01-01 to the proleptic Gregorian
// date y-m-d (Howard Hinnant's days_from_civil), for years 0 to 9999.
func daysSinceEpoch(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// digits reads n ASCII digits of s at i, or returns -1.
func digits(s string, i, n int) int {
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}

// validDate reports whether y-m-d is a real calendar day, so that
// "2024-02-30" is an error instead of being normalised to March 1st.
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	if m == 2 && d == 29 {
		return y%4 == 0 && (y%100 != 0 || y%400 == 0)
	}
	return d <= int(daysInMonth[m-1])
}

var daysInMonth = [12]uint8{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// zoneCache remembers the time zones met in one column, so that
// time.LoadLocation runs once per distinct zone name.
type zoneCache map[string]*time.Location

// parseTimestampTZ parses Athena "timestamp with time zone" text, e.g.
// "2024-01-01 10:00:00.000 UTC", "2024-01-01 10:00:00.000 +02:00" or
// "2024-01-01 10:00:00.000 Europe/Paris", and returns the instant in UTC.
// Text without a zone is read as UTC.
func (zc zoneCache) parseTimestampTZ(s string) (time.Time, error) {
	t, rest, err := parseDateTime(s)
	if err != nil {
		return time.Time{}, err
	}
	zone := strings.TrimPrefix(rest, " ")
	switch zone {
	case "", "UTC", "Z", "GMT", "UCT", "Etc/UTC", "Zulu":
		return t, nil
	}
	if zone[0] == '+' || zone[0] == '-' {
		off, ok := parseOffset(zone)
		if !ok {
			return time.Time{}, errBadZone
		}
		return t.Add(-time.Duration(off) * time.Second), nil
	}
	loc, err := zc.location(zone)
	if err != nil {
		return time.Time{}, err
	}
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), loc).UTC(), nil
}

// location resolves an IANA zone name through the cache. Names are checked
// for a plausible shape first so that arbitrary text never reaches the
// zoneinfo lookup (which reads the system time zone database).
func (zc zoneCache) location(name string) (*time.Location, error) {
	if loc, ok := zc[name]; ok {
		return loc, nil
	}
	if !plausibleZoneName(name) {
		return nil, errBadZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, errBadZone
	}
	zc[name] = loc
	return loc, nil
}

func plausibleZoneName(name string) bool {
	if len(name) == 0 || len(name) > 64 || strings.Contains(name, "..") || name[0] == '/' {
		return false
	}
	for _, c := range []byte(name) {
		ok := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '/' || c == '_' || c == '-' || c == '+'
		if !ok {
			return false
		}
	}
	return true
}

// parseOffset parses "+hh:mm", "+hhmm" or "+hh" (or with '-') into seconds
// east of UTC.
func parseOffset(z string) (int, bool) {
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	z = z[1:]
	var h, m int
	switch {
	case len(z) == 2:
		h, m = digits(z, 0, 2), 0
	case len(z) == 4:
		h, m = digits(z, 0, 2), digits(z, 2, 2)
	case len(z) == 5 && z[2] == ':':
		h, m = digits(z, 0, 2), digits(z, 3, 2)
	default:
		return 0, false
	}
	if h < 0 || h > 18 || m < 0 || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}
