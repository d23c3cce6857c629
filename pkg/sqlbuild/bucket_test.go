package sqlbuild_test

import (
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

func TestParseBucket(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"1s", time.Second, ""},
		{"30s", 30 * time.Second, ""},
		{"5m", 5 * time.Minute, ""},
		{"1h", time.Hour, ""},
		{"1d", 24 * time.Hour, ""},
		{"1w", 7 * 24 * time.Hour, ""},
		{"31d", 31 * 24 * time.Hour, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"90s", 90 * time.Second, ""},
		{"500ms", 0, "too small"},
		{"0s", 0, "too small"},
		{"-5m", 0, "too small"},
		{"32d", 0, "too large"},
		{"5w", 0, "too large"},
		{"999999999w", 0, "too large"}, // no overflow
		{"1.5s", 0, "whole number of seconds"},
		{"fast", 0, "not valid"},
		{"5 m", 0, "not valid"},
		{"", 0, "not valid"},
	}
	for _, tt := range tests {
		got, err := sqlbuild.ParseBucket(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseBucket(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseBucket(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestBucketAuto(t *testing.T) {
	day := 24 * time.Hour
	base := utc("2024-03-01T00:00:00Z")
	tests := []struct {
		name     string
		span     time.Duration
		interval time.Duration
		mdp      int64
		want     time.Duration
	}{
		{"floor of 1m", 10 * time.Minute, time.Second, 1000, time.Minute},
		{"nothing set", 0, 0, 0, time.Minute},
		{"interval wins", day, 2 * time.Hour, 1000, 3 * time.Hour},
		{"range / points wins, rounded up", day, 30 * time.Second, 1000, 5 * time.Minute}, // 86.4s
		{"exactly a step", day, 0, 1440, time.Minute},
		{"one more point than fits", day, 0, 1439, 5 * time.Minute},
		{"a week", 30 * day, 0, 10, 7 * day},
		{"whole days beyond a week", 365 * day, 0, 20, 19 * day},
		{"capped at 31d", 10 * 365 * day, 0, 10, 31 * day},
		{"negative interval ignored", time.Hour, -time.Hour, 0, time.Minute},
	}
	for _, tt := range tests {
		in := sqlbuild.Input{
			Query:    models.Query{Format: models.FormatTimeSeries, TimeBucket: "auto"},
			Range:    sqlbuild.TimeRange{From: base, To: base.Add(tt.span)},
			Interval: tt.interval, MaxDataPoints: tt.mdp,
		}
		got, err := sqlbuild.Bucket(in)
		if err != nil || got != tt.want {
			t.Errorf("%s: Bucket = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

func TestBucketOnlyWhenUsed(t *testing.T) {
	r := sqlbuild.TimeRange{From: utc("2024-03-01T00:00:00Z"), To: utc("2024-03-02T00:00:00Z")}
	tests := []struct {
		q    models.Query
		want time.Duration
	}{
		{models.Query{Format: models.FormatTable, TimeBucket: "1h"}, 0},       // raw rows
		{models.Query{Format: models.FormatLogs, TimeBucket: "1h"}, 0},        // logs
		{models.Query{Format: models.FormatTable, GroupBy: []string{"x"}}, 0}, // no bucket asked
		{models.Query{Format: models.FormatTable, GroupBy: []string{"x"}, TimeBucket: "1h"}, time.Hour},
		{models.Query{Format: models.FormatTimeSeries, TimeBucket: "15m"}, 15 * time.Minute},
	}
	for _, tt := range tests {
		got, err := sqlbuild.Bucket(sqlbuild.Input{Query: tt.q, Range: r})
		if err != nil || got != tt.want {
			t.Errorf("%+v: Bucket = %v, %v; want %v", tt.q, got, err, tt.want)
		}
	}
	if _, err := sqlbuild.Bucket(sqlbuild.Input{Query: models.Query{Format: models.FormatTimeSeries},
		Range: sqlbuild.TimeRange{From: r.To, To: r.From}}); err == nil {
		t.Error("Bucket accepted a range that ends before it starts")
	}
}

func TestBucketExpr(t *testing.T) {
	tests := []struct {
		col     string
		epochMs bool
		d       time.Duration
		want    string
	}{
		{`"time_dt"`, false, time.Hour, `date_trunc('hour', "time_dt")`},
		{`"time_dt"`, false, 7 * 24 * time.Hour, `date_trunc('week', "time_dt")`},
		{`"time_dt"`, false, 5 * time.Minute, `CAST(from_unixtime(floor(to_unixtime("time_dt") / 300) * 300, 'UTC') AS timestamp)`},
		{`"time"`, true, time.Minute, `date_trunc('minute', CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp))`},
		{`"time"`, true, 30 * time.Second, `CAST(from_unixtime("time" / 30000 * 30, 'UTC') AS timestamp)`},
		{`"a"."start_time"`, true, 2 * 24 * time.Hour, `CAST(from_unixtime("a"."start_time" / 172800000 * 172800, 'UTC') AS timestamp)`},
	}
	for _, tt := range tests {
		if got := sqlbuild.BucketExpr(tt.col, tt.epochMs, tt.d); got != tt.want {
			t.Errorf("BucketExpr(%s, %v, %v)\n got %s\nwant %s", tt.col, tt.epochMs, tt.d, got, tt.want)
		}
	}
	vpc, _ := lake.LookupSource("vpc_flow")
	if got := sqlbuild.EventTime(lake.AWSTable("c", "us-east-1", vpc, lake.V2)); got != `"time_dt"` {
		t.Errorf("EventTime v2 = %s", got)
	}
	if got := sqlbuild.EventTime(lake.AWSTable("c", "us-east-1", vpc, lake.V1)); got != `CAST(from_unixtime("time" / 1E3, 'UTC') AS timestamp)` {
		t.Errorf("EventTime v1 = %s", got)
	}
}

// TestBucketMatchesBuild checks that Bucket reports the bucket Build writes.
func TestBucketMatchesBuild(t *testing.T) {
	vpc, _ := lake.LookupSource("vpc_flow")
	schema, err := ocsf.Default().Schema(lake.V2, "vpc_flow")
	if err != nil {
		t.Fatal(err)
	}
	in := sqlbuild.Input{
		Query:  models.Query{Format: models.FormatTimeSeries, Source: "vpc_flow", TimeBucket: "auto"},
		Table:  lake.AWSTable("AwsDataCatalog", "us-east-1", vpc, lake.V2),
		Fields: schema, Range: sqlbuild.TimeRange{From: utc("2024-03-01T00:00:00Z"), To: utc("2024-03-08T00:00:00Z")},
		MaxDataPoints: 100,
	}
	d, err := sqlbuild.Bucket(in)
	if err != nil {
		t.Fatal(err)
	}
	sql, err := sqlbuild.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := sqlbuild.BucketExpr(`"time_dt"`, false, d) + ` AS "time"`; !strings.Contains(sql, want) {
		t.Errorf("Bucket says %v but Build wrote\n%s", d, sql)
	}
}
