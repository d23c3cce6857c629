package athenaemu

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

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// Fault is one rule of the fault language. The same value is the Go API
// (Server.Inject, Options.Faults) and, as JSON, the body of
// /_admin/faults; see the package documentation for examples.
type Fault struct {
	// Op is the operation the rule applies to: an Athena operation
	// ("GetQueryExecution"), "GetObject" for the S3 result files, or "*"
	// for every call.
	Op string `json:"op"`
	// Match, a Go regular expression, restricts the rule to calls of a
	// query whose SQL it matches: the QueryString of StartQueryExecution,
	// the query a GetQueryExecution, GetQueryResults, StopQueryExecution
	// or GetObject names.
	Match string `json:"match,omitempty"`
	// Times is how many of the next matching calls the rule applies to;
	// 0 applies it to every call until the faults are cleared. Snapshots
	// show what remains.
	Times int `json:"times,omitempty"`
	// Delay holds each call this long before it is answered (the wait
	// ends early when the client gives up or the server closes).
	Delay Duration `json:"delay,omitempty"`
	// Action is what happens then; "" answers normally (delay only).
	Action Action `json:"action,omitempty"`
	// Status, Type and Message override the action's error response
	// (Type is required for ActError). Message is the StateChangeReason
	// of ActFail.
	Status  int    `json:"status,omitempty"`
	Type    string `json:"type,omitempty"`
	Message string `json:"message,omitempty"`
	// Code is InvalidRequestException's AthenaErrorCode, or
	// TooManyRequestsException's Reason.
	Code string `json:"code,omitempty"`
	// Category (default 2, USER), ErrorType (default 1000) and Retryable
	// classify an ActFail query's AthenaError.
	Category  int32 `json:"category,omitempty"`
	ErrorType int32 `json:"errorType,omitempty"`
	Retryable bool  `json:"retryable,omitempty"`

	re *regexp.Regexp
}

// Action is what a Fault does to a call.
type Action string

// Actions. Error responses take Athena's shapes on Athena calls and S3's
// XML shapes on GetObject.
const (
	// ActThrottle: HTTP 400 ThrottlingException "Rate exceeded" (S3: 503
	// SlowDown).
	ActThrottle Action = "throttle"
	// ActTooManyRequests: HTTP 400 TooManyRequestsException "Rate
	// exceeded", Code as its Reason (S3: 503 SlowDown).
	ActTooManyRequests Action = "too-many-requests"
	// ActServerError: HTTP 500 InternalServerException (S3: 500
	// InternalError); Status may name another 5xx.
	ActServerError Action = "server-error"
	// ActAccessDenied: HTTP 400 AccessDeniedException (S3: 403
	// AccessDenied).
	ActAccessDenied Action = "access-denied"
	// ActError: the error response Status (default 400), Type, Message.
	ActError Action = "error"
	// ActMalformed: HTTP 200 with a body that does not parse.
	ActMalformed Action = "malformed"
	// ActTruncated: HTTP 200 announcing the whole body, then the
	// connection drops halfway through it.
	ActTruncated Action = "truncated"
	// ActFail (StartQueryExecution only): the query is created FAILED
	// with Message as its reason.
	ActFail Action = "fail"
	// ActHang: on StartQueryExecution the query never finishes (RUNNING
	// until stopped); on any other call the response never comes.
	ActHang Action = "hang"
)

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

// check validates f and compiles Match.
func (f *Fault) check() error {
	what := fmt.Sprintf("fault %s %s", f.Op, f.Action)
	switch {
	case f.Op == "":
		return errors.New("fault: op is required (an operation, GetObject or *)")
	case f.Times < 0:
		return fmt.Errorf("%s: times %d < 0", what, f.Times)
	case f.Delay < 0:
		return fmt.Errorf("%s: negative delay", what)
	case f.Action == "" && f.Delay == 0:
		return fmt.Errorf("%s: neither an action nor a delay", what)
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("%s: status %d is not an error status", what, f.Status)
	}
	switch f.Action {
	case "", ActThrottle, ActTooManyRequests, ActAccessDenied, ActMalformed, ActTruncated, ActHang:
	case ActServerError:
		if f.Status != 0 && f.Status < 500 {
			return fmt.Errorf("%s: status %d is not a 5xx", what, f.Status)
		}
	case ActError:
		if f.Type == "" {
			return fmt.Errorf("%s: type is required", what)
		}
	case ActFail:
		if f.Op != "StartQueryExecution" {
			return fmt.Errorf("%s: fail applies to StartQueryExecution only", what)
		}
	default:
		return fmt.Errorf("%s: unknown action (want throttle, too-many-requests, server-error, access-denied, error, malformed, truncated, fail or hang)", what)
	}
	if f.Match != "" {
		re, err := regexp.Compile(f.Match)
		if err != nil {
			return fmt.Errorf("%s: match: %w", what, err)
		}
		f.re = re
	}
	return nil
}

// faultSet is the live fault rules, with their own lock: they are taken
// before a call takes the server's.
type faultSet struct {
	mu    sync.Mutex
	rules []*Fault
}

// set adds faults after checking them all (replace: instead of the
// current rules).
func (fs *faultSet) set(faults []Fault, replace bool) error {
	add := make([]*Fault, 0, len(faults))
	for _, f := range faults {
		if err := f.check(); err != nil {
			return err
		}
		add = append(add, &f)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if replace {
		fs.rules = nil
	}
	fs.rules = append(fs.rules, add...)
	return nil
}

func (fs *faultSet) snapshot() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]Fault, 0, len(fs.rules))
	for _, f := range fs.rules {
		out = append(out, *f)
	}
	return out
}

// faultPlan is what the rules do to one call: the sum of the delays of
// the rules that apply and the action of the first one that has one.
type faultPlan struct {
	delay  time.Duration
	action Action
	rule   Fault
	notes  []string
}

// take plans op's call (sql: the query's, "" if none), consuming one use
// of every rule applied. Rules apply in order; a rule whose action would
// be the second is skipped and keeps its count.
func (fs *faultSet) take(op, sql string) faultPlan {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var p faultPlan
	kept := fs.rules[:0]
	for _, f := range fs.rules {
		applies := (f.Op == "*" || f.Op == op) && (f.re == nil || sql != "" && f.re.MatchString(sql)) &&
			(f.Action == "" || p.action == "")
		if applies {
			p.delay += time.Duration(f.Delay)
			if f.Delay > 0 {
				p.notes = append(p.notes, "delay "+time.Duration(f.Delay).String())
			}
			if f.Action != "" {
				p.action, p.rule = f.Action, *f
				p.notes = append(p.notes, string(f.Action))
			}
			if f.Times > 0 {
				if f.Times--; f.Times == 0 {
					continue
				}
			}
		}
		kept = append(kept, f)
	}
	clear(fs.rules[len(kept):])
	fs.rules = kept
	return p
}

// String describes the plan for the call log ("" when no rule applied).
func (p faultPlan) String() string { return strings.Join(p.notes, " + ") }

// athenaError is the plan's error response to an Athena call, nil when
// the call is answered (maybe mangled).
func (p faultPlan) athenaError(op string) *wire.Error {
	f := p.rule
	var e *wire.Error
	switch p.action {
	case ActThrottle:
		e = &wire.Error{Status: http.StatusBadRequest, Type: "ThrottlingException", Message: "Rate exceeded"}
	case ActTooManyRequests:
		e = wire.TooManyRequests("Rate exceeded")
		e.Reason = f.Code
	case ActServerError:
		e = wire.Internal("We encountered an internal error. Please try again.")
	case ActAccessDenied:
		e = &wire.Error{Status: http.StatusBadRequest, Type: "AccessDeniedException",
			Message: "User: arn:aws:iam::000000000000:user/athenaemu is not authorized to perform: athena:" + op}
	case ActError:
		e = &wire.Error{Status: http.StatusBadRequest, Type: f.Type, Message: f.Message, AthenaErrorCode: f.Code}
		if e.Type == "TooManyRequestsException" {
			e.AthenaErrorCode, e.Reason = "", f.Code
		}
	default:
		return nil
	}
	return f.override(e)
}

// queryFailure is the AthenaError and reason an ActFail rule gives its
// query.
func (p faultPlan) queryFailure() (string, *wire.AthenaError) {
	f := p.rule
	reason := f.Message
	if reason == "" {
		reason = "athenaemu: query failed by an injected fault"
	}
	ae := &wire.AthenaError{ErrorCategory: f.Category, ErrorType: f.ErrorType, Retryable: f.Retryable, ErrorMessage: reason}
	if ae.ErrorCategory == 0 {
		ae.ErrorCategory = 2
	}
	if ae.ErrorType == 0 {
		ae.ErrorType = 1000
	}
	return reason, ae
}

// planKey carries a call's faultPlan to StartQueryExecution in its
// context.
type planKey struct{}

// Inject adds fault rules after the current ones (all or none: an
// invalid rule adds nothing).
func (s *Server) Inject(faults ...Fault) error { return s.faults.set(faults, false) }

// SetFaults replaces all fault rules.
func (s *Server) SetFaults(faults []Fault) error { return s.faults.set(faults, true) }

// ClearFaults removes every fault rule.
func (s *Server) ClearFaults() { _ = s.faults.set(nil, true) }

// Faults returns the fault rules still active, with the counts left.
func (s *Server) Faults() []Fault { return s.faults.snapshot() }

// override applies the rule's own Status, Type and Message, where set, to
// the error its action would send.
func (f Fault) override(e *wire.Error) *wire.Error {
	if f.Status != 0 {
		e.Status = f.Status
	}
	if f.Type != "" {
		e.Type = f.Type
	}
	if f.Message != "" {
		e.Message = f.Message
	}
	return e
}
