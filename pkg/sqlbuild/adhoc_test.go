package sqlbuild_test

import (
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

func TestAdhocPredicate(t *testing.T) {
	src, _ := lake.LookupSource("cloud_trail_mgmt")
	table := lake.AWSTable("AwsDataCatalog", "us-east-1", src, lake.V2)
	schema, err := ocsf.Default().Schema(lake.V2, "cloud_trail_mgmt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		filters []models.Filter
		want    string
		skipped int
		wantErr string
	}{
		{name: "none", want: "1=1"},
		{name: "one", filters: []models.Filter{{Field: "actor.user.uid", Op: models.OpEq, Value: "a'b"}},
			want: `"actor"."user"."uid" = 'a''b'`},
		{name: "typed and captions", filters: []models.Filter{
			{Field: "severity_id", Op: models.OpEq, Value: "High"},
			{Field: "api.operation", Op: models.OpNotRegex, Value: "^Get"},
			{Field: "time", Op: models.OpGt, Value: "1709251200000"},
		}, want: `("severity_id" = 4 AND NOT regexp_like("api"."operation", '^Get') AND "time" > 1709251200000)`},
		{name: "missing field skipped", filters: []models.Filter{
			{Field: "traffic.bytes", Op: models.OpGt, Value: "1"},
			{Field: "status", Op: models.OpEq, Value: "Failure"},
		}, want: `"status" = 'Failure'`, skipped: 1},
		{name: "only missing fields", filters: []models.Filter{{Field: "dst_endpoint.port", Op: models.OpEq, Value: "22"}},
			want: "1=1", skipped: 1},
		{name: "value typed by the catalog", filters: []models.Filter{{Field: "time", Op: models.OpLt, Value: "1; DROP TABLE x"}},
			wantErr: "not a whole number"},
		{name: "unknown operator", filters: []models.Filter{{Field: "status", Op: "~~", Value: "x"}},
			wantErr: "unknown operator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, skipped, err := sqlbuild.AdhocPredicate(table, schema, tt.filters)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || len(skipped) != tt.skipped {
				t.Fatalf("got %s, skipped %q; want %s, %d skipped", got, skipped, tt.want, tt.skipped)
			}
		})
	}
}

func TestSkippedAdhocNamesFieldAndSource(t *testing.T) {
	schema, _ := ocsf.Default().Schema(lake.V2, "vpc_flow")
	got := sqlbuild.SkippedAdhoc(schema, "vpc_flow", []models.Filter{
		{Field: "actor.user.uid", Op: models.OpEq, Value: "x"},
		{Field: "src_endpoint.ip", Op: models.OpEq, Value: "10.0.0.1"},
	})
	if len(got) != 1 || !strings.Contains(got[0], "actor.user.uid") || !strings.Contains(got[0], "vpc_flow") {
		t.Fatalf("skipped = %q", got)
	}
}
