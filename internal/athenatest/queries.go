package athenatest

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// EngineVersion3 is the effective engine version the server reports. The
// generic Athena plugin panics without one, so it is always set.
const EngineVersion3 = athenawire.EngineVersion3

// query is one StartQueryExecution and its progress.
type query struct {
	id, sql, token    string
	workGroup         string
	catalog, database string
	outputLocation    string
	reuse             *athenawire.ResultReuseConfiguration
	result            Result
	statementType     string
	step              int
	state             string
	reason            string
	scanned           int64
	reused            bool
	stopped           bool
	submitted, done   time.Time
}

// QueryInfo is a snapshot of a query the server knows, for assertions.
type QueryInfo struct {
	ID, SQL, State string
	WorkGroup      string
	// Stopped reports that StopQueryExecution was called for it.
	Stopped bool
	// Reused reports that the server answered it from a previous result.
	Reused bool
}

// Queries returns all queries in start order.
func (s *Server) Queries() []QueryInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]QueryInfo, 0, len(s.queryOrder))
	for _, id := range s.queryOrder {
		out = append(out, s.queries[id].info())
	}
	return out
}

// Query returns one query's snapshot.
func (s *Server) Query(id string) (QueryInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.queries[id]
	if !ok {
		return QueryInfo{}, false
	}
	return q.info(), true
}

func (q *query) info() QueryInfo {
	return QueryInfo{ID: q.id, SQL: q.sql, State: q.state, WorkGroup: q.workGroup, Stopped: q.stopped, Reused: q.reused}
}

// startQuery validates like Athena and registers the query (lock held).
func (s *Server) startQuery(in *athenasdk.StartQueryExecutionInput) (any, *athenawire.Error) {
	sql := aws.ToString(in.QueryString)
	if sql == "" || len(sql) > 262144 {
		return nil, athenawire.InvalidRequest("QueryString must be between 1 and 262144 characters")
	}
	token := aws.ToString(in.ClientRequestToken)
	if token != "" {
		if len(token) < 32 || len(token) > 128 {
			return nil, athenawire.InvalidRequest("ClientRequestToken must be between 32 and 128 characters")
		}
		if id, ok := s.tokens[token]; ok { // idempotent retry
			return &athenawire.StartQueryExecutionOutput{QueryExecutionId: id}, nil
		}
	}
	wgName := aws.ToString(in.WorkGroup)
	if wgName == "" {
		wgName = "primary"
	}
	wg := s.findWorkGroup(wgName)
	if wg == nil {
		return nil, athenawire.WorkGroupNotFound(wgName)
	}
	if wg.State != "ENABLED" {
		return nil, athenawire.InvalidRequest("WorkGroup " + wgName + " is disabled.")
	}
	q := &query{sql: sql, token: token, workGroup: wg.Name, state: athenawire.StateQueued, submitted: s.now()}
	if c := in.QueryExecutionContext; c != nil {
		q.catalog, q.database = aws.ToString(c.Catalog), aws.ToString(c.Database)
	}
	if rc := in.ResultConfiguration; rc != nil && !wg.Enforce {
		q.outputLocation = aws.ToString(rc.OutputLocation)
	}
	if q.outputLocation == "" {
		q.outputLocation = wg.OutputLocation
	}
	if q.outputLocation == "" {
		return nil, athenawire.InvalidRequest("No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.")
	}
	if rr := in.ResultReuseConfiguration; rr != nil && rr.ResultReuseByAgeConfiguration != nil {
		age := rr.ResultReuseByAgeConfiguration
		if m := aws.ToInt32(age.MaxAgeInMinutes); m < 0 || m > 10080 {
			return nil, athenawire.InvalidRequest(fmt.Sprintf("MaxAgeInMinutes must be between 0 and 10080, got %d", m))
		}
		q.reuse = &athenawire.ResultReuseConfiguration{ResultReuseByAgeConfiguration: athenawire.ResultReuseByAgeConfiguration{Enabled: age.Enabled, MaxAgeInMinutes: age.MaxAgeInMinutes}}
	}
	q.result = s.resultFor(sql)
	q.statementType = q.result.StatementType
	if q.statementType == "" {
		q.statementType = "DML"
	}
	q.reused = q.result.Reused || s.reusable(q)
	s.seq++
	q.id = fmt.Sprintf("a7e0a7e0-0000-4000-8000-%012x", s.seq)
	s.queries[q.id] = q
	s.queryOrder = append(s.queryOrder, q.id)
	if token != "" {
		s.tokens[token] = q.id
	}
	return &athenawire.StartQueryExecutionOutput{QueryExecutionId: q.id}, nil
}

// reusable emulates Athena result reuse: enabled in the request, and an
// identical query in the same context succeeded within the max age (lock
// held).
func (s *Server) reusable(q *query) bool {
	if q.reuse == nil || !q.reuse.ResultReuseByAgeConfiguration.Enabled || q.result.Final != "" && q.result.Final != athenawire.StateSucceeded {
		return false
	}
	maxAge := 60 * time.Minute
	if m := q.reuse.ResultReuseByAgeConfiguration.MaxAgeInMinutes; m != nil {
		maxAge = time.Duration(*m) * time.Minute
	}
	for _, id := range s.queryOrder {
		p := s.queries[id]
		if p.state == athenawire.StateSucceeded && p.sql == q.sql && p.catalog == q.catalog && p.database == q.database &&
			q.submitted.Sub(p.done) <= maxAge {
			return true
		}
	}
	return false
}

// getQueryExecution advances the query by one scripted step and reports it
// (lock held).
func (s *Server) getQueryExecution(in *athenasdk.GetQueryExecutionInput) (any, *athenawire.Error) {
	id := aws.ToString(in.QueryExecutionId)
	q, ok := s.queries[id]
	if !ok {
		return nil, athenawire.QueryNotFound(id)
	}
	s.advance(q)
	return &athenawire.GetQueryExecutionOutput{QueryExecution: s.describe(q)}, nil
}

func (s *Server) advance(q *query) {
	if athenawire.Terminal(q.state) {
		return
	}
	r := q.result
	if !q.reused && q.step < len(r.Steps) {
		st := r.Steps[q.step]
		q.step++
		q.state, q.scanned = st.State, st.DataScannedBytes
		return
	}
	final := r.Final
	if final == "" {
		final = athenawire.StateSucceeded
	}
	q.state = final
	if !athenawire.Terminal(final) {
		return // scripted to run until stopped
	}
	q.done = s.now()
	q.scanned = r.Stats.DataScannedBytes
	if q.reused {
		q.scanned = 0
	}
	switch final {
	case athenawire.StateFailed:
		q.reason = r.Failure.Reason
	case athenawire.StateCancelled:
		q.reason = "Query was cancelled"
	}
}

// describe renders the GetQueryExecution body (lock held).
func (s *Server) describe(q *query) athenawire.QueryExecution {
	st := q.result.Stats
	qe := athenawire.QueryExecution{
		QueryExecutionId:         q.id,
		Query:                    q.sql,
		StatementType:            q.statementType,
		ResultConfiguration:      athenawire.ResultConfiguration{OutputLocation: q.outputLocation + q.id + ".csv"},
		ResultReuseConfiguration: q.reuse,
		Status:                   athenawire.QueryExecutionStatus{State: q.state, StateChangeReason: q.reason, SubmissionDateTime: athenawire.EpochOf(q.submitted)},
		Statistics:               athenawire.QueryExecutionStatistics{DataScannedInBytes: q.scanned},
		WorkGroup:                q.workGroup,
		EngineVersion:            athenawire.AutoEngineVersion(EngineVersion3),
	}
	if q.catalog != "" || q.database != "" {
		qe.QueryExecutionContext = &athenawire.QueryExecutionContext{Catalog: q.catalog, Database: q.database}
	}
	if !athenawire.Terminal(q.state) {
		return qe
	}
	qe.Status.CompletionDateTime = athenawire.EpochOf(q.done)
	qe.Statistics = athenawire.QueryExecutionStatistics{
		DataScannedInBytes:            q.scanned,
		EngineExecutionTimeInMillis:   orDefault(st.EngineTimeMs, 120),
		QueryQueueTimeInMillis:        orDefault(st.QueueTimeMs, 15),
		QueryPlanningTimeInMillis:     orDefault(st.PlanningTimeMs, 40),
		TotalExecutionTimeInMillis:    orDefault(st.TotalTimeMs, 180),
		ServiceProcessingTimeInMillis: orDefault(st.ServiceProcessingTimeMs, 20),
		ResultReuseInformation:        athenawire.ResultReuseInformation{ReusedPreviousResult: q.reused},
	}
	if q.state == athenawire.StateFailed {
		f := q.result.Failure
		qe.Status.AthenaError = &athenawire.AthenaError{ErrorCategory: f.Category, ErrorType: f.Type, Retryable: f.Retryable, ErrorMessage: f.Reason}
	}
	return qe
}

func orDefault(v, def int64) int64 {
	if v == 0 {
		return def
	}
	return v
}

// stopQuery records the stop and cancels a query that has not ended
// (lock held). Stopping an ended query succeeds and changes nothing, as in
// Athena.
func (s *Server) stopQuery(in *athenasdk.StopQueryExecutionInput) (any, *athenawire.Error) {
	id := aws.ToString(in.QueryExecutionId)
	q, ok := s.queries[id]
	if !ok {
		return nil, athenawire.QueryNotFound(id)
	}
	q.stopped = true
	if !athenawire.Terminal(q.state) {
		q.state = athenawire.StateCancelled
		q.reason = "Query cancelled by user"
		q.done = s.now()
	}
	return athenawire.Empty{}, nil
}
