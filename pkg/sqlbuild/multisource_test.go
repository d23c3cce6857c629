package sqlbuild_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// awsBranch resolves an AWS source the way the plugin does, in the golden
// case's Region; "name@1" picks a version other than the case's.
func awsBranch(t testing.TB, ref, region string, v lake.Version) sqlbuild.Branch {
	t.Helper()
	name, ver, ok := strings.Cut(ref, "@")
	if ok {
		v = lake.Version(ver[0] - '0')
	}
	src, ok := lake.LookupSource(name)
	if !ok {
		t.Fatalf("unknown source %q", name)
	}
	schema, err := ocsf.Default().Schema(v, name)
	if err != nil {
		t.Fatal(err)
	}
	return sqlbuild.Branch{Table: lake.AWSTable("AwsDataCatalog", region, src, v), Fields: schema}
}

// resolveMore resolves a golden query's further sources and joined source
// (AWS sources, in the case's Region and version).
func resolveMore(t testing.TB, in *sqlbuild.Input, c goldenCase) {
	t.Helper()
	v := lake.Version(c.Table.Version)
	for _, s := range in.Query.Sources {
		in.Union = append(in.Union, awsBranch(t, s, c.Table.Region, v))
	}
	if j := in.Query.Join; j != nil {
		br := awsBranch(t, j.Source, c.Table.Region, v)
		in.Join = &br
	}
}

// otherBranches are the tables of a statement beside in.Table: the union's
// further sources and the joined source.
func otherBranches(in sqlbuild.Input) []sqlbuild.Branch {
	out := append([]sqlbuild.Branch(nil), in.Union...)
	if in.Join != nil {
		out = append(out, *in.Join)
	}
	return out
}

// checkPartitions checks that every table reference of sql (FROM followed
// by a quoted name) is one of in's tables and that its WHERE clause starts
// with that table's partition predicate: the main table, each branch of a
// union and the joined table's subquery alike.
func checkPartitions(in sqlbuild.Input, sql string) error {
	scope := sqlbuild.Scope{Accounts: in.Query.Accounts, Regions: in.Query.Regions}
	want := map[string]string{}
	for _, br := range append([]sqlbuild.Branch{{Table: in.Table, Fields: in.Fields}}, otherBranches(in)...) {
		t := br.Table
		want[sqlbuild.Table(t.Catalog, t.Database, t.Name)] = sqlbuild.PartitionPredicate(t, in.Range, scope)
	}
	refs := 0
	for rest := sql; ; {
		i := strings.Index(rest, "FROM \"")
		if i < 0 {
			break
		}
		rest = rest[i+len("FROM "):]
		name, after, _ := strings.Cut(rest, "\n")
		pp, ok := want[name]
		if !ok {
			return fmt.Errorf("FROM %s is not a table of the query", name)
		}
		if !strings.HasPrefix(after, "WHERE "+pp) {
			return fmt.Errorf("the WHERE clause of %s does not start with its partition predicate", name)
		}
		refs++
	}
	if refs == 0 {
		return fmt.Errorf("WHERE does not start with the partition predicate")
	}
	return nil
}
