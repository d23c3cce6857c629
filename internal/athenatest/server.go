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
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// DefaultResponseDelay is the pause before every response, which keeps
// aws-sdk-go-v2 from failing calls on loopback; see
// athenawire.DefaultResponseDelay.
const DefaultResponseDelay = athenawire.DefaultResponseDelay

// Server is the fake Athena endpoint. Create it with NewServer,
// NewServerOn or NewUnstartedServer; the zero value is not usable.
type Server struct {
	ts     *httptest.Server
	ops    *athenawire.Mux
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
	s.ops = athenawire.NewMux(
		athenawire.Handle(s.startQuery),
		athenawire.Handle(s.getQueryExecution),
		athenawire.Handle(s.getQueryResults),
		athenawire.Handle(s.stopQuery),
		athenawire.Handle(s.listDataCatalogs),
		athenawire.Handle(s.listDatabases),
		athenawire.Handle(s.listTableMetadata),
		athenawire.Handle(s.getTableMetadata),
		athenawire.Handle(s.listWorkGroups),
		athenawire.Handle(s.getWorkGroup),
	)
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
// docs/design/athena-wire.md explains makes the SDK flaky on loopback.
func (s *Server) SetResponseDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.responseDelay = d
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, wellFormed := athenawire.Operation(r)
	input, known := s.ops.NewInput(op)
	var decodeErr *athenawire.Error
	if known {
		decodeErr = athenawire.DecodeRequest("athenatest", op, r.Body, input)
	}
	seq := s.logCall(op, input, r)

	resp, aerr := s.serve(r, op, wellFormed, known, decodeErr, input)
	reply := athenawire.NewReply("athenatest", resp, aerr)
	s.finishCall(seq, reply.Status, reply.Err)

	s.mu.Lock()
	delay := s.responseDelay
	s.mu.Unlock()
	reply.Write(r.Context(), w, fmt.Sprintf("athenatest-%d", seq), delay, s.closed)
}

// serve validates the request, applies latency and faults, and dispatches.
func (s *Server) serve(r *http.Request, op string, wellFormed, known bool, decodeErr *athenawire.Error, input any) (any, *athenawire.Error) {
	switch {
	case !wellFormed:
		return nil, athenawire.UnknownOperation("athenatest: expected POST / with X-Amz-Target: AmazonAthena.<Operation>")
	case !known:
		return nil, athenawire.UnknownOperation("athenatest: operation " + op + " is not supported")
	case decodeErr != nil:
		return nil, decodeErr
	}
	s.mu.Lock()
	lat := s.latency[op] + s.latency[""]
	s.mu.Unlock()
	if !athenawire.Pause(r.Context(), lat, s.closed) {
		return nil, athenawire.Internal("athenatest: request abandoned by the client")
	}
	if f, ok := s.takeFault(op); ok {
		return nil, f.apiError()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ops.Serve(r.Context(), op, input)
}
