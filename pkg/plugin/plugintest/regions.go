package plugintest

import (
	"testing"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// FixtureRegions are the lake Regions of the multi-Region fixture; the
// first is FixtureRegion, the Default Region.
var FixtureRegions = []string{FixtureRegion, "eu-west-1", "ap-southeast-2"}

// NewRegionServers starts one Athena emulator per Region, as AWS has one
// Athena per Region: each holds only its own Region's Security Lake
// database (AddLakeCatalog) and a "primary" workgroup whose result bucket
// is in that Region.
func NewRegionServers(t testing.TB, regions ...string) map[string]*athenaemu.CannedServer {
	t.Helper()
	out := make(map[string]*athenaemu.CannedServer, len(regions))
	for _, r := range regions {
		srv := athenaemu.NewServer()
		t.Cleanup(srv.Close)
		AddLakeCatalog(srv, r, "s3://fixture-results-"+r+"/grafana/")
		out[r] = srv
	}
	return out
}

// RegionJSONData is the jsonData of a datasource over the lake Regions
// regions (the first is the Default Region), each reached at its own
// server through regionEndpoints, plus extra.
func RegionJSONData(servers map[string]*athenaemu.CannedServer, regions []string, extra map[string]any) map[string]any {
	endpoints := map[string]string{}
	for r, srv := range servers {
		endpoints[r] = srv.URL()
	}
	m := map[string]any{"authType": "keys", "defaultRegion": regions[0], "lakeRegions": regions, "regionEndpoints": endpoints}
	for k, v := range extra {
		m[k] = v
	}
	return m
}
