package macros

import (
	"fmt"
	"sort"
	"strings"
)

// macroPrefix starts every macro name, as in Grafana's other SQL datasources.
const macroPrefix = "$__"

// Spec describes one macro for editors (completion, hover) and error
// messages. Macros() is its single source: the frontend fetches its
// completion list from it, so Go and TypeScript cannot disagree (a flaw of
// the generic Athena plugin, docs/design/generic-athena-plugin.md).
type Spec struct {
	// Name includes the $__ prefix, e.g. "$__timeFilter".
	Name string `json:"name"`
	// Args are the arguments in order; optional ones come last.
	Args []Arg `json:"args,omitempty"`
	// Call marks macros written with parentheses even when they take no
	// arguments ("$__timeFrom()"); the others are written bare ("$__interval").
	Call bool `json:"call,omitempty"`
	// Doc is one line for completion and hover.
	Doc string `json:"doc"`
	// Example is a typical use.
	Example string `json:"example"`
}

// Arg is one macro argument.
type Arg struct {
	Name     string `json:"name"`
	Optional bool   `json:"optional,omitempty"`
}

// Signature renders the macro's form, e.g. "$__timeGroup(column, interval)"
// or "$__partitionFilter[(table)]".
func (s Spec) Signature() string {
	var req, opt []string
	for _, a := range s.Args {
		if a.Optional {
			opt = append(opt, a.Name)
		} else {
			req = append(req, a.Name)
		}
	}
	switch {
	case len(req) == 0 && len(opt) > 0:
		return s.Name + "[(" + strings.Join(opt, ", ") + ")]"
	case len(opt) > 0:
		return s.Name + "(" + strings.Join(req, ", ") + "[, " + strings.Join(opt, ", ") + "])"
	case len(req) > 0 || s.Call:
		return s.Name + "(" + strings.Join(req, ", ") + ")"
	}
	return s.Name
}

// macro is a registry entry: its spec and the plain function that expands it.
type macro struct {
	spec Spec
	// needsTables defers the macro to the second pass, after $__table calls
	// have become table names (see Expand).
	needsTables bool
	fn          func(e *expansion, args []string) (string, error)
}

// registry is the one map of macros, keyed by name without the $__ prefix.
// Names are case-sensitive, as in Grafana's sqlutil.
var registry = map[string]macro{
	"timeFilter": {spec: Spec{Args: []Arg{{Name: "column"}},
		Doc:     "Time-range predicate for a column: TIMESTAMP bounds for timestamp columns (time_dt, *_dt), epoch-millisecond bounds for time and *_time.",
		Example: "WHERE $__timeFilter(time_dt)"}, fn: timeFilter},
	"timeFrom": {spec: Spec{Call: true, Doc: "Start of the time range as a TIMESTAMP literal (UTC, ms).", Example: "time_dt >= $__timeFrom()"}, fn: timeFrom},
	"timeTo":   {spec: Spec{Call: true, Doc: "End of the time range as a TIMESTAMP literal (UTC, ms).", Example: "time_dt <= $__timeTo()"}, fn: timeTo},
	"timeFromMs": {spec: Spec{Call: true, Doc: "Start of the time range in epoch milliseconds (compare with time).",
		Example: `"time" >= $__timeFromMs()`}, fn: timeFromMs},
	"timeToMs": {spec: Spec{Call: true, Doc: "End of the time range in epoch milliseconds (compare with time).",
		Example: `"time" <= $__timeToMs()`}, fn: timeToMs},
	"timeGroup": {spec: Spec{Args: []Arg{{Name: "column"}, {Name: "interval"}},
		Doc:     "Start of the time bucket of a column, a timestamp in UTC as the builder writes it; interval is 5m, 1h, 1d, $__interval or auto.",
		Example: "SELECT $__timeGroup(time_dt, $__interval) AS t, count(*) … GROUP BY 1"}, fn: timeGroup},
	"partitionFilter": {spec: Spec{Args: []Arg{{Name: "table", Optional: true}},
		Doc:     "Partition predicate of the lake table the query reads (time range, accounts, Regions); name the table or alias when the query reads several.",
		Example: "SELECT * FROM $__table(vpc_flow) WHERE $__partitionFilter"}, needsTables: true, fn: partitionFilter},
	"table": {spec: Spec{Args: []Arg{{Name: "source"}},
		Doc:     "Fully qualified table of a source (vpc_flow, ext_sysmon, vpc_flow@1, vpc_flow_1_0) for the configured Region and version.",
		Example: "FROM $__table(vpc_flow)"}, fn: table},
	"optionalTable": {spec: Spec{Args: []Arg{{Name: "source"}},
		Doc:     "Like $__table for a source the lake may lack: when it is not enabled, the query is not run and returns no rows with a notice (an alert rule gets NoData, not Error).",
		Example: "SELECT count(*) FROM $__optionalTable(sh_findings@2) WHERE $__partitionFilter"}, fn: optionalTable},
	"union": {spec: Spec{Args: []Arg{{Name: "source, …"}, {Name: "(SELECT …)"}},
		Doc:     "The SELECT template once per source the lake has, joined by UNION ALL; in it $__table, $__partitionFilter and $__source are the branch's. Absent sources are left out with a notice.",
		Example: `$__union(vpc_flow, route53, sh_findings@2, (SELECT $__source AS "source", count(*) AS "events" FROM $__table WHERE $__partitionFilter)) ORDER BY 2 DESC`}, fn: unionLeft},
	"partitions": {spec: Spec{Args: []Arg{{Name: "source"}},
		Doc:     "The partition listing of a source from table metadata (\"<table>$partitions\"), as a subquery with region, accountid, day, records and files (NULL on v1); scans metadata, not data.",
		Example: `SELECT region, accountid, max(day) AS newest FROM $__partitions(vpc_flow) AS p GROUP BY 1, 2`}, fn: partitions},
	"freshness": {spec: Spec{Args: []Arg{{Name: "source"}},
		Doc:     "How far behind a source is, per accountid and region, as a subquery: newest_partition from table metadata, newest_event from a scan of the last day of the range only, hours_behind to the range end, and the partition counts (NULL on v1).",
		Example: `SELECT region, accountid, newest_event, hours_behind FROM $__freshness(vpc_flow) AS f`}, fn: freshness},
	"source": {spec: Spec{Doc: "Inside a $__union template: the branch's source name as a string literal.",
		Example: `$__union(vpc_flow, route53, (SELECT $__source AS "source", count(*) AS "n" FROM $__table WHERE $__partitionFilter))`}, fn: onlyInUnion},
	"accountFilter": {spec: Spec{Args: []Arg{{Name: "column", Optional: true}},
		Doc:     `Account predicate from the dashboard's accounts ("accountid" IN (…)); 1=1 when none are chosen.`,
		Example: "AND $__accountFilter"}, fn: accountFilter},
	"adhocFilters": {spec: Spec{Args: []Arg{{Name: "source"}},
		Doc:     "The dashboard's ad hoc filters as typed predicates on the source's fields (values typed by the catalog); 1=1 when none; filters on fields the source lacks are left out with a notice.",
		Example: "SELECT * FROM $__table(cloud_trail_mgmt) WHERE $__partitionFilter AND $__adhocFilters(cloud_trail_mgmt)"}, fn: adhocFilters},
	"regionFilter": {spec: Spec{Args: []Arg{{Name: "column", Optional: true}},
		Doc:     `Region predicate from the dashboard's Regions ("region" IN (…)); 1=1 when none are chosen.`,
		Example: "AND $__regionFilter"}, fn: regionFilter},
	"interval": {spec: Spec{Doc: "The panel interval as Grafana writes it (5m, 1h, …; at least 1s), for $__timeGroup; the frontend also interpolates it.",
		Example: "$__timeGroup(time_dt, $__interval)"}, fn: interval},
	"interval_ms": {spec: Spec{Doc: "The panel interval in milliseconds (at least 1000).",
		Example: `floor("time" / $__interval_ms)`}, fn: intervalMs},
}

// Macros lists every macro, sorted by name.
func Macros() []Spec {
	out := make([]Spec, 0, len(registry))
	for name, m := range registry {
		s := m.spec
		s.Name = macroPrefix + name
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// check reports an unknown macro, or arguments that do not fit its spec.
func check(c *call, sql string) error {
	m, ok := registry[c.name]
	if !ok {
		names := make([]string, 0, len(registry))
		for _, s := range Macros() {
			names = append(names, s.Name)
		}
		return newError(c, sql, "unknown macro; the macros are "+strings.Join(names, ", "))
	}
	s := m.spec
	s.Name = macroPrefix + c.name
	required := 0
	for _, a := range s.Args {
		if !a.Optional {
			required++
		}
	}
	if n := len(c.args); n < required || n > len(s.Args) {
		return newError(c, sql, fmt.Sprintf("takes %s, got %d; write %s", argCount(required, len(s.Args)), n, s.Signature()))
	}
	for i, a := range c.args {
		if a == "" {
			return newError(c, sql, fmt.Sprintf("argument %d is empty; write %s", i+1, s.Signature()))
		}
	}
	return nil
}

func argCount(lo, hi int) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	switch {
	case hi == 0:
		return "no arguments"
	case lo == hi:
		return plural(hi)
	case lo == 0:
		return "at most " + plural(hi)
	}
	return fmt.Sprintf("%d to %d arguments", lo, hi)
}
