package e2e

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/internal/replicatest"
	"github.com/seclake/securitylake-datasource/devenv/replica"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// ProfileStack is the plugin binary and the Athena endpoints of one lake
// profile (replica.LookupProfile): one athena-local per Glue catalog of the
// profile, serving that catalog as AwsDataCatalog. On the regions profile
// each Region has its own endpoint and sees only its own database, as
// Athena and Glue are regional on AWS.
type ProfileStack struct {
	Host    *grafanahost.Host
	Profile replica.Profile
	// Endpoints maps each Region a datasource may name to the athena-local
	// URL serving it — the region→endpoint map a multi-region datasource
	// takes. Regions of one catalog share one endpoint.
	Endpoints map[string]string
	// Servers are the emulators by Region (shared like Endpoints), for
	// faults and the call log.
	Servers map[string]*athenaemu.Server
}

// StartProfile brings up the endpoints of a lake profile and a plugin
// binary of its own. Without the seeded profile the test skips, or fails
// when the tier is required (devenv/internal/replicatest).
func StartProfile(tb testing.TB, name string) *ProfileStack {
	tb.Helper()
	endpoints, servers, p := ServeProfile(tb, name)
	root, err := grafanahost.RepoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	bin := grafanahost.MustBuildPlugin(tb, root, "")
	host := grafanahost.StartTest(tb, bin, grafanahost.WithPluginJSON(filepath.Join(root, "src", "plugin.json")), grafanahost.WithCleanEnv())
	return &ProfileStack{Host: host, Profile: p, Endpoints: endpoints, Servers: servers}
}

// ServeProfile starts only the profile's athena-local endpoints (closed at
// the end of the test), for tests that already have a plugin host.
func ServeProfile(tb testing.TB, name string) (map[string]string, map[string]*athenaemu.Server, replica.Profile) {
	tb.Helper()
	p, err := replica.LookupProfile(name, replica.DefaultVolume)
	if err != nil {
		tb.Fatal(err)
	}
	var trinoURL string
	for _, c := range p.Lakes {
		trinoURL = replicatest.RequireSchema(tb, c.HiveCatalog(), c.Databases()[0])
	}
	endpoints, servers := map[string]string{}, map[string]*athenaemu.Server{}
	type served struct {
		url string
		al  *athenaemu.Server
	}
	byCatalog := map[string]served{}
	for _, ep := range p.Endpoints() {
		sv, ok := byCatalog[ep.Catalog]
		if !ok {
			al, err := athenalocal.New(athenalocal.Options{TrinoURL: trinoURL, WorkGroups: []string{"grafana"},
				Catalogs: map[string]string{athenaemu.DefaultCatalog: ep.Catalog}})
			if err != nil {
				tb.Fatal(err)
			}
			srv := httptest.NewServer(al)
			tb.Cleanup(func() { srv.Close(); al.Close() })
			sv = served{srv.URL, al}
			byCatalog[ep.Catalog] = sv
		}
		endpoints[ep.Region], servers[ep.Region] = sv.url, sv.al
	}
	return endpoints, servers, p
}

// Regions are the profile's Regions with an endpoint, sorted.
func (s *ProfileStack) Regions() []string { return sortedKeys(s.Endpoints) }

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// DS is a datasource on the profile in one Region: its endpoint, that
// Region as the default, plus extra jsonData (database, tables, …).
func (s *ProfileStack) DS(region string, extra map[string]any) grafanahost.DS {
	return ProfileDS(s.Endpoints, s.Profile.Name, region, extra)
}

// ProfileDS is a datasource for a profile's Region given its endpoints.
func ProfileDS(endpoints map[string]string, profile, region string, extra map[string]any) grafanahost.DS {
	js := map[string]any{"authType": "keys", "defaultRegion": region, "endpoint": endpoints[region], "workgroup": "primary"}
	for k, v := range extra {
		js[k] = v
	}
	return grafanahost.DS{UID: fmt.Sprintf("profile-%s-%s-%d", profile, region, dsSeq()), Name: "Security Lake " + profile + " " + region,
		JSONData: js, DecryptedSecureJSONData: map[string]string{"accessKey": "AKIALOCALREPLICA0001", "secretKey": "local/replica/secret"}}
}
