package athena

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// How hard the executor tries to leave no query running behind it.
const (
	// stopAttempts is how many times StopQueryExecution is sent before the
	// query is counted abandoned. The SDK already retries throttling and
	// 5xx inside one attempt; these cover errors it does not retry (a
	// garbled answer, a dropped connection, a stop that timed out).
	stopAttempts = 3
	// stopBackoff is the wait before the second stop, doubled before the
	// third.
	stopBackoff = 200 * time.Millisecond
	// reclaimTimeout bounds the resent StartQueryExecution that finds the
	// id of a query whose start answer was lost.
	reclaimTimeout = 5 * time.Second
)

// stop sends StopQueryExecution for reason, up to stopAttempts times on a
// context detached from ctx's cancellation (the usual reason to stop is
// that ctx just ended). Each attempt is reported to the Observer, whose
// failure line is how an operator learns that a query may still be
// scanning; a query still not stopped after the last attempt is reported
// Abandoned. rep may be nil.
func (e *Executor) stop(ctx context.Context, queryID string, reason StopReason, rep *Report) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = e.stopOnce(ctx, queryID, reason, rep)
		if err == nil || attempt == stopAttempts {
			break
		}
		_ = e.opts.Sleep(context.WithoutCancel(ctx), stopBackoff<<(attempt-1))
	}
	if err != nil && e.hasEnded(ctx, queryID) {
		// The stop's answer was lost or refused, but the query is over
		// (stopped after all, or finished): nothing is left running.
		err = nil
	}
	if rep != nil {
		rep.StopReason, rep.StopFailed = reason, err != nil
	}
	if err != nil {
		e.opts.Observer.Abandoned(ctx, queryID, reason, err)
	}
	return err
}

// hasEnded asks, on a short detached context, whether queryID is in a final
// state; any failure to tell counts as "may still be running".
func (e *Executor) hasEnded(ctx context.Context, queryID string) bool {
	qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
	defer cancel()
	in := &athenasdk.GetQueryExecutionInput{QueryExecutionId: aws.String(queryID)}
	out, err := readOnce(qctx, e, "GetQueryExecution", nil, func() (*athenasdk.GetQueryExecutionOutput, error) {
		return e.api.GetQueryExecution(qctx, in, e.observeRetries(qctx, "GetQueryExecution", nil))
	})
	if err != nil || out.QueryExecution == nil || out.QueryExecution.Status == nil {
		return false
	}
	switch string(out.QueryExecution.Status.State) {
	case stateSucceeded, stateFailed, stateCancelled:
		return true
	}
	return false
}

// stopOnce is one StopQueryExecution with its own span.
func (e *Executor) stopOnce(ctx context.Context, queryID string, reason StopReason, rep *Report) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
	defer cancel()
	sctx, span := e.opts.Tracer.Start(sctx, spanStop, trace.WithAttributes(attrQueryID.String(queryID), attrStopReason.String(string(reason))))
	_, err := e.api.StopQueryExecution(sctx, &athenasdk.StopQueryExecutionInput{QueryExecutionId: aws.String(queryID)},
		e.observeRetries(sctx, "StopQueryExecution", rep))
	if err != nil {
		err = fmt.Errorf("athena: stop query %s: %w", queryID, err)
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
	e.opts.Observer.Stopped(ctx, queryID, reason, err)
	return err
}

// reclaim deals with a StartQueryExecution whose answer never arrived in a
// usable form (ctx ended while it was in flight, or the answer was garbled):
// Athena may have created the query all the same, and nobody would stop it.
// Resending the same request — same ClientRequestToken — on a short
// detached context makes Athena return that query's id (or start it, if
// the first request never arrived), and the id is stopped at once. When
// even the resend fails, the query (if any) is reported Abandoned with an
// empty id.
func (e *Executor) reclaim(ctx context.Context, in *athenasdk.StartQueryExecutionInput, rep *Report, reason StopReason) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reclaimTimeout)
	defer cancel()
	out, err := e.api.StartQueryExecution(rctx, in, e.observeRetries(rctx, "StartQueryExecution", rep))
	if err != nil || aws.ToString(out.QueryExecutionId) == "" {
		if err == nil {
			err = errNoQueryID
		}
		if rep != nil {
			rep.StopReason, rep.StopFailed = reason, true
		}
		e.opts.Observer.Abandoned(ctx, "", reason, fmt.Errorf("athena: resending StartQueryExecution to find the query to stop: %w", err))
		return
	}
	id := aws.ToString(out.QueryExecutionId)
	if rep != nil {
		rep.QueryID = id
	}
	_ = e.stop(ctx, id, reason, rep)
}

// noteRetry counts a retry the executor itself makes (the SDK's own are
// counted by observeRetries).
func (e *Executor) noteRetry(ctx context.Context, op string, rep *Report, err error) {
	if rep != nil {
		rep.Retries++
	}
	e.opts.Observer.Retried(ctx, op, false, err)
}

// readOnce sends an idempotent read and, when its answer arrived garbled
// (IsGarbled: malformed or truncated), sends it once more: one bad answer
// must not fail a healthy query or listing. Other errors are the retry
// policy's business and are returned as they are.
func readOnce[T any](ctx context.Context, e *Executor, op string, rep *Report, call func() (T, error)) (T, error) {
	out, err := call()
	if err != nil && ctx.Err() == nil && IsGarbled(err) {
		e.noteRetry(ctx, op, rep, err)
		out, err = call()
	}
	return out, err
}
