package athenaemu

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// Options configure a Server. Zero values take the documented defaults.
type Options struct {
	// Engine runs the queries; nil: a new Canned engine.
	Engine Engine
	// Name prefixes the server's own messages (default "athenaemu").
	Name string
	// WorkGroups are the workgroups served; default one, "primary",
	// writing to OutputLocation.
	WorkGroups []WorkGroup
	// OutputLocation is the default workgroup's result location (default
	// s3://athenaemu-query-results/).
	OutputLocation string
	// Faults are active from the start.
	Faults []Fault
	// ResponseDelay replaces DefaultResponseDelay; negative disables it.
	ResponseDelay time.Duration
	// MaxBufferedBytes bounds all results held (default 1 GiB); the
	// oldest finished queries' results are dropped first.
	MaxBufferedBytes int64
	// MaxQueries bounds the remembered query executions (default 1000);
	// the oldest finished ones are forgotten first.
	MaxQueries int
	// MaxCalls bounds the call log (default 100,000 calls; oldest dropped).
	MaxCalls int
	// MetadataConcurrency bounds the tables described at once by one
	// ListTableMetadata (default 4).
	MetadataConcurrency int
	// Logger receives one line per call at Debug; nil discards.
	Logger *slog.Logger
	// Now replaces time.Now.
	Now func() time.Time
}

// DefaultResponseDelay is the pause before every response, which keeps
// aws-sdk-go-v2 from failing calls on loopback; see
// wire.DefaultResponseDelay.
const DefaultResponseDelay = wire.DefaultResponseDelay

// EngineVersion3 is the effective engine version reported everywhere. The
// generic Grafana Athena plugin panics when GetWorkGroup omits it.
const EngineVersion3 = wire.EngineVersion3

// DefaultCatalog is the Athena name of the Glue data catalog.
const DefaultCatalog = wire.DefaultCatalog

// Server is the Athena endpoint (and the S3 endpoint of its result
// files). It is an http.Handler and safe for concurrent use.
type Server struct {
	opts   Options
	name   string
	engine Engine
	ops    *wire.Mux
	faults faultSet
	calls  callLog
	closed chan struct{}
	once   sync.Once
	ts     *httptest.Server
	csv    csvCache // rendered result files

	mu         sync.Mutex
	now        func() time.Time
	delay      time.Duration
	workgroups []*WorkGroup
	execs      map[string]*execution
	order      []string          // execution ids, oldest first
	tokens     map[string]string // ClientRequestToken → execution id
	buffered   int64             // bytes of all results held
}

// New returns a Server that is not listening: mount it as an http.Handler
// or call Start.
func New(opts Options) (*Server, error) {
	if opts.Engine == nil {
		opts.Engine = NewCanned()
	}
	if opts.Name == "" {
		opts.Name = "athenaemu"
	}
	if opts.OutputLocation == "" {
		opts.OutputLocation = "s3://athenaemu-query-results/"
	}
	if opts.ResponseDelay == 0 {
		opts.ResponseDelay = DefaultResponseDelay
	}
	if opts.MaxBufferedBytes <= 0 {
		opts.MaxBufferedBytes = 1 << 30
	}
	if opts.MaxQueries <= 0 {
		opts.MaxQueries = 1000
	}
	if opts.MaxCalls <= 0 {
		opts.MaxCalls = 100_000
	}
	if opts.MetadataConcurrency <= 0 {
		opts.MetadataConcurrency = 4
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		opts: opts, name: opts.Name, engine: opts.Engine, closed: make(chan struct{}),
		now: opts.Now, delay: opts.ResponseDelay,
		execs: map[string]*execution{}, tokens: map[string]string{},
	}
	s.calls.max = opts.MaxCalls
	if err := s.faults.set(opts.Faults, true); err != nil {
		return nil, err
	}
	wgs := opts.WorkGroups
	if len(wgs) == 0 {
		wgs = []WorkGroup{{Name: "primary", OutputLocation: opts.OutputLocation}}
	}
	for _, wg := range wgs {
		s.AddWorkGroup(wg)
	}
	s.ops = wire.NewMux(
		wire.HandleContext(s.startQuery),
		wire.Handle(s.getQueryExecution),
		wire.Handle(s.getQueryResults),
		wire.Handle(s.stopQuery),
		wire.Handle(s.listDataCatalogs),
		wire.Handle(s.getDataCatalog),
		wire.HandleContext(s.listDatabases),
		wire.HandleContext(s.getDatabase),
		wire.HandleContext(s.listTableMetadata),
		wire.HandleContext(s.getTableMetadata),
		wire.Handle(s.listWorkGroups),
		wire.Handle(s.getWorkGroup),
	)
	return s, nil
}

// Start listens on a loopback port. It panics if already started.
func (s *Server) Start() {
	s.mustNotBeStarted()
	s.ts = httptest.NewServer(s)
}

// StartOn serves on l. Like Start, it panics if already started.
func (s *Server) StartOn(l net.Listener) {
	s.mustNotBeStarted()
	s.ts = httptest.NewUnstartedServer(s)
	_ = s.ts.Listener.Close()
	s.ts.Listener = l
	s.ts.Start()
}

func (s *Server) mustNotBeStarted() {
	if s.ts != nil {
		panic("athenaemu: Server already started")
	}
}

// URL is the endpoint for the clients' BaseEndpoint ("" before Start).
func (s *Server) URL() string {
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// Close cancels the queries still running, releases calls waiting on
// injected delays, shuts the engine and (after Start) the listener down.
// The Server starts no queries afterwards.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closed)
		s.mu.Lock()
		var running []*execution
		for _, e := range s.execs {
			if !e.final {
				running = append(running, e)
			}
		}
		s.mu.Unlock()
		for _, e := range running {
			s.stop(e, s.name+" is shutting down")
		}
		s.engine.Shutdown()
		if s.ts != nil {
			s.ts.Close()
		}
	})
}

// Fake credentials returned by AWSConfig; tests can assert they never
// appear in error messages.
const (
	FakeAccessKeyID     = "AKIAATHENAEMUFAKE001"                 //nolint:gosec // a fake key for the emulator, valid nowhere
	FakeSecretAccessKey = "athenaemu/fake/secret/key/do-not-use" //nolint:gosec // a fake secret for the emulator, valid nowhere
)

// AWSConfig returns a config for the real SDK clients: static fake
// credentials, region us-east-1 and BaseEndpoint = URL(). The SDK signs
// requests; the server records that they were signed and checks nothing.
func (s *Server) AWSConfig() aws.Config {
	return aws.Config{
		Region: "us-east-1",
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: FakeAccessKeyID, SecretAccessKey: FakeSecretAccessKey, Source: "athenaemu"}, nil
		}),
		BaseEndpoint: aws.String(s.URL()),
	}
}

// SetResponseDelay changes the pause before each response (see
// DefaultResponseDelay); 0 disables it, which makes the SDK flaky on
// loopback.
func (s *Server) SetResponseDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

func (s *Server) responseDelay() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.delay
}

// ServeHTTP implements http.Handler: the Athena API on POST /, the query
// result files on GET /<bucket>/<key> (S3 path style) and the admin
// endpoints under /_admin/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/_admin/"):
		s.serveAdmin(w, r)
	case (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.URL.Path != "/":
		s.serveObject(w, r)
	default:
		s.serveAthena(w, r)
	}
}

// serveAthena answers one Athena JSON 1.1 call.
func (s *Server) serveAthena(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	op, wellFormed := wire.Operation(r)
	input, known := s.ops.NewInput(op)
	var aerr *wire.Error
	switch {
	case !wellFormed:
		aerr = wire.UnknownOperation(s.name + ": expected POST / with X-Amz-Target: AmazonAthena.<Operation>")
	case !known:
		aerr = wire.UnknownOperation(s.name + ": operation " + op + " is not supported")
	default:
		aerr = wire.DecodeRequest(s.name, op, r.Body, input)
	}
	if !known {
		input = nil
	}
	call := s.beginCall(op, input, r)
	var resp any
	var plan faultPlan
	if aerr == nil {
		plan = s.faults.take(op, call.SQL)
		s.calls.setFault(call.Seq, plan.String())
		resp, aerr = s.answer(r.Context(), op, input, plan)
	}
	reply := wire.NewReply(s.name, resp, aerr)
	if out, ok := resp.(*wire.StartQueryExecutionOutput); ok && reply.Err == nil {
		s.calls.setQuery(call.Seq, out.QueryExecutionId)
	}
	s.calls.finish(call.Seq, reply.Status, reply.Err)
	s.writeReply(r.Context(), w, reply, plan.action, fmt.Sprintf("%s-%d", s.name, call.Seq))
	if e := reply.Err; e != nil {
		s.log().Debug("athena call", "op", op, "status", reply.Status, "error", e.Type, "message", e.Message, "fault", plan.String(), "took", time.Since(start))
	} else {
		s.log().Debug("athena call", "op", op, "status", reply.Status, "fault", plan.String(), "took", time.Since(start))
	}
}

// answer applies a call's fault plan and serves it. A panic anywhere below
// becomes an InternalServerException: a broken request must never take
// the endpoint down.
func (s *Server) answer(ctx context.Context, op string, input any, plan faultPlan) (resp any, aerr *wire.Error) {
	defer func() {
		if p := recover(); p != nil {
			s.log().Error(s.name+": panic serving a call", "op", op, "panic", p, "stack", string(debug.Stack()))
			resp, aerr = nil, wire.Internal(fmt.Sprintf("%s: internal error in %s: %v", s.name, op, p))
		}
	}()
	if !wire.Pause(ctx, plan.delay, s.closed) {
		return nil, wire.Internal(s.name + ": request abandoned by the client")
	}
	if plan.action == ActHang && op != "StartQueryExecution" {
		<-mergeDone(ctx, s.closed)
		return nil, wire.Internal(s.name + ": request abandoned by the client")
	}
	if e := plan.athenaError(op); e != nil {
		return nil, e
	}
	return s.ops.Serve(context.WithValue(ctx, planKey{}, plan), op, input)
}

// mergeDone is closed when ctx ends or done is closed.
func mergeDone(ctx context.Context, done <-chan struct{}) <-chan struct{} {
	out := make(chan struct{})
	go func() {
		defer close(out)
		select {
		case <-ctx.Done():
		case <-done:
		}
	}()
	return out
}

// writeReply writes reply as its fault plan says: whole, malformed (a
// body that is not JSON) or truncated (the connection drops halfway
// through a body announced whole).
func (s *Server) writeReply(ctx context.Context, w http.ResponseWriter, reply wire.Reply, act Action, requestID string) {
	switch act {
	case ActMalformed:
		reply.Body = malformJSON(reply.Body)
	case ActTruncated:
		w.Header().Set("Content-Length", fmt.Sprint(len(reply.Body)))
		reply.Body = reply.Body[:len(reply.Body)/2]
	}
	reply.Write(ctx, w, requestID, s.responseDelay(), s.closed)
	if act == ActTruncated {
		abort(w)
	}
}

// abort sends what was written and drops the connection.
func abort(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

// malformJSON returns a body no JSON decoder accepts.
func malformJSON(body []byte) []byte {
	return append([]byte(`{"__malformed": `), body[:len(body)/2]...)
}

func (s *Server) log() *slog.Logger { return s.opts.Logger }

func (s *Server) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}
