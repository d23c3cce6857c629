package athenaemu

import "fmt"

// MixedColumns are 20 columns of the kinds Security Lake tables return:
// timestamps, integers, doubles, a decimal, a boolean, text, an array, a
// map and JSON. The benchmark command (devenv/cmd/bench) and the plugin's
// in-process benchmark (pkg/plugin) serve MixedRows of them, so both
// measure the same result.
var MixedColumns = []Column{
	{Name: "time_dt", Type: "timestamp"}, {Name: "class_uid", Type: "integer"}, {Name: "severity_id", Type: "integer"},
	{Name: "activity_name", Type: "varchar"}, {Name: "src_endpoint.ip", Type: "varchar"}, {Name: "dst_endpoint.ip", Type: "varchar"},
	{Name: "src_endpoint.port", Type: "integer"}, {Name: "dst_endpoint.port", Type: "integer"}, {Name: "traffic.bytes", Type: "bigint"},
	{Name: "traffic.packets", Type: "bigint"}, {Name: "accountid", Type: "varchar"}, {Name: "region", Type: "varchar"},
	{Name: "actor.user.name", Type: "varchar"}, {Name: "api.operation", Type: "varchar"}, {Name: "risk_score", Type: "double"},
	{Name: "is_alert", Type: "boolean"}, {Name: "cost", Type: "decimal", Precision: 10, Scale: 2},
	{Name: "resources", Type: "array"}, {Name: "tags", Type: "map"}, {Name: "unmapped", Type: "json"},
}

var (
	mixedActivities = []string{"Traffic", "Accept", "Reject", "Create", "Delete"}
	mixedAPIOps     = []string{"ConsoleLogin", "AssumeRole", "GetObject", "PutObject", "DescribeInstances", "StopLogging"}
	mixedUsers      = []string{"alice", "bob", "ci-deploy", "admin", "svc-backup", "carol"}
	mixedRegions    = []string{"us-east-1", "eu-west-1"}
	mixedAccounts   = []string{"111122223333", "444455556666", "777788889999"}
)

// MixedRow is row i of a generated MixedColumns result: deterministic,
// with NULLs, quotes and nested values (in Athena's text) where real rows
// have them.
func MixedRow(i int) []*string {
	row := Row(
		fmt.Sprintf("2026-10-%02d %02d:%02d:%02d.%03d", 1+i/86400%30, i/3600%24, i/60%60, i%60, i%1000),
		4001+i%3, 1+i%6, mixedActivities[i%len(mixedActivities)],
		fmt.Sprintf("10.%d.%d.%d", i/65536%256, i/256%256, i%256), fmt.Sprintf("172.16.%d.%d", i/256%256, i%256),
		1024+i%50000, []int{443, 22, 53, 80}[i%4], i*37%1000000, i%1500,
		mixedAccounts[i%len(mixedAccounts)], mixedRegions[i%len(mixedRegions)], mixedUsers[i%len(mixedUsers)],
		mixedAPIOps[i%len(mixedAPIOps)], float64(i%1000)/7, i%17 == 0, fmt.Sprintf("%d.%02d", i%10000, i%100),
		fmt.Sprintf("[arn:aws:s3:::bucket-%d, arn:aws:iam::%s:role/r%d]", i%50, mixedAccounts[i%3], i%7),
		fmt.Sprintf("{env=prod, team=t%d}", i%9), fmt.Sprintf(`{"flow":{"id":%d,"note":"say \"hi\""}}`, i),
	)
	if i%11 == 0 {
		row[12], row[19] = nil, nil
	}
	return row
}

// MixedRows generates n rows of MixedColumns.
func MixedRows(n int) [][]*string { return Generate(n, MixedRow) }
