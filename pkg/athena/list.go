package athena

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// DefaultCatalog is the Glue Data Catalog as Athena names it; Security Lake
// registers its databases there.
const DefaultCatalog = "AwsDataCatalog"

// listPageSize is the maximum MaxResults of Athena's list operations.
const listPageSize int32 = 50

// maxListPages bounds a listing so a misbehaving endpoint cannot loop us
// forever (50 × 2,000 = 100,000 items, far beyond any real catalog).
const maxListPages = 2000

// ColumnMeta is a table column as the Glue catalog declares it; Type is a
// Glue/Hive type string (string, bigint, struct<…>, array<…>).
type ColumnMeta struct {
	Name    string
	Type    string
	Comment string
}

// TableMeta is one table's catalog metadata.
type TableMeta struct {
	Name string
	// TableType is e.g. EXTERNAL_TABLE or VIRTUAL_VIEW.
	TableType     string
	Columns       []ColumnMeta
	PartitionKeys []ColumnMeta
	// Parameters are the table properties; table_type=ICEBERG marks
	// Security Lake 2.0 tables.
	Parameters map[string]string
}

// WorkGroupInfo is what the health check and settings page need to know about
// a workgroup.
type WorkGroupInfo struct {
	Name  string
	State string
	// OutputLocation is the workgroup's result location, if any.
	OutputLocation string
	// EngineVersion is the effective engine, e.g. "Athena engine version 3".
	EngineVersion string
	// BytesScannedCutoff is the per-query scan limit, 0 when none.
	BytesScannedCutoff int64
	// EnforceConfiguration means the workgroup's settings (such as the
	// output location) override those sent with each query.
	EnforceConfiguration bool
}

func (e *Executor) catalogOr(catalog string) string {
	switch {
	case catalog != "":
		return catalog
	case e.opts.Catalog != "":
		return e.opts.Catalog
	}
	return DefaultCatalog
}

// optional returns nil for "" so empty settings are omitted on the wire.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

// paginate calls page with successive NextTokens until none is returned.
func paginate(what string, page func(token *string) (next *string, err error)) error {
	var token *string
	for range maxListPages {
		next, err := page(token)
		if err != nil {
			return fmt.Errorf("athena: %s: %w", what, err)
		}
		if aws.ToString(next) == "" {
			return nil
		}
		if token != nil && *token == *next {
			return fmt.Errorf("athena: %s: the same NextToken was returned twice", what)
		}
		token = next
	}
	return fmt.Errorf("athena: %s: more than %d pages", what, maxListPages)
}

// ListDatabases returns the database names of catalog (default: the
// executor's catalog, else AwsDataCatalog), all pages.
func (e *Executor) ListDatabases(ctx context.Context, catalog string) ([]string, error) {
	if e == nil || e.api == nil {
		return nil, errNoAPI
	}
	var names []string
	in := &athenasdk.ListDatabasesInput{
		CatalogName: aws.String(e.catalogOr(catalog)),
		MaxResults:  aws.Int32(listPageSize),
		WorkGroup:   optional(e.opts.WorkGroup),
	}
	err := paginate("list databases", func(token *string) (*string, error) {
		in.NextToken = token
		out, err := readOnce(ctx, e, "ListDatabases", nil, func() (*athenasdk.ListDatabasesOutput, error) {
			return e.api.ListDatabases(ctx, in, e.observeRetries(ctx, "ListDatabases", nil))
		})
		if err != nil {
			return nil, err
		}
		for _, db := range out.DatabaseList {
			names = append(names, aws.ToString(db.Name))
		}
		return out.NextToken, nil
	})
	return names, err
}

// CatalogInfo is one Athena data catalog as ListDataCatalogs summarises it.
type CatalogInfo struct {
	Name string
	// Type is GLUE, LAMBDA, HIVE or FEDERATED.
	Type string
}

// ListDataCatalogs returns the data catalogs the caller may see, all pages.
// The config editor offers them; queries never need the list.
func (e *Executor) ListDataCatalogs(ctx context.Context) ([]CatalogInfo, error) {
	if e == nil || e.api == nil {
		return nil, errNoAPI
	}
	var catalogs []CatalogInfo
	in := &athenasdk.ListDataCatalogsInput{MaxResults: aws.Int32(listPageSize)}
	err := paginate("list data catalogs", func(token *string) (*string, error) {
		in.NextToken = token
		out, err := readOnce(ctx, e, "ListDataCatalogs", nil, func() (*athenasdk.ListDataCatalogsOutput, error) {
			return e.api.ListDataCatalogs(ctx, in, e.observeRetries(ctx, "ListDataCatalogs", nil))
		})
		if err != nil {
			return nil, err
		}
		for _, c := range out.DataCatalogsSummary {
			catalogs = append(catalogs, CatalogInfo{Name: aws.ToString(c.CatalogName), Type: string(c.Type)})
		}
		return out.NextToken, nil
	})
	return catalogs, err
}

// ListTables returns the metadata of every table in database, all pages.
func (e *Executor) ListTables(ctx context.Context, catalog, database string) ([]TableMeta, error) {
	if e == nil || e.api == nil {
		return nil, errNoAPI
	}
	var tables []TableMeta
	in := &athenasdk.ListTableMetadataInput{
		CatalogName:  aws.String(e.catalogOr(catalog)),
		DatabaseName: aws.String(database),
		MaxResults:   aws.Int32(listPageSize),
		WorkGroup:    optional(e.opts.WorkGroup),
	}
	err := paginate("list tables of "+database, func(token *string) (*string, error) {
		in.NextToken = token
		out, err := readOnce(ctx, e, "ListTableMetadata", nil, func() (*athenasdk.ListTableMetadataOutput, error) {
			return e.api.ListTableMetadata(ctx, in, e.observeRetries(ctx, "ListTableMetadata", nil))
		})
		if err != nil {
			return nil, err
		}
		for i := range out.TableMetadataList {
			tables = append(tables, tableMeta(&out.TableMetadataList[i]))
		}
		return out.NextToken, nil
	})
	return tables, err
}

// GetTable returns one table's metadata.
func (e *Executor) GetTable(ctx context.Context, catalog, database, table string) (TableMeta, error) {
	if e == nil || e.api == nil {
		return TableMeta{}, errNoAPI
	}
	in := &athenasdk.GetTableMetadataInput{
		CatalogName:  aws.String(e.catalogOr(catalog)),
		DatabaseName: aws.String(database),
		TableName:    aws.String(table),
		WorkGroup:    optional(e.opts.WorkGroup),
	}
	out, err := readOnce(ctx, e, "GetTableMetadata", nil, func() (*athenasdk.GetTableMetadataOutput, error) {
		return e.api.GetTableMetadata(ctx, in, e.observeRetries(ctx, "GetTableMetadata", nil))
	})
	if err != nil {
		return TableMeta{}, fmt.Errorf("athena: get table %s.%s: %w", database, table, err)
	}
	if out.TableMetadata == nil {
		return TableMeta{}, fmt.Errorf("athena: get table %s.%s: no metadata returned", database, table)
	}
	return tableMeta(out.TableMetadata), nil
}

// ListWorkGroups returns all workgroups the caller may see. Summaries carry
// no output location or cutoff; use GetWorkGroup for those.
func (e *Executor) ListWorkGroups(ctx context.Context) ([]WorkGroupInfo, error) {
	if e == nil || e.api == nil {
		return nil, errNoAPI
	}
	var groups []WorkGroupInfo
	in := &athenasdk.ListWorkGroupsInput{MaxResults: aws.Int32(listPageSize)}
	err := paginate("list workgroups", func(token *string) (*string, error) {
		in.NextToken = token
		out, err := readOnce(ctx, e, "ListWorkGroups", nil, func() (*athenasdk.ListWorkGroupsOutput, error) {
			return e.api.ListWorkGroups(ctx, in, e.observeRetries(ctx, "ListWorkGroups", nil))
		})
		if err != nil {
			return nil, err
		}
		for _, wg := range out.WorkGroups {
			info := WorkGroupInfo{Name: aws.ToString(wg.Name), State: string(wg.State)}
			if wg.EngineVersion != nil {
				info.EngineVersion = aws.ToString(wg.EngineVersion.EffectiveEngineVersion)
			}
			groups = append(groups, info)
		}
		return out.NextToken, nil
	})
	return groups, err
}

// GetWorkGroup describes one workgroup. Call it at configuration or health
// check time, never per query: it is rate limited and the generic plugin's
// per-query call was throttled (grafana/athena-datasource#892).
func (e *Executor) GetWorkGroup(ctx context.Context, name string) (WorkGroupInfo, error) {
	if e == nil || e.api == nil {
		return WorkGroupInfo{}, errNoAPI
	}
	in := &athenasdk.GetWorkGroupInput{WorkGroup: aws.String(name)}
	out, err := readOnce(ctx, e, "GetWorkGroup", nil, func() (*athenasdk.GetWorkGroupOutput, error) {
		return e.api.GetWorkGroup(ctx, in, e.observeRetries(ctx, "GetWorkGroup", nil))
	})
	if err != nil {
		return WorkGroupInfo{}, fmt.Errorf("athena: get workgroup %s: %w", name, err)
	}
	wg := out.WorkGroup
	if wg == nil {
		return WorkGroupInfo{}, fmt.Errorf("athena: get workgroup %s: no workgroup returned", name)
	}
	info := WorkGroupInfo{Name: aws.ToString(wg.Name), State: string(wg.State)}
	if c := wg.Configuration; c != nil {
		info.BytesScannedCutoff = aws.ToInt64(c.BytesScannedCutoffPerQuery)
		info.EnforceConfiguration = aws.ToBool(c.EnforceWorkGroupConfiguration)
		if c.ResultConfiguration != nil {
			info.OutputLocation = aws.ToString(c.ResultConfiguration.OutputLocation)
		}
		if c.EngineVersion != nil {
			info.EngineVersion = aws.ToString(c.EngineVersion.EffectiveEngineVersion)
		}
	}
	return info, nil
}

func tableMeta(t *types.TableMetadata) TableMeta {
	return TableMeta{
		Name:          aws.ToString(t.Name),
		TableType:     aws.ToString(t.TableType),
		Columns:       columnMetas(t.Columns),
		PartitionKeys: columnMetas(t.PartitionKeys),
		Parameters:    t.Parameters,
	}
}

func columnMetas(cols []types.Column) []ColumnMeta {
	if len(cols) == 0 {
		return nil
	}
	out := make([]ColumnMeta, len(cols))
	for i, c := range cols {
		out[i] = ColumnMeta{Name: aws.ToString(c.Name), Type: aws.ToString(c.Type), Comment: aws.ToString(c.Comment)}
	}
	return out
}
