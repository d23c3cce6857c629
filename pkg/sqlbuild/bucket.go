package sqlbuild

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Time buckets.
//
// Every time value the builder outputs is a zoneless timestamp holding UTC
// wall-clock time, the type of v2's time_dt: Security Lake writes UTC and
// Athena's session zone is UTC, and a zoneless value cannot be shifted by a
// different session zone on a local Trino. Concretely:
//
//   - v2 time_dt is used as is; date_trunc keeps its type.
//   - v1 "time" (epoch milliseconds) becomes
//     CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp): the explicit
//     'UTC' makes from_unixtime independent of the session zone (its one-
//     argument form returns the session zone), the DOUBLE division keeps the
//     milliseconds, and the cast drops the zone, keeping the UTC wall clock.
//   - Buckets that are not a calendar unit are aligned on the Unix epoch:
//     from_unixtime(floor(<seconds> / n) * n, 'UTC'), cast the same way.
//     to_unixtime of a zoneless timestamp reads it as UTC in Trino (it has a
//     timestamp(p) overload, so no session-zone coercion happens).
//
// date_add would avoid the cast, but it takes an int32 amount
// (toIntExact in Trino's DateAdd), which epoch milliseconds overflow.
// Functions: https://trino.io/docs/current/functions/datetime.html.

// epochMillisToSeconds is the DOUBLE divisor that keeps milliseconds.
const epochMillisToSeconds = "1E3"

const (
	day = 24 * time.Hour
	// MinAutoBucket is the floor of an auto bucket: Security Lake delivers
	// events in batches minutes apart, so finer buckets only add cost.
	MinAutoBucket = time.Minute
	// MaxBucket is the widest bucket, fixed or auto.
	MaxBucket = 31 * day
)

// truncUnits are the buckets date_trunc writes exactly. A week starts on
// Monday (ISO 8601), unlike an epoch-aligned 7d, which would start on Thursday.
var truncUnits = map[time.Duration]string{
	time.Second: "second",
	time.Minute: "minute",
	time.Hour:   "hour",
	day:         "day",
	7 * day:     "week",
}

// niceSteps are the auto bucket sizes (Grafana-like), smallest first.
var niceSteps = []time.Duration{
	time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second,
	time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	day, 7 * day,
}

// bucketFor resolves a TimeBucket setting: "auto" or empty picks a bucket
// from the panel; anything else is a fixed duration.
func bucketFor(spec string, in Input) (time.Duration, error) {
	s := strings.TrimSpace(spec)
	if s == "" || strings.EqualFold(s, "auto") {
		return autoBucket(in), nil
	}
	return ParseBucket(s)
}

// ParseBucket reads a fixed bucket: a whole number with a unit s, m, h, d or
// w ("30s", "5m", "1h", "1d", "1w"), or a Go duration of whole seconds
// ("1h30m"). It must lie between 1s and MaxBucket.
func ParseBucket(s string) (time.Duration, error) {
	d, ok := parseUnitDuration(s)
	if !ok {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("time bucket %q is not valid: use auto or a duration such as 30s, 5m, 1h, 1d", clip(s))
		}
	}
	switch {
	case d < time.Second:
		return 0, fmt.Errorf("time bucket %q is too small: the smallest bucket is 1s", clip(s))
	case d > MaxBucket:
		return 0, fmt.Errorf("time bucket %q is too large: the largest bucket is 31d", clip(s))
	case d%time.Second != 0:
		return 0, fmt.Errorf("time bucket %q is not a whole number of seconds", clip(s))
	}
	return d, nil
}

// parseUnitDuration reads <digits><unit> with the day and week units that
// time.ParseDuration lacks.
func parseUnitDuration(s string) (time.Duration, bool) {
	if len(s) < 2 {
		return 0, false
	}
	var unit time.Duration
	switch s[len(s)-1] {
	case 's':
		unit = time.Second
	case 'm':
		unit = time.Minute
	case 'h':
		unit = time.Hour
	case 'd':
		unit = day
	case 'w':
		unit = 7 * day
	default:
		return 0, false
	}
	digits := s[:len(s)-1]
	if strings.TrimLeft(digits, "0123456789") != "" || len(digits) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, false
	}
	if time.Duration(n) > MaxBucket/unit {
		return MaxBucket + time.Second, true // too large; also avoids overflow
	}
	return time.Duration(n) * unit, true
}

// autoBucket is max(panel interval, range / MaxDataPoints), at least
// MinAutoBucket, rounded up to a nice step; beyond a week, to whole days up to
// MaxBucket.
func autoBucket(in Input) time.Duration {
	want := in.Interval
	if in.MaxDataPoints > 0 {
		span := in.Range.To.Sub(in.Range.From)
		per := span / time.Duration(in.MaxDataPoints)
		if per*time.Duration(in.MaxDataPoints) < span {
			per++ // round up: never more than MaxDataPoints buckets
		}
		want = max(want, per)
	}
	want = max(want, MinAutoBucket)
	for _, s := range niceSteps {
		if s >= want {
			return s
		}
	}
	if want >= MaxBucket {
		return MaxBucket
	}
	days := int64((want + day - 1) / day) // whole days, rounded up
	return time.Duration(days) * day
}

// EventTime is the event time of a table as a zoneless UTC timestamp: time_dt
// on Iceberg (v2) tables, "time" (epoch ms) converted on Hive (v1, custom).
func EventTime(t lake.Table) string {
	if t.HasTimeDT() {
		return Ident(lake.ColTimeDT)
	}
	return EpochMillisTime(Ident(lake.ColTime))
}

// EpochMillisTime converts an epoch-milliseconds bigint expression (already
// quoted) to a zoneless UTC timestamp with its milliseconds.
func EpochMillisTime(col string) string {
	return "CAST(from_unixtime(" + col + " / " + epochMillisToSeconds + ", 'UTC') AS timestamp)"
}

// BucketExpr is the start of the d-wide bucket holding a time column, as a
// zoneless UTC timestamp. col is already quoted; epochMillis says it is a
// bigint of epoch milliseconds rather than a timestamp. d must be whole
// seconds (ParseBucket, autoBucket). Exact calendar units use date_trunc;
// other widths are aligned on the Unix epoch (so 1d starts at UTC midnight).
// Raw-SQL macros can call this so builder and macros bucket alike.
func BucketExpr(col string, epochMillis bool, d time.Duration) string {
	if unit, ok := truncUnits[d]; ok {
		t := col
		if epochMillis {
			t = EpochMillisTime(col)
		}
		return "date_trunc('" + unit + "', " + t + ")"
	}
	secs := strconv.FormatInt(int64(d/time.Second), 10)
	if epochMillis {
		// bigint / bigint truncates, which is floor for the positive times
		// OCSF records (https://trino.io/docs/current/functions/math.html).
		ms := strconv.FormatInt(d.Milliseconds(), 10)
		return "CAST(from_unixtime(" + col + " / " + ms + " * " + secs + ", 'UTC') AS timestamp)"
	}
	return "CAST(from_unixtime(floor(to_unixtime(" + col + ") / " + secs + ") * " + secs + ", 'UTC') AS timestamp)"
}

// tableBucket is BucketExpr on the table's event-time column.
func tableBucket(t lake.Table, d time.Duration) string {
	if t.HasTimeDT() {
		return BucketExpr(Ident(lake.ColTimeDT), false, d)
	}
	return BucketExpr(Ident(lake.ColTime), true, d)
}
