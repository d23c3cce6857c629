// Package alertgen holds the bundled Grafana alert rules as definitions and
// writes provisioning/alerting/*.yaml (lake version 2, OCSF 1.1) and
// provisioning/alerting-v1/*.yaml (lake version 1, OCSF 1.0.0-rc.2) from
// them, so the two variants of a rule cannot drift apart.
package alertgen

import (
	"encoding/json"
	"fmt"
)

// Rule is one detection: the same window, reduce and threshold in both lake
// versions, a query per version (V1 nil when the source exists only in v2).
type Rule struct {
	UID, Title string
	// Why is the comment above the rule (what it catches, what it leaves out).
	Why string
	// Severity is critical, high or warning; Class the OCSF class label.
	Severity, Class string
	// From and To are the relative time range in seconds before "now": To
	// is the offset for delivery lag (and VPC flow aggregation).
	From, To int
	// Reducer is sum (events in the window) or max (largest 10-minute
	// bucket); the rule fires when the reduced value is above Above.
	Reducer string
	Above   float64
	V2      Query
	V1      *Query
	// Summary and Description are annotation templates; Anchor is the
	// runbook heading in docs/alerting.md.
	Summary, Description, Anchor string
	// Health marks a rule on the lake's own health: it alerts on no data
	// and on errors, and is labelled kind: lake-health instead of a source.
	Health bool
}

// Query is a rule's query A: a builder query (Source, Filters, GroupBy,
// count as Alias) or SQL (SQL, with Source naming the table for labels).
type Query struct {
	Source   string
	ClassUID int
	Filters  []string
	GroupBy  []string
	Alias    string
	SQL      string
}

// Group is a rule group of one lake version.
type Group struct {
	Name    string
	Version int
	Rules   []Rule
}

// File is one provisioning file.
type File struct {
	Path, Header string
	Groups       []Group
}

// f writes one builder filter as the JSON object the files use.
func f(field, op string, value any) string {
	if vs, ok := value.([]string); ok {
		return fmt.Sprintf(`{"field": %q, "op": %q, "values": %s}`, field, op, jsonOf(vs))
	}
	b, _ := json.Marshal(value)
	if value == nil {
		return fmt.Sprintf(`{"field": %q, "op": %q}`, field, op)
	}
	return fmt.Sprintf(`{"field": %q, "op": %q, "value": %s}`, field, op, b)
}
