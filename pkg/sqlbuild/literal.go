// Package sqlbuild turns a builder query, a resolved Security Lake table and
// a time range into Athena SQL, and writes every other statement the plugin
// sends (statements.go: the health probe, variable value look-ups). It is
// pure: no I/O, no AWS or Grafana SDK (pkg/purity_test.go checks).
//
// Rules that keep user values out of SQL text: identifiers come only from the
// OCSF catalog (or discovered table metadata) and are always double-quoted by
// Ident/Path; every value goes through Literal, the one function that writes
// literals. The SQL stays in the subset that Athena engine v3 and Trino 476
// both accept.
//
// Build is a small generator in goqu's shape: a clause struct (stmt.go)
// filled step by step by a builder that keeps its first error (build.go),
// with one file per concern: where.go (partition predicate, class, filters),
// select.go (time_series, table and logs shapes, ORDER BY, LIMIT),
// fields.go (projections, curated columns), aggregate.go and bucket.go
// (time buckets as zoneless UTC timestamps). Golden statements for every
// source, version and format, and for the statements of statements.go,
// live in testdata.
package sqlbuild

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	textclip "github.com/seclake/securitylake-datasource/pkg/clip"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// TimestampLayout is the Go layout of Trino TIMESTAMP literals (UTC, ms).
const TimestampLayout = "2006-01-02 15:04:05.000"

// Ident double-quotes one identifier, doubling embedded quotes (which the
// catalog never contains, but discovered names are not trusted).
func Ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Path quotes a dotted struct path part by part: api.operation →
// "api"."operation", which Trino and Athena read as a row-field dereference.
func Path(path string) string {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		parts[i] = Ident(p)
	}
	return strings.Join(parts, ".")
}

// Table quotes catalog.database.table.
func Table(catalog, database, table string) string {
	if catalog == "" {
		return Ident(database) + "." + Ident(table)
	}
	return Ident(catalog) + "." + Ident(database) + "." + Ident(table)
}

// StringLiteral writes a varchar literal: single quotes, embedded quotes
// doubled. Trino string literals have no backslash escapes, so this is the
// whole escaping rule.
func StringLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// TimestampLiteral writes a TIMESTAMP literal in UTC with milliseconds.
func TimestampLiteral(t time.Time) string {
	return "TIMESTAMP '" + t.UTC().Format(TimestampLayout) + "'"
}

// Literal writes value as a literal of the given type. It is the only path
// from a user value to SQL text: numbers are parsed and re-printed, booleans
// become TRUE/FALSE, timestamps are parsed (RFC 3339, 'YYYY-MM-DD hh:mm:ss',
// or epoch milliseconds) and re-printed, strings are quoted.
func Literal(value string, t ocsf.ValueType) (string, error) {
	switch t {
	case ocsf.String:
		return StringLiteral(value), nil
	case ocsf.Integer:
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		if err != nil {
			return "", fmt.Errorf("%q is not a whole number", clip(value))
		}
		return strconv.FormatInt(n, 10), nil
	case ocsf.Float:
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "", fmt.Errorf("%q is not a number", clip(value))
		}
		// DOUBLE literal in scientific form: exact for any float64 and valid
		// against integer, real, double and decimal columns alike.
		return strconv.FormatFloat(f, 'E', -1, 64), nil
	case ocsf.Boolean:
		switch strings.ToLower(strings.TrimSpace(value)) {
		case "true", "1", "yes":
			return "TRUE", nil
		case "false", "0", "no":
			return "FALSE", nil
		}
		return "", fmt.Errorf("%q is not true or false", clip(value))
	case ocsf.Timestamp:
		ts, err := ParseTime(value)
		if err != nil {
			return "", err
		}
		return TimestampLiteral(ts), nil
	}
	return "", fmt.Errorf("values of nested fields cannot be compared; filter on one of their members")
}

// ParseTime reads a user time value: RFC 3339, 'YYYY-MM-DD hh:mm:ss[.fff]'
// (UTC), 'YYYY-MM-DD' (UTC midnight) or epoch milliseconds.
func ParseTime(value string) (time.Time, error) {
	v := strings.TrimSpace(value)
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.UnixMilli(n).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time (use RFC 3339, 'YYYY-MM-DD hh:mm:ss' in UTC, or epoch milliseconds)", clip(value))
}

// clip shortens user text quoted in an error message: the shared rule,
// with a tighter limit because several values may share one message.
func clip(s string) string { return textclip.N(s, 64) }
