package athenaemu

import (
	"context"
	"time"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// Engine runs a Server's queries and answers its catalog calls. The Server
// owns everything the Athena API fixes whatever runs the SQL — request
// validation, query ids, ClientRequestToken idempotency, result reuse,
// paging, StopQueryExecution, workgroups, faults, the call log and the S3
// result files — and asks the engine only what depends on the data.
//
// The Server calls StartQuery while holding its lock, so an engine must
// return at once and never call back into the Server.
type Engine interface {
	// StartQuery begins running q and returns its Job. The engine may
	// change q.StatementType (e.g. a canned result that says DDL).
	StartQuery(q *Query) Job
	// DataCatalogs lists the data catalogs (ListDataCatalogs,
	// GetDataCatalog).
	DataCatalogs() []wire.DataCatalog
	// ListDatabases lists the databases of a catalog, named as the client
	// wrote it (never ""). An unknown catalog is a MetadataException.
	ListDatabases(ctx context.Context, catalog string) ([]wire.Database, *wire.Error)
	// ListTables lists the tables of catalog.database sorted by name, only
	// the one called name when name != "". An unknown database is a
	// MetadataException.
	ListTables(ctx context.Context, catalog, database, name string) ([]TableRef, *wire.Error)
	// Shutdown ends the engine's background work. The Server has cancelled
	// the jobs still running first.
	Shutdown()
}

// TableRef is a table an engine listed. Describe may be costly (a query
// per table); the Server calls it only for the tables of the page it
// answers, a few at once (Options.MetadataConcurrency).
type TableRef struct {
	Name     string
	Describe func(ctx context.Context) wire.TableMetadata
}

// Query is a query execution as the Server accepted it.
type Query struct {
	ID  string
	SQL string
	// Catalog and Database are the QueryExecutionContext as sent.
	Catalog, Database string
	// Params are the ExecutionParameters (SQL literals, one per '?').
	Params    []string
	WorkGroup string
	// StatementType is DML, DDL or UTILITY, from the statement's first
	// keyword (StatementKind).
	StatementType string
	// IsQuery reports a SELECT-like statement: its result starts with a
	// header row and may be reused.
	IsQuery   bool
	Submitted time.Time
}

// Job is one query running in an engine.
type Job interface {
	// Status reports where the query is. poll is true when a client asks
	// (GetQueryExecution): an engine whose queries advance by script takes
	// one step then; otherwise Status only reads. Once Status reports a
	// final state the Server keeps it and asks no more.
	Status(poll bool) Status
	// Cancel gives the query up (StopQueryExecution, Close). It is called
	// without the Server's lock and may block briefly (e.g. a DELETE to
	// the engine).
	Cancel()
}

// Status is a query's progress as its engine reports it.
type Status struct {
	// State is QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.
	State string
	// Reason is the StateChangeReason of a FAILED or CANCELLED query.
	Reason string
	// Error classifies a FAILED query (its ErrorMessage defaults to
	// Reason).
	Error *wire.AthenaError
	// Stats are the statistics so far.
	Stats wire.QueryExecutionStatistics
	// Result is a SUCCEEDED query's result.
	Result *ResultSet
	// Ended is when the query ended; zero: when the Server first saw it.
	Ended time.Time
	// EngineID is the engine's own id of the query (Trino's), if any.
	EngineID string
}

// ResultSet is a query's result, every value rendered as Athena renders it
// in GetQueryResults (nil: SQL NULL). It is immutable once reported.
type ResultSet struct {
	Columns []wire.ColumnInfo
	Rows    [][]*string
	// Header makes page 1 (and the CSV file) start with the column names.
	Header      bool
	UpdateCount int64
}

// Per-value and per-row overheads of result accounting (pointer, string
// header, slice header): approximate, but they keep many small values
// from slipping past a bound.
const (
	CellOverhead = 24
	RowOverhead  = 24
)

// RowBytes is what a row counts toward the result buffer bounds.
func RowBytes(row []*string) int64 {
	n := int64(RowOverhead)
	for _, c := range row {
		n += CellOverhead
		if c != nil {
			n += int64(len(*c))
		}
	}
	return n
}
