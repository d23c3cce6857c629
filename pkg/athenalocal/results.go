package athenalocal

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
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
func (s *Server) getQueryResults(in *getResultsInput) (any, *apiError) {
	id := aws.ToString(in.QueryExecutionId)
	size := int32(1000)
	if in.MaxResults != nil {
		size = *in.MaxResults
	}
	if size < 1 || size > 1000 {
		return nil, errInvalidRequest(fmt.Sprintf("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000 and greater than or equal to 1", size))
	}
	s.mu.Lock()
	q, ok := s.queries[id]
	if !ok {
		s.mu.Unlock()
		return nil, errInvalidRequest("QueryExecution " + id + " was not found")
	}
	state, reason, r := q.state, q.reason, q.res
	evicted := r != nil && r.evicted
	var rows [][]*string
	if r != nil {
		rows = r.rows // eviction replaces r.rows, never its elements
	}
	s.mu.Unlock()
	switch {
	case state == stateFailed || state == stateCancelled:
		return nil, errInvalidRequest("Query did not finish successfully. Final query state: " + state + "\n" + reason)
	case state != stateSucceeded:
		return nil, errInvalidRequest("Query has not yet finished. Current state: " + state)
	case r == nil || evicted:
		return nil, errInvalidRequest("athena-local: the results of " + id + " were dropped from the result buffer (MaxBufferedBytes); run the query again")
	}
	off := 0
	if tok := aws.ToString(in.NextToken); tok != "" {
		var err error
		if off, err = decodeToken(id, tok); err != nil {
			return nil, errInvalidRequest("The NextToken provided is invalid")
		}
	}
	// Past the checks, r's other fields are immutable: read them unlocked.
	header := 0
	if r.header {
		header = 1
	}
	total := header + len(rows)
	if off > total {
		return nil, errInvalidRequest("The NextToken provided is invalid")
	}
	end := min(off+int(size), total)
	out := &getResultsOutput{UpdateCount: r.updateCount, ResultSet: resultSet{
		ResultSetMetadata: resultSetMetadata{ColumnInfo: make([]columnInfo, len(r.cols))},
		Rows:              make([]row, 0, end-off),
	}}
	for i, c := range r.cols {
		out.ResultSet.ResultSetMetadata.ColumnInfo[i] = athenaColumnInfo(c)
	}
	for i := off; i < end; i++ {
		if i < header {
			out.ResultSet.Rows = append(out.ResultSet.Rows, headerRow(r.cols))
			continue
		}
		cells := rows[i-header]
		rw := row{Data: make([]datum, len(cells))}
		for j, c := range cells {
			rw.Data[j].VarCharValue = c
		}
		out.ResultSet.Rows = append(out.ResultSet.Rows, rw)
	}
	if end < total {
		out.NextToken = encodeToken(id, end)
	}
	return out, nil
}

func headerRow(cols []columnType) row {
	rw := row{Data: make([]datum, len(cols))}
	for i := range cols {
		name := cols[i].name
		rw.Data[i].VarCharValue = &name
	}
	return rw
}

// Page tokens are opaque to clients but bound to their query, so a token of
// another query is rejected, as Athena does.
func encodeToken(id string, off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(id + "|" + strconv.Itoa(off)))
}

func decodeToken(id, tok string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, err
	}
	qid, offs, ok := strings.Cut(string(raw), "|")
	if !ok || qid != id {
		return 0, fmt.Errorf("token of another query")
	}
	off, err := strconv.Atoi(offs)
	if err != nil || off < 0 {
		return 0, fmt.Errorf("bad offset")
	}
	return off, nil
}
