package trinotest

import (
	"encoding/json"
	"fmt"

	"github.com/seclake/securitylake-datasource/devenv/trino"
)

// query is one submitted statement. Its pages are a pure function of the
// page number, so a retried GET gets the same page, as with Trino's tokens.
type query struct {
	id, sql  string
	res      Result
	canceled bool
	ended    bool
}

// wire is the QueryResults JSON.
type wire struct {
	ID          string              `json:"id"`
	InfoURI     string              `json:"infoUri"`
	NextURI     string              `json:"nextUri,omitempty"`
	Columns     []trino.Column      `json:"columns,omitempty"`
	Data        [][]json.RawMessage `json:"data,omitempty"`
	Stats       trino.Stats         `json:"stats"`
	Error       *trino.Error        `json:"error,omitempty"`
	Warnings    []json.RawMessage   `json:"warnings"`
	UpdateType  string              `json:"updateType,omitempty"`
	UpdateCount *int64              `json:"updateCount,omitempty"`
}

func (q *query) states() []string {
	if len(q.res.States) == 0 {
		return []string{"RUNNING"}
	}
	return q.res.States
}

func (q *query) pageSize() int {
	if q.res.PageSize <= 0 {
		return 100
	}
	return q.res.PageSize
}

// page builds page n, or nil when n is past the end (lock held).
func (q *query) page(base string, n int) *wire {
	w := &wire{ID: q.id, InfoURI: base + "/ui/query.html?" + q.id, Warnings: []json.RawMessage{}}
	next := func() { w.NextURI = fmt.Sprintf("%s/v1/statement/executing/%s/%d", base, q.id, n+1) }
	states := q.states()
	rows := q.res.Rows
	nData := (len(rows) + q.pageSize() - 1) / q.pageSize()
	finalPage := len(states) + nData + 1
	if q.res.Error != nil {
		finalPage = len(states) + 1
	}

	switch {
	case q.canceled:
		q.ended = true
		w.Stats = trino.Stats{State: "FAILED"}
		w.Error = &trino.Error{Message: "Query was canceled", ErrorCode: 3, ErrorName: "USER_CANCELED", ErrorType: "USER_ERROR"}
		return w
	case n == 0:
		w.Stats = trino.Stats{State: "QUEUED", Queued: true}
		next()
		return w
	case n <= len(states):
		w.Stats = trino.Stats{State: states[n-1]}
		next()
		return w
	case q.res.Hang:
		w.Stats = trino.Stats{State: "RUNNING", Scheduled: true}
		w.Columns = q.res.Columns
		next()
		return w
	case n < finalPage: // data pages
		i := n - len(states) - 1
		lo, hi := i*q.pageSize(), min((i+1)*q.pageSize(), len(rows))
		w.Columns = q.res.Columns
		w.Data = encodeRows(rows[lo:hi])
		w.Stats = q.progress(hi)
		next()
		return w
	case n == finalPage:
		q.ended = true
		w.Stats = q.res.Stats
		if q.res.Error != nil {
			w.Stats.State = "FAILED"
			w.Error = q.res.Error
			return w
		}
		w.Stats.State = "FINISHED"
		if w.Stats.ProcessedRows == 0 {
			w.Stats.ProcessedRows = int64(len(rows))
		}
		w.Columns = q.res.Columns
		w.UpdateType, w.UpdateCount = q.res.UpdateType, q.res.UpdateCount
		return w
	}
	return nil
}

// progress is the running statistics after sent rows.
func (q *query) progress(sent int) trino.Stats {
	st := trino.Stats{State: "RUNNING", Scheduled: true, ProcessedRows: int64(sent)}
	if n := len(q.res.Rows); n > 0 {
		st.PhysicalInputBytes = q.res.Stats.PhysicalInputBytes * int64(sent) / int64(n)
		st.TotalSplits = q.res.Stats.TotalSplits
	}
	return st
}

func encodeRows(rows [][]any) [][]json.RawMessage {
	out := make([][]json.RawMessage, len(rows))
	for i, r := range rows {
		row := make([]json.RawMessage, len(r))
		for j, v := range r {
			if raw, ok := v.(json.RawMessage); ok {
				row[j] = raw
				continue
			}
			b, err := json.Marshal(v)
			if err != nil {
				b = []byte("null")
			}
			row[j] = b
		}
		out[i] = row
	}
	return out
}
