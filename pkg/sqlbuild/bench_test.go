package sqlbuild_test

import (
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// benchInput is a vpc_flow v2 query of the given format.
func benchInput(b *testing.B, q models.Query) sqlbuild.Input {
	b.Helper()
	vpc, _ := lake.LookupSource("vpc_flow")
	schema, err := ocsf.Default().Schema(lake.V2, "vpc_flow")
	if err != nil {
		b.Fatal(err)
	}
	q.RefID, q.Mode, q.Source = "A", models.ModeBuilder, "vpc_flow"
	return sqlbuild.Input{
		Query:    q,
		Table:    lake.AWSTable("AwsDataCatalog", "us-east-1", vpc, lake.V2),
		Fields:   schema,
		Range:    sqlbuild.TimeRange{From: utc("2024-03-01T00:00:00Z"), To: utc("2024-03-02T00:00:00Z")},
		Interval: 30 * time.Second, MaxDataPoints: 1000, RowLimit: 10000,
	}
}

// BenchmarkBuild measures a typical time series (3 filters, 2 group-bys, a
// sum, account and Region scope) and a raw table with the curated columns.
//
//	go test ./pkg/sqlbuild -run '^$' -bench BenchmarkBuild -benchmem
func BenchmarkBuild(b *testing.B) {
	b.Run("time_series", func(b *testing.B) {
		in := benchInput(b, models.Query{
			Format: models.FormatTimeSeries, TimeBucket: "auto",
			Filters: []models.Filter{
				{Field: "action", Op: models.OpEq, Value: "Denied"},
				{Field: "dst_endpoint.port", Op: models.OpIn, Values: []models.Value{"22", "3389"}},
				{Field: "src_endpoint.ip", Op: models.OpStartsWith, Value: "10."},
			},
			GroupBy:      []string{"src_endpoint.ip", "connection_info.direction"},
			Aggregations: []models.Aggregation{{Func: models.AggSum, Field: "traffic.bytes", Alias: "bytes"}},
			Accounts:     []string{"111122223333", "444455556666"},
			Regions:      []string{"us-east-1"},
		})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sqlbuild.Build(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("table", func(b *testing.B) {
		in := benchInput(b, models.Query{Format: models.FormatTable,
			Filters: []models.Filter{{Field: "severity_id", Op: models.OpGte, Value: "Medium"}}})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sqlbuild.Build(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
