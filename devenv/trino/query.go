package trino

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// ErrCanceled is returned by Next and Wait after Cancel.
var ErrCanceled = errors.New("trino: query canceled by the client")

// Query is one submitted statement, positioned on its latest response page.
// Next/Wait advance it; the accessors read the current page or what has been
// learnt so far. Cancel may be called from another goroutine while Next runs;
// the other methods are meant for one goroutine at a time but are safe to
// call concurrently.
type Query struct {
	c *Client

	mu          sync.Mutex
	id          string
	nextURI     string
	columns     []Column
	page        [][]json.RawMessage
	stats       Stats
	err         *Error
	updateType  string
	updateCount *int64
	canceled    bool
}

// apply takes in a response page (lock held or query not shared yet).
func (q *Query) apply(res *queryResults) {
	if res.ID != "" {
		q.id = res.ID
	}
	q.nextURI = res.NextURI
	if len(res.Columns) > 0 && q.columns == nil {
		q.columns = res.Columns
	}
	q.page = res.Data
	q.stats = res.Stats
	if res.Error != nil {
		q.err = res.Error
	}
	if res.UpdateType != "" {
		q.updateType = res.UpdateType
	}
	if res.UpdateCount != nil {
		q.updateCount = res.UpdateCount
	}
}

// ID is Trino's query id, e.g. "20240101_000000_00001_abcde".
func (q *Query) ID() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.id
}

// Columns returns the result columns, nil until Trino has sent them (it does
// once planning ends, before or with the first rows) and for statements
// without results.
func (q *Query) Columns() []Column {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.columns
}

// RawRows returns the rows of the current page as Trino sent them: one
// json.RawMessage per value (null for SQL NULL). Rows are JSON arrays in
// field order, maps JSON objects in the map's order.
func (q *Query) RawRows() [][]json.RawMessage {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.page
}

// Rows returns the rows of the current page decoded with UseNumber: numbers
// are json.Number (exact), strings string, booleans bool, NULL nil, arrays
// and rows []any, maps map[string]any (entry order lost: use RawRows when it
// matters). Decimals, dates, timestamps and varbinary (base64) arrive as
// strings, as Trino encodes them. A value that fails to decode (never seen
// from Trino) is returned as its raw JSON text.
func (q *Query) Rows() [][]any {
	raw := q.RawRows()
	if len(raw) == 0 {
		return nil
	}
	out := make([][]any, len(raw))
	for i, r := range raw {
		row := make([]any, len(r))
		for j, v := range r {
			d, err := DecodeValue(v)
			if err != nil {
				d = string(v)
			}
			row[j] = d
		}
		out[i] = row
	}
	return out
}

// Stats returns the statistics of the latest page.
func (q *Query) Stats() Stats {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.stats
}

// State is Trino's state from the latest page ("" before Trino reports one).
func (q *Query) State() string { return q.Stats().State }

// Err returns Trino's error once the query has failed, else nil.
func (q *Query) Err() *Error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// Update returns the update type ("INSERT", "CREATE TABLE", …; "" for a
// query) and, when Trino reported one, the row count it changed.
func (q *Query) Update() (updateType string, count *int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.updateType, q.updateCount
}

// Done reports that there is nothing left to fetch: the query finished,
// failed or was cancelled.
func (q *Query) Done() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.nextURI == "" || q.canceled
}

// Next fetches the following page (GET nextUri, retried on 429/502/503/504).
// It returns true when a new page is current — read its Rows, which may be
// empty while the query runs — and false when there was none: the query had
// already ended (the current page is then empty). The error is the query's *Error once Trino reports a
// failure, ErrCanceled after Cancel, or a transport/protocol error (the query
// may still run in Trino then: Cancel it if giving up).
func (q *Query) Next(ctx context.Context) (bool, error) {
	q.mu.Lock()
	if q.canceled {
		q.mu.Unlock()
		return false, ErrCanceled
	}
	if q.err != nil {
		q.mu.Unlock()
		return false, q.err
	}
	uri := q.nextURI
	if uri == "" {
		q.page = nil // the last page was read; do not hand it out twice
		q.mu.Unlock()
		return false, nil
	}
	q.mu.Unlock()
	hdr := http.Header{}
	hdr.Set("X-Trino-User", q.c.user)
	res, err := q.c.roundTrip(ctx, http.MethodGet, uri, hdr, "")

	q.mu.Lock()
	defer q.mu.Unlock()
	if q.canceled {
		return false, ErrCanceled
	}
	if err != nil {
		return false, err
	}
	q.apply(res)
	if q.err != nil {
		return true, q.err
	}
	return true, nil
}

// Wait advances the query to its end, discarding rows, and returns its
// error (nil when it finished). If ctx ends first, the query is cancelled in
// Trino (best effort) so it does not keep running unattended.
func (q *Query) Wait(ctx context.Context) error {
	for {
		more, err := q.Next(ctx)
		if err != nil {
			q.cancelOnDone(ctx)
			return err
		}
		if !more {
			return nil
		}
	}
}

// Cancel stops the query: DELETE nextUri, which Trino answers 204 and turns
// into USER_CANCELED. Later Next calls return ErrCanceled. Cancelling a query
// that has ended sends nothing and returns nil.
func (q *Query) Cancel(ctx context.Context) error {
	q.mu.Lock()
	uri := q.nextURI
	q.canceled = true
	q.nextURI = ""
	q.page = nil
	q.mu.Unlock()
	if uri == "" {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, uri, nil)
	if err != nil {
		return fmt.Errorf("trino: %w", err)
	}
	req.Header.Set("X-Trino-User", q.c.user)
	resp, err := q.c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("trino: DELETE %s: %w", uri, err)
	}
	snippet := readSnippet(resp.Body)
	drain(resp)
	switch {
	case resp.StatusCode/100 == 2, resp.StatusCode == http.StatusNotFound, resp.StatusCode == http.StatusGone:
		return nil // 404/410: the query is already gone
	}
	return &HTTPError{Method: http.MethodDelete, URL: uri, StatusCode: resp.StatusCode, Body: snippet}
}

// cancelOnDone cancels the query in Trino when ctx has ended, with a short
// context of its own (ctx is already done).
func (q *Query) cancelOnDone(ctx context.Context) {
	if ctx.Err() == nil || q.Done() {
		return
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = q.Cancel(cctx)
}
