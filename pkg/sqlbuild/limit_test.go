package sqlbuild_test

import (
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// TestLimitAsksOneRowMore: at the row cap the SQL asks for one row more, so
// the executor (whose RowLimit is the same cap) can tell a cut result from
// one of exactly RowLimit rows; a user limit below the cap is kept as is.
func TestLimitAsksOneRowMore(t *testing.T) {
	base := catalogInputs(t)[0] // RowLimit 5000
	cases := []struct {
		format models.Format
		limit  int
		want   string // "" = no LIMIT
	}{
		{models.FormatTable, 0, "LIMIT 5001"},
		{models.FormatLogs, 0, "LIMIT 5001"},
		{models.FormatTable, 100, "LIMIT 100"},
		{models.FormatTable, 4999, "LIMIT 4999"},
		{models.FormatTable, 5000, "LIMIT 5001"},
		{models.FormatLogs, 90000, "LIMIT 5001"},
		{models.FormatTimeSeries, 0, ""},
		{models.FormatTimeSeries, 20, "LIMIT 20"},
	}
	for _, c := range cases {
		in := base
		in.Query.Format, in.Query.Limit = c.format, c.limit
		if c.format == models.FormatTable && c.limit == 100 {
			in.Query.GroupBy = []string{"region"}
		}
		sql, err := sqlbuild.Build(in)
		if err != nil {
			t.Fatal(err)
		}
		last := sql[strings.LastIndex(sql, "\n")+1:]
		got := ""
		if strings.HasPrefix(last, "LIMIT") {
			got = last
		}
		if got != c.want {
			t.Errorf("%s limit %d: got %q, want %q", c.format, c.limit, got, c.want)
		}
	}
}
