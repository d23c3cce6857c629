package athenalocal

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
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

// page slices n items by MaxResults (1..limit, default limit) and a
// NextToken holding the decimal offset.
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
	out := &listCatalogsOutput{NextToken: next, DataCatalogsSummary: []catalogSummary{}}
	for _, c := range s.catalogs[lo:hi] {
		out.DataCatalogsSummary = append(out.DataCatalogsSummary, catalogSummary{CatalogName: c.athena, Type: "GLUE", Status: "CREATE_COMPLETE"})
	}
	return out, nil
}

func (s *Server) getDataCatalog(in *getCatalogInput) (any, *apiError) {
	c, ok := s.findCatalog(aws.ToString(in.Name))
	if !ok || aws.ToString(in.Name) == "" {
		return nil, errInvalidRequest("Catalog " + aws.ToString(in.Name) + " was not found")
	}
	return &getCatalogOutput{DataCatalog: dataCatalog{
		Name: c.athena, Type: "GLUE", Status: "CREATE_COMPLETE",
		Description: "athena-local: Trino catalog " + c.trino,
		Parameters:  map[string]string{"catalog-id": "000000000000"},
	}}, nil
}

// schemas lists the databases of an Athena catalog (SHOW SCHEMAS, without
// information_schema, sorted).
func (s *Server) schemas(ctx context.Context, catalogName string) ([]string, *apiError) {
	c, ok := s.findCatalog(catalogName)
	if !ok {
		return nil, errMetadata("Catalog " + catalogName + " was not found")
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

func (s *Server) listDatabases(ctx context.Context, in *listDatabasesInput) (any, *apiError) {
	dbs, aerr := s.schemas(ctx, aws.ToString(in.CatalogName))
	if aerr != nil {
		return nil, aerr
	}
	lo, hi, next, aerr := page(len(dbs), in.MaxResults, in.NextToken, 50)
	if aerr != nil {
		return nil, aerr
	}
	out := &listDatabasesOutput{NextToken: next, DatabaseList: []database{}}
	for _, db := range dbs[lo:hi] {
		out.DatabaseList = append(out.DatabaseList, database{Name: db})
	}
	return out, nil
}

func (s *Server) getDatabase(ctx context.Context, in *getDatabaseInput) (any, *apiError) {
	dbs, aerr := s.schemas(ctx, aws.ToString(in.CatalogName))
	if aerr != nil {
		return nil, aerr
	}
	name := aws.ToString(in.DatabaseName)
	for _, db := range dbs {
		if strings.EqualFold(db, name) {
			return &getDatabaseOutput{Database: database{Name: db}}, nil
		}
	}
	return nil, errMetadata("Database " + name + " not found.")
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

func (s *Server) engineVersion() engineVersion {
	return engineVersion{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: EngineVersion3}
}

func (s *Server) listWorkGroups(in *listWorkGroupsInput) (any, *apiError) {
	lo, hi, next, aerr := page(len(s.wgs), in.MaxResults, in.NextToken, 50)
	if aerr != nil {
		return nil, aerr
	}
	out := &listWorkGroupsOutput{NextToken: next, WorkGroups: []workGroupSummary{}}
	for _, n := range s.wgs[lo:hi] {
		out.WorkGroups = append(out.WorkGroups, workGroupSummary{Name: n, State: "ENABLED", Description: "athena-local", EngineVersion: s.engineVersion()})
	}
	return out, nil
}

func (s *Server) getWorkGroup(in *getWorkGroupInput) (any, *apiError) {
	name := aws.ToString(in.WorkGroup)
	if !s.hasWorkGroup(name) {
		return nil, errInvalidRequest("WorkGroup " + name + " is not found.")
	}
	cfg := workGroupConfiguration{
		ResultConfiguration:             resultConfiguration{OutputLocation: s.opts.OutputLocation},
		PublishCloudWatchMetricsEnabled: true,
		EngineVersion:                   s.engineVersion(),
	}
	if s.opts.BytesScannedCutoffPerQuery > 0 {
		cfg.BytesScannedCutoffPerQuery = aws.Int64(s.opts.BytesScannedCutoffPerQuery)
	}
	return &getWorkGroupOutput{WorkGroup: workGroup{Name: name, State: "ENABLED", Description: "athena-local", Configuration: cfg}}, nil
}
