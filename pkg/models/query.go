// Package models defines the query model: the JSON a panel query carries,
// parsed and checked without the catalog. Its keys are camelCase and
// identical to src/types.ts. It is part of the pure core (no SDK, no I/O);
// the datasource settings live in pkg/settings.
package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/clip"
)

// Mode selects how a query is written.
type Mode string

// Query modes.
const (
	// ModeBuilder is the typed OCSF builder: the backend writes the SQL.
	ModeBuilder Mode = "builder"
	// ModeSQL is raw SQL with macros.
	ModeSQL Mode = "sql"
)

// Format is the frame shape a query returns.
type Format string

// Formats.
const (
	FormatTimeSeries Format = "time_series"
	FormatTable      Format = "table"
	FormatLogs       Format = "logs"
)

// Op is a filter operator.
type Op string

// Filter operators.
const (
	OpEq         Op = "="
	OpNeq        Op = "!="
	OpIn         Op = "in"
	OpNotIn      Op = "not-in"
	OpContains   Op = "contains"
	OpStartsWith Op = "starts-with"
	OpRegex      Op = "regex"
	OpLt         Op = "<"
	OpLte        Op = "<="
	OpGt         Op = ">"
	OpGte        Op = ">="
	OpIsNull     Op = "is-null"
	OpNotNull    Op = "not-null"
	// OpAnyMatch filters an array-element field ("resources[].uid"): the row
	// matches when any element equals one of the values.
	OpAnyMatch Op = "any"
	// Negated text operators (SQL semantics: a NULL value matches neither
	// an operator nor its negation).
	OpNotContains   Op = "not-contains"
	OpNotStartsWith Op = "not-starts-with"
	OpNotRegex      Op = "not-regex"
	// IP network operators on text fields holding an IP address: Values are
	// CIDR networks ("10.0.0.0/8"); not-private takes no value and keeps
	// addresses outside RFC 1918, loopback and link-local networks.
	OpInCIDR     Op = "in-cidr"
	OpNotInCIDR  Op = "not-in-cidr"
	OpNotPrivate Op = "not-private"
	// OpEmpty and OpNotEmpty test an array field's size and take no value;
	// a NULL array counts as empty (size 0).
	OpEmpty    Op = "empty"
	OpNotEmpty Op = "not-empty"
)

// Ops lists every operator, for validation messages and editors.
var Ops = []Op{OpEq, OpNeq, OpIn, OpNotIn, OpContains, OpNotContains, OpStartsWith, OpNotStartsWith, OpRegex, OpNotRegex,
	OpLt, OpLte, OpGt, OpGte, OpIsNull, OpNotNull, OpAnyMatch, OpInCIDR, OpNotInCIDR, OpNotPrivate, OpEmpty, OpNotEmpty}

// Value is a filter value. The editor may send strings, numbers or booleans;
// all are kept as their text and typed by the field's catalog type when the
// SQL literal is written, so a user value never becomes SQL text.
type Value string

// UnmarshalJSON accepts a JSON string, number or boolean.
func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = Value(s)
		return nil
	}
	switch s := string(b); s {
	case "true", "false":
		*v = Value(s)
	case "null":
		*v = ""
	default:
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return fmt.Errorf("filter value must be a string, number or boolean, got %s", truncate(s, 40))
		}
		*v = Value(s)
	}
	return nil
}

// Filter is one condition of a builder query.
type Filter struct {
	Field string `json:"field"`
	Op    Op     `json:"op"`
	// Value is used by single-value operators; Values by in, not-in and any
	// (a single Value is accepted there too).
	Value  Value   `json:"value,omitempty"`
	Values []Value `json:"values,omitempty"`
}

// AllValues returns Values, or Value as a one-element list.
func (f Filter) AllValues() []Value {
	if len(f.Values) > 0 {
		return f.Values
	}
	if f.Value != "" {
		return []Value{f.Value}
	}
	return nil
}

// Match joins the filters of a FilterGroup.
type Match string

// Matches.
const (
	// MatchAll joins a group's filters with AND (the default).
	MatchAll Match = "all"
	// MatchAny joins a group's filters with OR.
	MatchAny Match = "any"
)

// FilterGroup is a parenthesised group of filters, joined by Match and
// negated by Not: {match: any, filters: [x = false, x is-null]} is
// "(x = FALSE OR x IS NULL)". Groups are ANDed with Filters and each other,
// so a query without groups means what it always did.
type FilterGroup struct {
	Match   Match    `json:"match,omitempty"`
	Not     bool     `json:"not,omitempty"`
	Filters []Filter `json:"filters"`
}

// AggFunc is an aggregation function.
type AggFunc string

// Aggregation functions.
const (
	AggCount          AggFunc = "count"
	AggCountDistinct  AggFunc = "count_distinct"
	AggApproxDistinct AggFunc = "approx_distinct"
	AggSum            AggFunc = "sum"
	AggMin            AggFunc = "min"
	AggMax            AggFunc = "max"
	AggAvg            AggFunc = "avg"
	// AggCountIf counts the rows where Aggregation.Filter holds.
	AggCountIf AggFunc = "count_if"
	// AggDistinctList lists a field's distinct values per group, sorted,
	// at most 100, joined with ", " into one text value.
	AggDistinctList AggFunc = "distinct_list"
)

// Aggregation is one aggregate column. Field is optional for count.
type Aggregation struct {
	Func  AggFunc `json:"func"`
	Field string  `json:"field,omitempty"`
	// Alias names the output column; it is checked, then quoted.
	Alias string `json:"alias,omitempty"`
	// Filter is the condition of count_if.
	Filter *Filter `json:"filter,omitempty"`
}

// Having is a threshold on an aggregate over each group (HAVING), the shape
// of an alert check: count > 10, count_distinct of src_endpoint.ip >= 5,
// sum of traffic.bytes > 1e9. Op is one of = != < <= > >=; Field is
// optional for count.
type Having struct {
	Func  AggFunc `json:"func"`
	Field string  `json:"field,omitempty"`
	Op    Op      `json:"op"`
	Value Value   `json:"value"`
}

// Order sorts the result by a field or an aggregation alias.
type Order struct {
	Field string `json:"field"`
	Desc  bool   `json:"desc,omitempty"`
}

// DefaultRowLimit caps the rows of one query when the datasource settings
// set no row limit.
const DefaultRowLimit = 10000

// Query is one panel query as Grafana sends it.
type Query struct {
	RefID  string `json:"refId"`
	Mode   Mode   `json:"mode,omitempty"`
	Format Format `json:"format,omitempty"`

	// Source is an AWS source ("vpc_flow") or a discovered custom source
	// ("ext_windows_sysmon").
	Source string `json:"source,omitempty"`
	// Sources are further sources whose rows are unioned with Source's
	// (UNION ALL, a "source" column naming each row's source); only the
	// fields common to all of them may be used. At most MaxSources in all.
	Sources []string `json:"sources,omitempty"`
	// Join keeps the rows whose entity field is (or is not) among another
	// source's values in the same time range (a semi- or anti-join).
	Join *Join `json:"join,omitempty"`
	// Optional marks a builder query on an AWS source the lake may lack:
	// when the source is not enabled, the query is not run and answers an
	// empty frame with a notice (bundled dashboards and alert rules), not
	// an error.
	Optional bool `json:"optional,omitempty"`
	// ClassUID narrows the query to one OCSF class (0 = all classes).
	ClassUID int `json:"classUid,omitempty"`
	// Computed are columns computed from fields (lower, domain, JSON
	// extraction, …), named by their alias, which the other parts of the
	// query use like a field path.
	Computed []Computed `json:"computed,omitempty"`
	// Fields are the columns; in a grouped table (aggregations or group-by
	// fields) they are grouping keys too, before GroupBy.
	Fields  []string `json:"fields,omitempty"`
	Filters []Filter `json:"filters,omitempty"`
	// FilterGroups are OR / NOT groups of filters, ANDed with Filters.
	FilterGroups []FilterGroup `json:"filterGroups,omitempty"`
	GroupBy      []string      `json:"groupBy,omitempty"`
	Aggregations []Aggregation `json:"aggregations,omitempty"`
	// Having keeps the groups whose aggregates pass every threshold (AND);
	// it needs a grouped query (time series, or a table with aggregations
	// or group-by fields).
	Having []Having `json:"having,omitempty"`
	// TimeBucket is "auto" (from the panel interval), a fixed interval such
	// as "5m", "1h", "1d", or empty for no bucketing (table, logs).
	TimeBucket string  `json:"timeBucket,omitempty"`
	OrderBy    []Order `json:"orderBy,omitempty"`
	Limit      int     `json:"limit,omitempty"`
	// Unnest names an array field ("resources", "answers",
	// "vulnerabilities[].cve.cvss") whose elements become one row each: its
	// element fields ("resources[].uid") are then plain values everywhere.
	// Rows whose array is empty or NULL drop out.
	Unnest string `json:"unnest,omitempty"`
	// Picks are columns holding one element's field: the first element, or
	// the first matching Where (see Pick).
	Picks []Pick `json:"picks,omitempty"`
	// Accounts and Regions scope the query to partition values.
	Accounts []string `json:"accounts,omitempty"`
	Regions  []string `json:"regions,omitempty"`

	// RawSQL is the SQL of ModeSQL, with macros.
	RawSQL string `json:"rawSql,omitempty"`

	// AdhocFilters are the dashboard's ad hoc filters, put on each query by
	// the frontend as typed filters (key = field path): a builder query ANDs
	// those whose field its source has (the others are skipped with a
	// notice), raw SQL gets them where it writes $__adhocFilters(source).
	AdhocFilters []Filter `json:"adhocFilters,omitempty"`
	// LogsVolume makes a time-series builder query Explore's logs volume:
	// the count per bucket, split by Grafana log level (from severity_id)
	// when the source has that field.
	LogsVolume bool `json:"logsVolume,omitempty"`
}

// AllSources lists Source then Sources, without empties and repeats.
func (q Query) AllSources() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append([]string{q.Source}, q.Sources...) {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ParseQuery decodes a query's JSON and fills defaults: builder mode when a
// source is set and no SQL, table format. Unknown keys are ignored, because
// Grafana adds its own (datasource, hide, intervalMs, …).
func ParseQuery(raw []byte) (Query, error) {
	var q Query
	if err := json.Unmarshal(raw, &q); err != nil {
		return q, fmt.Errorf("the query JSON is not valid: %s", JSONErrorText(err))
	}
	if q.Mode == "" {
		if strings.TrimSpace(q.RawSQL) != "" && q.Source == "" {
			q.Mode = ModeSQL
		} else {
			q.Mode = ModeBuilder
		}
	}
	if q.Format == "" {
		q.Format = FormatTable
	}
	return q, nil
}

// Validate checks what can be checked without the catalog (which sqlbuild
// checks field by field).
func (q Query) Validate() error {
	switch q.Mode {
	case ModeBuilder:
		if q.Source == "" {
			return fmt.Errorf("choose a source for the builder query %s", truncate(q.RefID, 40))
		}
		if n := len(q.AllSources()); n > MaxSources {
			return fmt.Errorf("query %s reads %d sources: at most %d can be combined in one query", truncate(q.RefID, 40), n, MaxSources)
		}
		if err := q.Join.validate(); err != nil {
			return err
		}
	case ModeSQL:
		if strings.TrimSpace(q.RawSQL) == "" {
			return fmt.Errorf("the SQL of query %s is empty", truncate(q.RefID, 40))
		}
	default:
		return fmt.Errorf("unknown query mode %q: use %q or %q", truncate(string(q.Mode), 40), ModeBuilder, ModeSQL)
	}
	switch q.Format {
	case FormatTimeSeries, FormatTable, FormatLogs:
	default:
		return fmt.Errorf("unknown format %q: use %q, %q or %q", truncate(string(q.Format), 40), FormatTimeSeries, FormatTable, FormatLogs)
	}
	if q.Limit < 0 {
		return fmt.Errorf("limit must not be negative (got %d)", q.Limit)
	}
	if q.LogsVolume && (q.Mode != ModeBuilder || q.Format != FormatTimeSeries) {
		return fmt.Errorf("logsVolume applies to builder time-series queries only")
	}
	return nil
}

// JSONErrorText describes a JSON decoding error briefly and without echoing
// the input (which for the settings sits beside secrets).
func JSONErrorText(err error) string {
	if te := (*json.UnmarshalTypeError)(nil); errors.As(err, &te) {
		return fmt.Sprintf("field %q must be %s, not a JSON %s", te.Field, te.Type.String(), te.Value)
	}
	return truncate(err.Error(), 200)
}

// truncate clips s to n bytes with the shared rule (pkg/clip).
func truncate(s string, n int) string { return clip.N(s, n) }
