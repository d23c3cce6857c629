package settings

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Without a rollup Region, Security Lake keeps each Region's data in that
// Region's own Glue database (amazon_security_lake_glue_db_<region>), and
// Athena reads a Glue database only in its own Region. A datasource over
// several such Regions therefore runs each query once per Region, in that
// Region's Athena, and merges the answers (pkg/plugin/regions.go). With a
// rollup Region, the rollup Region's tables hold the contributing Regions'
// rows too, so one query there with a Region predicate is enough.
//
// Per Region, the Athena endpoint may differ (an interface VPC endpoint is
// regional, and the emulator serves one Region per endpoint), and so must
// the query result location: Athena writes results only to a bucket in the
// Region the query runs in. The workgroup name is the same in every Region
// (workgroups are regional; "primary" exists in each).

// MultiRegion reports whether queries fan out over several Regions: the
// lake lists more than one Region and has no rollup Region.
func (s Settings) MultiRegion() bool {
	return len(s.LakeRegions) > 1 && s.RollupRegion == ""
}

// HomeRegion is the Region whose Athena answers single queries, the health
// check and the editor's lookups: the rollup Region when there is one,
// else the Default Region.
func (s Settings) HomeRegion() string {
	if s.RollupRegion != "" {
		return s.RollupRegion
	}
	return s.Region()
}

// ForRegion returns the settings as they apply to queries in region: that
// Region as AWS Region (so its database and table names), its Athena
// endpoint and its result location. The Default Region keeps the AWS
// section's endpoint and outputLocation unless regionEndpoints or
// regionOutputLocations name it; other Regions use only those maps and
// otherwise the AWS endpoint of the Region and the workgroup's location.
func (s Settings) ForRegion(region string) Settings {
	if region == "" || region == s.Region() {
		if ep, ok := s.RegionEndpoints[s.Region()]; ok {
			s.AWS.Endpoint = ep
		}
		if loc, ok := s.RegionOutputLocations[s.Region()]; ok {
			s.OutputLocation = loc
		}
		return s
	}
	s.AWS.Region = region
	s.AWS.Endpoint = s.RegionEndpoints[region]
	s.OutputLocation = s.RegionOutputLocations[region]
	// s3Endpoint names an endpoint of the Default Region (an S3 VPC
	// endpoint is regional); other Regions read result files from their
	// own Region's S3.
	s.S3Endpoint = ""
	return s
}

// validateRegions checks lakeRegions, rollupRegion, regionEndpoints and
// regionOutputLocations; add collects the problems.
func (s Settings) validateRegions(add func(string, ...any)) {
	seen := map[string]bool{}
	var bad, dup []string
	for _, r := range s.LakeRegions {
		switch {
		case !lake.ValidRegion(r):
			bad = append(bad, fmt.Sprintf("%q", truncate(r, 40)))
		case seen[r]:
			dup = append(dup, r)
		}
		seen[r] = true
	}
	if len(bad) > 0 {
		add("lake Regions: %s %s not AWS Region codes (for example us-east-1)", strings.Join(bad, ", "), isAre(len(bad)))
	}
	if len(dup) > 0 {
		add("lake Regions: %s listed more than once", strings.Join(dup, ", "))
	}
	if len(s.LakeRegions) > 0 && s.Region() != "" && !seen[s.Region()] {
		add("the Default Region %s must be one of the lake Regions (%s): the health check and the editor's lookups run there", s.Region(), strings.Join(s.LakeRegions, ", "))
	}
	if s.RollupRegion != "" {
		switch {
		case !lake.ValidRegion(s.RollupRegion):
			add("the rollup Region %q is not an AWS Region code (for example us-east-1)", truncate(s.RollupRegion, 40))
		case len(s.LakeRegions) == 0:
			add("a rollup Region needs the lake Regions it rolls up (lakeRegions)")
		case !seen[s.RollupRegion]:
			add("the rollup Region %s must be one of the lake Regions (%s)", s.RollupRegion, strings.Join(s.LakeRegions, ", "))
		}
	}
	known := func(r string) bool { return seen[r] || r == s.Region() }
	for _, r := range sortedKeys(s.RegionEndpoints) {
		ep := s.RegionEndpoints[r]
		if !known(r) {
			add("Region endpoints: %q is neither the Default Region nor one of the lake Regions", truncate(r, 40))
		}
		if u, err := url.Parse(ep); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			add("Region endpoints: the endpoint of %s must be a URL such as https://vpce-0123-abcd.athena.%s.vpce.amazonaws.com (got %q)", truncate(r, 40), truncate(r, 40), truncate(ep, 80))
		}
	}
	for _, r := range sortedKeys(s.RegionOutputLocations) {
		if !known(r) {
			add("Region output locations: %q is neither the Default Region nor one of the lake Regions", truncate(r, 40))
		}
		if loc := s.RegionOutputLocations[r]; !strings.HasPrefix(loc, "s3://") {
			add("Region output locations: the location of %s must be an S3 URI in that Region such as s3://my-athena-results-%s/grafana/ (got %q)", truncate(r, 40), truncate(r, 40), truncate(loc, 80))
		}
	}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// InLake reports whether region is one of the lake Regions.
func (s Settings) InLake(region string) bool { return slices.Contains(s.LakeRegions, region) }
