package grafanahost_test

import (
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

// BenchmarkQueryDataRoundTrip measures one QueryData call through the real
// plugin process: request build, gRPC over the go-plugin socket, the SDK's
// middleware chain in the plugin, Arrow encoding and decoding here. Plugin
// start-up is excluded.
func BenchmarkQueryDataRoundTrip(b *testing.B) {
	h := startTestPlugin(b, grafanahost.WithLogLevel("info"))
	ds := grafanahost.DS{UID: "bench", JSONData: map[string]any{"region": "us-east-1"}}
	q := grafanahost.Query{RefID: "A", JSON: map[string]any{"rawSql": "SELECT 1"},
		From: time.Unix(1_700_000_000, 0), To: time.Unix(1_700_003_600, 0)}
	ctx := b.Context()
	for b.Loop() {
		out, err := h.QueryData(ctx, ds, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(out["A"].Frames) != 1 {
			b.Fatalf("unexpected response %+v", out)
		}
	}
}
