package sqlbuild_test

import (
	"fmt"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// A time series of denied flows per destination port on a v2 (Iceberg)
// table: the partition predicate comes first, the caption "Denied" of
// action_id becomes 2, and the bucket is 5 minutes (1 day / 1000 points,
// rounded up to a nice step).
func ExampleBuild() {
	vpc, _ := lake.LookupSource("vpc_flow")
	schema, _ := ocsf.Default().Schema(lake.V2, "vpc_flow")
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	sql, err := sqlbuild.Build(sqlbuild.Input{
		Query: models.Query{
			Format: models.FormatTimeSeries, Source: "vpc_flow",
			Filters:  []models.Filter{{Field: "action_id", Op: models.OpEq, Value: "Denied"}},
			GroupBy:  []string{"dst_endpoint.port"},
			Accounts: []string{"111122223333"},
		},
		Table:         lake.AWSTable("AwsDataCatalog", "us-east-1", vpc, lake.V2),
		Fields:        schema,
		Range:         sqlbuild.TimeRange{From: from, To: from.Add(24 * time.Hour)},
		Interval:      30 * time.Second,
		MaxDataPoints: 1000,
		RowLimit:      10000,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sql)
	// Output:
	// SELECT CAST(from_unixtime(floor(to_unixtime("time_dt") / 300) * 300, 'UTC') AS timestamp) AS "time", CAST("dst_endpoint"."port" AS varchar) AS "dst_endpoint.port", count(*) AS "count"
	// FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
	// WHERE "time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000' AND "accountid" IN ('111122223333')
	//   AND "action_id" = 2
	// GROUP BY 1, 2
	// ORDER BY "time", "dst_endpoint.port"
}
