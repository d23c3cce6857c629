package sqlbuild_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
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
		if strings.HasPrefix(after, "CROSS JOIN UNNEST(") {
			// One row per array element (arrays.go): the unnest line sits
			// between the table and its WHERE.
			_, after, _ = strings.Cut(after, "\n")
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

// TestPropertyUnionsAndJoins builds random queries over two or three
// sources of one version, some with a join on a random other source, and
// checks the invariants of every statement that builds: user text only in
// literals, identifiers from the tables' field sets, and every table
// reference (each union branch, each join subquery) led by its own
// partition predicate.
func TestPropertyUnionsAndJoins(t *testing.T) {
	r := rand.New(rand.NewPCG(20261204, 9))
	inputs := catalogInputs(t)
	// More runs than the single-source test: the random queries also carry
	// array features, which unions refuse.
	const runs = 2400
	built, unions, joins := 0, 0, 0
	for n := range runs {
		in := inputs[r.IntN(len(inputs))]
		randomQuery(r, &in, n)
		// Unions and joins read no arrays (union.go refuses nested and
		// element fields): random unnests and picks would only fail.
		in.Query.Unnest, in.Query.Picks = "", nil
		var same []sqlbuild.Input
		for _, o := range inputs {
			if o.Table.Version == in.Table.Version && o.Table.Name != in.Table.Name {
				same = append(same, o)
			}
		}
		for k := r.IntN(3); k > 0; k-- {
			o := same[r.IntN(len(same))]
			if slices.Contains(in.Query.Sources, o.Table.Source) {
				continue
			}
			in.Query.Sources = append(in.Query.Sources, o.Table.Source)
			in.Union = append(in.Union, sqlbuild.Branch{Table: o.Table, Fields: o.Fields})
		}
		if r.IntN(3) == 0 {
			o := same[r.IntN(len(same))]
			kind := []models.JoinKind{"", models.JoinSemi, models.JoinAnti, models.JoinInner, models.JoinLeft}[r.IntN(5)]
			j := &models.Join{Kind: kind, Field: "src_endpoint.ip", Source: o.Table.Source}
			if r.IntN(2) == 0 {
				j.Filters = []models.Filter{{Field: "src_endpoint.ip", Op: models.OpNeq,
					Value: models.Value("10.0.0." + hostileValues[r.IntN(len(hostileValues))])}}
			}
			in.Query.Join, in.Join = j, &sqlbuild.Branch{Table: o.Table, Fields: o.Fields}
			if j.TwoSided() {
				// The join field must be a column of a table result.
				in.Query.Format, in.Query.GroupBy, in.Query.OrderBy = models.FormatTable, []string{"src_endpoint.ip"}, nil
				in.Query.Sources, in.Union = nil, nil
			}
		}
		sql, err := sqlbuild.Build(in)
		if err != nil {
			continue
		}
		built++
		if len(in.Union) > 0 {
			unions++
		}
		if in.Join != nil {
			joins++
		}
		if err := checkInvariants(in, sql); err != nil {
			t.Fatalf("run %d: %v\nquery %+v\n%s", n, err, in.Query, sql)
		}
		if want := 1 + len(in.Union); strings.Count(sql, "\nUNION ALL\n") != want-1 {
			t.Fatalf("run %d: %d branches wanted in\n%s", n, want, sql)
		}
	}
	if unions < runs/40 || joins < runs/40 {
		t.Errorf("the generator is idle: %d built, %d unions, %d joins of %d", built, unions, joins, runs)
	}
	t.Logf("%d of %d random queries built (%d unions, %d joins)", built, runs, unions, joins)
}

// joinIdents are the identifiers a two-sided join adds: the side aliases,
// the other side's aggregation aliases and its output names
// "<source>.<name>".
func joinIdents(in sqlbuild.Input) []string {
	j := in.Query.Join
	if !j.TwoSided() || in.Join == nil {
		return nil
	}
	names := []string{"count"}
	for _, a := range j.Aggregations {
		name := a.Alias
		if name == "" {
			name = string(a.Func) + "_" + a.Field
		}
		names = append(names, name)
	}
	out := []string{"l", "r"}
	for _, n := range names {
		out = append(out, n, in.Join.Table.Source+"."+n)
	}
	return out
}
