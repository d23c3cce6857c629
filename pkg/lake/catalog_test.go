package lake_test

// An external test package: ocsf imports lake, so only lake_test can see both.

import (
	"context"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// TestCatalogMatchesNaming checks that every AWS source/version of the
// embedded OCSF catalog is a lake source with that version, and that the
// catalog's table suffix gives exactly lake.TableName and the conventional
// inventory's table.
func TestCatalogMatchesNaming(t *testing.T) {
	cat := ocsf.Default()
	for _, region := range []string{"us-east-1", "us-gov-west-1", "ap-southeast-2"} {
		conv := lake.Conventional(lake.Config{Region: region})
		for _, v := range []lake.Version{lake.V1, lake.V2} {
			names := cat.Sources(v)
			if len(names) == 0 {
				t.Fatalf("no sources for version %d", v)
			}
			for _, name := range names {
				src, ok := lake.LookupSource(name)
				if !ok || !src.Has(v) {
					t.Errorf("catalog source %s v%d is not a lake source of that version", name, v)
					continue
				}
				schema, err := cat.Schema(v, name)
				if err != nil {
					t.Fatal(err)
				}
				want := "amazon_security_lake_table_" + underscores(region) + "_" + schema.TableSuffix
				if got := lake.TableName(region, src, v); got != want {
					t.Errorf("TableName(%s, %s, %d) = %s, catalog says %s", region, name, v, got, want)
				}
				if schema.TableSuffix != src.Suffix(v) {
					t.Errorf("%s v%d: suffix %s vs %s", name, v, schema.TableSuffix, src.Suffix(v))
				}
				tb, err := conv.Resolve(name, v)
				if err != nil || tb.Name != want {
					t.Errorf("Conventional %s v%d = %s, %v; want %s", name, v, tb.Name, err, want)
				}
			}
		}
	}
	// And the other way round: every lake source/version has a schema.
	for _, s := range lake.Sources {
		for _, v := range s.Versions {
			if _, err := cat.Schema(v, s.Name); err != nil {
				t.Errorf("no catalog schema for %s v%d: %v", s.Name, v, err)
			}
		}
	}
}

// TestPartitionFields checks the partition columns the query builder relies
// on: v1 region/accountid/eventday (Hive partitions), v2 time_dt plus the
// region/accountid/asl_version columns (Iceberg partition sources).
func TestPartitionFields(t *testing.T) {
	cat := ocsf.Default()
	want := map[lake.Version][]string{
		lake.V1: {lake.ColRegion, lake.ColAccountID, lake.ColEventDay, lake.ColTime},
		lake.V2: {lake.ColTimeDT, lake.ColRegion, lake.ColAccountID, lake.ColASLVersion, lake.ColTime},
	}
	for v, cols := range want {
		for _, name := range cat.Sources(v) {
			schema, _ := cat.Schema(v, name)
			for _, col := range cols {
				f, ok := schema.Field(col)
				if !ok {
					t.Errorf("%s v%d lacks partition column %s", name, v, col)
					continue
				}
				if f.Kind() != ocsf.Scalar {
					t.Errorf("%s v%d: %s is %s, not scalar", name, v, col, f.Type)
				}
			}
			if _, ok := schema.Field(lake.ColEventDay); ok && v == lake.V2 {
				t.Errorf("%s v2 must not have eventday", name)
			}
			if _, ok := schema.Field(lake.ColTimeDT); ok && v == lake.V1 {
				t.Errorf("%s v1 must not have time_dt", name)
			}
		}
	}
}

// TestColumnConversion keeps lake.ColumnMeta convertible to ocsf.Column,
// which is how callers feed discovered columns to ocsf.SchemaFromColumns.
func TestColumnConversion(t *testing.T) {
	inv, err := lake.Discover(t.Context(), fakeOne{}, lake.Config{Region: "us-east-1", Discover: true})
	if err != nil {
		t.Fatal(err)
	}
	tb, err := inv.Resolve("ext_sysmon", 0)
	if err != nil {
		t.Fatal(err)
	}
	metas, ok := inv.ColumnsOf(tb)
	if !ok {
		t.Fatal("no columns for the custom table")
	}
	cols := make([]ocsf.Column, len(metas))
	for i, m := range metas {
		cols[i] = ocsf.Column(m)
	}
	schema, err := ocsf.SchemaFromColumns(tb.Source, int(tb.Version), cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"time", "process", "process.name", "eventday"} {
		if _, ok := schema.Field(p); !ok {
			t.Errorf("custom schema lacks %s", p)
		}
	}
}

type fakeOne struct{}

func (fakeOne) ListDatabases(context.Context, string) ([]string, error) {
	return []string{"amazon_security_lake_glue_db_us_east_1"}, nil
}

func (fakeOne) ListTables(context.Context, string, string) ([]lake.TableMeta, error) {
	return []lake.TableMeta{{
		Name:          "amazon_security_lake_table_us_east_1_ext_sysmon",
		Columns:       []lake.ColumnMeta{{Name: "time", Type: "bigint"}, {Name: "process", Type: "struct<name:string,pid:int>"}},
		PartitionKeys: []lake.ColumnMeta{{Name: "region", Type: "string"}, {Name: "accountid", Type: "string"}, {Name: "eventday", Type: "string"}},
	}}, nil
}

func underscores(region string) string {
	b := []byte(region)
	for i, c := range b {
		if c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}
