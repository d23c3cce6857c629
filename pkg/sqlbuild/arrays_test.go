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

// TestArrays checks the array features piece by piece: the SQL fragment a
// query must contain, or the error it must give (never a panic).
func TestArrays(t *testing.T) {
	findings := models.Query{Source: "sh_findings", Format: models.FormatTable}
	cases := []struct {
		name    string
		version lake.Version
		edit    func(q *models.Query)
		want    string // a fragment of the SQL, or of the error when err is set
		err     bool
	}{
		{"deeper filter under unnest zips the inner array", lake.V2, func(q *models.Query) {
			q.Unnest = "vulnerabilities"
			q.GroupBy = []string{"vulnerabilities[].cve.uid"}
			q.Filters = []models.Filter{{Field: "vulnerabilities[].cve.cvss[].base_score", Op: models.OpGt, Value: "7"}}
		}, `any_match("u"."vulnerabilities[].cve.cvss", e2 -> e2."base_score" > 7E+00)`, false},
		{"any with several values on an unnested element is IN", lake.V2, func(q *models.Query) {
			q.Unnest = "resources"
			q.Filters = []models.Filter{{Field: "resources[].type", Op: models.OpAnyMatch, Values: []models.Value{"a", "b"}}}
		}, `"u"."resources[].type" IN ('a', 'b')`, false},
		{"a filter on another array than the unnested one stays any_match", lake.V2, func(q *models.Query) {
			q.Unnest = "vulnerabilities"
			q.Fields = []string{"vulnerabilities[].cve.uid"}
			q.Filters = []models.Filter{{Field: "resources[].type", Op: models.OpStartsWith, Value: "AwsEc2"}}
		}, `any_match("resources", e -> starts_with(e."type", 'AwsEc2'))`, false},
		{"empty on an array inside the unnested elements", lake.V2, func(q *models.Query) {
			q.Unnest = "vulnerabilities"
			q.Filters = []models.Filter{{Field: "vulnerabilities[].cve.references", Op: models.OpNotEmpty}}
		}, `"u"."size(vulnerabilities[].cve.references)" > 0`, false},
		{"pick where with several any values", lake.V2, func(q *models.Query) {
			q.Picks = []models.Pick{{Field: "resources[].uid", Alias: "r", Where: &models.Filter{Field: "resources[].type", Op: models.OpAnyMatch, Values: []models.Value{"x", "y"}}}}
		}, `element_at(transform(filter("resources", e -> e."type" IN ('x', 'y')), e -> e."uid"), 1) AS "r"`, false},
		{"v1 cvss is a row: the score is one value per vulnerability", lake.V1, func(q *models.Query) {
			q.Unnest = "vulnerabilities"
			q.Aggregations = []models.Aggregation{{Func: models.AggAvg, Field: "vulnerabilities[].cve.cvss.base_score"}}
		}, `transform("vulnerabilities", e -> e."cve"."cvss"."base_score")`, false},
		{"group by an element without unnest", lake.V2, func(q *models.Query) {
			q.GroupBy = []string{"resources[].uid"}
		}, "choose resources in one row per element (unnest)", true},
		{"unnest of a row", lake.V2, func(q *models.Query) { q.Unnest = "finding_info" }, "it is not an array (it is row)", true},
		{"an element whose value is nested", lake.V2, func(q *models.Query) {
			q.Unnest = "vulnerabilities"
			q.Fields = []string{"vulnerabilities[].affected_packages"}
		}, "vulnerabilities[].affected_packages is nested", true},
		{"two picks with one name", lake.V2, func(q *models.Query) {
			q.Picks = []models.Pick{{Field: "resources[].uid", Alias: "r"}, {Field: "resources[].type", Alias: "r"}}
		}, `two element columns are named "r"`, true},
		{"a pick named like a field", lake.V2, func(q *models.Query) {
			q.Picks = []models.Pick{{Field: "resources[].uid", Alias: "severity"}}
		}, "has the name of a field", true},
		{"a pick of a nested element", lake.V2, func(q *models.Query) {
			q.Picks = []models.Pick{{Field: "vulnerabilities[].cve.cvss", Alias: "c"}}
		}, "is nested", true},
		{"a pick of a non-element", lake.V2, func(q *models.Query) {
			q.Picks = []models.Pick{{Field: "severity", Alias: "c"}}
		}, "is not an array element field", true},
		{"empty on a scalar", lake.V2, func(q *models.Query) {
			q.Filters = []models.Filter{{Field: "severity", Op: models.OpEmpty}}
		}, `"severity" is not an array field`, true},
	}
	src, _ := lake.LookupSource("sh_findings")
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			schema, err := ocsf.Default().Schema(c.version, "sh_findings")
			if err != nil {
				t.Fatal(err)
			}
			q := findings
			c.edit(&q)
			sql, err := sqlbuild.Build(sqlbuild.Input{Query: q, Table: lake.AWSTable("AwsDataCatalog", "us-east-1", src, c.version),
				Fields: schema, Range: sqlbuild.TimeRange{From: from, To: from.Add(time.Hour)}})
			switch {
			case c.err && err == nil:
				t.Fatalf("built, want an error with %q:\n%s", c.want, sql)
			case c.err && !strings.Contains(err.Error(), c.want):
				t.Fatalf("error %q, want %q", err, c.want)
			case !c.err && err != nil:
				t.Fatalf("error %v", err)
			case !c.err && !strings.Contains(sql, c.want):
				t.Fatalf("SQL lacks %s:\n%s", c.want, sql)
			}
		})
	}
}
