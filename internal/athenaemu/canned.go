package athenaemu

import (
	"fmt"
	"strings"
	"sync"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// Canned is the in-memory engine: it answers queries with results
// registered by SQL matcher and walks each through scripted states, one
// step per GetQueryExecution (QUEUED → RUNNING ×N → SUCCEEDED / FAILED /
// CANCELLED), and serves the catalogs, databases and tables added with
// AddDatabase. It is safe for concurrent use.
type Canned struct {
	mu       sync.Mutex
	handlers []handler
	catalogs []*catalog
}

// NewCanned returns a Canned engine with an empty AwsDataCatalog.
func NewCanned() *Canned {
	return &Canned{catalogs: []*catalog{{name: DefaultCatalog}}}
}

// CannedServer is a Server on a Canned engine: the Athena test double of
// the plugin's unit tests.
type CannedServer struct {
	*Server
	*Canned
}

// NewServer starts a CannedServer on a loopback port.
func NewServer() *CannedServer {
	s, err := NewCannedServer(Options{})
	if err != nil {
		panic(err) // default options are valid
	}
	s.Start()
	return s
}

// NewCannedServer returns a CannedServer that is not listening yet (call
// Start, or mount it as an http.Handler); opts.Engine is ignored.
func NewCannedServer(opts Options) (*CannedServer, error) {
	c := NewCanned()
	opts.Engine = c
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	return &CannedServer{Server: s, Canned: c}, nil
}

// Column is a result column as Athena's ColumnInfo reports it. Type is the
// Athena (Trino) type name: varchar, bigint, timestamp, decimal, array,
// map, row, …
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
	// StatementType is DML, DDL or UTILITY; default: by the SQL's first
	// keyword (StatementKind). Only DML results get the header row on
	// page 1, as in Athena.
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
func (c *Canned) Handle(m Matcher, r Result) {
	c.HandleFunc(m, func(string) Result { return r })
}

// HandleFunc is Handle with a result computed from the query string.
func (c *Canned) HandleFunc(m Matcher, f func(sql string) Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handlers = append(c.handlers, handler{match: m, result: f})
}

func (c *Canned) resultFor(sql string) Result {
	// A LIMIT 0 wrapper (the plugin's shape probe) answers the statement's
	// columns and no rows, as an engine does; a failure stays a failure.
	if inner, ok := strings.CutPrefix(sql, "SELECT * FROM (\n"); ok {
		if inner, ok := strings.CutSuffix(inner, "\n) LIMIT 0"); ok {
			r := c.resultFor(inner)
			if r.Final == wire.StateFailed {
				return r
			}
			// Planned, not run: at once, nothing scanned.
			return Result{Columns: r.Columns, StatementType: r.StatementType}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, h := range c.handlers {
		if h.match != nil && h.match(sql) {
			return h.result(sql)
		}
	}
	short := sql
	if len(short) > 200 {
		short = short[:200] + "…"
	}
	return Result{Final: wire.StateFailed, Failure: Failure{
		Reason:   "athenaemu: no result registered for query: " + short,
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

// StartQuery implements Engine.
func (c *Canned) StartQuery(q *Query) Job {
	r := c.resultFor(q.SQL)
	if r.StatementType != "" {
		q.StatementType = r.StatementType
	}
	j := &cannedJob{r: r, header: q.StatementType == StatementDML, st: Status{State: wire.StateQueued}}
	if len(r.Steps) == 0 {
		// No script: the query has ended by the time the start returns,
		// as an instant or reused result has in Athena, so a
		// GetQueryResults sent along with the first status is answered.
		j.Status(true)
	}
	return j
}

// cannedJob plays a Result's script. The Server serializes its calls.
type cannedJob struct {
	r      Result
	header bool
	step   int
	st     Status
}

func (j *cannedJob) Status(poll bool) Status {
	if !poll || wire.Terminal(j.st.State) {
		return j.st
	}
	r := j.r
	if j.step < len(r.Steps) {
		s := r.Steps[j.step]
		j.step++
		j.st.State, j.st.Stats.DataScannedInBytes = s.State, s.DataScannedBytes
		return j.st
	}
	final := r.Final
	if final == "" {
		final = wire.StateSucceeded
	}
	if j.st.State = final; !wire.Terminal(final) {
		return j.st // scripted to run until stopped
	}
	st := r.Stats
	j.st.Stats = wire.QueryExecutionStatistics{
		DataScannedInBytes:            st.DataScannedBytes,
		EngineExecutionTimeInMillis:   orDefault(st.EngineTimeMs, 120),
		QueryQueueTimeInMillis:        orDefault(st.QueueTimeMs, 15),
		QueryPlanningTimeInMillis:     orDefault(st.PlanningTimeMs, 40),
		TotalExecutionTimeInMillis:    orDefault(st.TotalTimeMs, 180),
		ServiceProcessingTimeInMillis: orDefault(st.ServiceProcessingTimeMs, 20),
	}
	switch final {
	case wire.StateFailed:
		f := r.Failure
		j.st.Reason = f.Reason
		j.st.Error = &wire.AthenaError{ErrorCategory: f.Category, ErrorType: f.Type, Retryable: f.Retryable, ErrorMessage: f.Reason}
	case wire.StateCancelled:
		j.st.Reason = "Query was cancelled"
	case wire.StateSucceeded:
		j.st.Result = &ResultSet{Columns: columnInfo(r.Columns), Rows: r.Rows, Header: j.header}
	}
	return j.st
}

// Cancel implements Job; a canned query has nothing to stop.
func (j *cannedJob) Cancel() {}

func orDefault(v, def int64) int64 {
	if v == 0 {
		return def
	}
	return v
}

func columnInfo(cols []Column) []wire.ColumnInfo {
	out := make([]wire.ColumnInfo, len(cols))
	for i, c := range cols {
		out[i] = wire.ColumnInfo{
			CatalogName: "hive", Name: c.Name, Label: c.Name, Type: c.Type,
			Precision: c.Precision, Scale: c.Scale, Nullable: "UNKNOWN",
			CaseSensitive: c.Type == "varchar" || c.Type == "char",
		}
	}
	return out
}

// Shutdown implements Engine.
func (c *Canned) Shutdown() {}

// String names the engine in /_admin/health.
func (c *Canned) String() string { return "canned" }
