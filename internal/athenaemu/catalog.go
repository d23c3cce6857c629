package athenaemu

import (
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// Catalog, database, table and workgroup operations. The engine lists
// what exists; the server looks names up, filters, pages and describes.

// WorkGroup is served by ListWorkGroups/GetWorkGroup and checked by
// StartQueryExecution (it must exist and be ENABLED).
type WorkGroup struct {
	Name        string
	State       string // ENABLED (default) or DISABLED
	Description string
	// OutputLocation is used when a query brings none.
	OutputLocation string
	// EngineVersion defaults to EngineVersion3.
	EngineVersion string
	// BytesScannedCutoff is BytesScannedCutoffPerQuery (0 = none; not
	// enforced).
	BytesScannedCutoff int64
	// Enforce is EnforceWorkGroupConfiguration: the workgroup's output
	// location wins over the request's.
	Enforce bool
}

// AddWorkGroup adds or replaces a workgroup by name.
func (s *Server) AddWorkGroup(wg WorkGroup) {
	if wg.State == "" {
		wg.State = "ENABLED"
	}
	if wg.EngineVersion == "" {
		wg.EngineVersion = EngineVersion3
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.findWorkGroup(wg.Name); old != nil {
		*old = wg
		return
	}
	s.workgroups = append(s.workgroups, &wg)
}

func (s *Server) findWorkGroup(name string) *WorkGroup {
	for _, wg := range s.workgroups {
		if wg.Name == name {
			return wg
		}
	}
	return nil
}

func (s *Server) listWorkGroups(in *athenasdk.ListWorkGroupsInput) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	list, next, aerr := wire.PageItems(s.workgroups, in.MaxResults, in.NextToken, 50, func(wg *WorkGroup) wire.WorkGroupSummary {
		return wire.WorkGroupSummary{Name: wg.Name, State: wg.State, Description: wg.Description, EngineVersion: wire.AutoEngineVersion(wg.EngineVersion)}
	})
	if aerr != nil {
		return nil, aerr
	}
	return &wire.ListWorkGroupsOutput{WorkGroups: list, NextToken: next}, nil
}

func (s *Server) getWorkGroup(in *athenasdk.GetWorkGroupInput) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := aws.ToString(in.WorkGroup)
	wg := s.findWorkGroup(name)
	if wg == nil {
		return nil, wire.WorkGroupNotFound(name)
	}
	cfg := wire.WorkGroupConfiguration{
		EnforceWorkGroupConfiguration:   wg.Enforce,
		PublishCloudWatchMetricsEnabled: true,
		EngineVersion:                   wire.AutoEngineVersion(wg.EngineVersion),
	}
	if wg.OutputLocation != "" {
		cfg.ResultConfiguration = &wire.ResultConfiguration{OutputLocation: wg.OutputLocation}
	}
	if wg.BytesScannedCutoff > 0 {
		cfg.BytesScannedCutoffPerQuery = aws.Int64(wg.BytesScannedCutoff)
	}
	return &wire.GetWorkGroupOutput{WorkGroup: wire.WorkGroup{Name: wg.Name, State: wg.State, Description: wg.Description, Configuration: cfg}}, nil
}

// catalogName is the catalog a request names ("" is AwsDataCatalog).
func catalogName(p *string) string {
	if n := aws.ToString(p); n != "" {
		return n
	}
	return DefaultCatalog
}

func (s *Server) listDataCatalogs(in *athenasdk.ListDataCatalogsInput) (any, *wire.Error) {
	list, next, aerr := wire.PageItems(s.engine.DataCatalogs(), in.MaxResults, in.NextToken, 50, func(c wire.DataCatalog) wire.DataCatalogSummary {
		return wire.DataCatalogSummary{CatalogName: c.Name, Type: c.Type, Status: c.Status}
	})
	if aerr != nil {
		return nil, aerr
	}
	return &wire.ListDataCatalogsOutput{DataCatalogsSummary: list, NextToken: next}, nil
}

func (s *Server) getDataCatalog(in *athenasdk.GetDataCatalogInput) (any, *wire.Error) {
	name := aws.ToString(in.Name)
	for _, c := range s.engine.DataCatalogs() {
		if name != "" && strings.EqualFold(c.Name, name) {
			return &wire.GetDataCatalogOutput{DataCatalog: c}, nil
		}
	}
	return nil, wire.InvalidRequest("Catalog " + name + " was not found")
}

func (s *Server) listDatabases(ctx context.Context, in *athenasdk.ListDatabasesInput) (any, *wire.Error) {
	dbs, aerr := s.engine.ListDatabases(ctx, catalogName(in.CatalogName))
	if aerr != nil {
		return nil, aerr
	}
	list, next, aerr := wire.PageItems(dbs, in.MaxResults, in.NextToken, 50, func(db wire.Database) wire.Database { return db })
	if aerr != nil {
		return nil, aerr
	}
	return &wire.ListDatabasesOutput{DatabaseList: list, NextToken: next}, nil
}

func (s *Server) getDatabase(ctx context.Context, in *athenasdk.GetDatabaseInput) (any, *wire.Error) {
	dbs, aerr := s.engine.ListDatabases(ctx, catalogName(in.CatalogName))
	if aerr != nil {
		return nil, aerr
	}
	name := aws.ToString(in.DatabaseName)
	for _, db := range dbs {
		if strings.EqualFold(db.Name, name) {
			return &wire.GetDatabaseOutput{Database: db}, nil
		}
	}
	return nil, wire.Metadata("Database " + name + " not found.")
}

func (s *Server) listTableMetadata(ctx context.Context, in *athenasdk.ListTableMetadataInput) (any, *wire.Error) {
	db := aws.ToString(in.DatabaseName)
	if db == "" {
		return nil, wire.InvalidRequest("DatabaseName is required")
	}
	tables, aerr := s.engine.ListTables(ctx, catalogName(in.CatalogName), db, "")
	if aerr != nil {
		return nil, aerr
	}
	if expr := aws.ToString(in.Expression); expr != "" {
		match := matchExpression(expr)
		kept := tables[:0:0]
		for _, t := range tables {
			if match(t.Name) {
				kept = append(kept, t)
			}
		}
		tables = kept
	}
	lo, hi, next, aerr := wire.Page(len(tables), in.MaxResults, in.NextToken, 50)
	if aerr != nil {
		return nil, aerr
	}
	out := &wire.ListTableMetadataOutput{NextToken: next, TableMetadataList: make([]wire.TableMetadata, hi-lo)}
	// Describing a table may cost the engine a query: a few at once.
	sem := make(chan struct{}, s.opts.MetadataConcurrency)
	var wg sync.WaitGroup
	for i, t := range tables[lo:hi] {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out.TableMetadataList[i] = t.Describe(ctx)
		}()
	}
	wg.Wait()
	return out, nil
}

func (s *Server) getTableMetadata(ctx context.Context, in *athenasdk.GetTableMetadataInput) (any, *wire.Error) {
	db, name := aws.ToString(in.DatabaseName), aws.ToString(in.TableName)
	if db == "" || name == "" {
		return nil, wire.InvalidRequest("DatabaseName and TableName are required")
	}
	tables, aerr := s.engine.ListTables(ctx, catalogName(in.CatalogName), db, name)
	if aerr != nil {
		return nil, aerr
	}
	for _, t := range tables {
		if strings.EqualFold(t.Name, name) {
			return &wire.GetTableMetadataOutput{TableMetadata: t.Describe(ctx)}, nil
		}
	}
	return nil, wire.Metadata("Table " + name + " not found in database " + db + ".")
}

// matchExpression applies ListTableMetadata's Expression: a regular
// expression over the whole name, or a Glue-style wildcard pattern
// ("vpc_flow*", "a*|b*"), case-insensitive; a name matching either way
// is listed.
func matchExpression(expr string) func(string) bool {
	var res []*regexp.Regexp
	if re, err := regexp.Compile("(?i)^(?:" + expr + ")$"); err == nil {
		res = append(res, re)
	}
	alts := strings.Split(expr, "|")
	for i, a := range alts {
		alts[i] = strings.ReplaceAll(regexp.QuoteMeta(a), `\*`, ".*")
	}
	if re, err := regexp.Compile("(?i)^(?:" + strings.Join(alts, "|") + ")$"); err == nil {
		res = append(res, re)
	}
	return func(name string) bool {
		for _, re := range res {
			if re.MatchString(name) {
				return true
			}
		}
		return false
	}
}
