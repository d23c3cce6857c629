// Package e2e drives the whole product on the local Security Lake replica:
// the built plugin binary, started like Grafana starts it (pkg/grafanahost),
// configured with an endpoint pointing at the Athena emulator on its Trino
// engine (athena-local: internal/athenaemu and devenv/athenalocal),
// which runs the SQL on Trino 476 holding Security Lake-shaped tables filled
// by pkg/replica. Start the replica with scripts/replica-up.sh and export
// SECLAKE_TRINO_URL; scripts/test.sh does both.
package e2e

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/internal/replicatest"
	"github.com/seclake/securitylake-datasource/devenv/replica"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// Stack is a running plugin binary and athena-local over the replica.
type Stack struct {
	Host    *grafanahost.Host
	Athena  *athenaemu.Server
	URL     string // athena-local's endpoint
	Replica replica.Config
	Planted []replica.Planted
}

// TrinoURL returns the seeded replica's Trino URL; without one the test
// skips, or fails when the tier is required (the shared rule of
// devenv/internal/replicatest).
func TrinoURL(tb testing.TB) string {
	tb.Helper()
	return replicatest.Require(tb)
}

// Start brings up athena-local on a loopback port and the plugin binary.
func Start(tb testing.TB) *Stack {
	tb.Helper()
	trinoURL := TrinoURL(tb)
	al, err := athenalocal.New(athenalocal.Options{TrinoURL: trinoURL, WorkGroups: []string{"grafana"}})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(al)
	tb.Cleanup(func() { srv.Close(); al.Close() })
	root, err := grafanahost.RepoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	bin := grafanahost.MustBuildPlugin(tb, root, "")
	host := grafanahost.StartTest(tb, bin, grafanahost.WithPluginJSON(filepath.Join(root, "src", "plugin.json")), grafanahost.WithCleanEnv())
	cfg := replica.DefaultConfig()
	return &Stack{Host: host, Athena: al, URL: srv.URL, Replica: cfg, Planted: replica.PlantedSituations(cfg)}
}

// DS is a datasource on the replica for a Region, optionally with a pinned
// lake version ("" = auto) and extra jsonData.
func (s *Stack) DS(region, lakeVersion string, extra map[string]any) grafanahost.DS {
	js := map[string]any{"authType": "keys", "defaultRegion": region, "endpoint": s.URL, "s3Endpoint": s.URL, "workgroup": "primary"}
	if lakeVersion != "" {
		js["lakeVersion"] = lakeVersion
	}
	for k, v := range extra {
		js[k] = v
	}
	return grafanahost.DS{UID: fmt.Sprintf("lake-%s-%s-%d", region, lakeVersion, dsSeq()), Name: "Security Lake " + region,
		JSONData: js, DecryptedSecureJSONData: map[string]string{"accessKey": "AKIALOCALREPLICA0001", "secretKey": "local/replica/secret"}}
}

var (
	seqMu sync.Mutex
	seq   int
)

// dsSeq keeps datasource UIDs unique so each DS gets a fresh instance.
func dsSeq() int {
	seqMu.Lock()
	defer seqMu.Unlock()
	seq++
	return seq
}

// Range returns the replica's whole data range.
func (s *Stack) Range() (time.Time, time.Time) {
	last := s.Replica.AnchorDay()
	return last.AddDate(0, 0, 1-s.Replica.Days), last.Add(24*time.Hour - time.Millisecond)
}
