package sqlbuild_test

import (
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// statement writes the SQL of a golden case with the function it names and
// checks the rules that function promises.
func (c goldenCase) statement(t *testing.T, in sqlbuild.Input) (string, error) {
	t.Helper()
	switch c.Statement {
	case "":
		sql, err := sqlbuild.Build(in)
		if err == nil {
			assertInvariants(t, in, sql)
		}
		return sql, err
	case "unpruned":
		sql, err := sqlbuild.BuildWithoutPartitions(in)
		if err == nil {
			assertUnpruned(t, in, sql)
		}
		return sql, err
	case "probe":
		sql := sqlbuild.ProbeSQL(in.Table, in.Range)
		assertInvariants(t, in, sql)
		return sql, nil
	case "freshness":
		sql := sqlbuild.FreshnessSQL(in.Table, in.Range, sqlbuild.Scope{Accounts: in.Query.Accounts, Regions: in.Query.Regions})
		assertOneDayScan(t, in, sql)
		return sql, nil
	case "values":
		if c.Values == nil {
			t.Fatal(`a "values" case needs "values": {"value", "text", "limit"}`)
		}
		sql, err := sqlbuild.DistinctValues(in.Table, in.Range, c.Values.Value, c.Values.Text, c.Values.Limit)
		if err == nil {
			if err := checkInvariants(in, sql, sqlbuild.ValueColumn, sqlbuild.TextColumn); err != nil {
				t.Fatalf("%v in\n%s", err, sql)
			}
		}
		return sql, err
	}
	t.Fatalf("unknown statement %q", c.Statement)
	return "", nil
}

// assertUnpruned checks that BuildWithoutPartitions wrote Build's statement
// with exactly its partition predicate taken out, so that measurements
// compare the same question with and without it.
func assertUnpruned(t *testing.T, in sqlbuild.Input, sql string) {
	t.Helper()
	pruned, err := sqlbuild.Build(in)
	if err != nil {
		t.Fatalf("Build fails where BuildWithoutPartitions does not: %v", err)
	}
	pp := sqlbuild.PartitionPredicate(in.Table, in.Range, sqlbuild.Scope{Accounts: in.Query.Accounts, Regions: in.Query.Regions})
	want := strings.Replace(pruned, "\nWHERE "+pp+"\n  AND ", "\nWHERE ", 1)
	if want == pruned {
		want = strings.Replace(pruned, "\nWHERE "+pp, "", 1)
	}
	if want == pruned {
		t.Fatalf("the built statement has no partition predicate to remove:\n%s", pruned)
	}
	if sql != want {
		t.Fatalf("not Build's statement minus its partition predicate\n--- want\n%s\n--- got\n%s", want, sql)
	}
	if strings.Contains(sql, sqlbuild.TimePredicate(in.Table, in.Range)) {
		t.Fatalf("a partition predicate is left in\n%s", sql)
	}
}

// assertOneDayScan checks that a freshness statement reads the table itself
// only through the partition predicate of the day of the range's end, and
// its metadata table otherwise.
func assertOneDayScan(t *testing.T, in sqlbuild.Input, sql string) {
	t.Helper()
	to := in.Range.To.UTC()
	day := sqlbuild.TimeRange{From: time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC), To: to}
	pp := sqlbuild.PartitionPredicate(in.Table, day, sqlbuild.Scope{Accounts: in.Query.Accounts, Regions: in.Query.Regions})
	table := sqlbuild.Table(in.Table.Catalog, in.Table.Database, in.Table.Name)
	if strings.Count(sql, table+" WHERE "+pp+" ") != 1 {
		t.Fatalf("the table is not read with the one-day predicate %s\n%s", pp, sql)
	}
	if n := strings.Count(sql, table); n != 1 {
		t.Fatalf("the table is read %d times, want once (and its metadata table)\n%s", n, sql)
	}
	if !strings.Contains(sql, sqlbuild.PartitionsSQL(in.Table, in.Range, sqlbuild.Scope{Accounts: in.Query.Accounts, Regions: in.Query.Regions})) {
		t.Fatalf("no partition listing in\n%s", sql)
	}
}
