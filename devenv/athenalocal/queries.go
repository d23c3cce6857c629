package athenalocal

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// query is one StartQueryExecution. All fields are guarded by Server.mu.
type query struct {
	id, sql, token, workGroup string
	catalog, database         string // as the request named them
	trinoCatalog              string
	params                    []string
	outputLocation            string
	stmtType                  string
	isQuery                   bool
	reuseCfg                  *athenawire.ResultReuseConfiguration
	reuseKey                  string

	state           string
	reason          string
	aerr            *athenawire.AthenaError
	submitted, done time.Time
	stats           trino.Stats
	trinoID         string
	tq              *trino.Query
	res             *results // set on success; shared by reusing queries
	reused          bool
	stopped         bool
	cancel          context.CancelFunc
}

// QueryInfo is a snapshot of a query execution, for tests and /_admin.
type QueryInfo struct {
	ID, SQL, State, StateChangeReason, WorkGroup string
	// TrinoQueryID is Trino's id ("" for reused or forced-failed queries).
	TrinoQueryID string
	Reused       bool
	Stopped      bool
	// ResultRows counts buffered data rows (without the header row).
	ResultRows int
}

// Queries returns every remembered query, oldest first.
func (s *Server) Queries() []QueryInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]QueryInfo, 0, len(s.order))
	for _, id := range s.order {
		q := s.queries[id]
		qi := QueryInfo{ID: q.id, SQL: q.sql, State: q.state, StateChangeReason: q.reason, WorkGroup: q.workGroup,
			TrinoQueryID: q.trinoID, Reused: q.reused, Stopped: q.stopped}
		if q.res != nil {
			qi.ResultRows = len(q.res.rows)
		}
		out = append(out, qi)
	}
	return out
}

// startQuery validates like Athena, registers the query and starts it in
// Trino in the background.
func (s *Server) startQuery(in *athenasdk.StartQueryExecutionInput) (any, *athenawire.Error) {
	sql := aws.ToString(in.QueryString)
	if strings.TrimSpace(sql) == "" || len(sql) > 262144 {
		return nil, athenawire.InvalidRequest("QueryString must be between 1 and 262144 characters")
	}
	token := aws.ToString(in.ClientRequestToken)
	if token != "" && (len(token) < 32 || len(token) > 128) {
		return nil, athenawire.InvalidRequest("ClientRequestToken must be between 32 and 128 characters")
	}
	wg := aws.ToString(in.WorkGroup)
	if wg == "" {
		wg = "primary"
	}
	if !s.hasWorkGroup(wg) {
		return nil, athenawire.WorkGroupNotFound(wg)
	}
	q := &query{sql: sql, token: token, workGroup: wg, state: athenawire.StateQueued, params: in.ExecutionParameters}
	if c := in.QueryExecutionContext; c != nil {
		q.catalog, q.database = aws.ToString(c.Catalog), aws.ToString(c.Database)
	}
	q.trinoCatalog = s.trinoCatalog(q.catalog)
	q.outputLocation = s.opts.OutputLocation
	if rc := in.ResultConfiguration; rc != nil && aws.ToString(rc.OutputLocation) != "" {
		q.outputLocation = aws.ToString(rc.OutputLocation)
	}
	if rr := in.ResultReuseConfiguration; rr != nil && rr.ResultReuseByAgeConfiguration != nil {
		age := rr.ResultReuseByAgeConfiguration
		m := aws.ToInt32(age.MaxAgeInMinutes)
		if age.MaxAgeInMinutes == nil {
			m = 60
		}
		if m < 0 || m > 10080 {
			return nil, athenawire.InvalidRequest(fmt.Sprintf("MaxAgeInMinutes must be between 0 and 10080, got %d", m))
		}
		q.reuseCfg = &athenawire.ResultReuseConfiguration{ResultReuseByAgeConfiguration: athenawire.ResultReuseByAgeConfiguration{Enabled: age.Enabled, MaxAgeInMinutes: aws.Int32(m)}}
	}
	q.stmtType, q.isQuery = statementKind(sql)
	q.reuseKey = strings.Join([]string{sql, strings.ToLower(q.trinoCatalog), strings.ToLower(q.database), strings.Join(q.params, "\x01")}, "\x00")

	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.tokens[token]; ok && token != "" { // idempotent retry of the same start
		return &athenawire.StartQueryExecutionOutput{QueryExecutionId: id}, nil
	}
	now := s.opts.Now()
	q.id, q.submitted = newID(), now
	switch f := s.faults.matchFailure(sql); {
	case f != nil:
		q.state, q.done = athenawire.StateFailed, now
		q.reason = f.Reason
		q.aerr = &athenawire.AthenaError{ErrorCategory: f.ErrorCategory, ErrorType: f.ErrorType, Retryable: f.Retryable, ErrorMessage: f.Reason}
	case s.tryReuse(q, now):
	case s.ctx.Err() != nil:
		return nil, athenawire.Internal("athena-local is shutting down")
	default:
		ctx, cancel := context.WithCancel(s.ctx)
		q.cancel = cancel
		s.wg.Add(1)
		go s.run(ctx, q)
	}
	s.queries[q.id] = q
	s.order = append(s.order, q.id)
	if token != "" {
		s.tokens[token] = q.id
	}
	s.forgetOldQueries()
	return &athenawire.StartQueryExecutionOutput{QueryExecutionId: q.id}, nil
}

// tryReuse answers q from an identical query (same SQL, catalog, database
// and parameters) that succeeded within the requested age and whose results
// are still buffered, as Athena's result reuse does (lock held).
func (s *Server) tryReuse(q *query, now time.Time) bool {
	if q.reuseCfg == nil || !q.reuseCfg.ResultReuseByAgeConfiguration.Enabled || !q.isQuery {
		return false
	}
	prev, ok := s.queries[s.reuse[q.reuseKey]]
	maxAge := time.Duration(aws.ToInt32(q.reuseCfg.ResultReuseByAgeConfiguration.MaxAgeInMinutes)) * time.Minute
	if !ok || prev.state != athenawire.StateSucceeded || prev.res == nil || prev.res.evicted || now.Sub(prev.done) > maxAge {
		return false
	}
	q.state, q.done, q.reused = athenawire.StateSucceeded, now, true
	q.res = prev.res
	q.res.refs++
	q.stats = trino.Stats{State: "FINISHED"}
	return true
}

// run executes q in Trino and buffers its rendered results.
func (s *Server) run(ctx context.Context, q *query) {
	defer s.wg.Done()
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("athena-local: panic running a query", "id", q.id, "panic", p)
			s.finish(q, athenawire.StateFailed, fmt.Sprintf("athena-local: internal error: %v", p), systemError(true), nil)
		}
	}()
	s.mu.Lock()
	sess := trino.Session{Catalog: q.trinoCatalog, Schema: strings.ToLower(q.database)}
	sql := withParameters(q.sql, q.params)
	s.mu.Unlock()

	// The POST is not tied to ctx: aborting it mid-flight could leave a
	// query running in Trino whose id we never learn. Stop cancels it right
	// after instead.
	tq, err := s.trino.Submit(context.WithoutCancel(ctx), sql, sess)
	if err != nil {
		s.finish(q, athenawire.StateFailed, "athena-local: cannot submit the query to Trino: "+err.Error(), systemError(true), nil)
		return
	}
	s.mu.Lock()
	q.tq, q.trinoID = tq, tq.ID()
	stopped := q.stopped
	s.mu.Unlock()
	if stopped || ctx.Err() != nil {
		s.cancelTrino(tq)
		return
	}

	res := &results{refs: 1}
	for {
		s.progress(q, tq)
		if res.cols == nil && tq.Columns() != nil {
			res.cols = prepareColumns(tq.Columns())
		}
		if err := res.add(tq.RawRows(), s.opts.MaxResultBytes); err != nil {
			s.cancelTrino(tq)
			s.finish(q, athenawire.StateFailed, err.Error(), &athenawire.AthenaError{ErrorCategory: 2, ErrorType: 1000, ErrorMessage: err.Error()}, tq)
			return
		}
		more, err := tq.Next(ctx)
		if err != nil {
			s.failed(ctx, q, tq, err)
			return
		}
		if !more {
			break
		}
	}
	updateType, count := tq.Update()
	res.header = q.isQuery && updateType == "" && len(res.cols) > 0
	if count != nil {
		res.updateCount = *count
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if athenawire.Terminal(q.state) { // stopped while the last page arrived
		return
	}
	q.res, q.stats = res, tq.Stats()
	q.state, q.done = athenawire.StateSucceeded, s.opts.Now()
	s.buffered += res.bytes
	if q.isQuery {
		s.reuse[q.reuseKey] = q.id
	}
	s.evictBuffers(q)
	s.log.Info("query succeeded", "id", q.id, "trino", q.trinoID, "rows", len(res.rows), "scanned", q.stats.PhysicalInputBytes)
}

// failed ends q after Next returned err.
func (s *Server) failed(ctx context.Context, q *query, tq *trino.Query, err error) {
	var te *trino.Error
	isTrino := errors.As(err, &te)
	switch {
	case ctx.Err() != nil || errors.Is(err, trino.ErrCanceled):
		s.cancelTrino(tq)
		s.finish(q, athenawire.StateCancelled, "Query cancelled by user", nil, tq)
	case isTrino && te.ErrorName == "USER_CANCELED":
		s.finish(q, athenawire.StateCancelled, te.Message, nil, tq)
	case isTrino:
		reason := te.Message
		if te.ErrorName != "" {
			// Athena engine v3 prefixes Trino's error name:
			// "TABLE_NOT_FOUND: line 1:15: Table '…' does not exist".
			reason = te.ErrorName + ": " + te.Message
		}
		ae := systemError(te.ErrorType == "INTERNAL_ERROR" || te.ErrorType == "INSUFFICIENT_RESOURCES")
		switch te.ErrorType {
		case "USER_ERROR":
			ae = &athenawire.AthenaError{ErrorCategory: 2, ErrorType: 1000}
		case "INSUFFICIENT_RESOURCES":
			ae.ErrorType = 1 // "Query exhausted resources at this scale factor"
		}
		ae.ErrorMessage = reason
		s.finish(q, athenawire.StateFailed, reason, ae, tq)
	default: // lost contact with Trino: give up on the query there too
		s.cancelTrino(tq)
		s.finish(q, athenawire.StateFailed, "athena-local: lost contact with Trino: "+err.Error(), systemError(true), tq)
	}
}

// systemError is AthenaError category 1 (SYSTEM), type 200 ("Query engine
// had an internal error").
func systemError(retryable bool) *athenawire.AthenaError {
	return &athenawire.AthenaError{ErrorCategory: 1, ErrorType: 200, Retryable: retryable}
}

// finish moves q to a final state unless it already has one (lock not held).
func (s *Server) finish(q *query, state, reason string, ae *athenawire.AthenaError, tq *trino.Query) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if athenawire.Terminal(q.state) {
		return
	}
	if ae != nil && ae.ErrorMessage == "" {
		ae.ErrorMessage = reason
	}
	q.state, q.reason, q.aerr, q.done = state, reason, ae, s.opts.Now()
	if tq != nil {
		q.stats = tq.Stats()
	}
	s.log.Info("query ended", "id", q.id, "trino", q.trinoID, "state", state, "reason", reason)
}

// progress copies Trino's running state and statistics into q.
func (s *Server) progress(q *query, tq *trino.Query) {
	st := tq.Stats()
	s.mu.Lock()
	defer s.mu.Unlock()
	if athenawire.Terminal(q.state) {
		return
	}
	q.stats = st
	switch st.State {
	case "", "QUEUED", "WAITING_FOR_RESOURCES", "DISPATCHING":
		q.state = athenawire.StateQueued
	default: // PLANNING … FINISHED: Athena stays RUNNING until results are ready
		q.state = athenawire.StateRunning
	}
}

// cancelTrino DELETEs the Trino query with a short context of its own.
func (s *Server) cancelTrino(tq *trino.Query) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tq.Cancel(ctx); err != nil {
		s.log.Warn("athena-local: cancelling a Trino query", "trino", tq.ID(), "error", err)
	}
}

// forgetOldQueries drops the oldest finished queries beyond MaxQueries
// (lock held).
func (s *Server) forgetOldQueries() {
	for i := 0; len(s.order) > s.opts.MaxQueries && i < len(s.order); {
		q := s.queries[s.order[i]]
		if !athenawire.Terminal(q.state) {
			i++
			continue
		}
		s.order = append(s.order[:i], s.order[i+1:]...)
		delete(s.queries, q.id)
		if q.token != "" && s.tokens[q.token] == q.id {
			delete(s.tokens, q.token)
		}
		if s.reuse[q.reuseKey] == q.id {
			delete(s.reuse, q.reuseKey)
		}
		if q.res != nil {
			q.res.refs--
			if q.res.refs == 0 && !q.res.evicted {
				s.buffered -= q.res.bytes
				q.res.evict()
			}
		}
	}
}

// newID returns a random UUID (version 4), the form of Athena's ids.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
