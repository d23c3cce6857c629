package athenatest

import (
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// DefaultCatalog is the Glue catalog every server has.
const DefaultCatalog = athenawire.DefaultCatalog

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

// WorkGroup is served by ListWorkGroups/GetWorkGroup and checked by
// StartQueryExecution (must exist and be ENABLED).
type WorkGroup struct {
	Name        string
	State       string // ENABLED (default) or DISABLED
	Description string
	// OutputLocation is used when a query brings none.
	OutputLocation string
	// EngineVersion defaults to EngineVersion3.
	EngineVersion string
	// BytesScannedCutoff is BytesScannedCutoffPerQuery (0 = none).
	BytesScannedCutoff int64
	// Enforce is EnforceWorkGroupConfiguration: the workgroup's output
	// location wins over the request's.
	Enforce bool
}

type catalog struct {
	name string
	dbs  []*database
}

type database struct {
	name        string
	description string
	tables      []*Table
}

// AddDatabase creates (or extends) database in catalog ("" = AwsDataCatalog)
// with tables. Names are matched case-insensitively, as Glue does.
func (s *Server) AddDatabase(catalogName, name string, tables ...Table) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.findCatalog(catalogName)
	if c == nil {
		c = &catalog{name: catalogName}
		s.catalogs = append(s.catalogs, c)
	}
	db := c.find(name)
	if db == nil {
		db = &database{name: strings.ToLower(name)}
		c.dbs = append(c.dbs, db)
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

// AddWorkGroup adds or replaces a workgroup by name.
func (s *Server) AddWorkGroup(wg WorkGroup) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if wg.State == "" {
		wg.State = "ENABLED"
	}
	if wg.EngineVersion == "" {
		wg.EngineVersion = EngineVersion3
	}
	if old := s.findWorkGroup(wg.Name); old != nil {
		*old = wg
		return
	}
	s.workgroups = append(s.workgroups, &wg)
}

func (s *Server) findCatalog(name string) *catalog {
	if name == "" {
		name = DefaultCatalog
	}
	for _, c := range s.catalogs {
		if strings.EqualFold(c.name, name) {
			return c
		}
	}
	return nil
}

func (c *catalog) find(name string) *database {
	for _, db := range c.dbs {
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

func (s *Server) findWorkGroup(name string) *WorkGroup {
	for _, wg := range s.workgroups {
		if wg.Name == name {
			return wg
		}
	}
	return nil
}

func (s *Server) listDataCatalogs(in *athenasdk.ListDataCatalogsInput) (any, *athenawire.Error) {
	list, next, aerr := athenawire.PageItems(s.catalogs, in.MaxResults, in.NextToken, 50, func(c *catalog) athenawire.DataCatalogSummary {
		return athenawire.DataCatalogSummary{CatalogName: c.name, Type: "GLUE"}
	})
	if aerr != nil {
		return nil, aerr
	}
	return &athenawire.ListDataCatalogsOutput{DataCatalogsSummary: list, NextToken: next}, nil
}

func (s *Server) listDatabases(in *athenasdk.ListDatabasesInput) (any, *athenawire.Error) {
	c := s.findCatalog(aws.ToString(in.CatalogName))
	if c == nil {
		return nil, athenawire.Metadata("Catalog " + aws.ToString(in.CatalogName) + " was not found")
	}
	list, next, aerr := athenawire.PageItems(c.dbs, in.MaxResults, in.NextToken, 50, func(db *database) athenawire.Database {
		return athenawire.Database{Name: db.name, Description: db.description}
	})
	if aerr != nil {
		return nil, aerr
	}
	return &athenawire.ListDatabasesOutput{DatabaseList: list, NextToken: next}, nil
}

func (s *Server) lookupDatabase(catalogName, dbName *string) (*database, *athenawire.Error) {
	c := s.findCatalog(aws.ToString(catalogName))
	if c == nil {
		return nil, athenawire.Metadata("Catalog " + aws.ToString(catalogName) + " was not found")
	}
	db := c.find(aws.ToString(dbName))
	if db == nil {
		return nil, athenawire.Metadata("Database " + aws.ToString(dbName) + " not found.")
	}
	return db, nil
}

func (s *Server) listTableMetadata(in *athenasdk.ListTableMetadataInput) (any, *athenawire.Error) {
	db, aerr := s.lookupDatabase(in.CatalogName, in.DatabaseName)
	if aerr != nil {
		return nil, aerr
	}
	tables := db.tables
	if expr := aws.ToString(in.Expression); expr != "" {
		re, err := regexp.Compile("^(?:" + expr + ")$")
		if err != nil {
			return nil, athenawire.InvalidRequest("Expression is not a valid regular expression: " + err.Error())
		}
		tables = nil
		for _, t := range db.tables {
			if re.MatchString(t.Name) {
				tables = append(tables, t)
			}
		}
	}
	list, next, aerr := athenawire.PageItems(tables, in.MaxResults, in.NextToken, 50, tableWire)
	if aerr != nil {
		return nil, aerr
	}
	return &athenawire.ListTableMetadataOutput{TableMetadataList: list, NextToken: next}, nil
}

func (s *Server) getTableMetadata(in *athenasdk.GetTableMetadataInput) (any, *athenawire.Error) {
	db, aerr := s.lookupDatabase(in.CatalogName, in.DatabaseName)
	if aerr != nil {
		return nil, aerr
	}
	t := db.find(aws.ToString(in.TableName))
	if t == nil {
		return nil, athenawire.Metadata("Table " + aws.ToString(in.TableName) + " not found.")
	}
	return &athenawire.GetTableMetadataOutput{TableMetadata: tableWire(t)}, nil
}

func tableWire(t *Table) athenawire.TableMetadata {
	return athenawire.TableMetadata{
		Name: t.Name, TableType: t.TableType, CreateTime: athenawire.EpochOf(t.CreateTime),
		Columns: columnsWire(t.Columns), PartitionKeys: columnsWire(t.PartitionKeys), Parameters: t.Parameters,
	}
}

func columnsWire(cols []TableColumn) []athenawire.Column {
	out := make([]athenawire.Column, len(cols))
	for i, c := range cols {
		out[i] = athenawire.Column(c)
	}
	return out
}

func (s *Server) listWorkGroups(in *athenasdk.ListWorkGroupsInput) (any, *athenawire.Error) {
	list, next, aerr := athenawire.PageItems(s.workgroups, in.MaxResults, in.NextToken, 50, func(wg *WorkGroup) athenawire.WorkGroupSummary {
		return athenawire.WorkGroupSummary{
			Name: wg.Name, State: wg.State, Description: wg.Description,
			EngineVersion: athenawire.AutoEngineVersion(wg.EngineVersion),
		}
	})
	if aerr != nil {
		return nil, aerr
	}
	return &athenawire.ListWorkGroupsOutput{WorkGroups: list, NextToken: next}, nil
}

func (s *Server) getWorkGroup(in *athenasdk.GetWorkGroupInput) (any, *athenawire.Error) {
	name := aws.ToString(in.WorkGroup)
	wg := s.findWorkGroup(name)
	if wg == nil {
		return nil, athenawire.WorkGroupNotFound(name)
	}
	cfg := athenawire.WorkGroupConfiguration{
		EnforceWorkGroupConfiguration:   wg.Enforce,
		PublishCloudWatchMetricsEnabled: true,
		EngineVersion:                   athenawire.AutoEngineVersion(wg.EngineVersion),
	}
	if wg.OutputLocation != "" {
		cfg.ResultConfiguration = &athenawire.ResultConfiguration{OutputLocation: wg.OutputLocation}
	}
	if wg.BytesScannedCutoff > 0 {
		cfg.BytesScannedCutoffPerQuery = aws.Int64(wg.BytesScannedCutoff)
	}
	return &athenawire.GetWorkGroupOutput{WorkGroup: athenawire.WorkGroup{Name: wg.Name, State: wg.State, Description: wg.Description, Configuration: cfg}}, nil
}
