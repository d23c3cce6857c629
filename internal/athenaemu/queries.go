package athenaemu

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// The query lifecycle, the same whatever the engine: StartQueryExecution
// validates and registers an execution (or answers from a ClientRequestToken
// seen before, or from a reusable result), the engine's Job reports its
// progress until a final state, which the server then keeps.

// execution is one StartQueryExecution. Guarded by Server.mu.
type execution struct {
	q              Query
	token          string
	outputLocation string
	reuseCfg       *wire.ResultReuseConfiguration
	reuseKey       string
	job            Job
	cur            Status // the latest status; final once final is set
	final          bool
	done           time.Time
	res            *held // a SUCCEEDED query's result, shared by reusers
	reused         bool
	stopped        bool
}

// held is a result in the buffer.
type held struct {
	*ResultSet
	bytes   int64
	refs    int
	evicted bool
}

// evict drops the rows. It replaces the ResultSet, never changes it: a
// reader may still be paging the old one.
func (h *held) evict() {
	h.evicted = true
	h.ResultSet = &ResultSet{Columns: h.Columns, Header: h.Header}
}

// QueryInfo is a snapshot of a query execution, for tests and /_admin.
type QueryInfo struct {
	ID, SQL, State, StateChangeReason, WorkGroup string
	// EngineID is the engine's id of the query ("" for reused or
	// fault-failed queries).
	EngineID string
	// Stopped reports that StopQueryExecution was called for it.
	Stopped bool
	// Reused reports that it was answered from an earlier result.
	Reused bool
	// ResultRows counts the result's data rows (without the header row).
	ResultRows int
}

// Queries returns every remembered query, oldest first.
func (s *Server) Queries() []QueryInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]QueryInfo, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.info(s.execs[id]))
	}
	return out
}

// Query returns one query's snapshot.
func (s *Server) Query(id string) (QueryInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.execs[id]
	if !ok {
		return QueryInfo{}, false
	}
	return s.info(e), true
}

func (s *Server) info(e *execution) QueryInfo {
	s.refresh(e, false)
	qi := QueryInfo{ID: e.q.ID, SQL: e.q.SQL, State: e.cur.State, StateChangeReason: e.cur.Reason, WorkGroup: e.q.WorkGroup,
		EngineID: e.cur.EngineID, Stopped: e.stopped, Reused: e.reused}
	if e.res != nil && !e.res.evicted {
		qi.ResultRows = len(e.res.Rows)
	}
	return qi
}

// startQuery validates like Athena and registers the query.
func (s *Server) startQuery(ctx context.Context, in *athenasdk.StartQueryExecutionInput) (any, *wire.Error) {
	sql := aws.ToString(in.QueryString)
	if strings.TrimSpace(sql) == "" || len(sql) > 262144 {
		return nil, wire.InvalidRequest("QueryString must be between 1 and 262144 characters")
	}
	token := aws.ToString(in.ClientRequestToken)
	if token != "" && (len(token) < 32 || len(token) > 128) {
		return nil, wire.InvalidRequest("ClientRequestToken must be between 32 and 128 characters")
	}
	e := &execution{token: token, q: Query{SQL: sql, Params: in.ExecutionParameters}}
	if c := in.QueryExecutionContext; c != nil {
		e.q.Catalog, e.q.Database = aws.ToString(c.Catalog), aws.ToString(c.Database)
	}
	if rr := in.ResultReuseConfiguration; rr != nil && rr.ResultReuseByAgeConfiguration != nil {
		age := rr.ResultReuseByAgeConfiguration
		m := int32(60)
		if age.MaxAgeInMinutes != nil {
			m = *age.MaxAgeInMinutes
		}
		if m < 0 || m > 10080 {
			return nil, wire.InvalidRequest(fmt.Sprintf("MaxAgeInMinutes must be between 0 and 10080, got %d", m))
		}
		e.reuseCfg = &wire.ResultReuseConfiguration{ResultReuseByAgeConfiguration: wire.ResultReuseByAgeConfiguration{Enabled: age.Enabled, MaxAgeInMinutes: aws.Int32(m)}}
	}
	e.q.StatementType, e.q.IsQuery = StatementKind(sql)
	e.reuseKey = strings.Join([]string{sql, strings.ToLower(e.q.Catalog), strings.ToLower(e.q.Database), strings.Join(e.q.Params, "\x01")}, "\x00")

	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.tokens[token]; ok && token != "" { // an idempotent retry
		return &wire.StartQueryExecutionOutput{QueryExecutionId: id}, nil
	}
	wgName := aws.ToString(in.WorkGroup)
	if wgName == "" {
		wgName = "primary"
	}
	wg := s.findWorkGroup(wgName)
	if wg == nil {
		return nil, wire.WorkGroupNotFound(wgName)
	}
	if wg.State != "ENABLED" {
		return nil, wire.InvalidRequest("WorkGroup " + wgName + " is disabled.")
	}
	e.q.WorkGroup = wg.Name
	if rc := in.ResultConfiguration; rc != nil && !wg.Enforce {
		e.outputLocation = aws.ToString(rc.OutputLocation)
	}
	if e.outputLocation == "" {
		e.outputLocation = wg.OutputLocation
	}
	if e.outputLocation == "" {
		return nil, wire.InvalidRequest("No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.")
	}
	if s.isClosed() {
		return nil, wire.Internal(s.name + " is shutting down")
	}
	now := s.now()
	e.q.ID, e.q.Submitted = newID(), now
	plan, _ := ctx.Value(planKey{}).(faultPlan)
	switch {
	case plan.action == ActFail:
		reason, ae := plan.queryFailure()
		e.cur, e.final, e.done = Status{State: wire.StateFailed, Reason: reason, Error: ae}, true, now
	case plan.action == ActHang:
		e.job = &hangJob{}
	case s.tryReuse(e, now):
	default:
		e.job = s.engine.StartQuery(&e.q)
	}
	if !e.final {
		e.cur = Status{State: wire.StateQueued}
	}
	s.execs[e.q.ID] = e
	s.order = append(s.order, e.q.ID)
	if token != "" {
		s.tokens[token] = e.q.ID
	}
	s.forgetOld()
	return &wire.StartQueryExecutionOutput{QueryExecutionId: e.q.ID}, nil
}

// tryReuse answers e from the latest identical query (same SQL, catalog,
// database and parameters) that succeeded within the requested age and
// whose result is still held, as Athena's result reuse does (lock held).
func (s *Server) tryReuse(e *execution, now time.Time) bool {
	if e.reuseCfg == nil || !e.reuseCfg.ResultReuseByAgeConfiguration.Enabled || !e.q.IsQuery {
		return false
	}
	maxAge := time.Duration(aws.ToInt32(e.reuseCfg.ResultReuseByAgeConfiguration.MaxAgeInMinutes)) * time.Minute
	for i := len(s.order) - 1; i >= 0; i-- {
		p := s.execs[s.order[i]]
		if p.reuseKey != e.reuseKey {
			continue
		}
		s.refresh(p, false)
		if p.cur.State != wire.StateSucceeded || p.res == nil || p.res.evicted || now.Sub(p.done) > maxAge {
			continue
		}
		e.cur = Status{State: wire.StateSucceeded, Stats: wire.QueryExecutionStatistics{ResultReuseInformation: wire.ResultReuseInformation{ReusedPreviousResult: true}}}
		e.final, e.done, e.reused, e.res = true, now, true, p.res
		p.res.refs++
		return true
	}
	return false
}

// refresh asks e's job where it is, unless e is final, and keeps a final
// state (lock held).
func (s *Server) refresh(e *execution, poll bool) {
	if e.final || e.job == nil {
		return
	}
	st := e.job.Status(poll)
	e.cur = st
	if !wire.Terminal(st.State) {
		return
	}
	e.final, e.done, e.job = true, st.Ended, nil // the job is done with
	if e.done.IsZero() {
		e.done = s.now()
	}
	if e.cur.Error != nil && e.cur.Error.ErrorMessage == "" {
		ae := *e.cur.Error
		ae.ErrorMessage = e.cur.Reason
		e.cur.Error = &ae
	}
	if st.State == wire.StateSucceeded {
		r := st.Result
		if r == nil {
			r = &ResultSet{}
		}
		h := &held{ResultSet: r, refs: 1}
		for _, row := range r.Rows {
			h.bytes += RowBytes(row)
		}
		e.res = h
		s.buffered += h.bytes
		s.evictBuffers(e)
	}
}

// getQueryExecution reports a query; a scripted engine advances it a step.
func (s *Server) getQueryExecution(in *athenasdk.GetQueryExecutionInput) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.execs[aws.ToString(in.QueryExecutionId)]
	if !ok {
		return nil, wire.QueryNotFound(aws.ToString(in.QueryExecutionId))
	}
	s.refresh(e, true)
	return &wire.GetQueryExecutionOutput{QueryExecution: s.describe(e)}, nil
}

// describe renders the QueryExecution (lock held).
func (s *Server) describe(e *execution) wire.QueryExecution {
	qe := wire.QueryExecution{
		QueryExecutionId:         e.q.ID,
		Query:                    e.q.SQL,
		StatementType:            e.q.StatementType,
		ResultConfiguration:      wire.ResultConfiguration{OutputLocation: outputFile(e)},
		ResultReuseConfiguration: e.reuseCfg,
		Status:                   wire.QueryExecutionStatus{State: e.cur.State, StateChangeReason: e.cur.Reason, SubmissionDateTime: wire.EpochOf(e.q.Submitted)},
		Statistics:               e.cur.Stats,
		WorkGroup:                e.q.WorkGroup,
		EngineVersion:            wire.AutoEngineVersion(EngineVersion3),
		ExecutionParameters:      e.q.Params,
	}
	if e.q.Catalog != "" || e.q.Database != "" {
		qe.QueryExecutionContext = &wire.QueryExecutionContext{Catalog: e.q.Catalog, Database: e.q.Database}
	}
	if e.final {
		qe.Status.CompletionDateTime = wire.EpochOf(e.done)
		if e.cur.State == wire.StateFailed {
			qe.Status.AthenaError = e.cur.Error
		}
	}
	return qe
}

// outputFile is where Athena writes e's result: the CSV file named after
// the query in its output location.
func outputFile(e *execution) string {
	return strings.TrimRight(e.outputLocation, "/") + "/" + e.q.ID + ".csv"
}

// stopQuery cancels a query that has not ended, in its engine too, before
// answering, so callers can rely on it. Stopping an ended query succeeds
// and changes nothing, as in Athena.
func (s *Server) stopQuery(in *athenasdk.StopQueryExecutionInput) (any, *wire.Error) {
	s.mu.Lock()
	e, ok := s.execs[aws.ToString(in.QueryExecutionId)]
	s.mu.Unlock()
	if !ok {
		return nil, wire.QueryNotFound(aws.ToString(in.QueryExecutionId))
	}
	s.stop(e, "Query cancelled by user")
	return wire.Empty{}, nil
}

func (s *Server) stop(e *execution, reason string) {
	s.mu.Lock()
	e.stopped = true
	s.refresh(e, false)
	if e.final {
		s.mu.Unlock()
		return
	}
	e.cur.State, e.cur.Reason, e.cur.Result = wire.StateCancelled, reason, nil
	e.final, e.done = true, s.now()
	job := e.job
	e.job = nil
	s.mu.Unlock()
	job.Cancel()
}

// forgetOld drops the oldest finished queries beyond MaxQueries (lock
// held).
func (s *Server) forgetOld() {
	for i := 0; len(s.order) > s.opts.MaxQueries && i < len(s.order); {
		e := s.execs[s.order[i]]
		if s.refresh(e, false); !e.final {
			i++
			continue
		}
		s.order = append(s.order[:i], s.order[i+1:]...)
		delete(s.execs, e.q.ID)
		if e.token != "" && s.tokens[e.token] == e.q.ID {
			delete(s.tokens, e.token)
		}
		if e.res != nil {
			if e.res.refs--; e.res.refs == 0 && !e.res.evicted {
				s.buffered -= e.res.bytes
				e.res.evict()
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

// hangJob is a query an ActHang fault keeps RUNNING until stopped.
type hangJob struct{}

func (hangJob) Status(bool) Status { return Status{State: wire.StateRunning} }
func (hangJob) Cancel()            {}
