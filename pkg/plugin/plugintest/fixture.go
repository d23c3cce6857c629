package plugintest

import (
	"testing"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// Fixture values shared by the in-process and the plugin-binary tests.
const (
	FixtureRegion    = "us-east-1"
	FixtureSecretKey = "fixture/secret/never-in-output"
	FixtureAccessKey = "AKIAFIXTUREFIXTURE01" //nolint:gosec // G101: a made-up key the fixture server accepts, no credential
)

// NewLakeServer starts an Athena API test server whose catalog holds a
// Security Lake database for FixtureRegion (AddLakeCatalog).
func NewLakeServer(t testing.TB) *athenaemu.CannedServer {
	t.Helper()
	srv := athenaemu.NewServer()
	t.Cleanup(srv.Close)
	AddLakeCatalog(srv, FixtureRegion, "s3://fixture-results/grafana/")
	return srv
}

// FixtureJSONData is the datasource jsonData pointing at srv.
func FixtureJSONData(srv *athenaemu.CannedServer, extra map[string]any) map[string]any {
	m := map[string]any{"authType": "keys", "defaultRegion": FixtureRegion, "endpoint": srv.URL(), "s3Endpoint": srv.URL()}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// FixtureSecure is the decrypted secure jsonData of the fixture.
func FixtureSecure() map[string]string {
	return map[string]string{"accessKey": FixtureAccessKey, "secretKey": FixtureSecretKey}
}
