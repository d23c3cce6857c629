package athenalocal

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// results are a query's rendered rows, buffered for GetQueryResults paging.
// Once the query succeeds they are immutable, so queries that reuse them
// share them (refs counts the sharers; lock held for refs and evicted).
type results struct {
	cols        []columnType
	header      bool // page 1 starts with the column names (queries only)
	rows        [][]*string
	bytes       int64
	updateCount int64
	refs        int
	evicted     bool
}

// Per-value and per-row overheads of the buffer accounting (pointer, string
// header, slice header): approximate, but they keep many small values from
// slipping past the bound.
const (
	cellOverhead = 24
	rowOverhead  = 24
)

// add renders and appends a page of raw rows, failing once the buffer
// exceeds limit bytes.
func (r *results) add(raw [][]json.RawMessage, limit int64) error {
	for _, in := range raw {
		out := make([]*string, len(in))
		size := int64(rowOverhead)
		for j, v := range in {
			var c columnType
			if j < len(r.cols) {
				c = r.cols[j]
			}
			out[j] = renderCell(c.t, v)
			size += cellOverhead
			if out[j] != nil {
				size += int64(len(*out[j]))
			}
		}
		r.rows = append(r.rows, out)
		r.bytes += size
		if r.bytes > limit {
			return fmt.Errorf("athena-local: the query result exceeds the %d-byte result buffer (MaxResultBytes); add a LIMIT or raise -max-result-bytes", limit)
		}
	}
	return nil
}

func (r *results) evict() {
	r.evicted = true
	r.rows = nil
}

// evictBuffers drops the oldest buffered results, other than keep's, while
// the total exceeds MaxBufferedBytes (lock held).
func (s *Server) evictBuffers(keep *query) {
	for _, id := range s.order {
		if s.buffered <= s.opts.MaxBufferedBytes {
			return
		}
		q := s.queries[id]
		if q == keep || q.res == nil || q.res.evicted || q.res == keep.res {
			continue
		}
		s.buffered -= q.res.bytes
		q.res.evict()
	}
}

// getQueryResults serves one page. The first page of a query's results
// starts with the header row, which counts toward MaxResults, as in Athena.
func (s *Server) getQueryResults(in *athenasdk.GetQueryResultsInput) (any, *athenawire.Error) {
	id := aws.ToString(in.QueryExecutionId)
	size, aerr := athenawire.ResultsPageSize(in.MaxResults)
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	q, ok := s.queries[id]
	if !ok {
		s.mu.Unlock()
		return nil, athenawire.QueryNotFound(id)
	}
	state, reason, r := q.state, q.reason, q.res
	evicted := r != nil && r.evicted
	var rows [][]*string
	if r != nil {
		rows = r.rows // eviction replaces r.rows, never its elements
	}
	s.mu.Unlock()
	if aerr := athenawire.ResultsReady(state, reason); aerr != nil {
		return nil, aerr
	}
	if r == nil || evicted {
		return nil, athenawire.InvalidRequest("athena-local: the results of " + id + " were dropped from the result buffer (MaxBufferedBytes); run the query again")
	}
	// Past the checks, r's other fields are immutable: read them unlocked.
	var header []string
	if r.header {
		header = make([]string, len(r.cols))
		for i, c := range r.cols {
			header[i] = c.name
		}
	}
	page, next, aerr := athenawire.ResultPage(id, aws.ToString(in.NextToken), size, header, rows)
	if aerr != nil {
		return nil, aerr
	}
	out := &athenawire.GetQueryResultsOutput{NextToken: next, UpdateCount: r.updateCount, ResultSet: athenawire.ResultSet{
		ResultSetMetadata: athenawire.ResultSetMetadata{ColumnInfo: make([]athenawire.ColumnInfo, len(r.cols))},
		Rows:              page,
	}}
	for i, c := range r.cols {
		out.ResultSet.ResultSetMetadata.ColumnInfo[i] = athenaColumnInfo(c)
	}
	return out, nil
}
