package plugin

import (
	"fmt"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// largeColumns are 20 columns of the kinds Security Lake tables return.
var largeColumns = []athenaemu.Column{
	{Name: "time_dt", Type: "timestamp"}, {Name: "class_uid", Type: "integer"}, {Name: "severity_id", Type: "integer"},
	{Name: "activity_name", Type: "varchar"}, {Name: "src_ip", Type: "varchar"}, {Name: "dst_ip", Type: "varchar"},
	{Name: "src_port", Type: "integer"}, {Name: "dst_port", Type: "integer"}, {Name: "bytes", Type: "bigint"},
	{Name: "packets", Type: "bigint"}, {Name: "accountid", Type: "varchar"}, {Name: "region", Type: "varchar"},
	{Name: "user", Type: "varchar"}, {Name: "api_operation", Type: "varchar"}, {Name: "risk_score", Type: "double"},
	{Name: "is_alert", Type: "boolean"}, {Name: "cost", Type: "decimal", Precision: 10, Scale: 2},
	{Name: "resources", Type: "array"}, {Name: "tags", Type: "map"}, {Name: "unmapped", Type: "json"},
}

func largeRow(i int) []*string {
	row := athenaemu.Row(
		fmt.Sprintf("2026-10-%02d %02d:%02d:%02d.%03d", 1+i/86400%30, i/3600%24, i/60%60, i%60, i%1000),
		4001+i%3, 1+i%6, "Traffic", fmt.Sprintf("10.%d.%d.%d", i/65536%256, i/256%256, i%256),
		fmt.Sprintf("172.16.%d.%d", i/256%256, i%256), 1024+i%50000, 443, i*37%1000000, i%1500,
		"111122223333", "us-east-1", "alice", "AssumeRole", float64(i%1000)/7, i%17 == 0,
		fmt.Sprintf("%d.%02d", i%10000, i%100), fmt.Sprintf("[arn:aws:s3:::bucket-%d]", i%50),
		fmt.Sprintf("{env=prod, team=t%d}", i%9), fmt.Sprintf(`{"flow":{"id":%d,"note":"say \"hi\""}}`, i),
	)
	if i%11 == 0 {
		row[12], row[19] = nil, nil
	}
	return row
}

// BenchmarkLargeQuery measures one 100,000 × 20 query end to end through
// QueryData (S3 read, frame, SDK frame) and the Arrow encoding (as the plugin protocol sends it) of the
// answer, against the canned emulator: the profile of the large-result path.
func BenchmarkLargeQuery(b *testing.B) {
	const rows = 100_000
	srv := plugintest.NewLakeServer(b)
	srv.Handle(athenaemu.Contains("large_bench"), athenaemu.Result{Columns: largeColumns, Rows: athenaemu.Generate(rows, largeRow)})
	for _, s3 := range []bool{true, false} {
		b.Run(fmt.Sprintf("s3=%v", s3), func(b *testing.B) {
			ds := newTestDatasource(b, srv, map[string]any{"resultCacheSeconds": 0, "resultsFromS3": s3, "rowLimit": 1_000_000})
			q := dataQuery("A", `{"rawSql":"SELECT * FROM large_bench","format":"table"}`)
			b.ReportAllocs()
			for b.Loop() {
				resp := runQueries(b, ds, q)["A"]
				if resp.Error != nil || resp.Frames[0].Rows() != rows {
					b.Fatalf("error %v", resp.Error)
				}
				// The plugin protocol carries frames as Arrow.
				if _, err := resp.Frames.MarshalArrow(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
