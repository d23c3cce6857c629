package plugin

import (
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// newTestDatasource builds an in-process instance against srv.
func newTestDatasource(t testing.TB, srv *athenaemu.CannedServer, extra map[string]any) *Datasource {
	t.Helper()
	raw, err := json.Marshal(plugintest.FixtureJSONData(srv, extra))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := NewDatasource(t.Context(), backend.DataSourceInstanceSettings{UID: "fixture", JSONData: raw, DecryptedSecureJSONData: plugintest.FixtureSecure()})
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*Datasource)
	// Before the server's Close (cleanups run last-in first-out): a
	// background discovery must not outlive the test.
	t.Cleanup(ds.Dispose)
	return ds
}
