package athenalocal

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenawire"
)

// Catalog, database and workgroup operations. Databases come from Trino's
// SHOW SCHEMAS; tables from tables.go.

func sortCatalogs(c []catalogEntry) {
	sort.Slice(c, func(i, j int) bool { return strings.ToLower(c[i].athena) < strings.ToLower(c[j].athena) })
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// findCatalog maps an Athena catalog name ("" = AwsDataCatalog) to its
// entry, case-insensitively.
func (s *Server) findCatalog(name string) (catalogEntry, bool) {
	if name == "" {
		name = DefaultCatalog
	}
	for _, c := range s.catalogs {
		if strings.EqualFold(c.athena, name) {
			return c, true
		}
	}
	return catalogEntry{}, false
}

// trinoCatalog is the Trino catalog a query runs in: the mapped one, else
// the name itself in lower case (Trino then reports CATALOG_NOT_FOUND, as
// Athena fails a query naming an unknown catalog).
func (s *Server) trinoCatalog(athenaName string) string {
	if c, ok := s.findCatalog(athenaName); ok {
		return c.trino
	}
	return strings.ToLower(athenaName)
}

func (s *Server) listDataCatalogs(in *athenasdk.ListDataCatalogsInput) (any, *athenawire.Error) {
	list, next, aerr := athenawire.PageItems(s.catalogs, in.MaxResults, in.NextToken, 50, func(c catalogEntry) athenawire.DataCatalogSummary {
		return athenawire.DataCatalogSummary{CatalogName: c.athena, Type: "GLUE", Status: "CREATE_COMPLETE"}
	})
	if aerr != nil {
		return nil, aerr
	}
	return &athenawire.ListDataCatalogsOutput{DataCatalogsSummary: list, NextToken: next}, nil
}

func (s *Server) getDataCatalog(in *athenasdk.GetDataCatalogInput) (any, *athenawire.Error) {
	c, ok := s.findCatalog(aws.ToString(in.Name))
	if !ok || aws.ToString(in.Name) == "" {
		return nil, athenawire.InvalidRequest("Catalog " + aws.ToString(in.Name) + " was not found")
	}
	return &athenawire.GetDataCatalogOutput{DataCatalog: athenawire.DataCatalog{
		Name: c.athena, Type: "GLUE", Status: "CREATE_COMPLETE",
		Description: "athena-local: Trino catalog " + c.trino,
		Parameters:  map[string]string{"catalog-id": "000000000000"},
	}}, nil
}

// schemas lists the databases of an Athena catalog (SHOW SCHEMAS, without
// information_schema, sorted).
func (s *Server) schemas(ctx context.Context, catalogName string) ([]string, *athenawire.Error) {
	c, ok := s.findCatalog(catalogName)
	if !ok {
		return nil, athenawire.Metadata("Catalog " + catalogName + " was not found")
	}
	_, rows, err := s.queryAll(ctx, "SHOW SCHEMAS FROM "+quoteIdent(c.trino))
	if err != nil {
		return nil, trinoError("listing databases", err)
	}
	var out []string
	for _, r := range rows {
		if len(r) > 0 && r[0] != nil && *r[0] != "information_schema" {
			out = append(out, *r[0])
		}
	}
	slices.Sort(out)
	return out, nil
}

func (s *Server) listDatabases(ctx context.Context, in *athenasdk.ListDatabasesInput) (any, *athenawire.Error) {
	dbs, aerr := s.schemas(ctx, aws.ToString(in.CatalogName))
	if aerr != nil {
		return nil, aerr
	}
	list, next, aerr := athenawire.PageItems(dbs, in.MaxResults, in.NextToken, 50, func(db string) athenawire.Database {
		return athenawire.Database{Name: db}
	})
	if aerr != nil {
		return nil, aerr
	}
	return &athenawire.ListDatabasesOutput{DatabaseList: list, NextToken: next}, nil
}

func (s *Server) getDatabase(ctx context.Context, in *athenasdk.GetDatabaseInput) (any, *athenawire.Error) {
	dbs, aerr := s.schemas(ctx, aws.ToString(in.CatalogName))
	if aerr != nil {
		return nil, aerr
	}
	name := aws.ToString(in.DatabaseName)
	for _, db := range dbs {
		if strings.EqualFold(db, name) {
			return &athenawire.GetDatabaseOutput{Database: athenawire.Database{Name: db}}, nil
		}
	}
	return nil, athenawire.Metadata("Database " + name + " not found.")
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

func (s *Server) hasWorkGroup(name string) bool { return slices.Contains(s.wgs, name) }

func (s *Server) listWorkGroups(in *athenasdk.ListWorkGroupsInput) (any, *athenawire.Error) {
	list, next, aerr := athenawire.PageItems(s.wgs, in.MaxResults, in.NextToken, 50, func(n string) athenawire.WorkGroupSummary {
		return athenawire.WorkGroupSummary{Name: n, State: "ENABLED", Description: "athena-local", EngineVersion: athenawire.AutoEngineVersion(EngineVersion3)}
	})
	if aerr != nil {
		return nil, aerr
	}
	return &athenawire.ListWorkGroupsOutput{WorkGroups: list, NextToken: next}, nil
}

func (s *Server) getWorkGroup(in *athenasdk.GetWorkGroupInput) (any, *athenawire.Error) {
	name := aws.ToString(in.WorkGroup)
	if !s.hasWorkGroup(name) {
		return nil, athenawire.WorkGroupNotFound(name)
	}
	cfg := athenawire.WorkGroupConfiguration{
		ResultConfiguration:             &athenawire.ResultConfiguration{OutputLocation: s.opts.OutputLocation},
		PublishCloudWatchMetricsEnabled: true,
		EngineVersion:                   athenawire.AutoEngineVersion(EngineVersion3),
	}
	if s.opts.BytesScannedCutoffPerQuery > 0 {
		cfg.BytesScannedCutoffPerQuery = aws.Int64(s.opts.BytesScannedCutoffPerQuery)
	}
	return &athenawire.GetWorkGroupOutput{WorkGroup: athenawire.WorkGroup{Name: name, State: "ENABLED", Description: "athena-local", Configuration: cfg}}, nil
}
