package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/replica"
	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// lakeView is one datasource's view of a profile that the tests assert:
// what health and discovery report, and which Regions' data its tables hold.
type lakeView struct {
	region string
	extra  map[string]any
	// versions, sources (AWS, "name@version") and custom are what the
	// inventory must list; names pins the table name of a source.
	versions []lake.Version
	sources  []string
	custom   []string
	names    map[string]string
	// unrecognized are listed tables discovery cannot name (pin them).
	unrecognized []string
	// dataRegions are the region partition values of its vpc_flow table:
	// the contributing Regions.
	dataRegions []string
}

func v2(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + "@2"
	}
	return out
}

// fullView is the full lake seen from one of its two Regions (one endpoint
// serves both: they share the awsdatacatalog catalog).
func fullView(region string) lakeView {
	return lakeView{region: region, versions: []lake.Version{lake.V1, lake.V2},
		sources: append(v2("cloud_trail_mgmt", "eks_audit", "lambda_execution", "route53", "s3_data", "sh_findings", "vpc_flow", "waf"),
			"cloud_trail_mgmt@1", "lambda_execution@1", "route53@1", "s3_data@1", "sh_findings@1", "vpc_flow@1"),
		custom: []string{"ext_edr_process"}, dataRegions: []string{region}}
}

var minimalV2 = v2("cloud_trail_mgmt", "lambda_execution", "route53", "vpc_flow", "waf")

// profileViews are the expectations per profile, written from what the
// profile is meant to be (docs/design/trino-replica.md), not read back
// from replica.LookupProfile, so a wrong profile fails here.
var profileViews = map[string][]lakeView{
	// full's second Region is covered by TestHealthAndDiscoveryOnTheReplica.
	"full":    {fullView("us-east-1")},
	"minimal": {{region: "us-east-1", versions: []lake.Version{lake.V2}, sources: minimalV2, dataRegions: []string{"us-east-1"}}},
	"v1": {{region: "us-east-1", versions: []lake.Version{lake.V1},
		sources:     []string{"cloud_trail_mgmt@1", "lambda_execution@1", "route53@1", "s3_data@1", "sh_findings@1", "vpc_flow@1"},
		dataRegions: []string{"us-east-1"}}},
	"subscriber": {
		// Pinned names: every source through the settings database and tables.
		{region: "us-east-1", extra: map[string]any{"database": "securitylake_subscriber_links", "tables": map[string]string{
			"cloud_trail_mgmt": "securitylake_shared_resourcelink_cloud_trail_mgmt_2_0_us_east_1",
			"lambda_execution": "securitylake_shared_resourcelink_lambda_execution_2_0_us_east_1",
			"vpc_flow":         "securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1",
			"route53":          "org_dns_resolver_logs", "waf": "org_web_acl_logs"}},
			versions: []lake.Version{lake.V2}, sources: minimalV2,
			names:       map[string]string{"route53": "org_dns_resolver_logs", "waf": "org_web_acl_logs"},
			dataRegions: []string{"us-east-1"}},
		// Discovery only: resource-link names are recognised, custom names are not.
		{region: "us-east-1", extra: map[string]any{"database": "securitylake_subscriber_links"},
			versions: []lake.Version{lake.V2}, sources: v2("cloud_trail_mgmt", "lambda_execution", "vpc_flow"),
			names:        map[string]string{"vpc_flow": "securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1"},
			unrecognized: []string{"securitylake_subscriber_links.org_dns_resolver_logs", "securitylake_subscriber_links.org_web_acl_logs"},
			dataRegions:  []string{"us-east-1"}},
	},
	"rollup": {{region: "us-east-1", versions: []lake.Version{lake.V2}, sources: minimalV2,
		extra:       map[string]any{"lakeRegions": replica.ProfileRegions, "rollupRegion": "us-east-1"},
		dataRegions: []string{"ap-southeast-2", "eu-west-1", "us-east-1"}}},
	"regions": {
		{region: "ap-southeast-2", versions: []lake.Version{lake.V2}, sources: minimalV2, dataRegions: []string{"ap-southeast-2"}},
		{region: "eu-west-1", versions: []lake.Version{lake.V2}, sources: minimalV2, dataRegions: []string{"eu-west-1"}},
		{region: "us-east-1", versions: []lake.Version{lake.V2}, sources: minimalV2, dataRegions: []string{"us-east-1"}},
	},
}

// TestProfilesHealthAndDiscovery runs Save & test and discovery through the
// plugin binary on every lake profile, each served by its own endpoint(s),
// and reads the contributing Regions from the region partition.
func TestProfilesHealthAndDiscovery(t *testing.T) {
	s := stack(t)
	for _, name := range replica.ProfileNames {
		t.Run(name, func(t *testing.T) {
			endpoints, _, p := ServeProfile(t, name)
			host := s.Host
			if name == "regions" {
				// The exported entry point multi-region tests use: its own plugin process.
				ps := StartProfile(t, name)
				endpoints, p, host = ps.Endpoints, ps.Profile, ps.Host
			}
			views := profileViews[name]
			if name == "full" {
				delete(endpoints, "eu-west-1") // same endpoint as us-east-1
			}
			if got, want := sortedKeys(endpoints), regionsOf(views); !slices.Equal(got, want) {
				t.Fatalf("endpoint Regions %v, want %v", got, want)
			}
			if name == "regions" && (endpoints["us-east-1"] == endpoints["eu-west-1"] || endpoints["eu-west-1"] == endpoints["ap-southeast-2"]) {
				t.Fatalf("each Region needs its own endpoint: %v", endpoints)
			}
			for _, v := range views {
				checkView(t, host, ProfileDS(endpoints, p.Name, v.region, v.extra), v, s)
			}
		})
	}
}

func regionsOf(views []lakeView) []string {
	var out []string
	for _, v := range views {
		if !slices.Contains(out, v.region) {
			out = append(out, v.region)
		}
	}
	sort.Strings(out)
	return out
}

func checkView(t *testing.T, host *grafanahost.Host, ds grafanahost.DS, v lakeView, s *Stack) {
	t.Helper()
	res, err := host.CheckHealth(t.Context(), ds)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != pluginv2.CheckHealthResponse_OK {
		t.Fatalf("%s %v: health %v: %s", v.region, v.extra, res.Status, res.Message)
	}
	want := fmt.Sprintf("%d tables readable", len(v.sources)+len(v.custom))
	if !strings.Contains(res.Message, want) || !strings.Contains(res.Message, "version "+versionWords(v.versions)+",") {
		t.Fatalf("%s: health message %q, want %q and version %s", v.region, res.Message, want, versionWords(v.versions))
	}
	// The Regions whose data the tables hold, read from the region
	// partition; with a rollup Region, named as such.
	regions := "Regions with data: " + strings.Join(v.dataRegions, ", ") + "."
	if r, _ := v.extra["rollupRegion"].(string); r != "" {
		regions = "Rollup Region " + r + ", contributing Regions: " + strings.Join(v.dataRegions, ", ") + "."
	}
	if !strings.Contains(res.Message, regions) {
		t.Errorf("%s %v: health message %q lacks %q", v.region, v.extra, res.Message, regions)
	}
	status, _, body, err := host.CallResource(t.Context(), ds, "GET", "lake", nil)
	if err != nil || status != 200 {
		t.Fatalf("lake route: %d %v %s", status, err, body)
	}
	var inv lake.Inventory
	if err := json.Unmarshal(body, &inv); err != nil {
		t.Fatal(err)
	}
	var got, custom []string
	for _, tb := range inv.Tables {
		got = append(got, fmt.Sprintf("%s@%d", tb.Source, int(tb.Version)))
		if n, ok := v.names[tb.Source]; ok && tb.Name != n {
			t.Errorf("%s: table %s, want the pinned name %s", tb.Source, tb.Name, n)
		}
	}
	for _, tb := range inv.Custom {
		custom = append(custom, tb.Source)
	}
	sort.Strings(got)
	want2 := slices.Sorted(slices.Values(v.sources))
	if !slices.Equal(got, want2) || !slices.Equal(custom, v.custom) || !slices.Equal(inv.Versions, v.versions) {
		t.Fatalf("%s %v: inventory sources %v custom %v versions %v; want %v, %v, %v (warnings %v)",
			v.region, v.extra, got, custom, inv.Versions, want2, v.custom, v.versions, inv.Warnings)
	}
	if !slices.Equal(inv.Unrecognized, v.unrecognized) {
		t.Errorf("unrecognized %v, want %v", inv.Unrecognized, v.unrecognized)
	}
	if regions := distinct(t, host, ds, s, `SELECT DISTINCT "region" FROM $__table(vpc_flow) WHERE $__partitionFilter ORDER BY 1`); !slices.Equal(regions, v.dataRegions) {
		t.Errorf("%s: contributing Regions %v, want %v", v.region, regions, v.dataRegions)
	}
}

func versionWords(vs []lake.Version) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprint(int(v))
	}
	return strings.Join(parts, " and ")
}

// distinct runs a one-column raw SQL query through the plugin over the
// replica's whole range and returns its values.
func distinct(t *testing.T, host *grafanahost.Host, ds grafanahost.DS, s *Stack, sql string) []string {
	t.Helper()
	from, to := s.Range()
	out, err := host.QueryData(t.Context(), ds, grafanahost.Query{RefID: "A", From: from, To: to, JSON: map[string]any{"rawSql": sql, "format": "table"}})
	if err != nil {
		t.Fatal(err)
	}
	r := out["A"]
	if r.Error != "" || len(r.Frames) == 0 || len(r.Frames[0].Fields) == 0 {
		t.Fatalf("%s: error %q, %d frames", sql, r.Error, len(r.Frames))
	}
	f := r.Frames[0].Fields[0]
	vals := make([]string, f.Len())
	for i := range vals {
		v, _ := f.ConcreteAt(i)
		vals[i] = fmt.Sprint(v)
	}
	return vals
}

// TestProfilesFailLikeAthena: what a profile lacks is missing in Trino
// itself, so the query fails the way Athena fails it — a source the lake
// does not hold is TABLE_NOT_FOUND, another Region's database seen from
// one Region's endpoint is SCHEMA_NOT_FOUND, and a datasource pinned to it
// fails Save & test with the database not visible.
func TestProfilesFailLikeAthena(t *testing.T) {
	s := stack(t)
	from, to := s.Range()
	raw := func(t *testing.T, ds grafanahost.DS, sql string) grafanahost.Response {
		t.Helper()
		out, err := s.Host.QueryData(t.Context(), ds, grafanahost.Query{RefID: "A", From: from, To: to, JSON: map[string]any{"rawSql": sql, "format": "table"}})
		if err != nil {
			t.Fatal(err)
		}
		return out["A"]
	}
	eks := `SELECT count(*) FROM "AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_eks_audit_2_0"`
	t.Run("minimal lacks eks_audit", func(t *testing.T) {
		endpoints, _, _ := ServeProfile(t, "minimal")
		r := raw(t, ProfileDS(endpoints, "minimal", "us-east-1", nil), eks)
		if !strings.Contains(r.Error, "TABLE_NOT_FOUND") || !strings.Contains(r.Error, "'awsdatacatalog.amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_eks_audit_2_0' does not exist") {
			t.Fatalf("error %q, want Trino's TABLE_NOT_FOUND naming awsdatacatalog", r.Error)
		}
		// The same SQL reads the full lake, so the profile's catalog is what differs.
		if r := raw(t, s.DS("us-east-1", "", nil), eks); r.Error != "" {
			t.Fatalf("full lake: %s", r.Error)
		}
	})
	t.Run("regions are apart", func(t *testing.T) {
		endpoints, _, _ := ServeProfile(t, "regions")
		ds := ProfileDS(endpoints, "regions", "us-east-1", nil)
		r := raw(t, ds, `SELECT count(*) FROM "AwsDataCatalog"."amazon_security_lake_glue_db_eu_west_1"."amazon_security_lake_table_eu_west_1_vpc_flow_2_0"`)
		if !strings.Contains(r.Error, "SCHEMA_NOT_FOUND") {
			t.Fatalf("error %q, want SCHEMA_NOT_FOUND", r.Error)
		}
		pinned := ProfileDS(endpoints, "regions", "us-east-1", map[string]any{"database": "amazon_security_lake_glue_db_eu_west_1"})
		res, err := s.Host.CheckHealth(t.Context(), pinned)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != pluginv2.CheckHealthResponse_ERROR || !strings.Contains(res.Message, "amazon_security_lake_glue_db_eu_west_1") || !strings.Contains(res.Message, "not visible") {
			t.Fatalf("health %v: %s", res.Status, res.Message)
		}
	})
}
