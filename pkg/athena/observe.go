package athena

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// StopReason says why the executor sent StopQueryExecution.
type StopReason string

// Stop reasons, as they appear in logs, span attributes and metric labels.
const (
	// StopCancelled: the caller's context was cancelled (panel closed,
	// dashboard left, request aborted).
	StopCancelled StopReason = "cancelled"
	// StopDeadline: the caller's deadline (queryTimeoutSeconds) passed.
	StopDeadline StopReason = "deadline"
	// StopScanGuard: DataScannedInBytes crossed Options.MaxBytesScanned.
	StopScanGuard StopReason = "scan_guard"
	// StopGaveUp: a status call failed for good or returned nonsense, so the
	// executor stops waiting and stops the query rather than leave it
	// running unobserved.
	StopGaveUp StopReason = "gave_up"
	// StopRequested: a caller called Executor.Stop directly.
	StopRequested StopReason = "requested"
)

// Observer is told what the executor does, as it happens, so the plugin can
// count and log it without this package knowing about metrics or loggers.
// Calls come from the goroutine running the Athena call; implementations
// must be safe for concurrent use and fast (they run on the query path).
type Observer interface {
	// Retried is called when an Athena call (op, e.g. "GetQueryExecution")
	// failed with err and is about to be retried; throttled is true when
	// Athena asked to slow down (IsThrottle).
	Retried(ctx context.Context, op string, throttled bool, err error)
	// Stopped is called after StopQueryExecution was sent for queryID;
	// stopErr is nil when Athena accepted it.
	Stopped(ctx context.Context, queryID string, reason StopReason, stopErr error)
	// Abandoned is called when the executor gives up on stopping a query
	// that may still be running: every stop attempt failed (stopErr is the
	// last failure), or the start's answer was lost and resending it failed
	// too (queryID is then "").
	Abandoned(ctx context.Context, queryID string, reason StopReason, stopErr error)
	// Finished is called once per Run, successful or not, with what the run
	// did; err is Run's error.
	Finished(ctx context.Context, r Report, err error)
}

// Report is what one Run did. Run fills it whether it succeeds or fails, so
// a failed query still tells its id, its retries and whether it was stopped.
type Report struct {
	// QueryID is empty when StartQueryExecution failed.
	QueryID   string
	WorkGroup string
	// State is the last state GetQueryExecution reported (QUEUED, RUNNING,
	// SUCCEEDED, FAILED, CANCELLED), empty if none was seen.
	State string
	// Statistics from the last GetQueryExecution that carried them.
	DataScannedBytes     int64
	EngineTimeMs         int64
	QueueTimeMs          int64
	TotalTimeMs          int64
	ReusedPreviousResult bool
	// Polls counts GetQueryExecution calls, Pages GetQueryResults calls, Rows
	// the data rows returned.
	Polls, Pages, Rows int
	// Retries counts retried Athena calls of this run; Throttles those of
	// them that Athena throttled.
	Retries, Throttles int
	// Truncated is set when RowLimit cut the result.
	Truncated bool
	// ResultSource is where the rows came from: SourcePages or SourceS3
	// (empty when the run never reached its results). ObjectReads counts
	// GetObject calls; ObjectFallback is the S3 error code (AccessDenied,
	// SlowDown, TruncatedBody, …) when reading the result file failed and
	// the pages were read instead.
	ResultSource   string
	ObjectReads    int
	ObjectFallback string
	// StopReason is set when StopQueryExecution was sent; StopFailed when
	// that call failed too (the query may still be running and billing).
	StopReason StopReason
	StopFailed bool
	// Elapsed is Run's wall time.
	Elapsed time.Duration
}

// Stopped reports whether the run sent StopQueryExecution.
func (r *Report) Stopped() bool { return r.StopReason != "" }

// nopObserver is used when Options.Observer is nil.
type nopObserver struct{}

func (nopObserver) Retried(context.Context, string, bool, error)         {}
func (nopObserver) Stopped(context.Context, string, StopReason, error)   {}
func (nopObserver) Abandoned(context.Context, string, StopReason, error) {}
func (nopObserver) Finished(context.Context, Report, error)              {}

// noopTracer is used when Options.Tracer is nil.
var noopTracer = noop.NewTracerProvider().Tracer("")

// Span and attribute names; docs/operations.md lists them for operators.
const (
	spanQuery   = "athena.query"
	spanStart   = "athena.start"
	spanPoll    = "athena.poll"
	spanResults = "athena.results"
	spanObject  = "athena.results.s3"
	spanStop    = "athena.stop"

	attrQueryID    = attribute.Key("athena.query_execution_id")
	attrWorkGroup  = attribute.Key("athena.workgroup")
	attrState      = attribute.Key("athena.state")
	attrScanned    = attribute.Key("athena.data_scanned_bytes")
	attrPolls      = attribute.Key("athena.polls")
	attrPages      = attribute.Key("athena.pages")
	attrRows       = attribute.Key("athena.rows")
	attrSource     = attribute.Key("athena.result_source")
	attrTruncated  = attribute.Key("athena.truncated")
	attrRetries    = attribute.Key("athena.retries")
	attrThrottles  = attribute.Key("athena.throttles")
	attrStopReason = attribute.Key("athena.stop_reason")
)

// startSpan opens a child span of ctx's span with the run's identity.
func (e *Executor) startSpan(ctx context.Context, name string, rep *Report) (context.Context, trace.Span) {
	attrs := []attribute.KeyValue{attrWorkGroup.String(rep.WorkGroup)}
	if rep.QueryID != "" {
		attrs = append(attrs, attrQueryID.String(rep.QueryID))
	}
	return e.opts.Tracer.Start(ctx, name, trace.WithAttributes(attrs...))
}

// endSpan records err (if any) and the run's state on span and ends it.
func endSpan(span trace.Span, rep *Report, err error, extra ...attribute.KeyValue) {
	if rep.QueryID != "" {
		span.SetAttributes(attrQueryID.String(rep.QueryID))
	}
	if rep.State != "" {
		span.SetAttributes(attrState.String(rep.State))
	}
	span.SetAttributes(attrScanned.Int64(rep.DataScannedBytes))
	span.SetAttributes(extra...)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// observeRetries returns a per-call client option that wraps the client's
// retryer so each retry of that call is counted in rep and reported to the
// Observer. Retries happen inside the SDK client, so this is the only place
// that sees them; a per-call option keeps them attributed to their run.
func (e *Executor) observeRetries(ctx context.Context, op string, rep *Report) func(*athenasdk.Options) {
	return func(o *athenasdk.Options) {
		base, ok := o.Retryer.(aws.RetryerV2)
		if !ok {
			return // not the SDK's standard retryer: leave it alone
		}
		o.Retryer = observedRetryer{RetryerV2: base, onRetry: func(err error) {
			throttled := IsThrottle(err)
			if rep != nil {
				rep.Retries++
				if throttled {
					rep.Throttles++
				}
			}
			e.opts.Observer.Retried(ctx, op, throttled, err)
		}}
	}
}

// observedRetryer calls onRetry once per retry: the SDK's retry middleware
// asks RetryDelay exactly once before each new attempt.
type observedRetryer struct {
	aws.RetryerV2
	onRetry func(err error)
}

// RetryDelay implements aws.Retryer.
func (r observedRetryer) RetryDelay(attempt int, err error) (time.Duration, error) {
	d, derr := r.RetryerV2.RetryDelay(attempt, err)
	if derr == nil {
		r.onRetry(err)
	}
	return d, derr
}

// stopReasonFor names why ctx ended.
func stopReasonFor(ctx context.Context) StopReason {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return StopDeadline
	}
	return StopCancelled
}
