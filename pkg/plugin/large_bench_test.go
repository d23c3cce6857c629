package plugin

import (
	"fmt"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// BenchmarkLargeQuery measures one 100,000 × 20 query end to end through
// QueryData (S3 read, frame, SDK frame) and the Arrow encoding (as the plugin protocol sends it) of the
// answer, against the canned emulator: the profile of the large-result path.
func BenchmarkLargeQuery(b *testing.B) {
	const rows = 100_000
	srv := plugintest.NewLakeServer(b)
	srv.Handle(athenaemu.Contains("large_bench"), athenaemu.Result{Columns: athenaemu.MixedColumns, Rows: athenaemu.MixedRows(rows)})
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
