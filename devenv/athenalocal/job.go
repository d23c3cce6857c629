package athenalocal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// job is one query running in Trino; it implements athenaemu.Job.
type job struct {
	e      *Engine
	q      athenaemu.Query
	cancel context.CancelFunc

	mu      sync.Mutex
	state   string
	reason  string
	aerr    *wire.AthenaError
	res     *athenaemu.ResultSet
	stats   trino.Stats
	ended   time.Time
	trinoID string
	tq      *trino.Query
	stopped bool
}

// StartQuery implements athenaemu.Engine: the query runs in Trino in the
// background.
func (e *Engine) StartQuery(q *athenaemu.Query) athenaemu.Job {
	j := &job{e: e, q: *q, state: wire.StateQueued}
	if e.ctx.Err() != nil {
		j.finish(wire.StateFailed, "athena-local is shutting down", systemError(true), nil)
		return j
	}
	ctx, cancel := context.WithCancel(e.ctx)
	j.cancel = cancel
	e.wg.Add(1)
	go j.run(ctx)
	return j
}

// Status implements athenaemu.Job. Statistics follow Trino's: data
// scanned is Trino's physical input, engine time its elapsed time less
// queueing, and the total the wall time since submission.
func (j *job) Status(bool) athenaemu.Status {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := athenaemu.Status{State: j.state, Reason: j.reason, Error: j.aerr, Result: j.res, Ended: j.ended, EngineID: j.trinoID}
	end := j.ended
	if end.IsZero() {
		end = j.e.opts.Now()
	}
	s := j.stats
	total := max(end.Sub(j.q.Submitted).Milliseconds(), 0)
	engine := max(s.ElapsedTimeMillis-s.QueuedTimeMillis, 0)
	st.Stats = wire.QueryExecutionStatistics{
		DataScannedInBytes:            s.PhysicalInputBytes,
		EngineExecutionTimeInMillis:   engine,
		QueryQueueTimeInMillis:        s.QueuedTimeMillis,
		TotalExecutionTimeInMillis:    max(total, engine+s.QueuedTimeMillis),
		ServiceProcessingTimeInMillis: max(total-engine-s.QueuedTimeMillis, 0),
	}
	return st
}

// Cancel implements athenaemu.Job: the Trino query is cancelled (DELETE)
// before Cancel returns.
func (j *job) Cancel() {
	j.mu.Lock()
	j.stopped = true
	tq := j.tq
	j.mu.Unlock()
	j.finish(wire.StateCancelled, "Query cancelled by user", nil, nil)
	if tq != nil {
		j.e.cancelTrino(tq)
	}
	if j.cancel != nil {
		j.cancel()
	}
}

// run executes the query in Trino and renders its results.
func (j *job) run(ctx context.Context) {
	e := j.e
	defer e.wg.Done()
	defer func() {
		if p := recover(); p != nil {
			e.log.Error("athena-local: panic running a query", "id", j.q.ID, "panic", p)
			j.finish(wire.StateFailed, fmt.Sprintf("athena-local: internal error: %v", p), systemError(true), nil)
		}
	}()
	sess := trino.Session{Catalog: e.trinoCatalog(j.q.Catalog), Schema: strings.ToLower(j.q.Database)}
	// The POST is not tied to ctx: aborting it mid-flight could leave a
	// query running in Trino whose id we never learn. Cancel cancels it
	// right after instead.
	sql := rewriteCatalogs(j.q.SQL, e.sqlCatalogs)
	tq, err := e.trino.Submit(context.WithoutCancel(ctx), withParameters(sql, j.q.Params), sess)
	if err != nil {
		j.finish(wire.StateFailed, "athena-local: cannot submit the query to Trino: "+err.Error(), systemError(true), nil)
		return
	}
	j.mu.Lock()
	j.tq, j.trinoID = tq, tq.ID()
	stopped := j.stopped
	j.mu.Unlock()
	if stopped || ctx.Err() != nil {
		e.cancelTrino(tq)
		return
	}
	res := &buffer{}
	for {
		j.progress(tq)
		if res.cols == nil && tq.Columns() != nil {
			res.cols = prepareColumns(tq.Columns())
		}
		if err := res.add(tq.RawRows(), e.opts.MaxResultBytes); err != nil {
			e.cancelTrino(tq)
			j.finish(wire.StateFailed, err.Error(), &wire.AthenaError{ErrorCategory: 2, ErrorType: 1000}, tq)
			return
		}
		more, err := tq.Next(ctx)
		if err != nil {
			j.failed(ctx, tq, err)
			return
		}
		if !more {
			break
		}
	}
	out := &athenaemu.ResultSet{Rows: res.rows, Columns: make([]wire.ColumnInfo, len(res.cols))}
	for i, c := range res.cols {
		out.Columns[i] = athenaColumnInfo(c)
	}
	updateType, count := tq.Update()
	out.Header = j.q.IsQuery && updateType == "" && len(res.cols) > 0
	if count != nil {
		out.UpdateCount = *count
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if wire.Terminal(j.state) { // cancelled while the last page arrived
		return
	}
	j.res, j.stats = out, tq.Stats()
	j.state, j.ended = wire.StateSucceeded, e.opts.Now()
	e.log.Info("query succeeded", "id", j.q.ID, "trino", j.trinoID, "rows", len(out.Rows), "scanned", j.stats.PhysicalInputBytes)
}

// failed ends the query after Next returned err.
func (j *job) failed(ctx context.Context, tq *trino.Query, err error) {
	var te *trino.Error
	isTrino := errors.As(err, &te)
	switch {
	case ctx.Err() != nil || errors.Is(err, trino.ErrCanceled):
		j.e.cancelTrino(tq)
		j.finish(wire.StateCancelled, "Query cancelled by user", nil, tq)
	case isTrino && te.ErrorName == "USER_CANCELED":
		j.finish(wire.StateCancelled, te.Message, nil, tq)
	case isTrino:
		reason := j.e.athenaNames(te.Message)
		if te.ErrorName != "" {
			// Athena engine v3 prefixes Trino's error name:
			// "TABLE_NOT_FOUND: line 1:15: Table '…' does not exist".
			reason = te.ErrorName + ": " + reason
		}
		ae := systemError(te.ErrorType == "INTERNAL_ERROR" || te.ErrorType == "INSUFFICIENT_RESOURCES")
		switch te.ErrorType {
		case "USER_ERROR":
			ae = &wire.AthenaError{ErrorCategory: 2, ErrorType: 1000}
		case "INSUFFICIENT_RESOURCES":
			ae.ErrorType = 1 // "Query exhausted resources at this scale factor"
		}
		j.finish(wire.StateFailed, reason, ae, tq)
	default: // lost contact with Trino: give up on the query there too
		j.e.cancelTrino(tq)
		j.finish(wire.StateFailed, "athena-local: lost contact with Trino: "+err.Error(), systemError(true), tq)
	}
}

// systemError is AthenaError category 1 (SYSTEM), type 200 ("Query engine
// had an internal error").
func systemError(retryable bool) *wire.AthenaError {
	return &wire.AthenaError{ErrorCategory: 1, ErrorType: 200, Retryable: retryable}
}

// finish moves the query to a final state unless it has one.
func (j *job) finish(state, reason string, ae *wire.AthenaError, tq *trino.Query) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if wire.Terminal(j.state) {
		return
	}
	if ae != nil && ae.ErrorMessage == "" {
		ae.ErrorMessage = reason
	}
	j.state, j.reason, j.aerr, j.ended = state, reason, ae, j.e.opts.Now()
	if tq != nil {
		j.stats = tq.Stats()
	}
	j.e.log.Info("query ended", "id", j.q.ID, "trino", j.trinoID, "state", state, "reason", reason)
}

// progress copies Trino's running state and statistics.
func (j *job) progress(tq *trino.Query) {
	st := tq.Stats()
	j.mu.Lock()
	defer j.mu.Unlock()
	if wire.Terminal(j.state) {
		return
	}
	j.stats = st
	switch st.State {
	case "", "QUEUED", "WAITING_FOR_RESOURCES", "DISPATCHING":
		j.state = wire.StateQueued
	default: // PLANNING … FINISHED: Athena stays RUNNING until results are ready
		j.state = wire.StateRunning
	}
}

// cancelTrino DELETEs the Trino query with a short context of its own.
func (e *Engine) cancelTrino(tq *trino.Query) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tq.Cancel(ctx); err != nil {
		e.log.Warn("athena-local: cancelling a Trino query", "trino", tq.ID(), "error", err)
	}
}

// buffer collects a query's rendered rows.
type buffer struct {
	cols  []columnType
	rows  [][]*string
	bytes int64
}

// add renders and appends a page of raw rows, failing once the buffer
// exceeds limit bytes.
func (b *buffer) add(raw [][]json.RawMessage, limit int64) error {
	for _, in := range raw {
		out := make([]*string, len(in))
		for i, v := range in {
			var c columnType
			if i < len(b.cols) {
				c = b.cols[i]
			}
			out[i] = renderCell(c.t, v)
		}
		b.rows = append(b.rows, out)
		if b.bytes += athenaemu.RowBytes(out); b.bytes > limit {
			return fmt.Errorf("athena-local: the query result exceeds the %d-byte result buffer (MaxResultBytes); add a LIMIT or raise -max-result-bytes", limit)
		}
	}
	return nil
}
