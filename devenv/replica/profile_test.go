package replica

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

func mustProfile(t *testing.T, name string) Profile {
	t.Helper()
	p, err := LookupProfile(name, DefaultVolume)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestProfileTables(t *testing.T) {
	count := func(p Profile) (n int, dbs []string) {
		for _, c := range p.Lakes {
			ts, err := Tables(c)
			if err != nil {
				t.Fatal(err)
			}
			n += len(ts)
			for _, tb := range ts {
				if !slices.Contains(dbs, tb.Catalog+"."+tb.Database) {
					dbs = append(dbs, tb.Catalog+"."+tb.Database)
				}
			}
		}
		return n, dbs
	}
	cases := []struct {
		name   string
		tables int
		dbs    []string
	}{
		{"full", 30, []string{"awsdatacatalog.amazon_security_lake_glue_db_us_east_1", "awsdatacatalog.amazon_security_lake_glue_db_eu_west_1"}},
		{"minimal", 5, []string{"lake_minimal.amazon_security_lake_glue_db_us_east_1"}},
		{"v1", 6, []string{"lake_v1.amazon_security_lake_glue_db_us_east_1"}},
		{"subscriber", 5, []string{"lake_subscriber.securitylake_subscriber_links"}},
		{"rollup", 5, []string{"lake_rollup.amazon_security_lake_glue_db_us_east_1"}},
		{"regions", 15, []string{"lake_regions_us_east_1.amazon_security_lake_glue_db_us_east_1",
			"lake_regions_eu_west_1.amazon_security_lake_glue_db_eu_west_1", "lake_regions_ap_southeast_2.amazon_security_lake_glue_db_ap_southeast_2"}},
	}
	for _, c := range cases {
		n, dbs := count(mustProfile(t, c.name))
		if n != c.tables || !slices.Equal(dbs, c.dbs) {
			t.Errorf("%s: %d tables in %v, want %d in %v", c.name, n, dbs, c.tables, c.dbs)
		}
	}
	if _, err := LookupProfile("nope", 1); err == nil || !strings.Contains(err.Error(), "minimal") {
		t.Errorf("unknown profile: %v", err)
	}
}

func TestProfileShapes(t *testing.T) {
	minimal := mustProfile(t, "minimal")
	if got, _ := minimal.Sources(); !slices.Equal(got, []string{"cloud_trail_mgmt", "lambda_execution", "route53", "vpc_flow", "waf"}) {
		t.Errorf("minimal sources %v", got)
	}
	v1, _ := Tables(mustProfile(t, "v1").Lakes[0])
	for _, tb := range v1 {
		if tb.Version != lake.V1 || tb.Layout() != lake.Hive || tb.CreateCatalog() != "lake_v1" {
			t.Errorf("v1 profile table %s: version %d layout %v catalog %s", tb.Name, tb.Version, tb.Layout(), tb.CreateCatalog())
		}
	}
	sub, _ := Tables(mustProfile(t, "subscriber").Lakes[0])
	for _, tb := range sub {
		if tb.Database != SubscriberDatabase || tb.Name != SubscriberTables[tb.Source] || tb.CreateCatalog() != "lake_subscriber_iceberg" {
			t.Errorf("subscriber table %s.%s (%s) in %s", tb.Database, tb.Name, tb.Source, tb.CreateCatalog())
		}
	}
	rollup := mustProfile(t, "rollup")
	if eps := rollup.Endpoints(); len(eps) != 1 || eps[0] != (Endpoint{"us-east-1", "lake_rollup"}) {
		t.Errorf("rollup endpoints %v", eps)
	}
	regions := mustProfile(t, "regions").Endpoints()
	want := []Endpoint{{"ap-southeast-2", "lake_regions_ap_southeast_2"}, {"eu-west-1", "lake_regions_eu_west_1"}, {"us-east-1", "lake_regions_us_east_1"}}
	if !slices.Equal(regions, want) {
		t.Errorf("regions endpoints %v, want %v", regions, want)
	}
	if full := mustProfile(t, "full").Endpoints(); len(full) != 2 || full[0].Catalog != CatalogHive || full[1].Catalog != CatalogHive {
		t.Errorf("full endpoints %v", full)
	}
}

// TestRollupTableHoldsEveryRegion: the rollup Region's table carries the
// events of each contributing Region under its own region partition.
func TestRollupTableHoldsEveryRegion(t *testing.T) {
	c := mustProfile(t, "rollup").Lakes[0]
	c.Days = 2
	g, err := NewGenerator(c)
	if err != nil {
		t.Fatal(err)
	}
	tb := g.Tables()[0]
	per := map[string]int{}
	for _, e := range g.TableEvents(tb) {
		per[e["region"].(string)]++
	}
	for _, r := range ProfileRegions {
		if per[r] < c.Volume*len(c.Accounts)*c.Days {
			t.Errorf("region %s: %d events in the rollup table %s", r, per[r], tb.Name)
		}
	}
	if len(per) != len(ProfileRegions) {
		t.Errorf("regions in the rollup table: %v", per)
	}
}

// TestProfileCatalogsAreRendered keeps replica/etc/profile-catalogs (what
// scripts/trino/start.sh renders) equal to the catalogs the profiles use.
func TestProfileCatalogsAreRendered(t *testing.T) {
	f, err := os.Open("../../replica/etc/profile-catalogs")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	listed := []string{CatalogHive}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			listed = append(listed, l)
		}
	}
	if got := Catalogs(); !slices.Equal(got, listed) {
		t.Errorf("profiles use catalogs %v; replica/etc/profile-catalogs lists %v", got, listed)
	}
}

func TestConfigValidateProfileFields(t *testing.T) {
	c := DefaultConfig()
	c.Catalog, c.Rollup, c.Database = "Bad-Name", "ap-south-1", "x"
	c.Sources = []SourceVersion{{"eks_audit", lake.V1}}
	err := c.Validate()
	for _, want := range []string{"catalog", "eks_audit in version 1", "rollup region"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
	c = DefaultConfig()
	c.Database = "links"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "custom database") {
		t.Errorf("a custom database over two regions: %v", err)
	}
}
