package plugin

import (
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// smallQuery is a one-row builder query on a conventional AWS source.
const smallQuery = `{"source":"cloud_trail_mgmt","format":"table","limit":1}`

// BenchmarkSmallQuery measures one small query end to end (QueryData →
// SQL → Start → status → results → frame) against the canned emulator at
// endpoint latency 0. The emulator answers each call after about 1 ms by
// design, so the floor is ~3 ms for the three calls a query needs. "warm"
// reuses one datasource instance; "cold-…" is the first query of a new one.
func BenchmarkSmallQuery(b *testing.B) {
	srv := plugintest.NewLakeServer(b)
	srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
	newDS := func(extra map[string]any) *Datasource {
		raw, err := json.Marshal(plugintest.FixtureJSONData(srv, extra))
		if err != nil {
			b.Fatal(err)
		}
		settings := backend.DataSourceInstanceSettings{UID: "bench", JSONData: raw, DecryptedSecureJSONData: plugintest.FixtureSecure()}
		inst, err := NewDatasource(b.Context(), settings)
		if err != nil {
			b.Fatal(err)
		}
		return inst.(*Datasource)
	}
	query := func(ds *Datasource) {
		resp, err := ds.QueryData(b.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{dataQuery("A", smallQuery)}})
		if err != nil {
			b.Fatal(err)
		}
		if r := resp.Responses["A"]; r.Error != nil {
			b.Fatal(r.Error)
		}
	}
	b.Run("warm", func(b *testing.B) {
		ds := newDS(nil)
		defer ds.Dispose()
		query(ds)
		b.ResetTimer()
		for b.Loop() {
			query(ds)
		}
	})
	// Lake version auto (the default) with no version in the query: only
	// discovery knows the version, so a cold query waits for it.
	cold := func(extra map[string]any) func(*testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				ds := newDS(extra)
				query(ds)
				b.StopTimer()
				ds.Dispose()
				b.StartTimer()
			}
		}
	}
	b.Run("cold-auto", cold(nil))
	// Lake version 2 configured: the conventional name settles the source.
	b.Run("cold-v2", cold(map[string]any{"lakeVersion": "2"}))
}
