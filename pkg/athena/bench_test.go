package athena_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// BenchmarkRunPaged measures a full Run of a 10,000 × 20 result (11 pages of
// 1,000 with the header) through the real SDK client and the canned Athena emulator
// server over loopback: start, one poll, paging, JSON on both sides. The
// server's 1 ms pause per response (toolchain pitfall) is included, ~13 ms
// per op.
func BenchmarkRunPaged(b *testing.B) {
	const rows, cols = 10_000, 20
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Any(), wideResult(rows, cols))
	ex := athena.New(newClient(srv), athena.Options{PollInitial: time.Millisecond, PollMax: time.Millisecond})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := ex.Run(ctx, "SELECT * FROM bench")
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Rows) != rows {
			b.Fatalf("rows = %d", len(res.Rows))
		}
	}
	b.StopTimer()
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(rows/perOp, "rows/s")
	b.ReportMetric(float64(srv.Count("GetQueryResults"))/float64(b.N), "pages/op")
}

// wideResult has rows × cols varchar cells, every 13th one NULL.
func wideResult(rows, cols int) athenaemu.Result {
	columns := make([]athenaemu.Column, cols)
	for j := range columns {
		columns[j] = athenaemu.Column{Name: "c" + strconv.Itoa(j), Type: "varchar"}
	}
	return athenaemu.Result{
		Columns: columns,
		Rows: athenaemu.Generate(rows, func(i int) []*string {
			row := make([]*string, cols)
			for j := range row {
				if (i+j)%13 != 0 {
					row[j] = athenaemu.Str("value-" + strconv.Itoa(i) + "-" + strconv.Itoa(j))
				}
			}
			return row
		}),
	}
}
