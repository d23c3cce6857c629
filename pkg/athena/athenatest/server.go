// Package athenatest is an in-process Amazon Athena endpoint speaking the
// JSON 1.1 protocol (POST /, X-Amz-Target: AmazonAthena.<Operation>), for
// tests that drive the real aws-sdk-go-v2 Athena client: this repository's
// pkg/athena tests and the plugin-binary tests, which point the plugin's
// endpoint setting at Server.URL.
//
// A Server answers queries from canned results registered by SQL matcher,
// walks each query through scripted states (QUEUED → RUNNING ×N → SUCCEEDED /
// FAILED / CANCELLED), pages results by MaxResults/NextToken with the SELECT
// header row first, serves catalog and workgroup metadata, records every
// call, and injects throttling, errors and latency. It is safe for
// concurrent use.
//
// Typical use:
//
//	srv := athenatest.NewServer()
//	defer srv.Close()
//	srv.Handle(athenatest.Contains("FROM cloud_trail"), athenatest.Result{
//		Columns: []athenatest.Column{{Name: "n", Type: "bigint"}},
//		Rows:    [][]*string{athenatest.Row(42)},
//		Steps:   athenatest.Steps("QUEUED", "RUNNING"),
//	})
//	// aws-sdk-go-v2/service/athena; AWSConfig sets BaseEndpoint = srv.URL().
//	// Inside this repository prefer pkg/athena's NewClient(cfg, srv.URL()).
//	client := athena.NewFromConfig(srv.AWSConfig())
//	…
//	if srv.Count("StopQueryExecution") != 0 { … }
package athenatest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

const (
	targetPrefix = "AmazonAthena."
	contentType  = "application/x-amz-json-1.1"
	maxBody      = 4 << 20
	// DefaultResponseDelay is the pause before every response. Without it,
	// aws-sdk-go-v2 on plain-HTTP loopback intermittently fails a call with
	// "use of closed network connection" and retries after 0.4–2 s: the
	// reply arrives before net/http's write loop has seen the end of the
	// SDK's request body, which then closes the connection
	// (aws/aws-sdk-go-v2#2737, #1825). 1 ms removed it completely in 1,010
	// pages (shared/reference/toolchain.md); a real network always has that
	// much latency.
	DefaultResponseDelay = time.Millisecond
)

// Server is the fake Athena endpoint. Create it with NewServer,
// NewServerOn or NewUnstartedServer; the zero value is not usable.
type Server struct {
	ts     *httptest.Server
	closed chan struct{}
	once   sync.Once

	mu            sync.Mutex
	now           func() time.Time
	responseDelay time.Duration
	handlers      []handler
	queries       map[string]*query
	queryOrder    []string
	tokens        map[string]string // ClientRequestToken → query id
	seq           int               // queries started
	callSeq       int               // calls received
	calls         []Call
	faults        map[string][]Fault
	latency       map[string]time.Duration
	catalogs      []*catalog
	workgroups    []*WorkGroup
}

// NewServer starts a Server on a loopback port.
func NewServer() *Server {
	s := NewUnstartedServer()
	s.Start()
	return s
}

// NewServerOn starts a Server on l, e.g. a fixed port for a long-running
// demo or a listener handed over by a test harness.
func NewServerOn(l net.Listener) *Server {
	s := NewUnstartedServer()
	s.StartOn(l)
	return s
}

// NewUnstartedServer returns a Server that is not listening yet: register
// results first, then Start or StartOn. It is also an http.Handler, so it can
// be mounted in another server without Start.
func NewUnstartedServer() *Server {
	s := &Server{
		closed:        make(chan struct{}),
		now:           time.Now,
		responseDelay: DefaultResponseDelay,
		queries:       map[string]*query{},
		tokens:        map[string]string{},
		faults:        map[string][]Fault{},
		latency:       map[string]time.Duration{},
	}
	s.catalogs = []*catalog{{name: DefaultCatalog}}
	s.workgroups = []*WorkGroup{{
		Name:           "primary",
		State:          "ENABLED",
		OutputLocation: "s3://athenatest-query-results/",
		EngineVersion:  EngineVersion3,
	}}
	return s
}

// Start listens on a loopback port. It panics if already started, like
// httptest.Server.Start.
func (s *Server) Start() {
	s.mustNotBeStarted()
	s.ts = httptest.NewUnstartedServer(s)
	s.ts.Start()
}

// StartOn serves on l. Like Start, it panics if already started.
func (s *Server) StartOn(l net.Listener) {
	s.mustNotBeStarted()
	s.ts = httptest.NewUnstartedServer(s)
	_ = s.ts.Listener.Close()
	s.ts.Listener = l
	s.ts.Start()
}

// mustNotBeStarted panics on a second Start: silently replacing the
// listener would leak it and strand clients holding the old URL.
func (s *Server) mustNotBeStarted() {
	if s.ts != nil {
		panic("athenatest: Server already started")
	}
}

// URL is the endpoint to use as the client's BaseEndpoint ("" before Start).
func (s *Server) URL() string {
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// Close releases calls still waiting on injected latency and shuts the
// listener down.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closed) })
	if s.ts != nil {
		s.ts.Close()
	}
}

// AWSConfig returns a config for the real SDK client: static fake
// credentials, region us-east-1 and BaseEndpoint = URL(). The SDK still signs
// requests; the server ignores signatures.
func (s *Server) AWSConfig() aws.Config {
	return aws.Config{
		Region: "us-east-1",
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: FakeAccessKeyID, SecretAccessKey: FakeSecretAccessKey, Source: "athenatest"}, nil
		}),
		BaseEndpoint: aws.String(s.URL()),
	}
}

// Fake credentials returned by AWSConfig; tests can assert they never
// appear in error messages.
const (
	FakeAccessKeyID     = "AKIAATHENATESTFAKE01"
	FakeSecretAccessKey = "athenatest/fake/secret/key/do-not-use"
)

// SetClock replaces time.Now for submission/completion times and result
// reuse ages.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// SetResponseDelay changes the pause before each response (see
// DefaultResponseDelay); 0 disables it, which
// shared/reference/toolchain.md reports makes the SDK flaky on loopback.
func (s *Server) SetResponseDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.responseDelay = d
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	body, readErr := io.ReadAll(io.LimitReader(r.Body, maxBody))
	input, known := inputFor(op)
	var decodeErr error
	if known && readErr == nil {
		decodeErr = decodeBody(body, input)
	}
	seq := s.logCall(op, input, r)

	resp, aerr := s.serve(r, op, known, readErr, decodeErr, input)

	s.mu.Lock()
	delay := s.responseDelay
	s.mu.Unlock()
	s.pause(r.Context(), delay)

	status := http.StatusOK
	var payload any = resp
	if aerr != nil {
		status = aerr.status
		payload = aerr.body()
		w.Header().Set("X-Amzn-ErrorType", aerr.typ)
	}
	s.finishCall(seq, status, aerr)
	buf, err := json.Marshal(payload)
	if err != nil {
		status = http.StatusInternalServerError
		buf, _ = json.Marshal(errInternal("athenatest: encoding response: " + err.Error()).body())
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Amzn-RequestId", fmt.Sprintf("athenatest-%d", seq))
	w.WriteHeader(status)
	_, _ = w.Write(buf)
}

// serve validates the request, applies latency and faults, and dispatches.
func (s *Server) serve(r *http.Request, op string, known bool, readErr, decodeErr error, input any) (any, *apiError) {
	switch {
	case r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("X-Amz-Target"), targetPrefix):
		return nil, errUnknownOperation("athenatest: expected POST / with X-Amz-Target: AmazonAthena.<Operation>")
	case !known:
		return nil, errUnknownOperation("athenatest: operation " + op + " is not supported")
	case readErr != nil:
		return nil, errSerialization("athenatest: reading request body: " + readErr.Error())
	case decodeErr != nil:
		return nil, errSerialization("athenatest: decoding " + op + " request: " + decodeErr.Error())
	}
	s.mu.Lock()
	lat := s.latency[op] + s.latency[""]
	s.mu.Unlock()
	if !s.pause(r.Context(), lat) {
		return nil, errInternal("athenatest: request abandoned by the client")
	}
	if f, ok := s.takeFault(op); ok {
		return nil, f.apiError()
	}
	return s.dispatch(op, input)
}

// pause waits d unless the request or the server ends first; it reports
// whether the full wait elapsed.
func (s *Server) pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.closed:
	}
	return false
}

// decodeBody decodes a JSON request into the SDK input struct; an empty body
// is an empty input.
func decodeBody(body []byte, input any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	return json.Unmarshal(body, input)
}

// dispatch runs one operation.
func (s *Server) dispatch(op string, input any) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch in := input.(type) {
	case *startInput:
		return s.startQuery(in)
	case *getExecutionInput:
		return s.getQueryExecution(in)
	case *getResultsInput:
		return s.getQueryResults(in)
	case *stopInput:
		return s.stopQuery(in)
	case *listCatalogsInput:
		return s.listDataCatalogs(in)
	case *listDatabasesInput:
		return s.listDatabases(in)
	case *listTablesInput:
		return s.listTableMetadata(in)
	case *getTableInput:
		return s.getTableMetadata(in)
	case *listWorkGroupsInput:
		return s.listWorkGroups(in)
	case *getWorkGroupInput:
		return s.getWorkGroup(in)
	}
	return nil, errUnknownOperation("athenatest: operation " + op + " is not supported")
}
