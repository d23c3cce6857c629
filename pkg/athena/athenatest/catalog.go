package athenatest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// DefaultCatalog is the Glue catalog every server has.
const DefaultCatalog = "AwsDataCatalog"

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

// page slices n items by the request's MaxResults (1..limit, default
// limit) and NextToken (a decimal offset), returning the range and the next
// token.
func page(n int, maxResults *int32, nextToken *string, limit int32) (lo, hi int, next string, aerr *apiError) {
	size := limit
	if maxResults != nil {
		size = *maxResults
	}
	if size < 1 || size > limit {
		return 0, 0, "", errInvalidRequest(fmt.Sprintf("MaxResults must be between 1 and %d", limit))
	}
	if tok := aws.ToString(nextToken); tok != "" {
		off, err := strconv.Atoi(tok)
		if err != nil || off < 0 || off > n {
			return 0, 0, "", errInvalidRequest("The NextToken provided is invalid")
		}
		lo = off
	}
	hi = min(lo+int(size), n)
	if hi < n {
		next = strconv.Itoa(hi)
	}
	return lo, hi, next, nil
}

func (s *Server) listDataCatalogs(in *listCatalogsInput) (any, *apiError) {
	lo, hi, next, aerr := page(len(s.catalogs), in.MaxResults, in.NextToken, 50)
	if aerr != nil {
		return nil, aerr
	}
	out := &wireListDataCatalogsOutput{NextToken: next, DataCatalogsSummary: []wireDataCatalogSummary{}}
	for _, c := range s.catalogs[lo:hi] {
		out.DataCatalogsSummary = append(out.DataCatalogsSummary, wireDataCatalogSummary{CatalogName: c.name, Type: "GLUE"})
	}
	return out, nil
}

func (s *Server) listDatabases(in *listDatabasesInput) (any, *apiError) {
	c := s.findCatalog(aws.ToString(in.CatalogName))
	if c == nil {
		return nil, errMetadata("Catalog " + aws.ToString(in.CatalogName) + " was not found")
	}
	lo, hi, next, aerr := page(len(c.dbs), in.MaxResults, in.NextToken, 50)
	if aerr != nil {
		return nil, aerr
	}
	out := &wireListDatabasesOutput{NextToken: next, DatabaseList: []wireDatabase{}}
	for _, db := range c.dbs[lo:hi] {
		out.DatabaseList = append(out.DatabaseList, wireDatabase{Name: db.name, Description: db.description})
	}
	return out, nil
}

func (s *Server) lookupDatabase(catalogName, dbName *string) (*database, *apiError) {
	c := s.findCatalog(aws.ToString(catalogName))
	if c == nil {
		return nil, errMetadata("Catalog " + aws.ToString(catalogName) + " was not found")
	}
	db := c.find(aws.ToString(dbName))
	if db == nil {
		return nil, errMetadata("Database " + aws.ToString(dbName) + " not found.")
	}
	return db, nil
}

func (s *Server) listTableMetadata(in *listTablesInput) (any, *apiError) {
	db, aerr := s.lookupDatabase(in.CatalogName, in.DatabaseName)
	if aerr != nil {
		return nil, aerr
	}
	tables := db.tables
	if expr := aws.ToString(in.Expression); expr != "" {
		re, err := regexp.Compile("^(?:" + expr + ")$")
		if err != nil {
			return nil, errInvalidRequest("Expression is not a valid regular expression: " + err.Error())
		}
		tables = nil
		for _, t := range db.tables {
			if re.MatchString(t.Name) {
				tables = append(tables, t)
			}
		}
	}
	lo, hi, next, aerr := page(len(tables), in.MaxResults, in.NextToken, 50)
	if aerr != nil {
		return nil, aerr
	}
	out := &wireListTableMetadataOutput{NextToken: next, TableMetadataList: []wireTableMetadata{}}
	for _, t := range tables[lo:hi] {
		out.TableMetadataList = append(out.TableMetadataList, tableWire(t))
	}
	return out, nil
}

func (s *Server) getTableMetadata(in *getTableInput) (any, *apiError) {
	db, aerr := s.lookupDatabase(in.CatalogName, in.DatabaseName)
	if aerr != nil {
		return nil, aerr
	}
	t := db.find(aws.ToString(in.TableName))
	if t == nil {
		return nil, errMetadata("Table " + aws.ToString(in.TableName) + " not found.")
	}
	return &wireGetTableMetadataOutput{TableMetadata: tableWire(t)}, nil
}

func tableWire(t *Table) wireTableMetadata {
	return wireTableMetadata{
		Name: t.Name, TableType: t.TableType, CreateTime: epochPtr(t.CreateTime),
		Columns: columnsWire(t.Columns), PartitionKeys: columnsWire(t.PartitionKeys), Parameters: t.Parameters,
	}
}

func columnsWire(cols []TableColumn) []wireColumn {
	out := make([]wireColumn, len(cols))
	for i, c := range cols {
		out[i] = wireColumn(c)
	}
	return out
}

func (s *Server) listWorkGroups(in *listWorkGroupsInput) (any, *apiError) {
	lo, hi, next, aerr := page(len(s.workgroups), in.MaxResults, in.NextToken, 50)
	if aerr != nil {
		return nil, aerr
	}
	out := &wireListWorkGroupsOutput{NextToken: next, WorkGroups: []wireWorkGroupSummary{}}
	for _, wg := range s.workgroups[lo:hi] {
		out.WorkGroups = append(out.WorkGroups, wireWorkGroupSummary{
			Name: wg.Name, State: wg.State, Description: wg.Description,
			EngineVersion: wireEngineVersion{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: wg.EngineVersion},
		})
	}
	return out, nil
}

func (s *Server) getWorkGroup(in *getWorkGroupInput) (any, *apiError) {
	name := aws.ToString(in.WorkGroup)
	wg := s.findWorkGroup(name)
	if wg == nil {
		return nil, errInvalidRequest("WorkGroup " + name + " is not found.")
	}
	cfg := wireWorkGroupConfiguration{
		EnforceWorkGroupConfiguration:   wg.Enforce,
		PublishCloudWatchMetricsEnabled: true,
		EngineVersion:                   wireEngineVersion{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: wg.EngineVersion},
	}
	if wg.OutputLocation != "" {
		cfg.ResultConfiguration = &wireResultConfiguration{OutputLocation: wg.OutputLocation}
	}
	if wg.BytesScannedCutoff > 0 {
		cfg.BytesScannedCutoffPerQuery = aws.Int64(wg.BytesScannedCutoff)
	}
	return &wireGetWorkGroupOutput{WorkGroup: wireWorkGroup{Name: wg.Name, State: wg.State, Description: wg.Description, Configuration: cfg}}, nil
}
