package macros

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// minInterval is the smallest bucket and interval the macros write, as in
// sqlbuild.ParseBucket: sub-second buckets only multiply rows, and a zero
// interval (alert rules may send none) would divide by zero.
const minInterval = time.Second

// column is a parsed column argument.
type column struct {
	sql     string // quoted by sqlbuild.Path
	epochMs bool   // bigint epoch milliseconds, not a timestamp
}

// parseColumn validates a column argument and decides its type by name,
// because raw SQL carries no schema (docs/design/security-lake.md): "time" and every
// "*_time" column (v1 start_time, finding.created_time, …) are bigint epoch
// milliseconds in both versions; time_dt, "*_time_dt" and any other column
// are taken as timestamps.
func parseColumn(arg string) (column, error) {
	parts, err := parsePath(arg)
	if err != nil {
		return column{}, err
	}
	last := strings.ToLower(parts[len(parts)-1])
	if last == lake.ColEventDay {
		return column{}, fmt.Errorf("eventday is a 'YYYYMMDD' partition string, not a time; use $__partitionFilter, which writes its predicate")
	}
	return column{
		sql:     sqlbuild.Path(strings.Join(parts, ".")),
		epochMs: last == lake.ColTime || strings.HasSuffix(last, "_"+lake.ColTime),
	}, nil
}

// timeFilter: "col" BETWEEN TIMESTAMP … AND TIMESTAMP … for timestamps,
// "col" BETWEEN <ms> AND <ms> for epoch milliseconds, written by
// sqlbuild.TimeBetween like the partition predicate; both bounds are
// inclusive. The generic plugin compares epoch columns with seconds, which
// misses every OCSF row (docs/design/generic-athena-plugin.md).
func timeFilter(e *expansion, args []string) (string, error) {
	c, err := parseColumn(args[0])
	if err != nil {
		return "", err
	}
	return sqlbuild.TimeBetween(c.sql, c.epochMs, e.ctx.Range), nil
}

func timeFrom(e *expansion, _ []string) (string, error) {
	return sqlbuild.TimestampLiteral(e.ctx.Range.From), nil
}

func timeTo(e *expansion, _ []string) (string, error) {
	return sqlbuild.TimestampLiteral(e.ctx.Range.To), nil
}

func timeFromMs(e *expansion, _ []string) (string, error) {
	return sqlbuild.EpochMillis(e.ctx.Range.From), nil
}

func timeToMs(e *expansion, _ []string) (string, error) {
	return sqlbuild.EpochMillis(e.ctx.Range.To), nil
}

// timeGroup writes the start of the time bucket holding a column value with
// sqlbuild.BucketExpr, the builder's own bucket, so raw SQL and builder
// panels bucket alike: a zoneless timestamp holding UTC wall-clock time
// (time_dt's type), date_trunc for whole seconds, minutes, hours, days and
// ISO weeks, otherwise epoch-aligned from_unixtime(floor(…)) with 'UTC'
// (pkg/sqlbuild/bucket.go explains each choice). Epoch-millisecond columns
// are divided as bigints; no column is converted before the division.
func timeGroup(e *expansion, args []string) (string, error) {
	c, err := parseColumn(args[0])
	if err != nil {
		return "", err
	}
	d, err := e.bucketInterval(args[1])
	if err != nil {
		return "", err
	}
	return sqlbuild.BucketExpr(c.sql, c.epochMs, d), nil
}

// bucketInterval reads the interval argument of $__timeGroup: auto or
// $__interval (the panel interval, because alert rules reach the backend
// without frontend interpolation), or a fixed bucket as sqlbuild.ParseBucket
// reads it ("5m", "1h", "1d", quoted or not). A sub-second interval, which
// the frontend's $__interval can be, becomes 1s with a notice.
func (e *expansion) bucketInterval(arg string) (time.Duration, error) {
	if arg == "auto" || arg == macroPrefix+"interval" {
		return effectiveInterval(e.ctx.Interval), nil
	}
	s := strings.Trim(arg, "'")
	d, err := sqlbuild.ParseBucket(s)
	if err != nil {
		if sub, perr := time.ParseDuration(s); perr == nil && sub > 0 && sub < minInterval {
			e.notices = append(e.notices, Notice{Severity: SeverityInfo,
				Text: fmt.Sprintf("$__timeGroup buckets are at least 1s: %s was raised to 1s.", clip(s))})
			return minInterval, nil
		}
		return 0, err
	}
	return d, nil
}

// intervalUnits are Grafana's units for writing an interval, largest first
// (its rangeutil also has y and ms, which a whole-second interval of at most
// a few weeks never needs).
var intervalUnits = []struct {
	unit string
	d    time.Duration
}{
	{"w", 7 * 24 * time.Hour},
	{"d", 24 * time.Hour},
	{"h", time.Hour},
	{"m", time.Minute},
	{"s", time.Second},
}

// formatInterval writes a whole-second d the way Grafana writes $__interval:
// one number with the largest unit that divides it ("5m", "90s", "1d").
func formatInterval(d time.Duration) string {
	for _, u := range intervalUnits {
		if d%u.d == 0 {
			return strconv.FormatInt(int64(d/u.d), 10) + u.unit
		}
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}

// effectiveInterval is the interval the macros use: whole seconds (bucket
// starts are whole epoch seconds, and both forms of bucket must divide by the
// same width) and at least minInterval.
func effectiveInterval(d time.Duration) time.Duration {
	return max(d.Round(time.Second), minInterval)
}

// interval: $__interval for alert rules and other backend-only callers.
func interval(e *expansion, _ []string) (string, error) {
	return formatInterval(effectiveInterval(e.ctx.Interval)), nil
}

// intervalMs: $__interval_ms.
func intervalMs(e *expansion, _ []string) (string, error) {
	return strconv.FormatInt(effectiveInterval(e.ctx.Interval).Milliseconds(), 10), nil
}
