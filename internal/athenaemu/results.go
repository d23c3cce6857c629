package athenaemu

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// getQueryResults serves one page. The first page of a result with a
// header row starts with it, and it counts toward MaxResults, as in
// Athena.
func (s *Server) getQueryResults(in *athenasdk.GetQueryResultsInput) (any, *wire.Error) {
	id := aws.ToString(in.QueryExecutionId)
	r, aerr := s.resultOf(id)
	if aerr != nil {
		return nil, aerr
	}
	size, aerr := wire.ResultsPageSize(in.MaxResults)
	if aerr != nil {
		return nil, aerr
	}
	// r is immutable: page it unlocked.
	page, next, aerr := wire.ResultPage(id, aws.ToString(in.NextToken), size, headerOf(r), r.Rows)
	if aerr != nil {
		return nil, aerr
	}
	return &wire.GetQueryResultsOutput{NextToken: next, UpdateCount: r.UpdateCount, ResultSet: wire.ResultSet{
		ResultSetMetadata: wire.ResultSetMetadata{ColumnInfo: append([]wire.ColumnInfo{}, r.Columns...)},
		Rows:              page,
	}}, nil
}

// resultOf returns the result of query id, or Athena's error for a query
// that is unknown, has not succeeded, or whose result was dropped.
func (s *Server) resultOf(id string) (*ResultSet, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.execs[id]
	if !ok {
		return nil, wire.QueryNotFound(id)
	}
	s.refresh(e, false)
	if aerr := wire.ResultsReady(e.cur.State, e.cur.Reason); aerr != nil {
		return nil, aerr
	}
	if e.res == nil || e.res.evicted {
		return nil, wire.InvalidRequest(s.name + ": the results of " + id + " were dropped from the result buffer (MaxBufferedBytes); run the query again")
	}
	return e.res.ResultSet, nil
}

// headerOf is the header row of r: its column names, nil without one.
func headerOf(r *ResultSet) []string {
	if !r.Header {
		return nil
	}
	names := make([]string, len(r.Columns))
	for i, c := range r.Columns {
		names[i] = c.Name
	}
	return names
}

// evictBuffers drops the oldest results held, other than keep's, while
// the total exceeds MaxBufferedBytes (lock held).
func (s *Server) evictBuffers(keep *execution) {
	for _, id := range s.order {
		if s.buffered <= s.opts.MaxBufferedBytes {
			return
		}
		e := s.execs[id]
		if e == keep || e.res == nil || e.res.evicted || e.res == keep.res {
			continue
		}
		s.buffered -= e.res.bytes
		e.res.evict()
	}
}
