package athena_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

func TestListDatabasesPages(t *testing.T) {
	srv := newServer(t)
	var want []string
	for i := range 120 {
		name := fmt.Sprintf("db_%03d", i)
		srv.AddDatabase("", name)
		want = append(want, name)
	}
	ex, _ := newExecutor(srv, athena.Options{WorkGroup: "primary"})
	got, err := ex.ListDatabases(context.Background(), "")
	if err != nil {
		t.Fatalf("ListDatabases: %v", err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %d databases, want %d in order", len(got), len(want))
	}
	calls := srv.CallsTo("ListDatabases")
	if len(calls) != 3 {
		t.Fatalf("ListDatabases calls = %d, want 3 pages of ≤50", len(calls))
	}
	for i, c := range calls {
		in := c.Input.(*athenasdk.ListDatabasesInput)
		if aws.ToString(in.CatalogName) != athena.DefaultCatalog || aws.ToInt32(in.MaxResults) != 50 || aws.ToString(in.WorkGroup) != "primary" {
			t.Errorf("call %d: %+v", i, in)
		}
		if (i == 0) != (in.NextToken == nil) {
			t.Errorf("call %d NextToken = %v", i, in.NextToken)
		}
	}
}

func TestListTablesAndGetTable(t *testing.T) {
	srv := newServer(t)
	var tables []athenaemu.Table
	for i := range 60 {
		tables = append(tables, athenaemu.Table{
			Name:          fmt.Sprintf("amazon_security_lake_table_us_east_1_src%02d_2_0", i),
			Columns:       []athenaemu.TableColumn{{Name: "time_dt", Type: "timestamp"}, {Name: "actor", Type: "struct<user:struct<name:string>>", Comment: "who"}},
			PartitionKeys: []athenaemu.TableColumn{{Name: "region", Type: "string"}, {Name: "accountid", Type: "string"}},
			Parameters:    map[string]string{"table_type": "ICEBERG"},
		})
	}
	srv.AddDatabase("AwsDataCatalog", "amazon_security_lake_glue_db_us_east_1", tables...)
	ex, _ := newExecutor(srv, athena.Options{Catalog: "AwsDataCatalog"})

	got, err := ex.ListTables(context.Background(), "", "amazon_security_lake_glue_db_us_east_1")
	if err != nil {
		t.Fatalf("ListTables: %v", err)
	}
	if len(got) != 60 || srv.Count("ListTableMetadata") != 2 {
		t.Fatalf("tables %d in %d calls, want 60 in 2", len(got), srv.Count("ListTableMetadata"))
	}
	tm := got[59]
	want := athena.TableMeta{
		Name: "amazon_security_lake_table_us_east_1_src59_2_0", TableType: "EXTERNAL_TABLE",
		Columns:       []athena.ColumnMeta{{Name: "time_dt", Type: "timestamp"}, {Name: "actor", Type: "struct<user:struct<name:string>>", Comment: "who"}},
		PartitionKeys: []athena.ColumnMeta{{Name: "region", Type: "string"}, {Name: "accountid", Type: "string"}},
	}
	if tm.Name != want.Name || tm.TableType != want.TableType || !slices.Equal(tm.Columns, want.Columns) ||
		!slices.Equal(tm.PartitionKeys, want.PartitionKeys) || tm.Parameters["table_type"] != "ICEBERG" {
		t.Errorf("table = %+v, want %+v", tm, want)
	}

	one, err := ex.GetTable(context.Background(), "", "amazon_security_lake_glue_db_us_east_1", "amazon_security_lake_table_us_east_1_src07_2_0")
	if err != nil || one.Name != "amazon_security_lake_table_us_east_1_src07_2_0" || len(one.PartitionKeys) != 2 {
		t.Errorf("GetTable = %+v, %v", one, err)
	}
	_, err = ex.GetTable(context.Background(), "", "amazon_security_lake_glue_db_us_east_1", "missing")
	if err == nil || !athena.IsUserError(err) {
		t.Errorf("missing table: err = %v, want a user error", err)
	}
	if _, err := ex.ListTables(context.Background(), "", "no_such_db"); err == nil {
		t.Error("missing database: want error")
	}
}

func TestWorkGroups(t *testing.T) {
	srv := newServer(t)
	srv.AddWorkGroup(athenaemu.WorkGroup{Name: "seclake", OutputLocation: "s3://wg-results/", BytesScannedCutoff: 10 << 30, Enforce: true})
	srv.AddWorkGroup(athenaemu.WorkGroup{Name: "old", State: "DISABLED", EngineVersion: "Athena engine version 2"})
	ex, _ := newExecutor(srv, athena.Options{})

	wg, err := ex.GetWorkGroup(context.Background(), "seclake")
	if err != nil {
		t.Fatalf("GetWorkGroup: %v", err)
	}
	want := athena.WorkGroupInfo{Name: "seclake", State: "ENABLED", OutputLocation: "s3://wg-results/", EngineVersion: "Athena engine version 3", BytesScannedCutoff: 10 << 30, EnforceConfiguration: true}
	if wg != want {
		t.Errorf("GetWorkGroup = %+v, want %+v", wg, want)
	}
	all, err := ex.ListWorkGroups(context.Background())
	if err != nil {
		t.Fatalf("ListWorkGroups: %v", err)
	}
	if len(all) != 3 || all[0].Name != "primary" || all[2].State != "DISABLED" || all[2].EngineVersion != "Athena engine version 2" {
		t.Errorf("ListWorkGroups = %+v", all)
	}
	if _, err := ex.GetWorkGroup(context.Background(), "nope"); err == nil || !athena.IsUserError(err) {
		t.Errorf("unknown workgroup: err = %v, want a user error", err)
	}
	// A disabled workgroup rejects queries with a user error.
	exOld, _ := newExecutor(srv, athena.Options{WorkGroup: "old"})
	if _, err := exOld.Run(context.Background(), "SELECT 1"); err == nil || !athena.IsUserError(err) {
		t.Errorf("disabled workgroup: err = %v, want a user error", err)
	}
}

func TestListDataCatalogsPages(t *testing.T) {
	srv := newServer(t)
	want := []string{athena.DefaultCatalog}
	for i := range 60 {
		name := fmt.Sprintf("catalog_%02d", i)
		srv.AddDatabase(name, "db")
		want = append(want, name)
	}
	ex, _ := newExecutor(srv, athena.Options{})
	got, err := ex.ListDataCatalogs(context.Background())
	if err != nil {
		t.Fatalf("ListDataCatalogs: %v", err)
	}
	names := make([]string, len(got))
	for i, c := range got {
		names[i] = c.Name
		if c.Type != "GLUE" {
			t.Errorf("%s: type %q", c.Name, c.Type)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("catalogs = %v, want %v", names, want)
	}
	if calls := srv.CallsTo("ListDataCatalogs"); len(calls) != 2 || aws.ToInt32(calls[0].Input.(*athenasdk.ListDataCatalogsInput).MaxResults) != 50 {
		t.Fatalf("ListDataCatalogs calls = %d, want 2 pages of ≤50", len(calls))
	}
}
