package plugin

import (
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/pkg/athena/athenatest"
	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Fixture values shared by the in-process and the plugin-binary tests.
const (
	FixtureRegion    = "us-east-1"
	FixtureSecretKey = "fixture/secret/never-in-output"
	FixtureAccessKey = "AKIAFIXTUREFIXTURE01"
)

// NewLakeServer starts an Athena API test server whose catalog holds a
// Security Lake database for FixtureRegion with every v1 and v2 AWS source
// table and one custom source, and a workgroup "primary" with an output
// location.
func NewLakeServer(t testing.TB) *athenatest.Server {
	t.Helper()
	srv := athenatest.NewServer()
	t.Cleanup(srv.Close)
	var tables []athenatest.Table
	for _, s := range lake.Sources {
		for _, v := range s.Versions {
			tables = append(tables, fixtureTable(lake.TableName(FixtureRegion, s, v), v))
		}
	}
	tables = append(tables, athenatest.Table{
		Name: "amazon_security_lake_table_us_east_1_ext_edr_process",
		Columns: []athenatest.TableColumn{
			{Name: "time", Type: "bigint"}, {Name: "class_uid", Type: "int"}, {Name: "severity_id", Type: "int"},
			{Name: "process", Type: "struct<name:string,pid:int,cmd_line:string>"},
			{Name: "device", Type: "struct<hostname:string,ip:string>"},
		},
		PartitionKeys: []athenatest.TableColumn{{Name: "region", Type: "string"}, {Name: "accountid", Type: "string"}, {Name: "eventday", Type: "string"}},
	})
	srv.AddDatabase("", lake.DatabaseName(FixtureRegion), tables...)
	srv.AddDatabase("", "default")
	srv.AddWorkGroup(athenatest.WorkGroup{Name: "primary", OutputLocation: "s3://fixture-results/grafana/"})
	return srv
}

func fixtureTable(name string, v lake.Version) athenatest.Table {
	if v == lake.V2 {
		return athenatest.Table{Name: name, Parameters: map[string]string{"table_type": "ICEBERG"}, Columns: []athenatest.TableColumn{
			{Name: "time", Type: "bigint"}, {Name: "time_dt", Type: "timestamp"}, {Name: "class_uid", Type: "int"},
			{Name: "accountid", Type: "string"}, {Name: "region", Type: "string"}, {Name: "asl_version", Type: "string"},
		}}
	}
	return athenatest.Table{Name: name,
		Columns:       []athenatest.TableColumn{{Name: "time", Type: "bigint"}, {Name: "class_uid", Type: "int"}},
		PartitionKeys: []athenatest.TableColumn{{Name: "region", Type: "string"}, {Name: "accountid", Type: "string"}, {Name: "eventday", Type: "string"}},
	}
}

// FixtureJSONData is the datasource jsonData pointing at srv.
func FixtureJSONData(srv *athenatest.Server, extra map[string]any) map[string]any {
	m := map[string]any{"authType": "keys", "defaultRegion": FixtureRegion, "endpoint": srv.URL()}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// FixtureSecure is the decrypted secure jsonData of the fixture.
func FixtureSecure() map[string]string {
	return map[string]string{"accessKey": FixtureAccessKey, "secretKey": FixtureSecretKey}
}

// newTestDatasource builds an in-process instance against srv.
func newTestDatasource(t *testing.T, srv *athenatest.Server, extra map[string]any) *Datasource {
	t.Helper()
	raw, err := json.Marshal(FixtureJSONData(srv, extra))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := NewDatasource(t.Context(), backend.DataSourceInstanceSettings{UID: "fixture", JSONData: raw, DecryptedSecureJSONData: FixtureSecure()})
	if err != nil {
		t.Fatal(err)
	}
	return inst.(*Datasource)
}
