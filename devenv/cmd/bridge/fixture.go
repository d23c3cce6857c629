package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// Fixture facts: the catalog is plugintest's (every AWS source in both
// versions, one custom source, a "primary" workgroup), plus a "security"
// workgroup and a second catalog for the config editor's lists.
const (
	fixtureRegion    = "us-east-1"
	fixtureAccessKey = "AKIABRIDGEFIXTURE001" //nolint:gosec // G101: a made-up key the fixture server accepts, no credential
	fixtureSecretKey = "bridge/fixture/secret/never-logged"
	// fixtureScanned is what every canned query reports as scanned
	// (3.2 GB, about USD 0.016 at USD 5 per TB), so the editor's cost line
	// has something to show.
	fixtureScanned = 3_200_000_000
	// SlowMarker in a query's SQL (SELECT 1 AS bridge_slow) keeps it RUNNING
	// until StopQueryExecution: the browser test's query to stop.
	SlowMarker = "bridge_slow"
)

// newFixtureServer starts an in-process Athena API server holding a Security
// Lake database for fixtureRegion (plugintest.AddLakeCatalog) and answering
// every query with a canned, plausible result (see canned).
func newFixtureServer() *athenaemu.CannedServer {
	srv := athenaemu.NewServer()
	plugintest.AddLakeCatalog(srv, fixtureRegion, "s3://bridge-fixture-results/grafana/")
	// More to pick from in the config editor's lists.
	srv.AddWorkGroup(athenaemu.WorkGroup{Name: "security", OutputLocation: "s3://bridge-fixture-results/security/"})
	srv.AddDatabase("partner_catalog", "partner_lake_link")
	srv.HandleFunc(athenaemu.Any(), func(sql string) athenaemu.Result { return canned(sql, time.Now()) })
	return srv
}

// column is one output column of a canned result.
type column struct{ name, typ string }

var (
	aliasRe   = regexp.MustCompile(`(?i)\bAS\s+"([^"]+)"|(?i)\bAS\s+([A-Za-z_][A-Za-z0-9_]*)\s*$`)
	tsRangeRe = regexp.MustCompile(`TIMESTAMP '([0-9-]+ [0-9:.]+)' AND TIMESTAMP '([0-9-]+ [0-9:.]+)'`)
	msRangeRe = regexp.MustCompile(`"time" BETWEEN ([0-9]{13}) AND ([0-9]{13})`)
)

// canned answers any query with a result shaped like its SELECT list (a
// query holding SlowMarker runs until it is stopped): the health check's zero-row probes get no rows, the editor's value look-ups
// (accounts, regions, severities, classes) get short lists, and everything
// else gets a time column (bucketed over the query's range when it has
// one), up to two label columns and numbers.
func canned(sql string, now time.Time) athenaemu.Result {
	res := athenaemu.Result{
		Steps: athenaemu.Steps("QUEUED", "RUNNING"),
		Stats: athenaemu.Stats{DataScannedBytes: fixtureScanned, EngineTimeMs: 1234},
	}
	if strings.Contains(sql, SlowMarker) {
		res.Final = "RUNNING"
		return res
	}
	if strings.Contains(sql, "LIMIT 0") {
		res.Columns = []athenaemu.Column{{Name: "time", Type: "bigint"}}
		res.Stats.DataScannedBytes = 0
		return res
	}
	if lookup, ok := valueLookup(sql); ok {
		res.Columns, res.Rows = lookup.cols, lookup.rows
		res.Stats.DataScannedBytes = 12_000_000
		return res
	}
	cols := selectColumns(sql)
	from, to := queryRange(sql, now)
	res.Columns = make([]athenaemu.Column, len(cols))
	for i, c := range cols {
		res.Columns[i] = athenaemu.Column{Name: c.name, Type: c.typ}
	}
	res.Rows = cannedRows(cols, from, to)
	if busy(sql) {
		res.Rows = manyRows(cols, from, to, busyRows)
	}
	if n, ok := sqlLimit(sql); ok && len(res.Rows) > n {
		res.Rows = res.Rows[:n]
	}
	return res
}

// busyRows is how many raw rows the busy source holds in any range: more
// than the default row limit (10,000), as a real VPC Flow Logs table does.
const busyRows = 10_050

var limitRe = regexp.MustCompile(`\bLIMIT (\d+)\s*;?\s*$`)

// busy reports a raw-row read (no GROUP BY) of VPC Flow Logs, the fixture's
// high-volume source, whose answer exceeds the row limit, so the editor's
// truncation notice can be seen.
func busy(sql string) bool {
	return strings.Contains(sql, "_vpc_flow_") && !strings.Contains(sql, "GROUP BY")
}

// sqlLimit reads a trailing LIMIT, which the fixture honours like Athena.
func sqlLimit(sql string) (int, bool) {
	m := limitRe.FindStringSubmatch(sql)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// manyRows makes n rows spread over [from, to], newest first.
func manyRows(cols []column, from, to time.Time, n int) [][]*string {
	step := to.Sub(from) / time.Duration(n)
	rows := make([][]*string, n)
	for r := range rows {
		row := make([]*string, len(cols))
		for i, c := range cols {
			row[i] = athenaemu.Str(cellValue(c, r%12, r%3, to.Add(-time.Duration(r)*step)))
		}
		rows[r] = row
	}
	return rows
}

type lookupResult struct {
	cols []athenaemu.Column
	rows [][]*string
}

// valueLookup answers GET values: SELECT DISTINCT <col> AS "value"[, <caption> AS "text"].
func valueLookup(sql string) (lookupResult, bool) {
	if !strings.Contains(sql, `AS "value"`) {
		return lookupResult{}, false
	}
	one := []athenaemu.Column{{Name: "value", Type: "varchar"}}
	two := []athenaemu.Column{{Name: "value", Type: "integer"}, {Name: "text", Type: "varchar"}}
	switch {
	case strings.Contains(sql, `"accountid" AS "value"`):
		return lookupResult{one, [][]*string{athenaemu.Row("111122223333"), athenaemu.Row("444455556666")}}, true
	case strings.Contains(sql, `"region" AS "value"`):
		return lookupResult{one, [][]*string{athenaemu.Row("eu-west-1"), athenaemu.Row("us-east-1")}}, true
	case strings.Contains(sql, `"severity_id" AS "value"`):
		return lookupResult{two, [][]*string{athenaemu.Row(1, "Informational"), athenaemu.Row(3, "Medium"), athenaemu.Row(5, "Critical")}}, true
	case strings.Contains(sql, `"class_uid" AS "value"`):
		return lookupResult{two, [][]*string{athenaemu.Row(3002, "Authentication"), athenaemu.Row(6003, "API Activity")}}, true
	case strings.Contains(sql, `"ip" AS "value"`):
		// An ad hoc filter's values of an address field (kind=field).
		return lookupResult{one, [][]*string{athenaemu.Row("10.0.0.12"), athenaemu.Row("10.0.1.7"), athenaemu.Row("203.0.113.77")}}, true
	}
	return lookupResult{one, [][]*string{athenaemu.Row("value")}}, true
}

// selectColumns names and types the output columns of the first SELECT list.
func selectColumns(sql string) []column {
	list := selectList(sql)
	var cols []column
	for _, item := range splitTopLevel(list) {
		name := outputName(item)
		if name == "" || name == "*" {
			continue
		}
		cols = append(cols, column{name: name, typ: guessType(name, item)})
	}
	if len(cols) == 0 {
		return []column{{"time_dt", "timestamp"}, {"message", "varchar"}}
	}
	return cols
}

// selectList is the text between the first SELECT and its FROM, the first
// FROM keyword outside parentheses and quotes (not from_unixtime, nor the
// FROM of extract(year FROM …)).
func selectList(sql string) string {
	upper := strings.ToUpper(sql)
	start := strings.Index(upper, "SELECT")
	if start < 0 {
		return ""
	}
	start += len("SELECT")
	end := len(sql)
	depth := 0
	var quote byte
	for i := start; i < len(sql); i++ {
		c := sql[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && strings.HasPrefix(upper[i:], "FROM") && !isIdent(sql, i-1) && !isIdent(sql, i+4):
			end = i
		}
		if end != len(sql) {
			break
		}
	}
	list := strings.TrimSpace(sql[start:end])
	return strings.TrimPrefix(strings.TrimPrefix(list, "DISTINCT "), "distinct ")
}

// isIdent reports whether sql[i] is part of an identifier (false out of range).
func isIdent(sql string, i int) bool {
	if i < 0 || i >= len(sql) {
		return false
	}
	c := sql[i]
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// splitTopLevel splits a SELECT list on commas outside parentheses and quotes.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '(':
			depth++
		case r == ')':
			depth--
		case r == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// outputName is the alias of a select item, else its last dotted part.
func outputName(item string) string {
	if m := aliasRe.FindStringSubmatch(item); m != nil {
		if m[1] != "" {
			return m[1]
		}
		return m[2]
	}
	if strings.ContainsAny(item, "()") {
		return ""
	}
	parts := strings.Split(item, ".")
	return strings.Trim(parts[len(parts)-1], `" `)
}

// guessType types a column by its name and expression.
func guessType(name, expr string) string {
	lname, lexpr := strings.ToLower(name), strings.ToLower(expr)
	switch {
	case name == "time" || strings.HasSuffix(lname, "_dt") || strings.Contains(lexpr, "timestamp"):
		return "timestamp"
	case strings.HasPrefix(lexpr, "avg("):
		return "double"
	case strings.HasPrefix(lexpr, "count(") || strings.HasPrefix(lexpr, "sum(") || strings.HasPrefix(lexpr, "approx_distinct(") ||
		strings.HasSuffix(lname, "_id") || strings.HasSuffix(lname, "bytes") || strings.HasSuffix(lname, "port"):
		return "bigint"
	}
	return "varchar"
}

// queryRange reads the time range from the partition predicate, defaulting
// to the six hours before now.
func queryRange(sql string, now time.Time) (time.Time, time.Time) {
	if m := tsRangeRe.FindStringSubmatch(sql); m != nil {
		from, err1 := time.Parse("2006-01-02 15:04:05.000", m[1])
		to, err2 := time.Parse("2006-01-02 15:04:05.000", m[2])
		if err1 == nil && err2 == nil && to.After(from) {
			return from, to
		}
	}
	if m := msRangeRe.FindStringSubmatch(sql); m != nil {
		from, _ := strconv.ParseInt(m[1], 10, 64)
		to, _ := strconv.ParseInt(m[2], 10, 64)
		if to > from {
			return time.UnixMilli(from).UTC(), time.UnixMilli(to).UTC()
		}
	}
	return now.Add(-6 * time.Hour).UTC(), now.UTC()
}

// sampleValues are label values by column name; others get value-1…3.
var sampleValues = map[string][]string{
	"api.operation":             {"ConsoleLogin", "AssumeRole", "GetObject"},
	"actor.user.name":           {"alice", "bob", "deploy-bot"},
	"src_endpoint.ip":           {"10.0.0.7", "10.0.3.21", "192.168.1.4"},
	"accountid":                 {"111122223333", "444455556666", "111122223333"},
	"region":                    {"us-east-1", "eu-west-1", "us-east-1"},
	"severity":                  {"Informational", "Medium", "Critical"},
	"class_name":                {"API Activity", "Authentication", "API Activity"},
	"api.service.name":          {"sts.amazonaws.com", "s3.amazonaws.com", "iam.amazonaws.com"},
	"cloud.region":              {"us-east-1", "eu-west-1", "us-east-1"},
	"status":                    {"Success", "Failure", "Success"},
	"activity_name":             {"Create", "Read", "Update"},
	"message":                   {"ConsoleLogin succeeded", "AssumeRole denied", "GetObject"},
	"finding_info.title":        {"S3 bucket is public", "Root account used", "Port 22 open"},
	"query.hostname":            {"example.com.", "internal.corp.", "malware.test."},
	"connection_info.direction": {"Inbound", "Outbound", "Inbound"},
	"level":                     {"info", "warning", "critical"},
}

// cannedRows makes 12 time buckets over [from, to] for each of three label
// values when the result has a time column and a label column, else 12 rows.
func cannedRows(cols []column, from, to time.Time) [][]*string {
	const buckets = 12
	groups := 1
	for _, c := range cols {
		if c.typ == "varchar" {
			groups = 3
			break
		}
	}
	step := to.Sub(from) / buckets
	var rows [][]*string
	for b := 0; b < buckets; b++ {
		for g := 0; g < groups; g++ {
			row := make([]*string, len(cols))
			for i, c := range cols {
				row[i] = athenaemu.Str(cellValue(c, b, g, from.Add(time.Duration(b)*step)))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func cellValue(c column, bucket, group int, t time.Time) string {
	switch c.typ {
	case "timestamp":
		return t.UTC().Format("2006-01-02 15:04:05.000")
	case "bigint":
		return strconv.Itoa((bucket*7+group*13)%23 + 1 + group*5)
	case "double":
		return fmt.Sprintf("%.2f", float64((bucket*3+group)%11)+0.5)
	}
	if vals, ok := sampleValues[c.name]; ok {
		return vals[group%len(vals)]
	}
	return fmt.Sprintf("value-%d", group+1)
}
