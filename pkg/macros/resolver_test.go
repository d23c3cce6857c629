package macros

import (
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

func TestTableResolver(t *testing.T) {
	r := TableResolver{List: fixtureTables(), Version: lake.V2}
	for _, tc := range []struct {
		source, want, wantErr string
		version               lake.Version // of the resolver; 0 means V2 here
		newest                bool         // resolver version 0: the newest
	}{
		{source: "vpc_flow", want: "amazon_security_lake_table_us_east_1_vpc_flow_2_0"},
		{source: " VPC_FLOW ", want: "amazon_security_lake_table_us_east_1_vpc_flow_2_0"},
		{source: "vpc_flow@1", want: "amazon_security_lake_table_us_east_1_vpc_flow_1_0"},
		{source: "vpc_flow@1.0", want: "amazon_security_lake_table_us_east_1_vpc_flow_1_0"},
		{source: "vpc_flow_1_0", want: "amazon_security_lake_table_us_east_1_vpc_flow_1_0"},
		{source: "vpc_flow_2_0", want: "amazon_security_lake_table_us_east_1_vpc_flow_2_0"},
		{source: "amazon_security_lake_table_us_east_1_route53_1_0", want: "amazon_security_lake_table_us_east_1_route53_1_0"},
		{source: "ext_edr_process", want: "amazon_security_lake_table_us_east_1_ext_edr_process"},
		{source: "ext_edr_process", version: lake.V1, want: "amazon_security_lake_table_us_east_1_ext_edr_process"},
		{source: "vpc_flow", version: lake.V1, want: "amazon_security_lake_table_us_east_1_vpc_flow_1_0"},
		{source: "vpc_flow", newest: true, want: "amazon_security_lake_table_us_east_1_vpc_flow_2_0"},
		{source: "vpc_flow@3", wantErr: `unknown source "vpc_flow@3"`},
		{source: "vpc_flow@x", wantErr: "the version after @ must be a number"},
		{source: "vpc_flow_3_0", wantErr: "unknown source"},
		{source: "waf", wantErr: "known sources: cloud_trail_mgmt (v1, v2), ext_edr_process (v2), route53 (v1, v2), vpc_flow (v1, v2), vpc_flow_link (v2)"},
	} {
		rr := r
		switch {
		case tc.newest:
			rr.Version = 0
		case tc.version != 0:
			rr.Version = tc.version
		}
		got, err := rr.Table(tc.source)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Table(%q) error = %v, want %q", tc.source, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("Table(%q): %v", tc.source, err)
		case got.Name != tc.want:
			t.Errorf("Table(%q) = %s, want %s", tc.source, got.Name, tc.want)
		}
	}
	if _, err := (TableResolver{}).Table("vpc_flow"); err == nil || !strings.Contains(err.Error(), "known sources: none") {
		t.Errorf("empty resolver: %v", err)
	}
}
