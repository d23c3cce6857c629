// Package trinotest is an in-process fake Trino coordinator speaking the
// client REST protocol (POST /v1/statement, GET/DELETE nextUri), for the
// fault tests of devenv/trino and athena-local: scripted states, Trino
// errors, queries that run until cancelled, failing HTTP statuses. Tests
// that only need a correct Trino use the real replica.
//
// Results are canned per SQL matcher. Each query walks through scripted
// states (QUEUED → RUNNING …), then pages its rows, then FINISHED — or FAILED
// with a Trino error, or RUNNING forever until cancelled. Every request is
// logged, and the next requests of a method can be made to fail with an HTTP
// status (429/503 retry tests).
//
//	srv := trinotest.NewServer()
//	defer srv.Close()
//	srv.Handle(trinotest.Contains("FROM t"), trinotest.Result{
//		Columns: []trino.Column{trinotest.Col("n", "bigint")},
//		Rows:    [][]any{{1}, {2}},
//	})
//	c, _ := trino.New(srv.URL(), "test")
package trinotest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/trino"
)

// Result is a canned answer.
type Result struct {
	// Columns describe the rows; build them with Col.
	Columns []trino.Column
	// Rows hold one JSON-encodable value per column; a json.RawMessage is
	// sent verbatim (use it for maps whose order matters, or odd values).
	Rows [][]any
	// PageSize is rows per data page (default 100).
	PageSize int
	// States are reported, one page each, after the initial QUEUED page and
	// before any data (default: one RUNNING page).
	States []string
	// Error fails the query after States (no rows are sent).
	Error *trino.Error
	// Stats are the final statistics; State is set by the server.
	Stats trino.Stats
	// UpdateType and UpdateCount describe a write ("INSERT", 3).
	UpdateType  string
	UpdateCount *int64
	// Hang keeps the query RUNNING (after States) until it is cancelled.
	Hang bool
	// PageDelay is waited before answering each GET of this query, like
	// Trino's long poll (default 0; Hang queries use at least 5 ms so
	// pollers do not spin).
	PageDelay time.Duration
}

// Col builds a column whose TypeSignature is derived from the type text,
// as Trino sends both. An unparsable type gets no signature.
func Col(name, typ string) trino.Column {
	c := trino.Column{Name: name, Type: typ}
	if t, err := trino.ParseType(typ); err == nil {
		c.Type = t.String()
		c.TypeSignature = t.Signature()
	}
	return c
}

// Matcher selects the statements a Result answers.
type Matcher func(sql string) bool

// Exact matches the statement text exactly (after trimming spaces).
func Exact(sql string) Matcher {
	return func(q string) bool { return strings.TrimSpace(q) == strings.TrimSpace(sql) }
}

// Contains matches statements containing sub.
func Contains(sub string) Matcher { return func(q string) bool { return strings.Contains(q, sub) } }

// Any matches everything; register it last.
func Any() Matcher { return func(string) bool { return true } }

// Submission is a POST /v1/statement as received.
type Submission struct {
	QueryID, SQL                            string
	User, Source, Catalog, Schema, TimeZone string
	Session                                 []string // X-Trino-Session values
	Capabilities                            string   // X-Trino-Client-Capabilities
}

// Request is one HTTP request as received.
type Request struct {
	Method, Path string
	// Status is what the server answered.
	Status int
}

type handler struct {
	match Matcher
	fn    func(sql string) Result
}

type fault struct {
	status     int
	retryAfter string
}

// Server is the fake coordinator. The zero value is not usable; call
// NewServer.
type Server struct {
	ts *httptest.Server

	mu          sync.Mutex
	handlers    []handler
	queries     map[string]*query
	order       []string
	seq         int
	requests    []Request
	submissions []Submission
	faults      map[string][]fault
}

// NewServer starts a fake coordinator on a loopback port.
func NewServer() *Server {
	s := &Server{queries: map[string]*query{}, faults: map[string][]fault{}}
	s.ts = httptest.NewServer(s)
	return s
}

// URL is the coordinator's base URL.
func (s *Server) URL() string { return s.ts.URL }

// Close shuts the server down.
func (s *Server) Close() { s.ts.Close() }

// Handle answers statements matched by m with r; the first registered
// match wins. Unmatched statements fail with a USER_ERROR naming them.
func (s *Server) Handle(m Matcher, r Result) {
	s.HandleFunc(m, func(string) Result { return r })
}

// HandleFunc is Handle with a result computed per statement.
func (s *Server) HandleFunc(m Matcher, fn func(sql string) Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers = append(s.handlers, handler{m, fn})
}

// FailNext makes the next n requests with method (POST, GET, DELETE) fail
// with status; retryAfter, if set, is sent as Retry-After.
func (s *Server) FailNext(method string, n, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[method] = append(s.faults[method], fault{status, retryAfter})
	}
}

// Requests returns the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count returns how many requests with method arrived (failed ones too).
func (s *Server) Count(method string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

// Submissions returns the statements received, in order.
func (s *Server) Submissions() []Submission {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Submission(nil), s.submissions...)
}

// Canceled reports whether a DELETE reached query id while it ran.
func (s *Server) Canceled(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.queries[id]
	return ok && q.canceled
}

// Running returns the ids of queries that have not ended, in start order.
func (s *Server) Running() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, id := range s.order {
		if q := s.queries[id]; !q.ended && !q.canceled {
			out = append(out, id)
		}
	}
	return out
}

// ServeHTTP implements the protocol.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	status := s.serve(w, r)
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Status: status})
	s.mu.Unlock()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) int {
	s.mu.Lock()
	if f := s.faults[r.Method]; len(f) > 0 {
		s.faults[r.Method] = f[1:]
		s.mu.Unlock()
		if f[0].retryAfter != "" {
			w.Header().Set("Retry-After", f[0].retryAfter)
		}
		http.Error(w, "trinotest: injected "+strconv.Itoa(f[0].status), f[0].status)
		return f[0].status
	}
	s.mu.Unlock()

	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/statement":
		return s.submit(w, r)
	case strings.HasPrefix(r.URL.Path, "/v1/statement/executing/"):
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/v1/statement/executing/"), "/")
		if len(parts) != 2 {
			http.Error(w, "trinotest: bad path", http.StatusNotFound)
			return http.StatusNotFound
		}
		page, err := strconv.Atoi(parts[1])
		if err != nil {
			http.Error(w, "trinotest: bad token", http.StatusNotFound)
			return http.StatusNotFound
		}
		switch r.Method {
		case http.MethodGet:
			return s.get(w, r, parts[0], page)
		case http.MethodDelete:
			return s.cancel(w, parts[0])
		}
	}
	http.Error(w, "trinotest: not found", http.StatusNotFound)
	return http.StatusNotFound
}

func (s *Server) submit(w http.ResponseWriter, r *http.Request) int {
	if r.Header.Get("X-Trino-User") == "" {
		http.Error(w, "Error 400 Bad Request: X-Trino-User must be set", http.StatusBadRequest)
		return http.StatusBadRequest
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	sql := string(body)
	if strings.TrimSpace(sql) == "" {
		http.Error(w, "SQL statement is empty", http.StatusBadRequest)
		return http.StatusBadRequest
	}
	s.mu.Lock()
	s.seq++
	id := fmt.Sprintf("20240101_000000_%05d_trtst", s.seq)
	q := &query{id: id, sql: sql, res: s.resultFor(sql)}
	s.queries[id] = q
	s.order = append(s.order, id)
	s.submissions = append(s.submissions, Submission{
		QueryID: id, SQL: sql, User: r.Header.Get("X-Trino-User"), Source: r.Header.Get("X-Trino-Source"),
		Catalog: r.Header.Get("X-Trino-Catalog"), Schema: r.Header.Get("X-Trino-Schema"),
		TimeZone: r.Header.Get("X-Trino-Time-Zone"), Session: r.Header.Values("X-Trino-Session"),
		Capabilities: r.Header.Get("X-Trino-Client-Capabilities"),
	})
	out := q.page(s.base(r), 0)
	s.mu.Unlock()
	writeJSON(w, out)
	return http.StatusOK
}

func (s *Server) get(w http.ResponseWriter, r *http.Request, id string, page int) int {
	s.mu.Lock()
	q, ok := s.queries[id]
	if !ok {
		s.mu.Unlock()
		http.Error(w, "Query not found", http.StatusNotFound)
		return http.StatusNotFound
	}
	delay := q.res.PageDelay
	if q.res.Hang && delay < 5*time.Millisecond {
		delay = 5 * time.Millisecond
	}
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return 499
		}
	}
	s.mu.Lock()
	out := q.page(s.base(r), page)
	s.mu.Unlock()
	if out == nil {
		http.Error(w, "Gone", http.StatusGone)
		return http.StatusGone
	}
	writeJSON(w, out)
	return http.StatusOK
}

func (s *Server) cancel(w http.ResponseWriter, id string) int {
	s.mu.Lock()
	if q, ok := s.queries[id]; ok && !q.ended {
		q.canceled = true
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
	return http.StatusNoContent
}

func (s *Server) base(r *http.Request) string { return "http://" + r.Host }

// resultFor finds the canned result (lock held).
func (s *Server) resultFor(sql string) Result {
	for _, h := range s.handlers {
		if h.match(sql) {
			return h.fn(sql)
		}
	}
	short := sql
	if len(short) > 200 {
		short = short[:200] + "…"
	}
	return Result{Error: &trino.Error{
		Message: "trinotest: no result registered for: " + short, ErrorCode: 13,
		ErrorName: "NOT_SUPPORTED", ErrorType: "USER_ERROR",
	}}
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}
