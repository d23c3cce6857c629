package athenalocal

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// GetQueryExecution and StopQueryExecution.

// getQueryExecution reports a query.
func (s *Server) getQueryExecution(in *getExecutionInput) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.queries[aws.ToString(in.QueryExecutionId)]
	if !ok {
		return nil, errInvalidRequest("QueryExecution " + aws.ToString(in.QueryExecutionId) + " was not found")
	}
	return &getExecutionOutput{QueryExecution: s.describe(q)}, nil
}

// describe renders the QueryExecution (lock held).
func (s *Server) describe(q *query) queryExecution {
	qe := queryExecution{
		QueryExecutionId:         q.id,
		Query:                    q.sql,
		StatementType:            q.stmtType,
		ResultConfiguration:      resultConfiguration{OutputLocation: strings.TrimRight(q.outputLocation, "/") + "/" + q.id + ".csv"},
		ResultReuseConfiguration: q.reuseCfg,
		Status:                   status{State: q.state, StateChangeReason: q.reason, SubmissionDateTime: epochPtr(q.submitted)},
		WorkGroup:                q.workGroup,
		EngineVersion:            engineVersion{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: EngineVersion3},
		ExecutionParameters:      q.params,
	}
	if q.catalog != "" || q.database != "" {
		qe.QueryExecutionContext = &executionContext{Catalog: q.catalog, Database: q.database}
	}
	end := s.opts.Now()
	if terminal(q.state) {
		end = q.done
		qe.Status.CompletionDateTime = epochPtr(q.done)
		qe.Status.AthenaError = q.aerr
	}
	st := q.stats
	total := max(end.Sub(q.submitted).Milliseconds(), 0)
	engine := max(st.ElapsedTimeMillis-st.QueuedTimeMillis, 0)
	qe.Statistics = statistics{
		DataScannedInBytes:            st.PhysicalInputBytes,
		EngineExecutionTimeInMillis:   engine,
		QueryQueueTimeInMillis:        st.QueuedTimeMillis,
		TotalExecutionTimeInMillis:    max(total, engine+st.QueuedTimeMillis),
		ServiceProcessingTimeInMillis: max(total-engine-st.QueuedTimeMillis, 0),
		ResultReuseInformation:        reuseInfo{ReusedPreviousResult: q.reused},
	}
	return qe
}

// stopQuery cancels a running query, in Trino too (DELETE nextUri, sent
// before answering so callers can rely on it). Stopping an ended query
// succeeds and changes nothing, as in Athena.
func (s *Server) stopQuery(in *stopInput) (any, *apiError) {
	s.mu.Lock()
	q, ok := s.queries[aws.ToString(in.QueryExecutionId)]
	s.mu.Unlock()
	if !ok {
		return nil, errInvalidRequest("QueryExecution " + aws.ToString(in.QueryExecutionId) + " was not found")
	}
	s.stop(q, "Query cancelled by user")
	return empty{}, nil
}

func (s *Server) stop(q *query, reason string) {
	s.mu.Lock()
	q.stopped = true
	if terminal(q.state) {
		s.mu.Unlock()
		return
	}
	q.state, q.reason, q.done = stateCancelled, reason, s.opts.Now()
	tq, cancel := q.tq, q.cancel
	s.mu.Unlock()
	if tq != nil {
		s.cancelTrino(tq)
	}
	if cancel != nil {
		cancel()
	}
}
