package macros

import (
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// adhocContext is the fixture context with the catalog as field sets and
// the given ad hoc filters.
func adhocContext(filters ...models.Filter) Context {
	ctx := fixtureContext()
	ctx.AdhocFilters = filters
	ctx.Fields = func(t lake.Table) (sqlbuild.FieldSet, error) {
		return ocsf.Default().Schema(t.Version, t.Source)
	}
	return ctx
}

func TestAdhocFilters(t *testing.T) {
	user := models.Filter{Field: "actor.user.uid", Op: models.OpEq, Value: "o'brien"}
	port := models.Filter{Field: "dst_endpoint.port", Op: models.OpIn, Values: []models.Value{"22", "3389"}}
	tests := []struct {
		name    string
		sql     string
		ctx     Context
		want    string // in the expanded SQL
		notices []string
		wantErr string
	}{
		{name: "no filters is 1=1", sql: "SELECT 1 FROM $__table(cloud_trail_mgmt) WHERE $__partitionFilter AND $__adhocFilters(cloud_trail_mgmt)",
			ctx: adhocContext(), want: "AND 1=1"},
		{name: "typed predicate", sql: "SELECT 1 FROM $__table(cloud_trail_mgmt) WHERE $__partitionFilter AND $__adhocFilters(cloud_trail_mgmt)",
			ctx: adhocContext(user), want: `AND "actor"."user"."uid" = 'o''brien'`},
		{name: "field the source lacks", sql: "SELECT 1 FROM $__table(cloud_trail_mgmt) WHERE $__partitionFilter AND $__adhocFilters(cloud_trail_mgmt)",
			ctx: adhocContext(user, port), want: `AND "actor"."user"."uid" = 'o''brien'`, notices: []string{"filter on dst_endpoint.port not applied: source cloud_trail_mgmt has no such field"}},
		{name: "v1 table, integers", sql: "SELECT 1 FROM $__table(vpc_flow@1) WHERE $__partitionFilter AND $__adhocFilters(vpc_flow@1)",
			ctx: adhocContext(port), want: `AND "dst_endpoint"."port" IN (22, 3389)`},
		{name: "not used", sql: "SELECT 1 FROM $__table(vpc_flow) WHERE $__partitionFilter",
			ctx: adhocContext(port), notices: []string{"not applied to this SQL query"}},
		{name: "bad value", sql: "SELECT 1 FROM $__table(vpc_flow) WHERE $__partitionFilter AND $__adhocFilters(vpc_flow)",
			ctx: adhocContext(models.Filter{Field: "dst_endpoint.port", Op: models.OpEq, Value: "22 OR 1=1"}), wantErr: "not a whole number"},
		{name: "not a source", sql: "SELECT 1 WHERE $__adhocFilters(vpc_flow OR 1=1)", ctx: adhocContext(user), wantErr: "not a source name"},
		{name: "unknown source", sql: "SELECT 1 WHERE $__adhocFilters(nope)", ctx: adhocContext(user), wantErr: "unknown source"},
		{name: "no catalog", sql: "SELECT 1 FROM $__table(vpc_flow) WHERE $__partitionFilter AND $__adhocFilters(vpc_flow)",
			ctx: func() Context { c := adhocContext(port); c.Fields = nil; return c }(), wantErr: "field list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Expand(tt.sql, tt.ctx)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(res.SQL, tt.want) {
				t.Fatalf("SQL %s lacks %s", res.SQL, tt.want)
			}
			var texts []string
			for _, n := range res.Notices {
				texts = append(texts, n.Text)
			}
			all := strings.Join(texts, "\n")
			for _, n := range tt.notices {
				if !strings.Contains(all, n) {
					t.Errorf("notices %q lack %q", texts, n)
				}
			}
			if len(tt.notices) == 0 && len(texts) > 0 {
				t.Errorf("unexpected notices %q", texts)
			}
		})
	}
}
