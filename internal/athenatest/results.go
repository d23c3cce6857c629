package athenatest

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// Column is a result column as Athena's ColumnInfo reports it. Type is the
// Athena (Trino) type name: varchar, bigint, timestamp, decimal, array, map,
// row, …
type Column struct {
	Name      string
	Type      string
	Precision int32
	Scale     int32
}

// Stats are the statistics reported once the query ends. Zero fields are
// filled with small plausible values.
type Stats struct {
	DataScannedBytes        int64
	EngineTimeMs            int64
	QueueTimeMs             int64
	PlanningTimeMs          int64
	TotalTimeMs             int64
	ServiceProcessingTimeMs int64
}

// Step is one GetQueryExecution answer before the final state.
type Step struct {
	// State is QUEUED or RUNNING.
	State string
	// DataScannedBytes is the running statistic reported in this step.
	DataScannedBytes int64
}

// Steps builds steps from state names, e.g. Steps("QUEUED", "RUNNING").
func Steps(states ...string) []Step {
	out := make([]Step, len(states))
	for i, st := range states {
		out[i] = Step{State: st}
	}
	return out
}

// Failure describes how a FAILED query failed (Status.AthenaError).
type Failure struct {
	// Reason is StateChangeReason and AthenaError.ErrorMessage.
	Reason string
	// Category is 1 (system), 2 (user) or 3 (other).
	Category int32
	// Type is Athena's ErrorType code, e.g. 1100 for a syntax error.
	Type      int32
	Retryable bool
}

// Result is a canned answer to a query.
type Result struct {
	Columns []Column
	// Rows are data rows (no header); a nil cell is SQL NULL. Build them
	// with Row, or Generate for large results.
	Rows [][]*string
	// StatementType is DML (default), DDL or UTILITY. Only DML results get
	// the header row on page 1, as in Athena.
	StatementType string
	// Steps are the states reported by successive GetQueryExecution calls
	// before Final; none means the first status is already Final.
	Steps []Step
	// Final is SUCCEEDED (default), FAILED or CANCELLED; QUEUED or RUNNING
	// keeps the query running until StopQueryExecution.
	Final string
	// Failure is used when Final is FAILED.
	Failure Failure
	Stats   Stats
	// Reused forces Statistics.ResultReuseInformation.ReusedPreviousResult.
	// Without it, the server reports reuse when the request enabled it and
	// an identical query succeeded within MaxAgeInMinutes.
	Reused bool
}

// Matcher decides whether a query string is answered by a registered
// result. Any func(string) bool converts to a Matcher.
type Matcher func(sql string) bool

// Exact matches the query string exactly.
func Exact(sql string) Matcher { return func(q string) bool { return q == sql } }

// Contains matches query strings containing sub.
func Contains(sub string) Matcher { return func(q string) bool { return strings.Contains(q, sub) } }

// Any matches every query; register it last as a fallback.
func Any() Matcher { return func(string) bool { return true } }

type handler struct {
	match  Matcher
	result func(sql string) Result
}

// Handle answers queries matched by m with r. Handlers are tried in
// registration order and the first match wins. A query nothing matches
// FAILS with a USER-category error naming the query.
func (s *Server) Handle(m Matcher, r Result) {
	s.HandleFunc(m, func(string) Result { return r })
}

// HandleFunc is Handle with a result computed from the query string.
func (s *Server) HandleFunc(m Matcher, f func(sql string) Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers = append(s.handlers, handler{match: m, result: f})
}

// resultFor finds the canned result for sql (lock held).
func (s *Server) resultFor(sql string) Result {
	for _, h := range s.handlers {
		if h.match != nil && h.match(sql) {
			return h.result(sql)
		}
	}
	short := sql
	if len(short) > 200 {
		short = short[:200] + "…"
	}
	return Result{Final: "FAILED", Failure: Failure{
		Reason:   "athenatest: no result registered for query: " + short,
		Category: 2, Type: 1006,
	}}
}

// Str returns a pointer to s, for building cells by hand.
func Str(s string) *string { return &s }

// Row builds a row: nil becomes SQL NULL, a string is used as is, a
// *string is kept, anything else is formatted with fmt.Sprint.
func Row(vals ...any) []*string {
	row := make([]*string, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case nil:
		case string:
			row[i] = Str(v)
		case *string:
			row[i] = v
		default:
			row[i] = Str(fmt.Sprint(v))
		}
	}
	return row
}

// Generate builds n rows with f, for large results.
func Generate(n int, f func(i int) []*string) [][]*string {
	rows := make([][]*string, n)
	for i := range rows {
		rows[i] = f(i)
	}
	return rows
}

// getQueryResults serves one page (lock held). The first page of a DML
// result starts with the header row, which counts toward MaxResults, as in
// Athena.
func (s *Server) getQueryResults(in *athenasdk.GetQueryResultsInput) (any, *athenawire.Error) {
	id := aws.ToString(in.QueryExecutionId)
	q, ok := s.queries[id]
	if !ok {
		return nil, athenawire.QueryNotFound(id)
	}
	if aerr := athenawire.ResultsReady(q.state, q.reason); aerr != nil {
		return nil, aerr
	}
	size, aerr := athenawire.ResultsPageSize(in.MaxResults)
	if aerr != nil {
		return nil, aerr
	}
	r := q.result
	var header []string
	if q.statementType == "DML" {
		header = make([]string, len(r.Columns))
		for i, c := range r.Columns {
			header[i] = c.Name
		}
	}
	rows, next, aerr := athenawire.ResultPage(id, aws.ToString(in.NextToken), size, header, r.Rows)
	if aerr != nil {
		return nil, aerr
	}
	return &athenawire.GetQueryResultsOutput{NextToken: next, ResultSet: athenawire.ResultSet{
		ResultSetMetadata: athenawire.ResultSetMetadata{ColumnInfo: columnInfo(r.Columns)},
		Rows:              rows,
	}}, nil
}

func columnInfo(cols []Column) []athenawire.ColumnInfo {
	out := make([]athenawire.ColumnInfo, len(cols))
	for i, c := range cols {
		out[i] = athenawire.ColumnInfo{
			CatalogName: "hive", Name: c.Name, Label: c.Name, Type: c.Type,
			Precision: c.Precision, Scale: c.Scale, Nullable: "UNKNOWN",
			CaseSensitive: c.Type == "varchar" || c.Type == "char",
		}
	}
	return out
}
