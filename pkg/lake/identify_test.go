package lake

import (
	"strings"
	"testing"
)

// v2Columns are the columns that make a table version 2 (Iceberg).
var v2Columns = []ColumnMeta{{"time", "bigint"}, {"time_dt", "timestamp"}, {"class_uid", "int"}, {"accountid", "string"}, {"region", "string"}, {"asl_version", "string"}}

// v1Columns and v1Partitions make a table version 1 (Hive).
var (
	v1Columns    = []ColumnMeta{{"time", "bigint"}, {"class_uid", "int"}}
	v1Partitions = []ColumnMeta{{"region", "string"}, {"accountid", "string"}, {"eventday", "string"}}
)

func TestIdentifyByName(t *testing.T) {
	tests := []struct {
		name        string
		ok          bool
		source      string
		version     Version
		layout      Layout
		custom      bool
		conv        bool
		nameVersion int
	}{
		{"amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0", true, "cloud_trail_mgmt", V2, Iceberg, false, true, 2},
		{"amazon_security_lake_table_us_east_1_cloud_trail_mgmt_1_0", true, "cloud_trail_mgmt", V1, Hive, false, true, 1},
		{"amazon_security_lake_table_us_gov_west_1_s3_data_1_0", true, "s3_data", V1, Hive, false, true, 1},
		{"amazon_security_lake_table_ap_northeast_3_lambda_execution_2_0", true, "lambda_execution", V2, Iceberg, false, true, 2},
		{"amazon_security_lake_table_us_east_1_route53_2_0", true, "route53", V2, Iceberg, false, true, 2},
		{"amazon_security_lake_table_us_east_1_eks_audit_2_0", true, "eks_audit", V2, Iceberg, false, true, 2},
		{"AMAZON_SECURITY_LAKE_TABLE_US_EAST_1_WAF_2_0", true, "waf", V2, Iceberg, false, true, 2},
		// A future version is recognised but not supported.
		{"amazon_security_lake_table_us_east_1_vpc_flow_3_0", true, "vpc_flow", 0, Hive, false, true, 3},
		// Custom sources, with and without the (unconfirmed) version suffix.
		{"amazon_security_lake_table_us_east_1_ext_windows_sysmon", true, "ext_windows_sysmon", 0, Hive, true, true, 0},
		{"amazon_security_lake_table_us_east_1_ext_okta_sso_1_0", true, "ext_okta_sso", 0, Hive, true, true, 1},
		{"amazon_security_lake_table_us_gov_west_1_ext_crowdstrike_2_0", true, "ext_crowdstrike", 0, Hive, true, true, 2},
		{"securitylake_shared_resourcelink_ext_okta_1_0_us_east_1", true, "ext_okta", 0, Hive, true, false, 1},
		{"amazon_security_lake_table_us_east_1_ext_", false, "", 0, "", false, false, 0},
		// Resource links with arbitrary names.
		{"securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1", true, "vpc_flow", V2, Iceberg, false, false, 2},
		{"securitylake_shared_resourcelink_sh_findings_1_0_eu_west_1", true, "sh_findings", V1, Hive, false, false, 1},
		{"link_vpc_flow", true, "vpc_flow", 0, Hive, false, false, 0},
		{"vpc_flow_2_0_to_waf", true, "vpc_flow", V2, Iceberg, false, false, 2},
		{"vpc_flow_to_waf", false, "", 0, "", false, false, 0},
		{"my_link", false, "", 0, "", false, false, 0},
		{"waffle_2_0", false, "", 0, "", false, false, 0},
		// Preview-era (2022) tables are obsolete and not recognised.
		{"amazon_security_lake_table_us_east_1_cloud_trail", false, "", 0, "", false, false, 0},
	}
	for _, tt := range tests {
		id, ok := identify(TableMeta{Name: tt.name})
		if ok != tt.ok {
			t.Errorf("%s: ok = %v, want %v (%+v)", tt.name, ok, tt.ok, id)
			continue
		}
		if !ok {
			continue
		}
		if id.Source != tt.source || id.Version != tt.version || id.Layout != tt.layout || id.Custom != tt.custom || id.Conventional != tt.conv || id.NameVersion != tt.nameVersion {
			t.Errorf("%s: got %+v", tt.name, id)
		}
	}
}

func TestIdentifyByColumns(t *testing.T) {
	tests := []struct {
		desc     string
		meta     TableMeta
		version  Version
		conflict bool
	}{
		{"v2 columns", TableMeta{Name: "link_vpc_flow", Columns: v2Columns}, V2, false},
		{"eventday partition", TableMeta{Name: "link_vpc_flow", Columns: v1Columns, PartitionKeys: v1Partitions}, V1, false},
		{"iceberg parameter", TableMeta{Name: "link_vpc_flow", Parameters: map[string]string{"table_type": "ICEBERG"}}, V2, false},
		{"iceberg parameter, other case", TableMeta{Name: "link_vpc_flow", Parameters: map[string]string{"TABLE_TYPE": "iceberg"}}, V2, false},
		{"only time_dt is not enough", TableMeta{Name: "link_vpc_flow", Columns: []ColumnMeta{{"time_dt", "timestamp"}}}, 0, false},
		{"contradictory columns decide nothing", TableMeta{Name: "link_vpc_flow", Columns: v2Columns, PartitionKeys: v1Partitions}, 0, false},
		{"name and columns agree", TableMeta{Name: "amazon_security_lake_table_us_east_1_vpc_flow_2_0", Columns: v2Columns}, V2, false},
		{"columns win over the name", TableMeta{Name: "amazon_security_lake_table_us_east_1_vpc_flow_1_0", Columns: v2Columns}, V2, true},
		{"upper-case column names", TableMeta{Name: "x_route53", PartitionKeys: []ColumnMeta{{"EventDay", "string"}}}, V1, false},
	}
	for _, tt := range tests {
		id, ok := identify(tt.meta)
		if !ok {
			t.Errorf("%s: not identified", tt.desc)
			continue
		}
		if id.Version != tt.version || (id.Conflict != "") != tt.conflict {
			t.Errorf("%s: got version %d conflict %q", tt.desc, id.Version, id.Conflict)
		}
		if id.Version != 0 && id.Layout != layoutOf(id.Version) {
			t.Errorf("%s: layout %s for version %d", tt.desc, id.Layout, id.Version)
		}
	}
	// Custom sources stay Hive even beside Iceberg tables.
	id, ok := identify(TableMeta{Name: "amazon_security_lake_table_us_east_1_ext_app", Columns: v2Columns, Parameters: map[string]string{"table_type": "ICEBERG"}})
	if !ok || !id.Custom || id.Layout != Hive {
		t.Errorf("custom: %+v", id)
	}
}

func TestCustomSource(t *testing.T) {
	for in, want := range map[string]string{
		"amazon_security_lake_table_us_east_1_ext_windows_sysmon":  "ext_windows_sysmon",
		"amazon_security_lake_table_us_east_1_ext_okta_sso_1_0":    "ext_okta_sso",
		"amazon_security_lake_table_eu_west_2_ext_app_v2_1_0":      "ext_app_v2",
		"amazon_security_lake_table_us_gov_east_1_ext_zscaler_zia": "ext_zscaler_zia",
		"links_ext_tenzir_network_activity":                        "ext_tenzir_network_activity",
		"x_ext_1_0":                                                "ext_1_0",
	} {
		got, _, ok := customSource(strings.ToLower(in))
		if !ok || got != want {
			t.Errorf("customSource(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"amazon_security_lake_table_us_east_1_vpc_flow_2_0", "external_table", "next_ext"} {
		if got, _, ok := customSource(in); ok {
			t.Errorf("customSource(%q) = %q, want not custom", in, got)
		}
	}
}

// FuzzIdentify: name and column inference never panics and stays consistent.
func FuzzIdentify(f *testing.F) {
	for _, seed := range []string{
		"amazon_security_lake_table_us_east_1_vpc_flow_2_0", "amazon_security_lake_table_us_east_1_ext_okta_sso_1_0",
		"securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1", "my_link", "_ext_", "ext__1_0", "vpc_flow_9999999999999999999999_0",
	} {
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, name string, v2 bool) {
		m := TableMeta{Name: name}
		if v2 {
			m.Columns = v2Columns
		}
		id, ok := identify(m)
		if !ok {
			return
		}
		if id.Source == "" || (id.Custom && !strings.HasPrefix(id.Source, "ext_")) {
			t.Fatalf("%q: %+v", name, id)
		}
		if !id.Custom && id.Version != 0 && id.Layout != layoutOf(id.Version) {
			t.Fatalf("%q: layout %s for version %d", name, id.Layout, id.Version)
		}
	})
}
