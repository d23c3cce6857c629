// Package athenalocal is the Trino engine of the Athena emulator
// (internal/athenaemu): it runs the SQL of StartQueryExecution on a Trino
// coordinator, so the plugin's real aws-sdk-go-v2 code path runs
// unchanged against the local Security Lake replica (Athena engine v3 is
// Trino). New returns the emulator on this engine, as cmd/athena-local
// serves it.
//
// Queries run asynchronously in Trino: their state and statistics follow
// Trino's, their results are rendered the way Athena renders them
// (render.go) and held in memory for paging and for the S3 result files,
// up to a bound. Catalog calls are answered from Trino's
// information_schema and "$partitions" tables, converted to Glue's view of
// the tables (tables.go). The query lifecycle, workgroups, faults
// (/_admin/faults), the call log and the result files are the emulator's:
// see internal/athenaemu for them and for the fault syntax.
package athenalocal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// Options configure the Trino engine and the emulator around it. Zero
// values take the documented defaults.
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
	// OutputLocation is every workgroup's result location (default
	// s3://athena-local-query-results/).
	OutputLocation string
	// BytesScannedCutoffPerQuery is reported in workgroup configurations
	// (0 = none). It is not enforced.
	BytesScannedCutoffPerQuery int64
	// MaxResultBytes bounds one query's held results (default 256 MiB); a
	// query producing more FAILS, as a hint to add a LIMIT.
	MaxResultBytes int64
	// IcebergHidePartitionKeys reports Iceberg tables with every column in
	// Columns and no PartitionKeys — what Glue stores for Athena-created
	// Iceberg tables (unverified) — instead of the identity partition
	// columns as PartitionKeys (the default).
	IcebergHidePartitionKeys bool
	// Logger receives query outcomes at Info (and, through the emulator,
	// one line per call at Debug); nil discards.
	Logger *slog.Logger
	// Now replaces time.Now.
	Now func() time.Time
	// Emulator holds the emulator's other options (faults, response
	// delay, buffer bounds); its Engine, Name, WorkGroups, Logger and Now
	// are set from the fields above.
	Emulator athenaemu.Options
}

// Engine runs queries on Trino; it implements athenaemu.Engine.
type Engine struct {
	opts     Options
	trino    *trino.Client
	log      *slog.Logger
	catalogs []catalogEntry
	// sqlCatalogs maps lower-case Athena catalog names to the Trino
	// catalogs that serve them under another name (rewriteCatalogs).
	sqlCatalogs map[string]string
	ctx         context.Context // ends at Shutdown
	cancel      context.CancelFunc
	wg          sync.WaitGroup
}

type catalogEntry struct{ athena, trino string }

// New returns the Athena emulator on a Trino engine, not listening yet
// (mount it as an http.Handler or call Start).
func New(opts Options) (*athenaemu.Server, error) {
	e, err := NewEngine(opts)
	if err != nil {
		return nil, err
	}
	o := e.opts
	em := o.Emulator
	em.Engine, em.Name, em.Logger, em.Now = e, "athena-local", o.Logger, o.Now
	em.WorkGroups = nil
	for _, name := range workGroupNames(o.WorkGroups) {
		em.WorkGroups = append(em.WorkGroups, athenaemu.WorkGroup{Name: name, Description: "athena-local",
			OutputLocation: o.OutputLocation, BytesScannedCutoff: o.BytesScannedCutoffPerQuery})
	}
	return athenaemu.New(em)
}

// NewEngine validates opts and returns the engine alone.
func NewEngine(opts Options) (*Engine, error) {
	if opts.TrinoUser == "" {
		opts.TrinoUser = "athena-local"
	}
	if opts.TrinoURL == "" {
		opts.TrinoURL = "http://127.0.0.1:8080"
	}
	if opts.OutputLocation == "" {
		opts.OutputLocation = "s3://athena-local-query-results/"
	}
	if opts.MaxResultBytes <= 0 {
		opts.MaxResultBytes = 256 << 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if len(opts.Catalogs) == 0 {
		opts.Catalogs = map[string]string{athenaemu.DefaultCatalog: "awsdatacatalog"}
	}
	tc := opts.Trino
	if tc == nil {
		var err error
		if tc, err = trino.New(opts.TrinoURL, opts.TrinoUser, trino.WithSource("athena-local")); err != nil {
			return nil, err
		}
	}
	e := &Engine{opts: opts, trino: tc, log: opts.Logger}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.sqlCatalogs = map[string]string{}
	for name, tr := range opts.Catalogs {
		e.catalogs = append(e.catalogs, catalogEntry{athena: name, trino: tr})
		if !strings.EqualFold(name, tr) {
			e.sqlCatalogs[strings.ToLower(name)] = tr
		}
	}
	sort.Slice(e.catalogs, func(i, j int) bool {
		return strings.ToLower(e.catalogs[i].athena) < strings.ToLower(e.catalogs[j].athena)
	})
	e.ctx, e.cancel = context.WithCancel(context.Background())
	return e, nil
}

// workGroupNames is "primary" plus the configured names, deduplicated.
func workGroupNames(extra []string) []string {
	out := []string{"primary"}
	for _, n := range extra {
		n = strings.TrimSpace(n)
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// String names the engine in /_admin/health.
func (e *Engine) String() string { return "trino " + e.trino.BaseURL() }

// Shutdown implements athenaemu.Engine: it waits for the query goroutines
// (the emulator has cancelled their queries).
func (e *Engine) Shutdown() {
	e.cancel()
	e.wg.Wait()
}

// findCatalog maps an Athena catalog name to its entry, case-insensitively.
func (e *Engine) findCatalog(name string) (catalogEntry, bool) {
	for _, c := range e.catalogs {
		if strings.EqualFold(c.athena, name) {
			return c, true
		}
	}
	return catalogEntry{}, false
}

// athenaNames puts the Athena catalog names back into a Trino message about
// a renamed catalog ("Table 'lake_minimal.db.t' does not exist" reads
// 'awsdatacatalog.db.t', as Athena reports it).
func (e *Engine) athenaNames(msg string) string {
	for athena, tr := range e.sqlCatalogs {
		msg = strings.ReplaceAll(msg, "'"+tr+".", "'"+athena+".")
	}
	return msg
}

// trinoCatalog is the Trino catalog a query runs in: the mapped one, else
// the name itself in lower case (Trino then reports CATALOG_NOT_FOUND, as
// Athena fails a query naming an unknown catalog).
func (e *Engine) trinoCatalog(athenaName string) string {
	if athenaName == "" {
		athenaName = athenaemu.DefaultCatalog
	}
	if c, ok := e.findCatalog(athenaName); ok {
		return c.trino
	}
	return strings.ToLower(athenaName)
}

// DataCatalogs implements athenaemu.Engine.
func (e *Engine) DataCatalogs() []wire.DataCatalog {
	out := make([]wire.DataCatalog, len(e.catalogs))
	for i, c := range e.catalogs {
		out[i] = wire.DataCatalog{Name: c.athena, Type: "GLUE", Status: "CREATE_COMPLETE",
			Description: "athena-local: Trino catalog " + c.trino, Parameters: map[string]string{"catalog-id": "000000000000"}}
	}
	return out
}

// ListDatabases implements athenaemu.Engine: SHOW SCHEMAS without
// information_schema, sorted.
func (e *Engine) ListDatabases(ctx context.Context, catalog string) ([]wire.Database, *wire.Error) {
	c, ok := e.findCatalog(catalog)
	if !ok {
		return nil, wire.Metadata("Catalog " + catalog + " was not found")
	}
	_, rows, err := e.queryAll(ctx, "SHOW SCHEMAS FROM "+quoteIdent(c.trino))
	if err != nil {
		return nil, trinoError("listing databases", err)
	}
	var names []string
	for _, r := range rows {
		if len(r) > 0 && r[0] != nil && *r[0] != "information_schema" {
			names = append(names, *r[0])
		}
	}
	slices.Sort(names)
	out := make([]wire.Database, len(names))
	for i, n := range names {
		out[i] = wire.Database{Name: n}
	}
	return out, nil
}

// ListTables implements athenaemu.Engine; describing a table probes its
// "$partitions" table.
func (e *Engine) ListTables(ctx context.Context, catalog, db, name string) ([]athenaemu.TableRef, *wire.Error) {
	c, ok := e.findCatalog(catalog)
	if !ok {
		return nil, wire.Metadata("Catalog " + catalog + " was not found")
	}
	tables, aerr := e.loadTables(ctx, c, db, name)
	if aerr != nil {
		return nil, aerr
	}
	if len(tables) == 0 && name == "" {
		if dbs, aerr := e.ListDatabases(ctx, catalog); aerr == nil && !slices.ContainsFunc(dbs, func(d wire.Database) bool { return strings.EqualFold(d.Name, db) }) {
			return nil, wire.Metadata("Database " + db + " not found.")
		}
	}
	out := make([]athenaemu.TableRef, len(tables))
	for i, t := range tables {
		out[i] = athenaemu.TableRef{Name: t.name, Describe: func(ctx context.Context) wire.TableMetadata { return e.glueTable(ctx, c, db, t) }}
	}
	return out, nil
}

// trinoError converts a Trino client error that prevented an answer into
// an Athena error: unreachable Trino is an internal error (retryable by the
// SDK), a failed metadata query a MetadataException.
func trinoError(what string, err error) *wire.Error {
	var te *trino.Error
	if errors.As(err, &te) {
		return wire.Metadata(fmt.Sprintf("athena-local: %s: %s: %s", what, te.ErrorName, te.Message))
	}
	return wire.Internal(fmt.Sprintf("athena-local: %s: %v", what, err))
}
