package athena

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// Defaults applied by New to zero Options fields.
const (
	// DefaultPollInitial is the wait after the first status call that found
	// the query still QUEUED/RUNNING (the first call itself goes out right
	// after StartQueryExecution, with no wait). Short, because small Security
	// Lake queries finish in well under a second and a 2 s floor was a top
	// complaint about the generic plugin (grafana/athena-datasource#256).
	DefaultPollInitial = 100 * time.Millisecond
	// DefaultPollMax caps the growing wait between status calls, bounding the
	// added latency for long queries to ~2 s while keeping GetQueryExecution
	// traffic low.
	DefaultPollMax = 2 * time.Second
	// DefaultPageSize is Athena's maximum MaxResults for GetQueryResults.
	DefaultPageSize int32 = 1000
	// DefaultResultReuseMaxAge is used when ResultReuse is on and no age is
	// given; it is also the Athena console's default.
	DefaultResultReuseMaxAge = 60 * time.Minute

	maxPageSize       int32 = 1000
	maxResultReuseAge       = 7 * 24 * time.Hour // Athena's limit: 10080 minutes
	stopTimeout             = 5 * time.Second
)

// errNoQueryID is a StartQueryExecution answer without an id.
var errNoQueryID = errors.New("athena: StartQueryExecution returned no query id")

// Options configure an Executor. Zero values mean "not set" (omitted from
// the request) or the documented default.
type Options struct {
	// Catalog and Database form QueryExecutionContext; empty ones are omitted.
	Catalog  string
	Database string
	// WorkGroup is sent with every query; empty means the account's primary.
	WorkGroup string
	// OutputLocation (s3://…) is sent as ResultConfiguration when set; a
	// workgroup that enforces its own configuration overrides it.
	OutputLocation string
	// ResultReuse asks Athena to answer from a previous identical query's
	// results when they are younger than ResultReuseMaxAge (default 60 min,
	// rounded up to whole minutes, at most 7 days). It needs engine v3; the
	// caller checks the workgroup once (GetWorkGroup), never per query.
	ResultReuse       bool
	ResultReuseMaxAge time.Duration
	// RowLimit caps the rows returned; when more exist Result.Truncated is
	// set. 0 or negative means no cap.
	RowLimit int
	// MaxBytesScanned stops a running query whose DataScannedInBytes exceeds
	// it. 0 means no guard (the workgroup's cutoff still applies).
	MaxBytesScanned int64
	// PollInitial is the wait before the second status call (default
	// 100 ms; the first call has no wait); each further wait is 1.5×
	// longer, capped at PollMax (default 2 s).
	PollInitial time.Duration
	PollMax     time.Duration
	// EarlyFirstPage sends the first GetQueryResults together with the
	// first status call (early.go): a query that has already ended (a
	// reused result) then costs two round trips instead of three, at the
	// price of one refused GetQueryResults for a query still running.
	EarlyFirstPage bool
	// PageSize is GetQueryResults' MaxResults, 1–1000 (default 1000).
	PageSize int32
	// Sleep waits d or until ctx is done (returning ctx.Err()). Tests inject
	// it to run the polling loop without real waits; default uses a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for Result.Elapsed; default time.Now.
	Now func() time.Time
	// Observer is told about retries, stops and finished runs (for logs and
	// metrics); nil means nobody listens.
	Observer Observer
	// Objects reads a result larger than one page from its result file in
	// S3 (s3read.go); nil means GetQueryResults pages only.
	Objects ObjectAPI
	// Tracer makes the spans of each run (athena.query and its children,
	// see observe.go); nil means no tracing. The plugin passes the SDK's
	// tracer, which exports to Grafana's OTLP endpoint when configured.
	Tracer trace.Tracer
}

// Executor runs queries and listings through an API. It is safe for
// concurrent use; its Options are fixed at New, except that result reuse
// can be switched later (SetResultReuse).
type Executor struct {
	api  API
	opts Options
	// reuse is Options.ResultReuse, switchable later (SetResultReuse).
	reuse atomic.Bool
}

// New returns an Executor over api with opts' zero fields defaulted and
// out-of-range values clamped (PageSize to 1–1000, PollMax ≥ PollInitial).
func New(api API, opts Options) *Executor {
	if opts.PollInitial <= 0 {
		opts.PollInitial = DefaultPollInitial
	}
	if opts.PollMax <= 0 {
		opts.PollMax = DefaultPollMax
	}
	if opts.PollMax < opts.PollInitial {
		opts.PollMax = opts.PollInitial
	}
	if opts.PageSize <= 0 || opts.PageSize > maxPageSize {
		opts.PageSize = DefaultPageSize
	}
	if opts.ResultReuseMaxAge <= 0 {
		opts.ResultReuseMaxAge = DefaultResultReuseMaxAge
	}
	if opts.ResultReuseMaxAge > maxResultReuseAge {
		opts.ResultReuseMaxAge = maxResultReuseAge
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepContext
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Observer == nil {
		opts.Observer = nopObserver{}
	}
	if opts.Tracer == nil {
		opts.Tracer = noopTracer
	}
	e := &Executor{api: api, opts: opts}
	e.reuse.Store(opts.ResultReuse)
	return e
}

// SetResultReuse turns Athena result reuse on or off for the queries
// started from now on. The plugin turns it on once GetWorkGroup showed
// that the workgroup's engine supports it (SupportsResultReuse).
func (e *Executor) SetResultReuse(on bool) { e.reuse.Store(on) }

// ResultReuse reports whether new queries ask for result reuse.
func (e *Executor) ResultReuse() bool { return e.reuse.Load() }

// SupportsResultReuse reports whether a workgroup's effective engine
// version supports query result reuse: engine version 3 and later
// ("Athena engine version 3"); earlier engines reject the request.
func SupportsResultReuse(engineVersion string) bool {
	v := strings.ToLower(engineVersion)
	i := strings.LastIndex(v, "version ")
	if i < 0 {
		return false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v[i+len("version "):]))
	return err == nil && n >= 3
}

// Column describes one result column as Athena's ColumnInfo reports it.
type Column struct {
	Name string
	// Type is Athena's type name as given (varchar, bigint, timestamp,
	// array, row, map, decimal, …); conversion is the frames package's job.
	Type string
	// Precision and Scale are set for decimal (and character lengths).
	Precision int32
	Scale     int32
}

// Result is a finished query's data and statistics.
type Result struct {
	QueryID string
	Columns []Column
	// Rows holds one slice per row with len(Columns) cells; a nil cell is
	// SQL NULL (a Datum without VarCharValue), distinct from "". It is nil
	// when the rows went to a RowSink (RunInto).
	Rows [][]*string
	// Sink is the RowSink that received the rows (RunInto); nil otherwise.
	Sink RowSink
	// StatementType is DML, DDL or UTILITY.
	StatementType string
	// Statistics from the final GetQueryExecution.
	DataScannedBytes     int64
	EngineTimeMs         int64
	TotalTimeMs          int64
	QueueTimeMs          int64
	ReusedPreviousResult bool
	// Truncated is set when RowLimit cut the result; the caller shows a
	// notice.
	Truncated bool
	// Elapsed is the wall time of Run, polling and paging included.
	Elapsed time.Duration
	// Notices are for the user (e.g. that a large result was read page by
	// page because its result file could not be read).
	Notices []string
}

// Run executes sql and returns all its rows (up to RowLimit). It starts the
// query, polls until it ends and pages the results. If ctx ends after the
// query started, the query is stopped and ctx.Err() is returned wrapped with
// the query id. A FAILED or CANCELLED query yields a *QueryError; the scan
// guard yields a *ScanLimitError.
func (e *Executor) Run(ctx context.Context, sql string) (*Result, error) {
	res, _, err := e.RunReport(ctx, sql)
	return res, err
}

// RunReport is Run that also returns the run's Report, filled on failure
// too, for the caller's log line. The run is traced as an athena.query span
// and reported to Options.Observer.
func (e *Executor) RunReport(ctx context.Context, sql string) (*Result, Report, error) {
	return e.RunInto(ctx, sql, nil)
}

// RunInto is RunReport that hands the rows to the RowSink newSink makes
// once the columns are known (Result.Sink) instead of collecting
// Result.Rows; a nil newSink collects Rows.
func (e *Executor) RunInto(ctx context.Context, sql string, newSink NewSink) (*Result, Report, error) {
	if e == nil || e.api == nil {
		return nil, Report{}, errNoAPI
	}
	if strings.TrimSpace(sql) == "" {
		return nil, Report{}, ErrEmptyQuery
	}
	rep := Report{WorkGroup: e.opts.WorkGroup}
	if rep.WorkGroup == "" {
		rep.WorkGroup = "primary" // what Athena uses when none is sent
	}
	began := e.opts.Now()
	ctx, span := e.startSpan(ctx, spanQuery, &rep)
	res, err := e.run(ctx, sql, &rep, newSink)
	rep.Elapsed = e.opts.Now().Sub(began)
	if res != nil {
		res.Elapsed = rep.Elapsed
	}
	extra := []attribute.KeyValue{
		attrPolls.Int(rep.Polls), attrPages.Int(rep.Pages), attrRows.Int(rep.Rows),
		attrTruncated.Bool(rep.Truncated), attrRetries.Int(rep.Retries), attrThrottles.Int(rep.Throttles),
	}
	if rep.Stopped() {
		extra = append(extra, attrStopReason.String(string(rep.StopReason)))
	}
	endSpan(span, &rep, err, extra...)
	e.opts.Observer.Finished(ctx, rep, err)
	return res, rep, err
}

// run is RunReport's body: start, wait, fetch. A query that FAILED and
// that Athena marks retryable is started once more, with a new token.
func (e *Executor) run(ctx context.Context, sql string, rep *Report, newSink NewSink) (*Result, error) {
	if err := e.start(ctx, sql, rep); err != nil {
		return nil, err
	}
	var early *earlyPage
	if e.opts.EarlyFirstPage {
		early = e.startEarlyPage(ctx, rep.QueryID)
		defer early.drop()
	}
	qe, err := e.wait(ctx, rep)
	var failed *QueryError
	if err != nil {
		early.drop()
		early = nil
	}
	if errors.As(err, &failed) && failed.State == stateFailed && failed.Retryable && ctx.Err() == nil {
		e.noteRetry(ctx, "StartQueryExecution", rep, err)
		if err := e.start(ctx, sql, rep); err != nil {
			return nil, err
		}
		qe, err = e.wait(ctx, rep)
	}
	if err != nil {
		return nil, err
	}
	res := newResult(rep, qe.StatementType)
	if err := e.fetch(ctx, qe, res, rep, newSink, early); err != nil {
		return nil, err
	}
	return res, nil
}

// start sends StartQueryExecution and records the query id in rep. The
// request's ClientRequestToken makes it idempotent, so a garbled answer is
// asked again once with the same token; when the answer is lost for good
// (ctx ended while it was in flight, or it stayed garbled), reclaim finds
// and stops the query Athena may have started anyway.
func (e *Executor) start(ctx context.Context, sql string, rep *Report) (err error) {
	ctx, span := e.startSpan(ctx, spanStart, rep)
	defer func() { endSpan(span, rep, err) }()
	in := e.startInput(sql)
	out, err := readOnce(ctx, e, "StartQueryExecution", rep, func() (*athenasdk.StartQueryExecutionOutput, error) {
		return e.api.StartQueryExecution(ctx, in, e.observeRetries(ctx, "StartQueryExecution", rep))
	})
	if err != nil {
		switch {
		case ctx.Err() != nil:
			e.reclaim(ctx, in, rep, stopReasonFor(ctx))
			// The cause is what callers classify the error by.
			return fmt.Errorf("athena: cancelled while starting the query: %w", ctx.Err())
		case IsGarbled(err):
			e.reclaim(ctx, in, rep, StopGaveUp)
		}
		return fmt.Errorf("athena: start query: %w", err)
	}
	rep.QueryID = aws.ToString(out.QueryExecutionId)
	if rep.QueryID == "" {
		return errNoQueryID
	}
	return nil
}

// startInput builds the StartQueryExecution request. Optional parts are
// omitted when empty so the workgroup's own settings apply.
func (e *Executor) startInput(sql string) *athenasdk.StartQueryExecutionInput {
	in := &athenasdk.StartQueryExecutionInput{
		QueryString: aws.String(sql),
		// A fresh token per Run makes the SDK's retries of this call
		// idempotent (Athena returns the same query for the same token)
		// without ever merging two different Runs.
		ClientRequestToken: aws.String(newRequestToken()),
	}
	if e.opts.Catalog != "" || e.opts.Database != "" {
		in.QueryExecutionContext = &types.QueryExecutionContext{}
		if e.opts.Catalog != "" {
			in.QueryExecutionContext.Catalog = aws.String(e.opts.Catalog)
		}
		if e.opts.Database != "" {
			in.QueryExecutionContext.Database = aws.String(e.opts.Database)
		}
	}
	if e.opts.WorkGroup != "" {
		in.WorkGroup = aws.String(e.opts.WorkGroup)
	}
	if e.opts.OutputLocation != "" {
		in.ResultConfiguration = &types.ResultConfiguration{OutputLocation: aws.String(e.opts.OutputLocation)}
	}
	if e.reuse.Load() {
		in.ResultReuseConfiguration = &types.ResultReuseConfiguration{
			ResultReuseByAgeConfiguration: &types.ResultReuseByAgeConfiguration{
				Enabled:         true,
				MaxAgeInMinutes: aws.Int32(reuseMinutes(e.opts.ResultReuseMaxAge)),
			},
		}
	}
	return in
}

// reuseMinutes rounds d up to whole minutes: rounding down could turn 30 s
// into 0, which disables reuse.
func reuseMinutes(d time.Duration) int32 {
	return int32((d + time.Minute - 1) / time.Minute)
}

// newRequestToken returns 32 hex characters, Athena's minimum token length.
func newRequestToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails since Go 1.24
	return hex.EncodeToString(b[:])
}

// Stop asks Athena to cancel queryID. It uses a short context detached from
// ctx's cancellation, because the usual reason to stop is that ctx just
// ended. Stopping a finished query is harmless.
func (e *Executor) Stop(ctx context.Context, queryID string) error {
	if e == nil || e.api == nil {
		return errNoAPI
	}
	return e.stop(ctx, queryID, StopRequested, nil)
}

// abandon stops the run's query because ctx ended and returns ctx's error
// wrapped with the id, so errors.Is(err, context.Canceled / DeadlineExceeded)
// holds.
func (e *Executor) abandon(ctx context.Context, rep *Report, stage string) error {
	cause := ctx.Err()
	if stopErr := e.stop(ctx, rep.QueryID, stopReasonFor(ctx), rep); stopErr != nil {
		// Only the cause is wrapped: callers classify the error by it, and a
		// failed stop must not turn a cancellation into an Athena error.
		return fmt.Errorf("athena query %s abandoned while %s: %w (stopping it failed too: %s)", rep.QueryID, stage, cause, stopErr.Error())
	}
	return fmt.Errorf("athena query %s abandoned while %s: %w", rep.QueryID, stage, cause)
}
