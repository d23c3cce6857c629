package athenalocal

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// GetQueryExecution and StopQueryExecution.

// getQueryExecution reports a query.
func (s *Server) getQueryExecution(in *athenasdk.GetQueryExecutionInput) (any, *athenawire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.queries[aws.ToString(in.QueryExecutionId)]
	if !ok {
		return nil, athenawire.QueryNotFound(aws.ToString(in.QueryExecutionId))
	}
	return &athenawire.GetQueryExecutionOutput{QueryExecution: s.describe(q)}, nil
}

// describe renders the QueryExecution (lock held).
func (s *Server) describe(q *query) athenawire.QueryExecution {
	qe := athenawire.QueryExecution{
		QueryExecutionId:         q.id,
		Query:                    q.sql,
		StatementType:            q.stmtType,
		ResultConfiguration:      athenawire.ResultConfiguration{OutputLocation: strings.TrimRight(q.outputLocation, "/") + "/" + q.id + ".csv"},
		ResultReuseConfiguration: q.reuseCfg,
		Status:                   athenawire.QueryExecutionStatus{State: q.state, StateChangeReason: q.reason, SubmissionDateTime: athenawire.EpochOf(q.submitted)},
		WorkGroup:                q.workGroup,
		EngineVersion:            athenawire.AutoEngineVersion(EngineVersion3),
		ExecutionParameters:      q.params,
	}
	if q.catalog != "" || q.database != "" {
		qe.QueryExecutionContext = &athenawire.QueryExecutionContext{Catalog: q.catalog, Database: q.database}
	}
	end := s.opts.Now()
	if athenawire.Terminal(q.state) {
		end = q.done
		qe.Status.CompletionDateTime = athenawire.EpochOf(q.done)
		qe.Status.AthenaError = q.aerr
	}
	st := q.stats
	total := max(end.Sub(q.submitted).Milliseconds(), 0)
	engine := max(st.ElapsedTimeMillis-st.QueuedTimeMillis, 0)
	qe.Statistics = athenawire.QueryExecutionStatistics{
		DataScannedInBytes:            st.PhysicalInputBytes,
		EngineExecutionTimeInMillis:   engine,
		QueryQueueTimeInMillis:        st.QueuedTimeMillis,
		TotalExecutionTimeInMillis:    max(total, engine+st.QueuedTimeMillis),
		ServiceProcessingTimeInMillis: max(total-engine-st.QueuedTimeMillis, 0),
		ResultReuseInformation:        athenawire.ResultReuseInformation{ReusedPreviousResult: q.reused},
	}
	return qe
}

// stopQuery cancels a running query, in Trino too (DELETE nextUri, sent
// before answering so callers can rely on it). Stopping an ended query
// succeeds and changes nothing, as in Athena.
func (s *Server) stopQuery(in *athenasdk.StopQueryExecutionInput) (any, *athenawire.Error) {
	s.mu.Lock()
	q, ok := s.queries[aws.ToString(in.QueryExecutionId)]
	s.mu.Unlock()
	if !ok {
		return nil, athenawire.QueryNotFound(aws.ToString(in.QueryExecutionId))
	}
	s.stop(q, "Query cancelled by user")
	return athenawire.Empty{}, nil
}

func (s *Server) stop(q *query, reason string) {
	s.mu.Lock()
	q.stopped = true
	if athenawire.Terminal(q.state) {
		s.mu.Unlock()
		return
	}
	q.state, q.reason, q.done = athenawire.StateCancelled, reason, s.opts.Now()
	tq, cancel := q.tq, q.cancel
	s.mu.Unlock()
	if tq != nil {
		s.cancelTrino(tq)
	}
	if cancel != nil {
		cancel()
	}
}
