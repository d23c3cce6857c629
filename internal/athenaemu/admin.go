package athenaemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// serveAdmin answers the admin endpoints:
//
//	/_admin/faults   GET the rules, POST add, PUT replace, DELETE clear
//	/_admin/queries  GET the remembered queries
//	/_admin/calls    GET the call log, DELETE empty it
//	/_admin/health   GET {"ok": true, "engine": …}
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	fail := func(status int, msg string) { reply(status, map[string]string{"error": msg}) }
	path := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case path == "/_admin/faults":
		switch r.Method {
		case http.MethodGet:
		case http.MethodPost, http.MethodPut:
			faults, err := decodeFaults(http.MaxBytesReader(w, r.Body, 1<<20))
			if err == nil {
				err = s.faults.set(faults, r.Method == http.MethodPut)
			}
			if err != nil {
				fail(http.StatusBadRequest, "faults: "+err.Error())
				return
			}
			s.log().Info("faults changed", "method", r.Method, "rules", len(faults))
		case http.MethodDelete:
			s.ClearFaults()
		default:
			fail(http.StatusMethodNotAllowed, "use GET, POST, PUT or DELETE")
			return
		}
		reply(http.StatusOK, s.Faults())
	case path == "/_admin/queries" && r.Method == http.MethodGet:
		reply(http.StatusOK, s.Queries())
	case path == "/_admin/calls" && r.Method == http.MethodGet:
		reply(http.StatusOK, s.Calls())
	case path == "/_admin/calls" && r.Method == http.MethodDelete:
		s.ResetCalls()
		reply(http.StatusOK, []Call{})
	case path == "/_admin/health" && r.Method == http.MethodGet:
		reply(http.StatusOK, map[string]any{"ok": true, "engine": fmt.Sprint(s.engine)})
	default:
		fail(http.StatusNotFound, "unknown admin endpoint; see /_admin/faults, /_admin/queries, /_admin/calls, /_admin/health")
	}
}

// decodeFaults reads fault rules as JSON: an array of rules or one rule.
// Unknown fields are errors: a typo must not silently inject nothing.
func decodeFaults(body io.Reader) ([]Fault, error) {
	raw, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	raw = bytes.TrimSpace(raw)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var faults []Fault
	if len(raw) > 0 && raw[0] == '{' {
		var f Fault
		err = dec.Decode(&f)
		faults = []Fault{f}
	} else {
		err = dec.Decode(&faults)
	}
	if err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the rules")
	}
	return faults, nil
}

// ParseFaults reads fault rules from JSON (an array of rules or one rule),
// as /_admin/faults does; command-line flags use it.
func ParseFaults(text string) ([]Fault, error) {
	faults, err := decodeFaults(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	for i := range faults {
		if err := faults[i].check(); err != nil {
			return nil, err
		}
	}
	return faults, nil
}
