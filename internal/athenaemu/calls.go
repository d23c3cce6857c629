package athenaemu

import (
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// Call is one request as the server saw it: the call log tests assert on.
type Call struct {
	// Seq numbers the calls from 1 in arrival order (it survives
	// ResetCalls).
	Seq int `json:"seq"`
	// Operation is the Athena operation ("StartQueryExecution") or
	// "GetObject".
	Operation string `json:"operation"`
	// QueryID is the query the call is about: the one it names, or the
	// one StartQueryExecution created.
	QueryID string `json:"queryId,omitempty"`
	// SQL is that query's text.
	SQL string `json:"sql,omitempty"`
	// ClientRequestToken is StartQueryExecution's token.
	ClientRequestToken string `json:"clientRequestToken,omitempty"`
	// At is when the request arrived.
	At time.Time `json:"at"`
	// Fault describes the fault rules applied ("delay 5ms + throttle"),
	// "" for none.
	Fault string `json:"fault,omitempty"`
	// Status is the HTTP status returned (0 while the call is in flight).
	Status int `json:"status"`
	// ErrorType is the __type (S3: Code) of an error response.
	ErrorType string `json:"errorType,omitempty"`
	// Signed reports that an Authorization header was present. Its value
	// is never stored, so the log cannot leak credentials.
	Signed bool `json:"signed"`
	// Input is the decoded request as the SDK's input type (e.g.
	// *athena.StartQueryExecutionInput), an ObjectRequest for GetObject,
	// nil for unsupported operations.
	Input any `json:"-"`
}

// ObjectRequest is a GetObject call's input.
type ObjectRequest struct {
	Bucket, Key, Range string
}

// callLog is the bounded call log.
type callLog struct {
	mu    sync.Mutex
	max   int
	seq   int
	calls []Call
}

// beginCall logs a call as it arrives, with the query it is about.
func (s *Server) beginCall(op string, input any, r *http.Request) Call {
	c := Call{Operation: op, Input: input, Signed: r.Header.Get("Authorization") != "", At: s.clock()}
	switch in := input.(type) {
	case *athenasdk.StartQueryExecutionInput:
		c.SQL, c.ClientRequestToken = aws.ToString(in.QueryString), aws.ToString(in.ClientRequestToken)
	case *athenasdk.GetQueryExecutionInput:
		c.QueryID = aws.ToString(in.QueryExecutionId)
	case *athenasdk.GetQueryResultsInput:
		c.QueryID = aws.ToString(in.QueryExecutionId)
	case *athenasdk.StopQueryExecutionInput:
		c.QueryID = aws.ToString(in.QueryExecutionId)
	case ObjectRequest:
		c.QueryID = s.objectQuery(in.Bucket, in.Key)
	}
	if c.QueryID != "" {
		s.mu.Lock()
		if e, ok := s.execs[c.QueryID]; ok {
			c.SQL = e.q.SQL
		}
		s.mu.Unlock()
	}
	l := &s.calls
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	c.Seq = l.seq
	l.calls = append(l.calls, c)
	if over := len(l.calls) - l.max; over > 0 {
		l.calls = append(l.calls[:0], l.calls[over:]...)
	}
	return c
}

// update changes call seq, if still logged; it searches from the end
// because the call is recent.
func (l *callLog) update(seq int, f func(*Call)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := len(l.calls) - 1; i >= 0; i-- {
		if l.calls[i].Seq == seq {
			f(&l.calls[i])
			return
		}
	}
}

func (l *callLog) setFault(seq int, fault string) {
	if fault != "" {
		l.update(seq, func(c *Call) { c.Fault = fault })
	}
}

func (l *callLog) setQuery(seq int, id string) {
	l.update(seq, func(c *Call) { c.QueryID = id })
}

func (l *callLog) finish(seq, status int, e *wire.Error) {
	l.update(seq, func(c *Call) {
		c.Status = status
		if e != nil {
			c.ErrorType = e.Type
		}
	})
}

// Calls returns a copy of the call log in arrival order.
func (s *Server) Calls() []Call {
	s.calls.mu.Lock()
	defer s.calls.mu.Unlock()
	return append([]Call(nil), s.calls.calls...)
}

// CallsTo returns the logged calls of one operation.
func (s *Server) CallsTo(op string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.Operation == op {
			out = append(out, c)
		}
	}
	return out
}

// Count returns how many calls of op arrived (failed attempts included).
func (s *Server) Count(op string) int { return len(s.CallsTo(op)) }

// StopCalled reports whether StopQueryExecution was called for queryID.
func (s *Server) StopCalled(queryID string) bool {
	for _, c := range s.CallsTo("StopQueryExecution") {
		if c.QueryID == queryID {
			return true
		}
	}
	return false
}

// ResetCalls empties the call log.
func (s *Server) ResetCalls() {
	s.calls.mu.Lock()
	defer s.calls.mu.Unlock()
	s.calls.calls = nil
}

func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}
