package lake

import "testing"

func TestNaming(t *testing.T) {
	vpc, _ := LookupSource("vpc_flow")
	r53, _ := LookupSource("route53")
	waf, _ := LookupSource("waf")
	tests := []struct {
		region, db, table string
		src               Source
		v                 Version
	}{
		{"us-east-1", "amazon_security_lake_glue_db_us_east_1", "amazon_security_lake_table_us_east_1_vpc_flow_2_0", vpc, V2},
		{"us-east-1", "amazon_security_lake_glue_db_us_east_1", "amazon_security_lake_table_us_east_1_vpc_flow_1_0", vpc, V1},
		{"us-gov-west-1", "amazon_security_lake_glue_db_us_gov_west_1", "amazon_security_lake_table_us_gov_west_1_route53_1_0", r53, V1},
		{"ap-southeast-2", "amazon_security_lake_glue_db_ap_southeast_2", "amazon_security_lake_table_ap_southeast_2_waf_2_0", waf, V2},
		{"eu-central-2", "amazon_security_lake_glue_db_eu_central_2", "amazon_security_lake_table_eu_central_2_route53_2_0", r53, V2},
	}
	for _, tt := range tests {
		if got := DatabaseName(tt.region); got != tt.db {
			t.Errorf("DatabaseName(%q) = %q, want %q", tt.region, got, tt.db)
		}
		if got := TableName(tt.region, tt.src, tt.v); got != tt.table {
			t.Errorf("TableName(%q, %s, %d) = %q, want %q", tt.region, tt.src.Name, tt.v, got, tt.table)
		}
		at := AWSTable(DefaultCatalog, tt.region, tt.src, tt.v)
		if at.Database != tt.db || at.Name != tt.table || at.Source != tt.src.Name || at.Version != tt.v {
			t.Errorf("AWSTable = %+v", at)
		}
		if want := layoutOf(tt.v); at.Layout != want || at.HasTimeDT() != (tt.v == V2) {
			t.Errorf("AWSTable(%d) layout %s, want %s", tt.v, at.Layout, want)
		}
		// The conventional name must be recognised by discovery as itself.
		id, ok := identify(TableMeta{Name: tt.table})
		if !ok || id.Source != tt.src.Name || id.Version != tt.v || !id.Conventional {
			t.Errorf("identify(%q) = %+v, %v", tt.table, id, ok)
		}
	}
}

func TestValidRegion(t *testing.T) {
	for r, want := range map[string]bool{
		"us-east-1": true, "us-gov-west-1": true, "ap-southeast-2": true, "il-central-1": true,
		"cn-northwest-1": true, "us-isob-east-1": true,
		"": false, "us-east": false, "US-EAST-1": false, "us_east_1": false, "us-east-1a": false,
	} {
		if got := ValidRegion(r); got != want {
			t.Errorf("ValidRegion(%q) = %v, want %v", r, got, want)
		}
	}
}

func TestSources(t *testing.T) {
	if len(Sources) != 8 {
		t.Fatalf("%d sources, want 8", len(Sources))
	}
	for _, s := range Sources {
		if !s.Has(V2) {
			t.Errorf("%s: every source exists in version 2", s.Name)
		}
		if got, ok := LookupSource(s.Name); !ok || got.APIName != s.APIName {
			t.Errorf("LookupSource(%q) = %+v, %v", s.Name, got, ok)
		}
	}
	for _, name := range []string{"eks_audit", "waf"} {
		s, _ := LookupSource(name)
		if s.Has(V1) {
			t.Errorf("%s must be v2 only", name)
		}
	}
	if _, ok := LookupSource("route_53"); ok {
		t.Error("the source is route53, not route_53")
	}
}
