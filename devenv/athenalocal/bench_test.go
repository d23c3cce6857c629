package athenalocal_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
)

// benchRows is a 10,000-row result shaped like a VPC-flow query: scalars,
// a timestamp, a nested row and a map.
func benchResult(n int) trinotest.Result {
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{
			int64(1700000000000 + i), fmt.Sprintf("10.0.%d.%d", i/256%256, i%256), i % 65536,
			"2024-01-01 00:00:00.000000", float64(i) * 1.5,
			json.RawMessage(fmt.Sprintf(`["10.0.0.%d",%d,"vpc-1"]`, i%256, i%1024)),
			json.RawMessage(`{"k1":"v1","k2":"v2"}`),
		}
	}
	return trinotest.Result{
		Columns: []trino.Column{
			trinotest.Col("time", "bigint"), trinotest.Col("src_ip", "varchar"), trinotest.Col("port", "integer"),
			trinotest.Col("time_dt", "timestamp(6)"), trinotest.Col("bytes", "double"),
			trinotest.Col("src_endpoint", "row(ip varchar, port integer, vpc_uid varchar)"),
			trinotest.Col("unmapped", "map(varchar, varchar)"),
		},
		Rows: rows, PageSize: 1000,
	}
}

// BenchmarkGetQueryResults10k pages one buffered 10,000-row result through
// the real SDK client, MaxResults 1000 (11 pages, each with the 1 ms
// pre-response pause).
func BenchmarkGetQueryResults10k(b *testing.B) {
	const n = 10_000
	e := newEnv(b, athenalocal.Options{})
	e.trino.Handle(trinotest.Any(), benchResult(n))
	id := e.start(b, "SELECT * FROM flows")
	e.wait(b, id)
	iters, pages := 0, 0
	retries := closedConnRetries.Load()
	for b.Loop() {
		_, rows, p := e.results(b, id, 1000)
		if len(rows) != n+1 {
			b.Fatalf("%d rows", len(rows))
		}
		iters++
		pages += p
	}
	b.ReportMetric(float64(n*iters)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(closedConnRetries.Load()-retries)/float64(pages), "retries/page")
}

// BenchmarkQuery10k is the whole round trip: start, Trino protocol paging
// and rendering, polling, and GetQueryResults paging.
func BenchmarkQuery10k(b *testing.B) {
	const n = 10_000
	e := newEnv(b, athenalocal.Options{})
	e.trino.Handle(trinotest.Any(), benchResult(n))
	iters, pages := 0, 0
	retries := closedConnRetries.Load()
	for b.Loop() {
		id := e.start(b, fmt.Sprintf("SELECT * FROM flows -- %d", iters))
		e.wait(b, id)
		_, rows, p := e.results(b, id, 1000)
		if len(rows) != n+1 {
			b.Fatalf("%d rows", len(rows))
		}
		iters++
		pages += p
	}
	b.ReportMetric(float64(n*iters)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(closedConnRetries.Load()-retries)/float64(pages), "retries/page")
}
