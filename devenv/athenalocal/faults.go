package athenalocal

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// FaultSpec is injected latency and faults: the Options.Faults value, the
// argument of InjectFaults/SetFaults and the JSON body of /_admin/faults.
//
//	{"latency": {"GetQueryExecution": "200ms", "*": "5ms"},
//	 "throttle": {"StartQueryExecution": 2},
//	 "internalError": {"GetQueryResults": 1},
//	 "errors": [{"operation": "ListDatabases", "count": 1, "type": "ThrottlingException", "message": "Rate exceeded"}],
//	 "failQueries": [{"pattern": "(?i)from\\s+\"?cloud_trail", "reason": "HIVE_BAD_DATA: …", "count": 1}]}
type FaultSpec struct {
	// Latency delays every call of an operation ("*": all operations,
	// added to the operation's own); "0s" removes an entry.
	Latency map[string]Duration `json:"latency,omitempty"`
	// Throttle fails the next N calls of an operation with HTTP 400
	// TooManyRequestsException "Rate exceeded".
	Throttle map[string]int `json:"throttle,omitempty"`
	// InternalError fails the next N calls with HTTP 500
	// InternalServerException.
	InternalError map[string]int `json:"internalError,omitempty"`
	// Errors are arbitrary error responses for the next calls.
	Errors []ErrorFault `json:"errors,omitempty"`
	// FailQueries make matching StartQueryExecution calls create queries
	// that are FAILED at once, without running in Trino.
	FailQueries []QueryFailure `json:"failQueries,omitempty"`
}

// ErrorFault is one kind of error response, for the next Count calls of
// Operation ("*" = any operation).
type ErrorFault struct {
	Operation string `json:"operation"`
	Count     int    `json:"count"`
	// Status defaults to 400.
	Status int `json:"status,omitempty"`
	// Type is the __type, e.g. "ThrottlingException",
	// "InvalidRequestException".
	Type    string `json:"type"`
	Message string `json:"message,omitempty"`
}

// QueryFailure forces queries whose text matches Pattern (a Go regexp) to
// FAIL with Reason as StateChangeReason and AthenaError.
type QueryFailure struct {
	Pattern string `json:"pattern"`
	Reason  string `json:"reason,omitempty"`
	// ErrorCategory defaults to 2 (USER), ErrorType to 1000.
	ErrorCategory int32 `json:"errorCategory,omitempty"`
	ErrorType     int32 `json:"errorType,omitempty"`
	Retryable     bool  `json:"retryable,omitempty"`
	// Count is how many queries to fail; 0 fails every match until the
	// faults are cleared. In snapshots it is what remains.
	Count int `json:"count,omitempty"`

	re *regexp.Regexp
}

// Duration is a time.Duration that reads and writes JSON as Go duration
// text ("250ms"); a bare number is milliseconds.
type Duration time.Duration

// MarshalJSON implements json.Marshaler.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON implements json.Unmarshaler.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		ms, nerr := strconv.ParseFloat(string(b), 64)
		if nerr != nil {
			return fmt.Errorf("duration: want \"250ms\" or milliseconds, got %s", b)
		}
		*d = Duration(ms * float64(time.Millisecond))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// faultState is the live fault configuration, with its own lock because
// latency is read before a call takes the server lock.
type faultState struct {
	mu       sync.Mutex
	latency  map[string]time.Duration
	pending  []pendingError
	failures []*QueryFailure
}

type pendingError struct {
	op  string
	err *athenawire.Error
}

func newFaultState() faultState {
	return faultState{latency: map[string]time.Duration{}}
}

// apply adds spec (replace: after clearing everything).
func (f *faultState) apply(spec FaultSpec, replace bool) error {
	var fails []*QueryFailure
	for _, qf := range spec.FailQueries {
		re, err := regexp.Compile(qf.Pattern)
		if err != nil {
			return fmt.Errorf("failQueries pattern %q: %w", qf.Pattern, err)
		}
		if qf.Count < 0 {
			return fmt.Errorf("failQueries count %d < 0", qf.Count)
		}
		qf.re = re
		if qf.ErrorCategory == 0 {
			qf.ErrorCategory = 2
		}
		if qf.ErrorType == 0 {
			qf.ErrorType = 1000
		}
		if qf.Reason == "" {
			qf.Reason = "athena-local: query failed by an injected fault (pattern " + qf.Pattern + ")"
		}
		fails = append(fails, &qf)
	}
	var errs []pendingError
	add := func(op string, n int, e athenawire.Error) error {
		if op == "" || n < 0 || n > 1_000_000 {
			return fmt.Errorf("fault for operation %q: count %d", op, n)
		}
		for range n {
			cp := e
			errs = append(errs, pendingError{op, &cp})
		}
		return nil
	}
	for _, op := range sortedKeys(spec.Throttle) {
		if err := add(op, spec.Throttle[op], *athenawire.TooManyRequests("Rate exceeded")); err != nil {
			return err
		}
	}
	for _, op := range sortedKeys(spec.InternalError) {
		if err := add(op, spec.InternalError[op], *athenawire.Internal("We encountered an internal error. Please try again.")); err != nil {
			return err
		}
	}
	for _, ef := range spec.Errors {
		if ef.Type == "" {
			return errors.New("errors: type is required")
		}
		st := ef.Status
		if st == 0 {
			st = http.StatusBadRequest
		}
		if st < 400 || st > 599 {
			return fmt.Errorf("errors: status %d is not an error status", st)
		}
		if err := add(ef.Operation, ef.Count, athenawire.Error{Status: st, Type: ef.Type, Message: ef.Message}); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if replace {
		f.latency, f.pending, f.failures = map[string]time.Duration{}, nil, nil
	}
	for op, d := range spec.Latency {
		if d <= 0 {
			delete(f.latency, op)
			continue
		}
		f.latency[op] = time.Duration(d)
	}
	f.pending = append(f.pending, errs...)
	f.failures = append(f.failures, fails...)
	return nil
}

func (f *faultState) latencyFor(op string) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.latency[op] + f.latency["*"]
}

// take removes and returns the first pending error for op.
func (f *faultState) take(op string) *athenawire.Error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, p := range f.pending {
		if p.op == op || p.op == "*" {
			f.pending = append(f.pending[:i], f.pending[i+1:]...)
			return p.err
		}
	}
	return nil
}

// matchFailure returns the forced failure for sql, consuming one count.
func (f *faultState) matchFailure(sql string) *QueryFailure {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, qf := range f.failures {
		if !qf.re.MatchString(sql) {
			continue
		}
		hit := *qf
		if qf.Count > 0 {
			qf.Count--
			if qf.Count == 0 {
				f.failures = append(f.failures[:i], f.failures[i+1:]...)
			}
		}
		return &hit
	}
	return nil
}

func (f *faultState) snapshot() FaultSpec {
	f.mu.Lock()
	defer f.mu.Unlock()
	var spec FaultSpec
	if len(f.latency) > 0 {
		spec.Latency = map[string]Duration{}
		for op, d := range f.latency {
			spec.Latency[op] = Duration(d)
		}
	}
	for _, p := range f.pending { // consecutive equal errors collapse into one entry
		n := len(spec.Errors)
		if n > 0 && spec.Errors[n-1].Operation == p.op && spec.Errors[n-1].Type == p.err.Type && spec.Errors[n-1].Message == p.err.Message {
			spec.Errors[n-1].Count++
			continue
		}
		spec.Errors = append(spec.Errors, ErrorFault{Operation: p.op, Count: 1, Status: p.err.Status, Type: p.err.Type, Message: p.err.Message})
	}
	for _, qf := range f.failures {
		spec.FailQueries = append(spec.FailQueries, *qf)
	}
	return spec
}

// InjectFaults adds spec to the live faults: counts queue up, latencies
// are set per operation, query failures are appended.
func (s *Server) InjectFaults(spec FaultSpec) error { return s.faults.apply(spec, false) }

// SetFaults replaces all live faults with spec.
func (s *Server) SetFaults(spec FaultSpec) error { return s.faults.apply(spec, true) }

// ClearFaults removes all latency and pending faults.
func (s *Server) ClearFaults() { _ = s.faults.apply(FaultSpec{}, true) }

// Faults returns the pending faults: throttles and internal errors appear
// among Errors with their remaining counts.
func (s *Server) Faults() FaultSpec { return s.faults.snapshot() }

func (s *Server) takeFault(op string) *athenawire.Error { return s.faults.take(op) }

// serveAdmin answers /_admin/faults (GET snapshot, POST add, PUT replace,
// DELETE clear), /_admin/queries (GET) and /_admin/health (GET).
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	fail := func(status int, msg string) { reply(status, map[string]string{"error": msg}) }
	switch path := strings.TrimSuffix(r.URL.Path, "/"); {
	case path == "/_admin/faults":
		switch r.Method {
		case http.MethodGet:
		case http.MethodPost, http.MethodPut:
			var spec FaultSpec
			dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
			dec.DisallowUnknownFields() // a typo must not silently inject nothing
			if err := dec.Decode(&spec); err != nil {
				fail(http.StatusBadRequest, "faults: "+err.Error())
				return
			}
			if err := s.faults.apply(spec, r.Method == http.MethodPut); err != nil {
				fail(http.StatusBadRequest, "faults: "+err.Error())
				return
			}
			s.log.Info("faults changed", "method", r.Method)
		case http.MethodDelete:
			s.ClearFaults()
		default:
			fail(http.StatusMethodNotAllowed, "use GET, POST, PUT or DELETE")
			return
		}
		reply(http.StatusOK, s.Faults())
	case path == "/_admin/queries" && r.Method == http.MethodGet:
		reply(http.StatusOK, s.Queries())
	case path == "/_admin/health" && r.Method == http.MethodGet:
		reply(http.StatusOK, map[string]any{"ok": true, "trino": s.trino.BaseURL()})
	default:
		fail(http.StatusNotFound, "unknown admin endpoint; see /_admin/faults, /_admin/queries, /_admin/health")
	}
}
