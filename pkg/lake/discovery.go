package lake

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Discovery: Security Lake tables are discovered, not constructed. Names of
// AWS-source tables follow a template, but which versions exist (v1, v2 or
// both during a migration), which custom sources exist, and what a
// subscriber called its resource links are facts of the account
// (docs/design/security-lake.md, custom sources and resource links;
// https://docs.aws.amazon.com/security-lake/latest/userguide/custom-sources.html,
// https://docs.aws.amazon.com/security-lake/latest/userguide/create-query-subscriber-procedures.html).

// ColumnMeta is one column as the Glue catalog reports it. Type is a
// Glue/Hive type string: string, int, bigint, double, boolean, timestamp,
// array<…>, map<…>, struct<a:string,…>. Its fields match ocsf.Column, so
// ocsf.Column(c) converts one.
type ColumnMeta struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// TableMeta is one listed table (athena:ListTableMetadata or glue:GetTables).
type TableMeta struct {
	Name          string
	Columns       []ColumnMeta
	PartitionKeys []ColumnMeta
	// Parameters are the Glue table parameters; table_type=ICEBERG marks an
	// Iceberg (v2) table.
	Parameters map[string]string
}

// Catalog is the narrow view of the Glue/Athena catalog that discovery needs.
// The Athena executor implements it with ListDatabases and ListTableMetadata
// (IAM athena:ListDatabases, athena:ListTableMetadata, glue:GetDatabases,
// glue:GetTables; Lake Formation DESCRIBE hides what the role cannot see).
type Catalog interface {
	// ListDatabases returns the database names visible in an Athena catalog.
	ListDatabases(ctx context.Context, catalog string) ([]string, error)
	// ListTables returns every table of a database, with columns.
	ListTables(ctx context.Context, catalog, database string) ([]TableMeta, error)
}

// Config says where to look and what the user pinned.
type Config struct {
	// Catalog is the Athena data catalog; empty means AwsDataCatalog.
	Catalog string
	// Region is the Region queries run in; it names the default database.
	Region string
	// Database pins the lake database (e.g. a resource-link database);
	// empty means amazon_security_lake_glue_db_<region>.
	Database string
	// Pins maps a source ("vpc_flow", "ext_okta") to "table" (in Database)
	// or "database.table".
	Pins map[string]string
	// Version pins the lake version; 0 = auto.
	Version Version
	// Discover allows listing the catalog; false = conventional names only.
	Discover bool
}

// CatalogName is the Athena catalog to use.
func (cfg Config) CatalogName() string {
	if cfg.Catalog != "" {
		return cfg.Catalog
	}
	return DefaultCatalog
}

// DatabaseName is the pinned database or the Region's Security Lake database.
func (cfg Config) DatabaseName() string {
	if cfg.Database != "" {
		return cfg.Database
	}
	if cfg.Region == "" {
		return ""
	}
	return DatabaseName(cfg.Region)
}

// pin splits a pin value into database and table; an unqualified table is in
// the lake database.
func (cfg Config) pin(value string) (db, table string) {
	if d, t, ok := strings.Cut(value, "."); ok {
		return d, t
	}
	return cfg.DatabaseName(), value
}

// pinSources returns the pinned source names, sorted, for determinism.
func (cfg Config) pinSources() []string {
	out := make([]string, 0, len(cfg.Pins))
	for s := range cfg.Pins {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Inventory is what exists (or, without discovery, what is assumed) in the
// lake database. Treat it as read-only: Cache hands out copies.
type Inventory struct {
	Catalog  string `json:"catalog"`
	Database string `json:"database"`
	// Versions are the lake versions with at least one AWS-source table.
	Versions []Version `json:"versions"`
	// Preferred is the version used when a query names none.
	Preferred Version `json:"preferred"`
	// Tables are the AWS-source tables; during a v1→v2 migration a source
	// is listed once per version.
	Tables []Table `json:"tables"`
	// Custom are the third-party (ext_) source tables.
	Custom []Table `json:"custom"`
	// Warnings are for the config page's "Save & test" and for logs.
	Warnings []string `json:"warnings,omitempty"`
	// Columns holds the listed columns (partition keys last) of custom and
	// non-conventionally named tables (resource links), keyed by lower-case
	// "database.table"; their fields cannot come from the embedded catalog.
	Columns map[string][]ColumnMeta `json:"columns,omitempty"`
	// Unrecognized are listed tables ("database.table") that matched no rule;
	// pin one to use it.
	Unrecognized []string `json:"unrecognized,omitempty"`
}

// Sentinel errors for errors.Is.
var (
	// ErrDatabaseNotFound: the lake database is not visible in the catalog.
	ErrDatabaseNotFound = errors.New("lake database not found")
	// ErrTableNotFound: no table for a source and version.
	ErrTableNotFound = errors.New("lake table not found")
)

// DatabaseNotFoundError says which database was expected and how to fix it.
// Lake Formation hides databases the role has no DESCRIBE on, so "missing"
// and "not permitted" look the same
// (https://docs.aws.amazon.com/security-lake/latest/userguide/querying-troubleshoot.html).
type DatabaseNotFoundError struct {
	Catalog, Database, Region string
	// Pinned is true when the database came from the settings.
	Pinned bool
	// Similar are visible databases that look like Security Lake databases.
	Similar []string
}

// Error implements error.
func (e *DatabaseNotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the Security Lake database %q is not visible in catalog %s", e.Database, e.Catalog)
	if e.Pinned {
		b.WriteString(" (it is the lake database set in the datasource settings)")
	} else {
		fmt.Fprintf(&b, " (the default name for Region %s)", e.Region)
	}
	if len(e.Similar) > 0 {
		fmt.Fprintf(&b, "; visible databases that look like Security Lake: %s", strings.Join(e.Similar, ", "))
	}
	b.WriteString(". To fix: check that the Default Region is the Region where Security Lake (or its rollup Region) runs; " +
		"for a subscriber account, create a resource link to the shared database and set it as the lake database; " +
		"and make sure Lake Formation grants this role DESCRIBE on the database (databases without DESCRIBE are hidden)")
	return b.String()
}

// Is makes errors.Is(err, ErrDatabaseNotFound) true.
func (e *DatabaseNotFoundError) Is(target error) bool { return target == ErrDatabaseNotFound }

// Discover lists the lake database and returns what exists. With
// cfg.Discover false it makes no API calls and returns Conventional(cfg).
// Errors of the catalog are wrapped with the catalog and database they
// concern; their message is kept.
func Discover(ctx context.Context, c Catalog, cfg Config) (*Inventory, error) {
	if !cfg.Discover {
		return Conventional(cfg), nil
	}
	if c == nil {
		return nil, errors.New("lake discovery: no catalog client")
	}
	cat, db := cfg.CatalogName(), cfg.DatabaseName()
	if db == "" {
		return nil, errors.New("lake discovery: set the Default Region or the lake database")
	}
	dbs, err := c.ListDatabases(ctx, cat)
	if err != nil {
		return nil, fmt.Errorf("listing the databases of catalog %s: %w", cat, err)
	}
	visible := make(map[string]bool, len(dbs))
	for _, d := range dbs {
		visible[strings.ToLower(d)] = true
	}
	if !visible[strings.ToLower(db)] {
		return nil, &DatabaseNotFoundError{Catalog: cat, Database: db, Region: cfg.Region, Pinned: cfg.Database != "", Similar: similarDatabases(dbs)}
	}
	l := listing{tables: map[string][]TableMeta{}, missing: map[string]bool{}}
	metas, err := c.ListTables(ctx, cat, db)
	if err != nil {
		return nil, fmt.Errorf("listing the tables of %s.%s: %w", cat, db, err)
	}
	l.tables[strings.ToLower(db)] = metas
	// Pins may name tables in other databases (resource-link databases);
	// list those too, to check the pins and learn their columns.
	for _, src := range cfg.pinSources() {
		pdb, _ := cfg.pin(cfg.Pins[src])
		key := strings.ToLower(pdb)
		if _, done := l.tables[key]; done || l.missing[key] {
			continue
		}
		if !visible[key] {
			l.missing[key] = true
			continue
		}
		metas, err := c.ListTables(ctx, cat, pdb)
		if err != nil {
			return nil, fmt.Errorf("listing the tables of %s.%s (pinned for %s): %w", cat, pdb, src, err)
		}
		l.tables[key] = metas
	}
	return build(cfg, l), nil
}

// similarDatabases picks visible databases that look like Security Lake
// ones, to suggest a wrong Region or a resource-link database.
func similarDatabases(dbs []string) []string {
	var out []string
	for _, d := range dbs {
		l := strings.ToLower(d)
		if strings.HasPrefix(l, "amazon_security_lake_glue_db_") || strings.Contains(l, "security_lake") || strings.Contains(l, "securitylake") {
			out = append(out, d)
		}
	}
	sort.Strings(out)
	if len(out) > 5 {
		out = append(out[:5], "…")
	}
	return out
}

// Conventional returns the inventory implied by the naming template, without
// API calls: the pinned version's tables, or both versions' when auto, in
// the configured database, with pins applied. Used when discovery is off.
func Conventional(cfg Config) *Inventory {
	cat, db := cfg.CatalogName(), cfg.DatabaseName()
	inv := &Inventory{Catalog: cat, Database: db, Columns: map[string][]ColumnMeta{}}
	versions := []Version{V1, V2}
	if cfg.Version != 0 {
		versions = []Version{cfg.Version}
	}
	if !ValidRegion(cfg.Region) {
		inv.Warnings = append(inv.Warnings, fmt.Sprintf("the Region %q is not an AWS Region code, so conventional table names cannot be formed; pin the tables", cfg.Region))
	} else {
		for _, v := range versions {
			for _, s := range Sources {
				if s.Has(v) {
					t := AWSTable(cat, cfg.Region, s, v)
					t.Database = db
					inv.Tables = append(inv.Tables, t)
				}
			}
		}
	}
	inv.Preferred = cfg.Version
	if inv.Preferred == 0 {
		// Version 2 (OCSF 1.1.0) is what Security Lake sets up today.
		inv.Preferred = V2
		inv.Warnings = append(inv.Warnings, "discovery is off and the lake version is auto: assuming version 2 where a source exists in both; set the lake version to be sure")
	}
	applyPins(inv, cfg, listing{})
	finish(inv)
	return inv
}
