package macros

import "testing"

// BenchmarkExpand expands a typical dashboard query: a time series on a v2
// table with a bucket, the partition filter with two accounts and a Region,
// a string that holds a macro name, and the missing-partition check.
func BenchmarkExpand(b *testing.B) {
	const sql = `-- bytes per action
SELECT $__timeGroup(time_dt, $__interval) AS "time", action, sum(traffic.bytes) AS bytes
FROM $__table(vpc_flow)
WHERE $__partitionFilter
  AND action IN ('Allowed', 'Denied') AND src_endpoint.ip <> '$__notAMacro'
GROUP BY 1, 2
ORDER BY 1`
	ctx := fixtureContext()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Expand(sql, ctx); err != nil {
			b.Fatal(err)
		}
	}
}
