package sqlbuild_test

import (
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

func TestPartitionRegionsSQL(t *testing.T) {
	for _, tt := range []struct {
		name string
		t    lake.Table
		want string
	}{
		{"iceberg reads the partition row", lake.Table{Catalog: "AwsDataCatalog", Database: "db", Name: "vpc_flow_2_0", Layout: lake.Iceberg},
			`SELECT DISTINCT "partition"."region" AS "region" FROM "AwsDataCatalog"."db"."vpc_flow_2_0$partitions" ORDER BY 1`},
		{"hive reads the key column", lake.Table{Catalog: "AwsDataCatalog", Database: "db", Name: `odd"name`, Layout: lake.Hive},
			`SELECT DISTINCT "region" AS "region" FROM "AwsDataCatalog"."db"."odd""name$partitions" ORDER BY 1`},
	} {
		if got := sqlbuild.PartitionRegionsSQL(tt.t); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
