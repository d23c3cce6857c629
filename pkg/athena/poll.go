package athena

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// Athena's final query states, spelled as on the wire; every other state
// (QUEUED, RUNNING) means "keep waiting".
const (
	stateSucceeded = string(types.QueryExecutionStateSucceeded)
	stateFailed    = string(types.QueryExecutionStateFailed)
	stateCancelled = string(types.QueryExecutionStateCancelled)
)

// pollFactor grows the wait between status calls: none before the first,
// then 100, 150, 225, 338, 506, 759 ms, … so an instant or reused result
// costs one status call with no wait, a 1 s query is noticed within ~250 ms
// of finishing, and a 5-minute query costs about 160 calls, not 3,000.
const pollFactor = 1.5

// wait polls GetQueryExecution (the first time right away, then with a
// growing wait) until the run's query leaves QUEUED/RUNNING
// and returns the SUCCEEDED execution, or the error describing why not. Any
// return other than SUCCEEDED/FAILED/CANCELLED stops the query, so giving up
// never leaves it running. The whole wait is one athena.poll span.
func (e *Executor) wait(ctx context.Context, rep *Report) (qe *types.QueryExecution, err error) {
	ctx, span := e.startSpan(ctx, spanPoll, rep)
	defer func() { endSpan(span, rep, err, attrPolls.Int(rep.Polls)) }()
	queryID := rep.QueryID
	delay := e.opts.PollInitial
	in := &athenasdk.GetQueryExecutionInput{QueryExecutionId: aws.String(queryID)}
	for first := true; ; first = false {
		// The first status call goes out at once: a reused result (or any
		// instant query) is SUCCEEDED already, and a fixed wait in front of
		// it would be most of the panel's latency. Only a query seen
		// QUEUED/RUNNING earns a wait before the next call.
		if !first {
			if err := e.opts.Sleep(ctx, delay); err != nil || ctx.Err() != nil {
				if ctx.Err() != nil {
					return nil, e.abandon(ctx, rep, "polling")
				}
				_ = e.stop(ctx, queryID, StopGaveUp, rep)
				return nil, fmt.Errorf("athena query %s: waiting to poll: %w", queryID, err)
			}
			delay = nextDelay(delay, e.opts.PollMax)
		} else if ctx.Err() != nil {
			return nil, e.abandon(ctx, rep, "polling")
		}
		rep.Polls++
		out, err := readOnce(ctx, e, "GetQueryExecution", rep, func() (*athenasdk.GetQueryExecutionOutput, error) {
			return e.api.GetQueryExecution(ctx, in, e.observeRetries(ctx, "GetQueryExecution", rep))
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil, e.abandon(ctx, rep, "polling")
			}
			// We are giving up on a query that may still be running.
			_ = e.stop(ctx, queryID, StopGaveUp, rep)
			return nil, fmt.Errorf("athena query %s: get status: %w", queryID, err)
		}
		qe := out.QueryExecution
		if qe == nil || qe.Status == nil {
			_ = e.stop(ctx, queryID, StopGaveUp, rep)
			return nil, fmt.Errorf("athena query %s: GetQueryExecution returned no status", queryID)
		}
		rep.noteExecution(qe)
		switch state := string(qe.Status.State); state {
		case stateSucceeded:
			return qe, nil
		case stateFailed, stateCancelled:
			return nil, newQueryError(queryID, qe.Status)
		default:
			// QUEUED, RUNNING, and any state Athena adds later: keep waiting;
			// ctx bounds the loop.
			if err := e.checkScan(ctx, rep, qe.Statistics); err != nil {
				return nil, err
			}
		}
	}
}

// noteExecution keeps the latest state and statistics in the report, so a
// failed or stopped query still reports what it scanned.
func (r *Report) noteExecution(qe *types.QueryExecution) {
	r.State = string(qe.Status.State)
	if st := qe.Statistics; st != nil {
		r.DataScannedBytes = aws.ToInt64(st.DataScannedInBytes)
		r.EngineTimeMs = aws.ToInt64(st.EngineExecutionTimeInMillis)
		r.QueueTimeMs = aws.ToInt64(st.QueryQueueTimeInMillis)
		r.TotalTimeMs = aws.ToInt64(st.TotalExecutionTimeInMillis)
		if st.ResultReuseInformation != nil {
			r.ReusedPreviousResult = st.ResultReuseInformation.ReusedPreviousResult
		}
	}
}

// checkScan enforces Options.MaxBytesScanned on a running query: Athena
// reports DataScannedInBytes while it runs, so an accidental full scan of a
// year of CloudTrail can be stopped after the first gigabytes instead of
// being billed in full. A query that already SUCCEEDED is returned even if
// it crossed the limit: its cost is paid and stopping it would save nothing.
func (e *Executor) checkScan(ctx context.Context, rep *Report, st *types.QueryExecutionStatistics) error {
	if e.opts.MaxBytesScanned <= 0 || st == nil {
		return nil
	}
	scanned := aws.ToInt64(st.DataScannedInBytes)
	if scanned <= e.opts.MaxBytesScanned {
		return nil
	}
	limitErr := &ScanLimitError{QueryID: rep.QueryID, Limit: e.opts.MaxBytesScanned, Scanned: scanned}
	if err := e.stop(ctx, rep.QueryID, StopScanGuard, rep); err != nil {
		// Only the limit is wrapped: it is what the caller reports.
		return fmt.Errorf("%w (stopping it failed: %s)", limitErr, err.Error())
	}
	return limitErr
}

// newQueryError turns a FAILED/CANCELLED status into a *QueryError.
func newQueryError(queryID string, st *types.QueryExecutionStatus) *QueryError {
	qe := &QueryError{QueryID: queryID, State: string(st.State), Reason: aws.ToString(st.StateChangeReason)}
	if ae := st.AthenaError; ae != nil {
		qe.ErrorCategory = aws.ToInt32(ae.ErrorCategory)
		qe.ErrorType = aws.ToInt32(ae.ErrorType)
		qe.Retryable = ae.Retryable
		if qe.Reason == "" {
			qe.Reason = aws.ToString(ae.ErrorMessage)
		}
	}
	return qe
}

// nextDelay grows d by pollFactor up to limit.
func nextDelay(d, limit time.Duration) time.Duration {
	next := time.Duration(float64(d) * pollFactor)
	if next > limit || next <= 0 {
		return limit
	}
	return next
}

// sleepContext is the default Options.Sleep.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
