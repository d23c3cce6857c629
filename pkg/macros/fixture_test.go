package macros

import (
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// Quoted tables of the fixture lake, as $__table writes them.
const (
	vpcV1   = `"AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_1_0"`
	vpcV2   = `"AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"`
	ctV2    = `"AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"`
	sysmon  = `"AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_ext_edr_process"`
	linkVPC = `"AwsDataCatalog"."sl_links"."vpc_flow_link"`
)

// fixtureTables is a lake in us-east-1 with v1 and v2 AWS sources, a
// custom (Hive) source beside v2, and a resource link with its own name.
func fixtureTables() []lake.Table {
	var out []lake.Table
	for _, name := range []string{"vpc_flow", "cloud_trail_mgmt", "route53"} {
		s, _ := lake.LookupSource(name)
		for _, v := range s.Versions {
			out = append(out, lake.AWSTable("AwsDataCatalog", "us-east-1", s, v))
		}
	}
	out = append(out,
		lake.Table{Catalog: "AwsDataCatalog", Database: "amazon_security_lake_glue_db_us_east_1",
			Name: "amazon_security_lake_table_us_east_1_ext_edr_process", Source: "ext_edr_process", Version: lake.V2, Layout: lake.Hive, Custom: true},
		lake.Table{Catalog: "AwsDataCatalog", Database: "sl_links", Name: "vpc_flow_link", Source: "vpc_flow_link", Version: lake.V2, Layout: lake.Iceberg},
	)
	return out
}

// fixtureContext: 2024-01-01 00:00 to 2024-01-02 12:00:00.250 UTC, a 5m
// interval, two accounts and one Region, version 2 by default.
func fixtureContext() Context {
	return Context{
		Range: sqlbuild.TimeRange{
			From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
			To:   time.Date(2024, 1, 2, 12, 0, 0, 250e6, time.UTC),
		},
		Interval: 5 * time.Minute,
		Scope:    sqlbuild.Scope{Accounts: []string{"111122223333", "444455556666"}, Regions: []string{"us-east-1"}},
		Resolver: TableResolver{List: fixtureTables(), Version: lake.V2},
	}
}

// Predicates of the fixture context, as sqlbuild writes them.
const (
	scopeSQL = `"accountid" IN ('111122223333', '444455556666') AND "region" IN ('us-east-1')`
	hiveSQL  = `"eventday" BETWEEN '20240101' AND '20240102' AND "time" BETWEEN 1704067200000 AND 1704196800250`
	icebSQL  = `"time_dt" BETWEEN TIMESTAMP '2024-01-01 00:00:00.000' AND TIMESTAMP '2024-01-02 12:00:00.250'`
	msRange  = `BETWEEN 1704067200000 AND 1704196800250`
	tsRange  = `BETWEEN TIMESTAMP '2024-01-01 00:00:00.000' AND TIMESTAMP '2024-01-02 12:00:00.250'`
)
