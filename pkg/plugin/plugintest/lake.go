// Package plugintest fills an Athena emulator (internal/athenaemu) with a Security Lake
// catalog, for the plugin's tests and for cmd/bridge (the browser test's
// backend), which cannot import test files.
package plugintest

import (
	"strings"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// CustomTable is the custom source the catalog holds in every Region.
const CustomTable = "ext_edr_process"

var hivePartitions = []athenaemu.TableColumn{{Name: "region", Type: "string"}, {Name: "accountid", Type: "string"}, {Name: "eventday", Type: "string"}}

// AddLakeCatalog adds the Security Lake database of region to srv as Glue
// lists it: every AWS source table in both versions (v2 Iceberg with time_dt
// and the identity partition columns among the columns, v1 Hive with
// partition keys), the custom source ext_edr_process, the default database,
// and a "primary" workgroup with outputLocation.
func AddLakeCatalog(srv *athenaemu.CannedServer, region, outputLocation string) {
	AddPartialLakeCatalog(srv, region, outputLocation, nil)
}

// AddPartialLakeCatalog is AddLakeCatalog with only the AWS source tables
// for which keep returns true (nil keeps all): a lake where some sources
// are not enabled.
func AddPartialLakeCatalog(srv *athenaemu.CannedServer, region, outputLocation string, keep func(lake.Source, lake.Version) bool) {
	var tables []athenaemu.Table
	for _, s := range lake.Sources {
		for _, v := range s.Versions {
			if keep == nil || keep(s, v) {
				tables = append(tables, table(lake.TableName(region, s, v), v))
			}
		}
	}
	tables = append(tables, athenaemu.Table{
		Name: "amazon_security_lake_table_" + strings.ReplaceAll(region, "-", "_") + "_" + CustomTable,
		Columns: []athenaemu.TableColumn{
			{Name: "time", Type: "bigint"}, {Name: "class_uid", Type: "int"}, {Name: "severity_id", Type: "int"},
			{Name: "process", Type: "struct<name:string,pid:int,cmd_line:string>"},
			{Name: "device", Type: "struct<hostname:string,ip:string>"},
		},
		PartitionKeys: hivePartitions,
	})
	srv.AddDatabase("", lake.DatabaseName(region), tables...)
	srv.AddDatabase("", "default")
	srv.AddWorkGroup(athenaemu.WorkGroup{Name: "primary", OutputLocation: outputLocation})
}

func table(name string, v lake.Version) athenaemu.Table {
	if v == lake.V2 {
		return athenaemu.Table{Name: name, Parameters: map[string]string{"table_type": "ICEBERG"}, Columns: []athenaemu.TableColumn{
			{Name: "time", Type: "bigint"}, {Name: "time_dt", Type: "timestamp"}, {Name: "class_uid", Type: "int"},
			{Name: "accountid", Type: "string"}, {Name: "region", Type: "string"}, {Name: "asl_version", Type: "string"},
		}}
	}
	return athenaemu.Table{Name: name,
		Columns:       []athenaemu.TableColumn{{Name: "time", Type: "bigint"}, {Name: "class_uid", Type: "int"}},
		PartitionKeys: hivePartitions,
	}
}
