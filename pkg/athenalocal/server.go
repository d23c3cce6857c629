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
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/trino"
)

// EngineVersion3 is the effective engine version reported everywhere. The
// generic Grafana Athena plugin panics when GetWorkGroup omits it.
const EngineVersion3 = "Athena engine version 3"

// DefaultCatalog is the Athena name of the Glue catalog.
const DefaultCatalog = "AwsDataCatalog"

const (
	targetPrefix = "AmazonAthena."
	contentType  = "application/x-amz-json-1.1"
	maxBody      = 4 << 20 // QueryString is at most 256 KiB
	// DefaultResponseDelay is the pause before every response. aws-sdk-go-v2
	// on plain-HTTP loopback intermittently fails a call with "use of closed
	// network connection" (then retries after 0.4–2 s) when the reply beats
	// net/http's write loop to the end of the SDK's request body: the SDK
	// closes the body as soon as the response headers arrive, the write loop
	// then reads io.EOF from it and closes the connection under the response
	// (aws/aws-sdk-go-v2#2737, #1825). A 1 ms pause removed it in 1,010 pages
	// (shared/reference/toolchain.md); a real network always has that much
	// latency. It is not airtight: when the client is descheduled longer (GC
	// on 2 busy cores), about 1 in 1,000 pages of 1,000 rows still fails
	// (measured, BenchmarkGetQueryResults10k) and is retried by the SDK's
	// standard retryer (net.ErrClosed is retryable since aws-sdk-go-v2 PR
	// #2949), which the plugin's retry policy keeps.
	DefaultResponseDelay = time.Millisecond
)

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
		if !terminal(q.state) {
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
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	resp, aerr := s.call(r, op)

	// Pause before writing, so the SDK's request write has finished before
	// the reply lands (see DefaultResponseDelay).
	if d := s.opts.ResponseDelay; d > 0 {
		pause(r.Context(), d)
	}
	status := http.StatusOK
	var payload any = resp
	if aerr != nil {
		status, payload = aerr.status, aerr.body()
		w.Header().Set("X-Amzn-ErrorType", aerr.typ)
	}
	buf, err := json.Marshal(payload)
	if err != nil {
		e := errInternal("athena-local: encoding response: " + err.Error())
		status, aerr = e.status, e
		buf, _ = json.Marshal(e.body())
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Amzn-RequestId", newID())
	w.WriteHeader(status)
	_, _ = w.Write(buf)
	if aerr != nil {
		s.log.Debug("athena call", "op", op, "status", status, "error", aerr.typ, "message", aerr.msg, "took", time.Since(start))
	} else {
		s.log.Debug("athena call", "op", op, "status", status, "took", time.Since(start))
	}
}

// call validates, applies latency and faults, and dispatches one request.
// A panic anywhere below becomes an InternalServerException: a broken
// request must never take the endpoint down.
func (s *Server) call(r *http.Request, op string) (resp any, aerr *apiError) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("athena-local: panic serving a call", "op", op, "panic", p, "stack", string(debug.Stack()))
			resp, aerr = nil, errInternal(fmt.Sprintf("athena-local: internal error in %s: %v", op, p))
		}
	}()
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("X-Amz-Target"), targetPrefix) {
		return nil, errInvalidRequest("athena-local expects POST / with X-Amz-Target: AmazonAthena.<Operation>")
	}
	input, known := inputFor(op)
	if !known {
		return nil, errInvalidRequest("athena-local does not support " + op)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, errSerialization("athena-local: reading request body: " + err.Error())
	}
	if len(body) > maxBody {
		return nil, errSerialization("athena-local: request body exceeds 4 MiB")
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, input); err != nil {
			return nil, errSerialization("athena-local: decoding " + op + " request: " + err.Error())
		}
	}
	if !pause(r.Context(), s.faults.latencyFor(op)) {
		return nil, errInternal("athena-local: request abandoned by the client")
	}
	if f := s.takeFault(op); f != nil {
		return nil, f
	}
	return s.dispatch(r.Context(), input)
}

func (s *Server) dispatch(ctx context.Context, input any) (any, *apiError) {
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
	case *getCatalogInput:
		return s.getDataCatalog(in)
	case *listDatabasesInput:
		return s.listDatabases(ctx, in)
	case *getDatabaseInput:
		return s.getDatabase(ctx, in)
	case *listTablesInput:
		return s.listTableMetadata(ctx, in)
	case *getTableInput:
		return s.getTableMetadata(ctx, in)
	case *listWorkGroupsInput:
		return s.listWorkGroups(in)
	case *getWorkGroupInput:
		return s.getWorkGroup(in)
	}
	return nil, errInternal(fmt.Sprintf("athena-local: no handler for %T", input))
}

// pause waits d unless ctx ends first; it reports whether the wait
// completed.
func pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// trinoError converts a Trino client error that prevented an answer into
// an Athena error: unreachable Trino is an internal error (retryable by the
// SDK), a failed metadata query a MetadataException.
func trinoError(what string, err error) *apiError {
	var te *trino.Error
	if errors.As(err, &te) {
		return errMetadata(fmt.Sprintf("athena-local: %s: %s: %s", what, te.ErrorName, te.Message))
	}
	return errInternal(fmt.Sprintf("athena-local: %s: %v", what, err))
}
