package sqlbuild_test

import (
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

func TestShapeSQLEndsACommentedStatement(t *testing.T) {
	got := sqlbuild.ShapeSQL("SELECT * FROM t -- newest first")
	want := "SELECT * FROM (\nSELECT * FROM t -- newest first\n) LIMIT 0"
	if got != want {
		t.Errorf("ShapeSQL = %q, want %q", got, want)
	}
}

func TestNestedAsJSON(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cols  []sqlbuild.OutputColumn
		order []sqlbuild.OuterKey
		want  string
	}{
		{
			name:  "nested cast, names kept, order applied again",
			cols:  []sqlbuild.OutputColumn{{Name: "time"}, {Name: "actor", Nested: true}, {Name: "resources", Nested: true}},
			order: []sqlbuild.OuterKey{{Ordinal: 1, Desc: true}, {Ordinal: 3, Nulls: "FIRST"}},
			want: "SELECT \"c1\" AS \"time\", CAST(\"c2\" AS JSON) AS \"actor\", CAST(\"c3\" AS JSON) AS \"resources\"\n" +
				"FROM (\nS\n) AS \"q\" (\"c1\", \"c2\", \"c3\")\nORDER BY 1 DESC, 3 NULLS FIRST",
		},
		{
			name: "unnamed, duplicate and quote-bearing names",
			cols: []sqlbuild.OutputColumn{{Name: "_col0", Nested: true}, {Name: "uid"}, {Name: "uid"}, {Name: `a"b`}, {Name: ""}},
			want: "SELECT CAST(\"c1\" AS JSON) AS \"_col0\", \"c2\" AS \"uid\", \"c3\" AS \"uid\", \"c4\" AS \"a\"\"b\", \"c5\" AS \"_col4\"\n" +
				"FROM (\nS\n) AS \"q\" (\"c1\", \"c2\", \"c3\", \"c4\", \"c5\")",
		},
	} {
		if got := sqlbuild.NestedAsJSON("S", tc.cols, tc.order); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
