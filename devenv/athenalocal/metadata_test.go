package athenalocal_test

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/lake"
)

const (
	lakeDB = "amazon_security_lake_glue_db_us_east_1"
	v1     = "amazon_security_lake_table_us_east_1_vpc_flow_1_0"
	v2     = "amazon_security_lake_table_us_east_1_vpc_flow_2_0"
)

// fakeColumn is an information_schema.columns row.
type fakeColumn struct{ table, name, typ, extra string }

var lakeColumns = []fakeColumn{
	{v1, "time", "bigint", ""},
	{v1, "class_uid", "integer", ""},
	{v1, "src_endpoint", "row(ip varchar, port integer)", ""},
	{v1, "unmapped", "map(varchar, varchar)", ""},
	{v1, "region", "varchar", "partition key"},
	{v1, "accountid", "varchar", "partition key"},
	{v1, "eventday", "varchar", "partition key"},
	{v2, "metadata", "row(product row(name varchar, vendor_name varchar), version varchar)", ""},
	{v2, "time", "bigint", ""},
	{v2, "time_dt", "timestamp(6)", ""},
	{v2, "ratio", "real", ""},
	{v2, "amount", "decimal(10,2)", ""},
	{v2, "ok", "boolean", ""},
	{v2, "d", "date", ""},
	{v2, "bin", "varbinary", ""},
	{v2, "ts", "timestamp(3) with time zone", ""},
	{v2, "ip", "varchar(15)", ""},
	{v2, "observables", "array(row(name varchar, type_id integer))", ""},
	{v2, "accountid", "varchar", ""},
	{v2, "region", "varchar", ""},
	{v2, "asl_version", "varchar", ""},
	{"plain", "x", "double", ""},
	{"legacy", "x", "integer", ""},
	{"legacy", "dt", "varchar", ""},
	{"vw", "y", "json", ""},
}

var tableFilter = regexp.MustCompile(`table_name = '([^']*)'`)

// fakeLake answers athena-local's metadata statements like the replica's
// Trino: a Hive v1 table, an Iceberg v2 table, an unpartitioned Hive table
// and a view.
func fakeLake(ft *trinotest.Server) {
	ft.Handle(trinotest.Exact(`SHOW SCHEMAS FROM "awsdatacatalog"`), trinotest.Result{
		Columns: []trino.Column{trinotest.Col("Schema", "varchar(30)")},
		Rows:    [][]any{{"information_schema"}, {lakeDB}, {"default"}},
	})
	only := func(sql string) string {
		if m := tableFilter.FindStringSubmatch(sql); m != nil {
			return m[1]
		}
		return ""
	}
	ft.HandleFunc(trinotest.Contains(`"awsdatacatalog".information_schema.tables WHERE table_schema = '`+lakeDB+`'`), func(sql string) trinotest.Result {
		r := trinotest.Result{Columns: []trino.Column{trinotest.Col("table_name", "varchar"), trinotest.Col("table_type", "varchar")}}
		for _, t := range [][2]string{{"vw", "VIEW"}, {v2, "BASE TABLE"}, {"plain", "BASE TABLE"}, {"legacy", "BASE TABLE"}, {v1, "BASE TABLE"}} {
			if o := only(sql); o == "" || o == t[0] {
				r.Rows = append(r.Rows, []any{t[0], t[1]})
			}
		}
		return r
	})
	ft.HandleFunc(trinotest.Contains(`"awsdatacatalog".information_schema.columns WHERE table_schema = '`+lakeDB+`'`), func(sql string) trinotest.Result {
		r := trinotest.Result{Columns: []trino.Column{
			trinotest.Col("table_name", "varchar"), trinotest.Col("column_name", "varchar"), trinotest.Col("data_type", "varchar"),
			trinotest.Col("extra_info", "varchar"), trinotest.Col("comment", "varchar"),
		}}
		for _, c := range lakeColumns {
			if o := only(sql); o == "" || o == c.table {
				var extra any
				if c.extra != "" {
					extra = c.extra
				}
				r.Rows = append(r.Rows, []any{c.table, c.name, c.typ, extra, nil})
			}
		}
		return r
	})
	// Empty results for any other schema.
	ft.Handle(trinotest.Contains(".information_schema."), trinotest.Result{Columns: []trino.Column{trinotest.Col("table_name", "varchar")}})
	describe := []trino.Column{trinotest.Col("Column", "varchar"), trinotest.Col("Type", "varchar"), trinotest.Col("Extra", "varchar"), trinotest.Col("Comment", "varchar")}
	ft.Handle(trinotest.Contains(`"`+v1+`$partitions"`), trinotest.Result{Columns: describe, Rows: [][]any{
		{"region", "varchar", "", ""}, {"accountid", "varchar", "", ""}, {"eventday", "varchar", "", ""},
	}})
	ft.Handle(trinotest.Contains(`"`+v2+`$partitions"`), trinotest.Result{Columns: describe, Rows: [][]any{
		{"partition", "row(asl_version varchar, region varchar, accountid varchar, time_dt_day date)", "", ""},
		{"record_count", "bigint", "", ""}, {"file_count", "bigint", "", ""}, {"total_size", "bigint", "", ""},
		{"data", "row(time row(min bigint, max bigint, null_count bigint, nan_count bigint))", "", ""},
	}})
	ft.Handle(trinotest.Contains(`"legacy$partitions"`), trinotest.Result{Columns: describe, Rows: [][]any{{"dt", "varchar", "", ""}}})
	ft.Handle(trinotest.Contains(`$partitions"`), trinotest.Result{Error: &trino.Error{
		Message: "line 1:1: Table 'awsdatacatalog.x.plain$partitions' does not exist", ErrorName: "TABLE_NOT_FOUND", ErrorType: "USER_ERROR",
	}})
}

func cols(pairs ...string) []types.Column {
	var out []types.Column
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, types.Column{Name: aws.String(pairs[i]), Type: aws.String(pairs[i+1])})
	}
	return out
}

func colText(cs []types.Column) string {
	var b []string
	for _, c := range cs {
		b = append(b, aws.ToString(c.Name)+" "+aws.ToString(c.Type))
	}
	return strings.Join(b, ", ")
}

func TestDatabasesAndTableMetadata(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	fakeLake(e.trino)

	dbs, err := e.client.ListDatabases(ctxT(t), &athenasdk.ListDatabasesInput{CatalogName: aws.String("awsdatacatalog")})
	if err != nil || len(dbs.DatabaseList) != 2 || aws.ToString(dbs.DatabaseList[0].Name) != lakeDB || aws.ToString(dbs.DatabaseList[1].Name) != "default" {
		t.Fatalf("ListDatabases = %+v, %v", dbs, err)
	}
	page, err := e.client.ListDatabases(ctxT(t), &athenasdk.ListDatabasesInput{CatalogName: aws.String("AwsDataCatalog"), MaxResults: aws.Int32(1)})
	if err != nil || len(page.DatabaseList) != 1 || page.NextToken == nil {
		t.Errorf("ListDatabases page = %+v, %v", page, err)
	}
	if _, err := e.client.ListDatabases(ctxT(t), &athenasdk.ListDatabasesInput{CatalogName: aws.String("nope")}); apiCode(err) != "MetadataException" {
		t.Errorf("unknown catalog = %v", err)
	}
	if db, err := e.client.GetDatabase(ctxT(t), &athenasdk.GetDatabaseInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String(strings.ToUpper(lakeDB))}); err != nil || aws.ToString(db.Database.Name) != lakeDB {
		t.Errorf("GetDatabase = %+v, %v", db, err)
	}
	if _, err := e.client.GetDatabase(ctxT(t), &athenasdk.GetDatabaseInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String("nope")}); apiCode(err) != "MetadataException" {
		t.Errorf("GetDatabase unknown = %v", err)
	}

	list, err := e.client.ListTableMetadata(ctxT(t), &athenasdk.ListTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String(lakeDB)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	byName := map[string]types.TableMetadata{}
	for _, tm := range list.TableMetadataList {
		names = append(names, aws.ToString(tm.Name))
		byName[aws.ToString(tm.Name)] = tm
	}
	if !reflect.DeepEqual(names, []string{v1, v2, "legacy", "plain", "vw"}) || list.NextToken != nil {
		t.Fatalf("tables = %v (next %v)", names, list.NextToken)
	}
	h := byName[v1]
	if got, want := colText(h.Columns), colText(cols("time", "bigint", "class_uid", "int", "src_endpoint", "struct<ip:string,port:int>", "unmapped", "map<string,string>")); got != want {
		t.Errorf("v1 columns = %s\nwant %s", got, want)
	}
	if got := colText(h.PartitionKeys); got != "region string, accountid string, eventday string" {
		t.Errorf("v1 partition keys = %s", got)
	}
	if aws.ToString(h.TableType) != "EXTERNAL_TABLE" || h.Parameters["table_type"] != "" {
		t.Errorf("v1 type %s parameters %v", aws.ToString(h.TableType), h.Parameters)
	}
	ice := byName[v2]
	want2 := colText(cols("metadata", "struct<product:struct<name:string,vendor_name:string>,version:string>", "time", "bigint",
		"time_dt", "timestamp", "ratio", "float", "amount", "decimal(10,2)", "ok", "boolean", "d", "date", "bin", "binary",
		"ts", "timestamp", "ip", "varchar(15)", "observables", "array<struct<name:string,type_id:int>>"))
	if got := colText(ice.Columns); got != want2 {
		t.Errorf("v2 columns = %s\nwant %s", got, want2)
	}
	if got := colText(ice.PartitionKeys); got != "asl_version string, region string, accountid string" || ice.Parameters["table_type"] != "ICEBERG" {
		t.Errorf("v2 partition keys = %s, parameters %v", got, ice.Parameters)
	}
	if l := byName["legacy"]; colText(l.PartitionKeys) != "dt string" || colText(l.Columns) != "x int" || l.Parameters != nil {
		t.Errorf("Hive table known by its $partitions only = %+v", l)
	}
	if p := byName["plain"]; len(p.PartitionKeys) != 0 || colText(p.Columns) != "x double" {
		t.Errorf("plain = %+v", p)
	}
	if vw := byName["vw"]; aws.ToString(vw.TableType) != "VIRTUAL_VIEW" || colText(vw.Columns) != "y string" {
		t.Errorf("view = %+v", vw)
	}

	// Expression (regexp or Glue wildcard) and paging.
	for expr, want := range map[string]int{"amazon_security_lake_table_.*": 2, "*vpc_flow_2_0": 1, "plain|vw": 2, "nothing": 0} {
		out, err := e.client.ListTableMetadata(ctxT(t), &athenasdk.ListTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String(lakeDB), Expression: aws.String(expr)})
		if err != nil || len(out.TableMetadataList) != want {
			t.Errorf("Expression %q: %d tables, %v", expr, len(out.TableMetadataList), err)
		}
	}
	var token *string
	var paged []string
	for {
		out, err := e.client.ListTableMetadata(ctxT(t), &athenasdk.ListTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String(lakeDB), MaxResults: aws.Int32(3), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range out.TableMetadataList {
			paged = append(paged, aws.ToString(tm.Name))
		}
		if token = out.NextToken; token == nil {
			break
		}
	}
	if !reflect.DeepEqual(paged, names) {
		t.Errorf("paged = %v", paged)
	}
	if _, err := e.client.ListTableMetadata(ctxT(t), &athenasdk.ListTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String(lakeDB), MaxResults: aws.Int32(51)}); apiCode(err) != "InvalidRequestException" {
		t.Errorf("MaxResults 51 = %v", err)
	}
	if _, err := e.client.ListTableMetadata(ctxT(t), &athenasdk.ListTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String("nope")}); apiCode(err) != "MetadataException" {
		t.Errorf("unknown database = %v", err)
	}

	one, err := e.client.GetTableMetadata(ctxT(t), &athenasdk.GetTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String(lakeDB), TableName: aws.String(v2)})
	if err != nil || colText(one.TableMetadata.Columns) != want2 || one.TableMetadata.Parameters["table_type"] != "ICEBERG" {
		t.Errorf("GetTableMetadata = %+v, %v", one, err)
	}
	if _, err := e.client.GetTableMetadata(ctxT(t), &athenasdk.GetTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String(lakeDB), TableName: aws.String("nope")}); apiCode(err) != "MetadataException" {
		t.Errorf("GetTableMetadata unknown = %v", err)
	}
}

func TestIcebergHidePartitionKeys(t *testing.T) {
	e := newEnv(t, athenalocal.Options{IcebergHidePartitionKeys: true})
	fakeLake(e.trino)
	one, err := e.client.GetTableMetadata(ctxT(t), &athenasdk.GetTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String(lakeDB), TableName: aws.String(v2)})
	if err != nil || len(one.TableMetadata.PartitionKeys) != 0 || !strings.HasSuffix(colText(one.TableMetadata.Columns), "accountid string, region string, asl_version string") {
		t.Errorf("GetTableMetadata = %s / %s, %v", colText(one.TableMetadata.Columns), colText(one.TableMetadata.PartitionKeys), err)
	}
}

// lakeCatalog adapts pkg/athena's listing to lake.Catalog, as the plugin
// does, so discovery runs over athena-local exactly as over Athena.
type lakeCatalog struct{ ex *athena.Executor }

func (c lakeCatalog) ListDatabases(ctx context.Context, catalog string) ([]string, error) {
	return c.ex.ListDatabases(ctx, catalog)
}

func (c lakeCatalog) ListTables(ctx context.Context, catalog, database string) ([]lake.TableMeta, error) {
	metas, err := c.ex.ListTables(ctx, catalog, database)
	out := make([]lake.TableMeta, len(metas))
	conv := func(cs []athena.ColumnMeta) []lake.ColumnMeta {
		var o []lake.ColumnMeta
		for _, c := range cs {
			o = append(o, lake.ColumnMeta{Name: c.Name, Type: c.Type})
		}
		return o
	}
	for i, m := range metas {
		out[i] = lake.TableMeta{Name: m.Name, Columns: conv(m.Columns), PartitionKeys: conv(m.PartitionKeys), Parameters: m.Parameters}
	}
	return out, err
}

// TestPluginDiscoveryIdentifiesBothLayouts runs the plugin's own executor
// and lake discovery against athena-local.
func TestPluginDiscoveryIdentifiesBothLayouts(t *testing.T) {
	e := newEnv(t, athenalocal.Options{})
	fakeLake(e.trino)
	ex := athena.New(athena.NewClient(aws.Config{Region: "us-east-1", Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "x"}, nil
	})}, e.http.URL), athena.Options{})
	inv, err := lake.Discover(ctxT(t), lakeCatalog{ex}, lake.Config{Region: "us-east-1", Discover: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]lake.Version{}
	for _, tb := range inv.Tables {
		got[tb.Name] = tb.Version
	}
	if got[v1] != lake.V1 || got[v2] != lake.V2 {
		t.Errorf("discovered %+v (unrecognized %v, warnings %v)", inv.Tables, inv.Unrecognized, inv.Warnings)
	}
}
