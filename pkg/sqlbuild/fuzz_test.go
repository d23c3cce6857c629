package sqlbuild_test

import (
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// FuzzBuild feeds arbitrary field names, operators, values, aliases, bucket
// strings and scope values to Build on every catalog table. It must never
// panic, and whatever builds must satisfy checkInvariants: user text only
// inside literals, identifiers only from the catalog, the partition
// predicate first.
//
//	go test ./pkg/sqlbuild -run '^$' -fuzz FuzzBuild -fuzztime 10s
func FuzzBuild(f *testing.F) {
	f.Add(uint8(0), uint8(0), "api.operation", "=", "ConsoleLogin", "", "count", "n", "5m", "api.service.name", "111122223333")
	f.Add(uint8(3), uint8(1), "src_endpoint.ip", "in", "10.0.0.1", "x' OR '1'='1", "sum", "bytes", "auto", "traffic.bytes", "4444'5555")
	f.Add(uint8(5), uint8(2), "resources[].uid", "any", "arn:aws:s3:::b", `"; --`, "max", "a.b-c", "1d", "severity", "")
	f.Add(uint8(8), uint8(0), "severity_id", ">=", "High", "Critical", "count_distinct", "", "1w", "class_name", "us-east-1")
	f.Add(uint8(9), uint8(1), "api.operation", "regex", "(a|b", "", "avg", `bad"alias`, "90s", "api", "")
	f.Add(uint8(12), uint8(2), "observables[].value", "any", "203.0.113.7", "e -> true", "min", "x", "", "time_dt", "")
	f.Add(uint8(1), uint8(0), "time", "<", "1709251200000", "", "approx_distinct", "", "1h30m", "time", "")
	f.Add(uint8(11), uint8(1), "vulnerabilities[].cve.cvss[].base_score", ">=", "7", "vulnerabilities[].cve.cvss", "max", "s", "", "vulnerabilities[].cve.uid", "")
	f.Add(uint8(2), uint8(1), "answers[].rdata", "contains", "10.", "answers", "count", "a", "", "size(answers)", "")
	f.Add(uint8(0), uint8(0), "resources[].uid", "not-empty", "", "api.operation", "count_distinct", "first", "", "size(resources)", "")
	f.Add(uint8(4), uint8(2), "finding_info.types[]", "regex", "Software", "finding_info.types", "count", "", "", "a[].b[].c[].d", "")
	inputs := catalogInputs(f)
	formats := []models.Format{models.FormatTimeSeries, models.FormatTable, models.FormatLogs, "bogus"}
	f.Fuzz(func(t *testing.T, table, format uint8, field, op, value, value2, agg, alias, bucket, group, account string) {
		in := inputs[int(table)%len(inputs)]
		q := &in.Query
		q.Format = formats[int(format)%len(formats)]
		flt := models.Filter{Field: field, Op: models.Op(op), Value: models.Value(value)}
		if value2 != "" {
			flt.Values = []models.Value{models.Value(value), models.Value(value2)}
		}
		q.Filters = []models.Filter{flt}
		q.Fields = []string{field, group}
		q.GroupBy = []string{group}
		q.Aggregations = []models.Aggregation{{Func: models.AggFunc(agg), Field: group, Alias: alias}}
		q.TimeBucket = bucket
		q.OrderBy = []models.Order{{Field: alias}}
		q.Accounts = []string{account}
		q.Regions = []string{value2}
		q.Limit = int(format) * 100
		if _, err := sqlbuild.Bucket(in); err != nil {
			_ = err // only "no panic" is asked of Bucket here
		}
		for _, variant := range []func(){
			func() {},
			func() { q.OrderBy = nil },                            // ordering errors hide the rest
			func() { q.Aggregations[0].Alias = "" },               // alias errors hide the rest
			func() { q.Aggregations = nil; q.GroupBy = nil },      // raw rows
			func() { q.Filters[0].Values = nil; q.Regions = nil }, // one value
			func() { q.Unnest = value2 },                          // one row per element
			func() { q.Picks = []models.Pick{{Field: field, Alias: alias, Where: &q.Filters[0]}} },
		} {
			variant()
			sql, err := sqlbuild.Build(in)
			if err != nil {
				continue
			}
			if err := checkInvariants(in, sql); err != nil {
				t.Fatalf("%v\nquery %+v\n%s", err, *q, sql)
			}
		}
	})
}
