package frames_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/frames"
)

// benchResult builds a result set shaped like a wide Security Lake table
// query: 5 bigint, 3 double, 2 boolean, 3 timestamp, 6 varchar and 1 json
// column, with about 5% NULLs. It returns the total text size in bytes.
func benchResult(n int) ([]frames.Column, frames.Rows, int64) {
	var cols []frames.Column
	add := func(typ string, k int) {
		for i := range k {
			cols = append(cols, frames.Column{Name: fmt.Sprintf("%s_%d", typ, i), Type: typ})
		}
	}
	add("bigint", 5)
	add("double", 3)
	add("boolean", 2)
	add("timestamp", 3)
	add("varchar", 6)
	add("json", 1)

	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make(frames.Rows, n)
	var size int64
	for r := range n {
		row := make([]*string, len(cols))
		for c, col := range cols {
			if (r*31+c*7)%20 == 0 {
				continue // NULL
			}
			var s string
			switch col.Type {
			case "bigint":
				s = strconv.FormatInt(1704067200000+int64(r)*1000+int64(c), 10)
			case "double":
				s = strconv.FormatFloat(float64(r)*0.25+float64(c), 'g', -1, 64)
			case "boolean":
				s = strconv.FormatBool((r+c)%3 == 0)
			case "timestamp":
				s = base.Add(time.Duration(r)*time.Second + time.Duration(c)*time.Millisecond).Format("2006-01-02 15:04:05.000")
			case "varchar":
				s = fmt.Sprintf("arn:aws:iam::%012d:user/user-%d", r%1000, c)
			case "json":
				s = fmt.Sprintf(`{"eventCategory":"Management","requestID":"%08x","readOnly":%t}`, r, r%2 == 0)
			}
			row[c] = &s
			size += int64(len(s))
		}
		rows[r] = row
	}
	return cols, rows, size
}

// BenchmarkToFrame100kx20 converts 100,000 rows × 20 mixed columns. MB/s is
// over the value text; rows/s is reported separately.
func BenchmarkToFrame100kx20(b *testing.B) {
	const n = 100_000
	cols, rows, size := benchResult(n)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := frames.ToFrame("bench", cols, rows, frames.Meta{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkToTimeSeries10k reshapes a 10,000-row long frame (1,000 time
// buckets × 10 label sets of two group-by columns, two value columns) into
// a wide frame.
func BenchmarkToTimeSeries10k(b *testing.B) {
	cols := []frames.Column{
		{Name: "time", Type: "timestamp"}, {Name: "region", Type: "varchar"}, {Name: "accountid", Type: "varchar"},
		{Name: "events", Type: "bigint"}, {Name: "traffic.bytes", Type: "bigint"},
	}
	regions := []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"}
	accounts := []string{"111111111111", "222222222222"}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var rows frames.Rows
	for t := range 1000 {
		ts := base.Add(time.Duration(t) * time.Minute).Format("2006-01-02 15:04:05.000")
		for i, reg := range regions {
			for j, acc := range accounts {
				ev, by := strconv.Itoa(t+i+j), strconv.Itoa((t+i+j)*1500)
				rows = append(rows, []*string{&ts, &reg, &acc, &ev, &by})
			}
		}
	}
	long, err := frames.ToFrame("long", cols, rows, frames.Meta{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := frames.ToTimeSeries(long); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
