package athenatest

import (
	"net/http"
	"time"

	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// Call is one request as the server saw it.
type Call struct {
	// Operation is the X-Amz-Target suffix, e.g. "StartQueryExecution".
	Operation string
	// Input is the decoded request as the SDK's input type, e.g.
	// *athena.StartQueryExecutionInput; nil for unsupported operations.
	Input any
	// Status is the HTTP status returned (0 while the call is in flight).
	Status int
	// ErrorType is the __type of an error response, "" on success.
	ErrorType string
	// Signed reports that an Authorization header was present. Its value is
	// never stored, so the log cannot leak credentials.
	Signed bool
	// At is when the request arrived.
	At time.Time

	seq int // server-wide sequence number, survives ResetCalls
}

func (s *Server) logCall(op string, input any, r *http.Request) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.callSeq++
	s.calls = append(s.calls, Call{Operation: op, Input: input, Signed: r.Header.Get("Authorization") != "", At: s.now(), seq: s.callSeq})
	return s.callSeq
}

// finishCall records the outcome of call seq; it searches from the end
// because the call is recent, and finds nothing if ResetCalls dropped it.
func (s *Server) finishCall(seq, status int, aerr *athenawire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.calls) - 1; i >= 0; i-- {
		if s.calls[i].seq != seq {
			continue
		}
		s.calls[i].Status = status
		if aerr != nil {
			s.calls[i].ErrorType = aerr.Type
		}
		return
	}
}

// Calls returns a copy of the call log in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the logged calls of one operation.
func (s *Server) CallsTo(op string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if c.Operation == op {
			out = append(out, c)
		}
	}
	return out
}

// Count returns how many calls of op arrived (failed attempts included).
func (s *Server) Count(op string) int {
	return len(s.CallsTo(op))
}

// StopCalled reports whether StopQueryExecution was called for queryID.
func (s *Server) StopCalled(queryID string) bool {
	for _, c := range s.CallsTo("StopQueryExecution") {
		if in, ok := c.Input.(*athenasdk.StopQueryExecutionInput); ok && in.QueryExecutionId != nil && *in.QueryExecutionId == queryID {
			return true
		}
	}
	return false
}

// ResetCalls empties the call log.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// Fault is an error response to inject.
type Fault struct {
	// Status is the HTTP status (default 400).
	Status int
	// Type is the __type, e.g. "ThrottlingException".
	Type string
	// Message is the error message.
	Message string
	// AthenaErrorCode is sent with InvalidRequestException-style errors.
	AthenaErrorCode string
}

func (f Fault) apiError() *athenawire.Error {
	st := f.Status
	if st == 0 {
		st = http.StatusBadRequest
	}
	return &athenawire.Error{Status: st, Type: f.Type, Message: f.Message, AthenaErrorCode: f.AthenaErrorCode}
}

// Inject makes the next n calls of op fail with f (after any latency).
// Faults queue up per operation in the order injected.
func (s *Server) Inject(op string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[op] = append(s.faults[op], f)
	}
}

// Throttle makes the next n calls of op fail as Athena does when an API rate
// limit trips: HTTP 400 ThrottlingException "Rate exceeded".
func (s *Server) Throttle(op string, n int) {
	s.Inject(op, n, Fault{Type: "ThrottlingException", Message: "Rate exceeded"})
}

// InternalError makes the next n calls of op fail with HTTP 500
// InternalServerException.
func (s *Server) InternalError(op string, n int) {
	s.Inject(op, n, Fault{Status: http.StatusInternalServerError, Type: "InternalServerException", Message: "We encountered an internal error. Please try again."})
}

// ClearFaults drops all pending faults.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string][]Fault{}
}

func (s *Server) takeFault(op string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[op]
	if len(q) == 0 {
		return Fault{}, false
	}
	s.faults[op] = q[1:]
	return q[0], true
}

// SetLatency delays every call of op by d before it is answered; op ""
// applies to all operations (added to any per-operation latency). The wait
// ends early when the client gives up or the server closes.
func (s *Server) SetLatency(op string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency[op] = d
}
