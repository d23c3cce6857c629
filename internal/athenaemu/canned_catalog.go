package athenaemu

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// TableColumn is a Glue column: Type uses Glue/Hive spelling (string, int,
// bigint, timestamp, array<…>, map<…,…>, struct<a:string,…>), not Trino's.
type TableColumn struct {
	Name, Type, Comment string
}

// Table is catalog metadata served by ListTableMetadata/GetTableMetadata.
type Table struct {
	Name string
	// TableType defaults to EXTERNAL_TABLE.
	TableType     string
	Columns       []TableColumn
	PartitionKeys []TableColumn
	// Parameters are table properties, e.g. {"table_type": "ICEBERG"} for
	// Security Lake 2.0 tables.
	Parameters map[string]string
	CreateTime time.Time
}

type catalog struct {
	name string
	dbs  []*database
}

type database struct {
	name   string
	tables []*Table
}

// AddDatabase creates (or extends) database in catalog ("" =
// AwsDataCatalog) with tables. Names are matched case-insensitively, as
// Glue does.
func (c *Canned) AddDatabase(catalogName, name string, tables ...Table) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if catalogName == "" {
		catalogName = DefaultCatalog
	}
	cat := c.findCatalog(catalogName)
	if cat == nil {
		cat = &catalog{name: catalogName}
		c.catalogs = append(c.catalogs, cat)
	}
	db := cat.find(name)
	if db == nil {
		db = &database{name: strings.ToLower(name)}
		cat.dbs = append(cat.dbs, db)
	}
	for i := range tables {
		t := tables[i]
		if t.TableType == "" {
			t.TableType = "EXTERNAL_TABLE"
		}
		if existing := db.find(t.Name); existing != nil {
			*existing = t
			continue
		}
		db.tables = append(db.tables, &t)
	}
}

func (c *Canned) findCatalog(name string) *catalog {
	for _, cat := range c.catalogs {
		if strings.EqualFold(cat.name, name) {
			return cat
		}
	}
	return nil
}

func (cat *catalog) find(name string) *database {
	for _, db := range cat.dbs {
		if strings.EqualFold(db.name, name) {
			return db
		}
	}
	return nil
}

func (db *database) find(name string) *Table {
	for _, t := range db.tables {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// DataCatalogs implements Engine.
func (c *Canned) DataCatalogs() []wire.DataCatalog {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]wire.DataCatalog, len(c.catalogs))
	for i, cat := range c.catalogs {
		out[i] = wire.DataCatalog{Name: cat.name, Type: "GLUE", Status: "CREATE_COMPLETE"}
	}
	return out
}

// ListDatabases implements Engine.
func (c *Canned) ListDatabases(_ context.Context, catalogName string) ([]wire.Database, *wire.Error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cat := c.findCatalog(catalogName)
	if cat == nil {
		return nil, wire.Metadata("Catalog " + catalogName + " was not found")
	}
	out := make([]wire.Database, len(cat.dbs))
	for i, db := range cat.dbs {
		out[i] = wire.Database{Name: db.name}
	}
	return out, nil
}

// ListTables implements Engine.
func (c *Canned) ListTables(_ context.Context, catalogName, dbName, name string) ([]TableRef, *wire.Error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cat := c.findCatalog(catalogName)
	if cat == nil {
		return nil, wire.Metadata("Catalog " + catalogName + " was not found")
	}
	db := cat.find(dbName)
	if db == nil {
		return nil, wire.Metadata("Database " + dbName + " not found.")
	}
	var out []TableRef
	for _, t := range db.tables {
		if name != "" && !strings.EqualFold(t.Name, name) {
			continue
		}
		tm := tableWire(*t)
		out = append(out, TableRef{Name: t.Name, Describe: func(context.Context) wire.TableMetadata { return tm }})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func tableWire(t Table) wire.TableMetadata {
	cols := func(in []TableColumn) []wire.Column {
		out := make([]wire.Column, len(in))
		for i, c := range in {
			out[i] = wire.Column(c)
		}
		return out
	}
	return wire.TableMetadata{
		Name: t.Name, TableType: t.TableType, CreateTime: wire.EpochOf(t.CreateTime),
		Columns: cols(t.Columns), PartitionKeys: cols(t.PartitionKeys), Parameters: t.Parameters,
	}
}
