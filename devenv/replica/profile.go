package replica

import (
	"fmt"
	"sort"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// A Profile is one shape of lake users have, seeded into its own Trino
// catalogs so that Trino itself answers for what the lake lacks: a query on
// a source the profile does not hold fails with TABLE_NOT_FOUND, a query on
// another Region's database with SCHEMA_NOT_FOUND, as Athena fails them.
// Each Lake is one Glue catalog (a Trino Hive catalog plus its Iceberg
// twin, rendered by scripts/trino/start.sh from replica/etc/catalogs);
// the emulator serves it as AwsDataCatalog.
type Profile struct {
	Name string
	// Summary is one line for the demo and the docs.
	Summary string
	// Lakes are the Glue catalogs of the profile: one, or one per Region
	// when each Region is reached through its own endpoint (regions).
	Lakes []Config
}

// ProfileVolume and ProfileDays size the profiles other than full: enough
// for every panel to have rows over the last week to DefaultAnchor, small
// enough that seeding all of them stays well under two minutes (the cost is
// mostly one file per partition: accounts × days × data Regions per table).
const (
	ProfileVolume = 6
	ProfileDays   = 7
)

// MinimalSources are the five v2 sources of the deployment this project
// started from: CloudTrail management, Lambda execution, Route 53, VPC Flow
// and WAF.
var MinimalSources = []SourceVersion{
	{"cloud_trail_mgmt", lake.V2}, {"lambda_execution", lake.V2}, {"route53", lake.V2},
	{"vpc_flow", lake.V2}, {"waf", lake.V2},
}

// SubscriberDatabase is the resource-link style database of the subscriber
// profile.
const SubscriberDatabase = "securitylake_subscriber_links"

// SubscriberTables are the subscriber profile's table names: three follow
// the resource-link pattern discovery recognises, two are names only a pin
// can map (route53 and waf).
var SubscriberTables = map[string]string{
	"cloud_trail_mgmt": "securitylake_shared_resourcelink_cloud_trail_mgmt_2_0_us_east_1",
	"lambda_execution": "securitylake_shared_resourcelink_lambda_execution_2_0_us_east_1",
	"vpc_flow":         "securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1",
	"route53":          "org_dns_resolver_logs",
	"waf":              "org_web_acl_logs",
}

// ProfileRegions are the three Regions of the rollup and regions profiles;
// the first is the rollup Region.
var ProfileRegions = []string{"us-east-1", "eu-west-1", "ap-southeast-2"}

// small is a profile lake: the default anchor, seed and accounts at
// ProfileVolume and ProfileDays in one catalog.
func small(catalog string, regions []string) Config {
	c := DefaultConfig()
	c.Catalog, c.Volume, c.Days, c.Regions = catalog, ProfileVolume, ProfileDays, append([]string(nil), regions...)
	return c
}

// ProfileNames lists the profiles in the order the docs present them.
var ProfileNames = []string{"full", "minimal", "v1", "subscriber", "rollup", "regions"}

// LookupProfile returns a profile by name. full is DefaultConfig at volume
// (the shared replica's lake, seeded by scripts/replica-up.sh with
// SECLAKE_VOLUME); the others have fixed volumes.
func LookupProfile(name string, volume int) (Profile, error) {
	var p Profile
	switch name {
	case "full":
		c := DefaultConfig()
		c.Volume = volume
		p = Profile{Summary: "8 v2 + 6 v1 sources and the ext custom source in us-east-1 and eu-west-1", Lakes: []Config{c}}
	case "minimal":
		c := small("lake_minimal", []string{"us-east-1"})
		c.Sources, c.NoCustom = MinimalSources, true
		p = Profile{Summary: "five v2 sources only (CloudTrail management, Lambda execution, Route 53, VPC Flow, WAF) in us-east-1", Lakes: []Config{c}}
	case "v1":
		c := small("lake_v1", []string{"us-east-1"})
		c.NoCustom = true
		for _, s := range lake.Sources {
			if s.Has(lake.V1) {
				c.Sources = append(c.Sources, SourceVersion{s.Name, lake.V1})
			}
		}
		p = Profile{Summary: "the six v1 sources only (OCSF 1.0.0-rc.2, Hive tables) in us-east-1", Lakes: []Config{c}}
	case "subscriber":
		c := small("lake_subscriber", []string{"us-east-1"})
		c.Sources, c.NoCustom, c.Database, c.TableNames = MinimalSources, true, SubscriberDatabase, SubscriberTables
		p = Profile{Summary: "a subscriber's resource-link database " + SubscriberDatabase + " with custom table names (five v2 sources)", Lakes: []Config{c}}
	case "rollup":
		c := small("lake_rollup", ProfileRegions)
		c.Sources, c.NoCustom, c.Rollup = MinimalSources, true, ProfileRegions[0]
		p = Profile{Summary: "rollup Region " + ProfileRegions[0] + " holding the five v2 sources of " + strings.Join(ProfileRegions, ", "), Lakes: []Config{c}}
	case "regions":
		for _, r := range ProfileRegions {
			c := small(RegionCatalog(r), []string{r})
			c.Sources, c.NoCustom = MinimalSources, true
			p.Lakes = append(p.Lakes, c)
		}
		p.Summary = "three Regions (" + strings.Join(ProfileRegions, ", ") + "), each its own Glue catalog and database with the five v2 sources, no rollup"
	default:
		return Profile{}, fmt.Errorf("unknown lake profile %q (one of %s)", name, strings.Join(ProfileNames, ", "))
	}
	p.Name = name
	for _, c := range p.Lakes {
		if err := c.Validate(); err != nil {
			return Profile{}, fmt.Errorf("profile %s: %w", name, err)
		}
	}
	return p, nil
}

// RegionCatalog is the Trino catalog of one Region of the regions profile.
func RegionCatalog(region string) string {
	return "lake_regions_" + strings.ReplaceAll(region, "-", "_")
}

// Endpoint is what one emulator endpoint serves: the Region a datasource
// names, and the Trino catalog that answers as AwsDataCatalog there.
type Endpoint struct {
	Region  string
	Catalog string
}

// Endpoints lists, per Region a datasource may name, the catalog serving
// it, sorted by Region: every Region of a lake (full: one catalog for
// both), the rollup Region only for a rollup, and each Region's own
// catalog for regions.
func (p Profile) Endpoints() []Endpoint {
	var out []Endpoint
	for _, c := range p.Lakes {
		homes := c.Regions
		if c.Rollup != "" {
			homes = []string{c.Rollup}
		}
		for _, r := range homes {
			out = append(out, Endpoint{Region: r, Catalog: c.HiveCatalog()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Region < out[j].Region })
	return out
}

// Sources are the distinct sources the profile's tables hold, sorted.
func (p Profile) Sources() ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, c := range p.Lakes {
		ts, err := Tables(c)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if !seen[t.Source] {
				seen[t.Source] = true
				out = append(out, t.Source)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// Catalogs are the Trino Hive catalogs every profile needs (each with its
// _iceberg twin), awsdatacatalog first.
func Catalogs() []string {
	out := []string{CatalogHive}
	for _, n := range ProfileNames {
		p, err := LookupProfile(n, DefaultVolume)
		if err != nil {
			panic(err) // the profiles above are constants
		}
		for _, c := range p.Lakes {
			if c.HiveCatalog() != CatalogHive {
				out = append(out, c.HiveCatalog())
			}
		}
	}
	return out
}
