package sqlbuild_test

import (
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPartitionPredicate(t *testing.T) {
	vpc, _ := lake.LookupSource("vpc_flow")
	v1 := lake.AWSTable("AwsDataCatalog", "us-east-1", vpc, lake.V1)
	v2 := lake.AWSTable("AwsDataCatalog", "us-east-1", vpc, lake.V2)
	custom := lake.Table{Catalog: "AwsDataCatalog", Database: "db", Name: "t_ext_x", Source: "ext_x", Version: lake.V2, Layout: lake.Hive, Custom: true}
	tests := []struct {
		name     string
		table    lake.Table
		from, to string
		scope    sqlbuild.Scope
		want     string
	}{
		{"v2 range", v2, "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z", sqlbuild.Scope{},
			`"time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-02 00:00:00.000'`},
		{"v2 non-UTC input is written in UTC", v2, "2024-03-01T01:00:00+02:00", "2024-03-01T12:00:00.25-03:00", sqlbuild.Scope{},
			`"time_dt" BETWEEN TIMESTAMP '2024-02-29 23:00:00.000' AND TIMESTAMP '2024-03-01 15:00:00.250'`},
		{"v1 one UTC day", v1, "2024-03-01T00:00:00Z", "2024-03-01T23:59:59.999Z", sqlbuild.Scope{},
			`"eventday" BETWEEN '20240301' AND '20240301' AND "time" BETWEEN 1709251200000 AND 1709337599999`},
		{"v1 end at midnight includes the next day (BETWEEN is inclusive)", v1, "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z", sqlbuild.Scope{},
			`"eventday" BETWEEN '20240301' AND '20240302' AND "time" BETWEEN 1709251200000 AND 1709337600000`},
		{"v1 eventday is the UTC day, not the local one", v1, "2024-03-01T21:00:00-05:00", "2024-03-03T08:00:00+09:00", sqlbuild.Scope{},
			`"eventday" BETWEEN '20240302' AND '20240302' AND "time" BETWEEN 1709344800000 AND 1709420400000`},
		{"v1 across a year and a leap day", v1, "2023-12-31T23:00:00Z", "2024-02-29T01:00:00Z", sqlbuild.Scope{},
			`"eventday" BETWEEN '20231231' AND '20240229' AND "time" BETWEEN 1704063600000 AND 1709168400000`},
		{"v1 zero-width range", v1, "2024-03-01T12:00:00Z", "2024-03-01T12:00:00Z", sqlbuild.Scope{},
			`"eventday" BETWEEN '20240301' AND '20240301' AND "time" BETWEEN 1709294400000 AND 1709294400000`},
		{"custom tables are Hive", custom, "2024-03-01T00:00:00Z", "2024-03-01T06:00:00Z", sqlbuild.Scope{},
			`"eventday" BETWEEN '20240301' AND '20240301' AND "time" BETWEEN 1709251200000 AND 1709272800000`},
		{"scope lists, quotes doubled, repeats and empties dropped", v2, "2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z",
			sqlbuild.Scope{Accounts: []string{"111122223333", "", "4444'5555", "111122223333"}, Regions: []string{"us-east-1", "eu-west-1"}},
			`"time_dt" BETWEEN TIMESTAMP '2024-03-01 00:00:00.000' AND TIMESTAMP '2024-03-01 00:00:00.000' AND "accountid" IN ('111122223333', '4444''5555') AND "region" IN ('us-east-1', 'eu-west-1')`},
		{"scope v1", v1, "2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z", sqlbuild.Scope{Regions: []string{"us-west-2"}},
			`"eventday" BETWEEN '20240301' AND '20240301' AND "time" BETWEEN 1709251200000 AND 1709251200000 AND "region" IN ('us-west-2')`},
	}
	for _, tt := range tests {
		r := sqlbuild.TimeRange{From: utc(tt.from), To: utc(tt.to)}
		if got := sqlbuild.PartitionPredicate(tt.table, r, tt.scope); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestScopePredicatesEmpty(t *testing.T) {
	if got := sqlbuild.ScopePredicates(sqlbuild.Scope{Accounts: []string{"", ""}}); got != nil {
		t.Errorf("got %q, want nothing", got)
	}
}

func TestEpochMillis(t *testing.T) {
	if got := sqlbuild.EpochMillis(utc("2024-03-01T00:00:00.123+01:00")); got != "1709247600123" {
		t.Errorf("got %s", got)
	}
}
