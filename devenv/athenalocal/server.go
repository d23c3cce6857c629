// Package athenalocal serves the Amazon Athena JSON 1.1 API (POST /,
// X-Amz-Target: AmazonAthena.<Operation>) from a Trino coordinator, so the
// plugin's real aws-sdk-go-v2 code path runs unchanged against the local
// Security Lake replica (Athena engine v3 is Trino).
//
// Queries run asynchronously in Trino; their results are rendered the way
// Athena renders them (render.go) and buffered in memory for paging, up to
// a bound. Catalog operations are answered from Trino's information_schema
// and "$partitions" tables, converted to Glue's view of the tables. SigV4
// signatures are accepted unchecked. Latency and faults (throttling, internal
// errors, forced query failures) can be injected through Options, the Go API
// or the /_admin/faults endpoint, so end-to-end tests of the plugin binary
// can change them at run time.
//
// Supported: StartQueryExecution, GetQueryExecution, GetQueryResults,
// StopQueryExecution, ListDataCatalogs, GetDataCatalog, ListDatabases,
// GetDatabase, ListTableMetadata, GetTableMetadata, ListWorkGroups,
// GetWorkGroup. Anything else is an InvalidRequestException.
package athenalocal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// EngineVersion3 is the effective engine version reported everywhere. The
// generic Grafana Athena plugin panics when GetWorkGroup omits it.
const EngineVersion3 = athenawire.EngineVersion3

// DefaultCatalog is the Athena name of the Glue catalog.
const DefaultCatalog = athenawire.DefaultCatalog

// DefaultResponseDelay is the pause before every response, which keeps
// aws-sdk-go-v2 from failing calls on loopback; see
// athenawire.DefaultResponseDelay.
const DefaultResponseDelay = athenawire.DefaultResponseDelay

// Options configure a Server. Zero values take the documented defaults.
type Options struct {
	// Trino is the client queries run through; if nil, one is made from
	// TrinoURL and TrinoUser.
	Trino *trino.Client
	// TrinoURL defaults to http://127.0.0.1:8080, TrinoUser to
	// "athena-local".
	TrinoURL, TrinoUser string
	// Catalogs maps Athena data catalog names (matched case-insensitively)
	// to Trino catalogs; default {"AwsDataCatalog": "awsdatacatalog"}.
	Catalogs map[string]string
	// WorkGroups are served in addition to "primary", which always exists.
	WorkGroups []string
	// OutputLocation is the fake result location of every workgroup
	// (default s3://athena-local-query-results/).
	OutputLocation string
	// BytesScannedCutoffPerQuery is reported in workgroup configurations
	// (0 = none). It is not enforced.
	BytesScannedCutoffPerQuery int64
	// Latency delays every call of an operation; key "*" applies to all
	// operations (added to the operation's own). It is part of the live
	// faults, so ClearFaults (DELETE /_admin/faults) removes it too.
	Latency map[string]time.Duration
	// Faults are injected from the start (see FaultSpec).
	Faults FaultSpec
	// ResponseDelay replaces DefaultResponseDelay; negative disables it.
	ResponseDelay time.Duration
	// MaxResultBytes bounds one query's buffered results (default 256 MiB);
	// a query producing more FAILS, as a hint to add a LIMIT.
	MaxResultBytes int64
	// MaxBufferedBytes bounds all buffered results (default 1 GiB); the
	// oldest finished queries' results are dropped first.
	MaxBufferedBytes int64
	// MaxQueries bounds the remembered query executions (default 1000);
	// the oldest finished ones are forgotten first.
	MaxQueries int
	// IcebergHidePartitionKeys reports Iceberg tables with every column in
	// Columns and no PartitionKeys — what Glue stores for Athena-created
	// Iceberg tables (unverified) — instead of the identity partition
	// columns as PartitionKeys (the default).
	IcebergHidePartitionKeys bool
	// MetadataConcurrency bounds the Trino queries one table listing runs
	// at once (default 4).
	MetadataConcurrency int
	// Logger receives one line per call at Debug and query outcomes at
	// Info; nil discards.
	Logger *slog.Logger
	// Now replaces time.Now (tests).
	Now func() time.Time
}

// Server is the Athena endpoint. Create it with New; it is an http.Handler
// and safe for concurrent use.
type Server struct {
	opts     Options
	ops      *athenawire.Mux
	trino    *trino.Client
	log      *slog.Logger
	catalogs []catalogEntry
	wgs      []string

	ctx    context.Context // ends at Close: stops running queries
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	queries  map[string]*query
	order    []string          // query ids, oldest first
	tokens   map[string]string // ClientRequestToken → query id
	reuse    map[string]string // reuse key → id of the latest success
	buffered int64             // bytes of all buffered results
	faults   faultState
}

type catalogEntry struct{ athena, trino string }

// New validates opts and returns a Server.
func New(opts Options) (*Server, error) {
	if opts.TrinoUser == "" {
		opts.TrinoUser = "athena-local"
	}
	if opts.TrinoURL == "" {
		opts.TrinoURL = "http://127.0.0.1:8080"
	}
	if opts.OutputLocation == "" {
		opts.OutputLocation = "s3://athena-local-query-results/"
	}
	if opts.ResponseDelay == 0 {
		opts.ResponseDelay = DefaultResponseDelay
	}
	if opts.MaxResultBytes <= 0 {
		opts.MaxResultBytes = 256 << 20
	}
	if opts.MaxBufferedBytes <= 0 {
		opts.MaxBufferedBytes = 1 << 30
	}
	if opts.MaxQueries <= 0 {
		opts.MaxQueries = 1000
	}
	if opts.MetadataConcurrency <= 0 {
		opts.MetadataConcurrency = 4
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if len(opts.Catalogs) == 0 {
		opts.Catalogs = map[string]string{DefaultCatalog: "awsdatacatalog"}
	}
	tc := opts.Trino
	if tc == nil {
		var err error
		if tc, err = trino.New(opts.TrinoURL, opts.TrinoUser, trino.WithSource("athena-local")); err != nil {
			return nil, err
		}
	}
	s := &Server{
		opts: opts, trino: tc, log: opts.Logger,
		queries: map[string]*query{}, tokens: map[string]string{}, reuse: map[string]string{},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.ops = athenawire.NewMux(
		athenawire.Handle(s.startQuery),
		athenawire.Handle(s.getQueryExecution),
		athenawire.Handle(s.getQueryResults),
		athenawire.Handle(s.stopQuery),
		athenawire.Handle(s.listDataCatalogs),
		athenawire.Handle(s.getDataCatalog),
		athenawire.HandleContext(s.listDatabases),
		athenawire.HandleContext(s.getDatabase),
		athenawire.HandleContext(s.listTableMetadata),
		athenawire.HandleContext(s.getTableMetadata),
		athenawire.Handle(s.listWorkGroups),
		athenawire.Handle(s.getWorkGroup),
	)
	for name, tr := range opts.Catalogs {
		s.catalogs = append(s.catalogs, catalogEntry{athena: name, trino: tr})
	}
	sortCatalogs(s.catalogs)
	s.wgs = workGroupNames(opts.WorkGroups)
	s.faults = newFaultState()
	if err := s.faults.apply(opts.Faults, false); err != nil {
		return nil, err
	}
	for op, d := range opts.Latency {
		s.faults.latency[op] = d
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// Close cancels the queries still running (in Trino too) and waits for
// their goroutines. The Server answers no queries afterwards.
func (s *Server) Close() {
	s.cancel()
	s.mu.Lock()
	var running []*query
	for _, q := range s.queries {
		if !athenawire.Terminal(q.state) {
			running = append(running, q)
		}
	}
	s.mu.Unlock()
	for _, q := range running {
		s.stop(q, "athena-local is shutting down")
	}
	s.wg.Wait()
}

// ServeHTTP implements http.Handler: the Athena API on POST / and the admin
// endpoints under /_admin/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_admin/") {
		s.serveAdmin(w, r)
		return
	}
	start := time.Now()
	op, wellFormed := athenawire.Operation(r)
	resp, aerr := s.call(r, op, wellFormed)
	reply := athenawire.NewReply("athena-local", resp, aerr)
	reply.Write(r.Context(), w, newID(), s.opts.ResponseDelay, nil)
	if e := reply.Err; e != nil {
		s.log.Debug("athena call", "op", op, "status", reply.Status, "error", e.Type, "message", e.Message, "took", time.Since(start))
	} else {
		s.log.Debug("athena call", "op", op, "status", reply.Status, "took", time.Since(start))
	}
}

// call validates, applies latency and faults, and dispatches one request.
// A panic anywhere below becomes an InternalServerException: a broken
// request must never take the endpoint down.
func (s *Server) call(r *http.Request, op string, wellFormed bool) (resp any, aerr *athenawire.Error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("athena-local: panic serving a call", "op", op, "panic", p, "stack", string(debug.Stack()))
			resp, aerr = nil, athenawire.Internal(fmt.Sprintf("athena-local: internal error in %s: %v", op, p))
		}
	}()
	if !wellFormed {
		return nil, athenawire.InvalidRequest("athena-local expects POST / with X-Amz-Target: AmazonAthena.<Operation>")
	}
	input, known := s.ops.NewInput(op)
	if !known {
		return nil, athenawire.InvalidRequest("athena-local does not support " + op)
	}
	if aerr := athenawire.DecodeRequest("athena-local", op, r.Body, input); aerr != nil {
		return nil, aerr
	}
	if !athenawire.Pause(r.Context(), s.faults.latencyFor(op), nil) {
		return nil, athenawire.Internal("athena-local: request abandoned by the client")
	}
	if f := s.takeFault(op); f != nil {
		return nil, f
	}
	return s.ops.Serve(r.Context(), op, input)
}

// trinoError converts a Trino client error that prevented an answer into
// an Athena error: unreachable Trino is an internal error (retryable by the
// SDK), a failed metadata query a MetadataException.
func trinoError(what string, err error) *athenawire.Error {
	var te *trino.Error
	if errors.As(err, &te) {
		return athenawire.Metadata(fmt.Sprintf("athena-local: %s: %s: %s", what, te.ErrorName, te.Message))
	}
	return athenawire.Internal(fmt.Sprintf("athena-local: %s: %v", what, err))
}
