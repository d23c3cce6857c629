package plugin

import (
	"testing"
	"time"

	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

// reuseRequested reports whether each StartQueryExecution asked for
// result reuse.
func reuseRequested(srv *athenaemu.CannedServer) []bool {
	var out []bool
	for _, c := range srv.CallsTo("StartQueryExecution") {
		in, _ := c.Input.(*athenasdk.StartQueryExecutionInput)
		out = append(out, in != nil && in.ResultReuseConfiguration != nil && in.ResultReuseConfiguration.ResultReuseByAgeConfiguration.Enabled)
	}
	return out
}

// TestResultReuseOnByDefaultWhereTheWorkgroupAllows: without
// resultReuseEnabled, reuse is requested once one GetWorkGroup (after the
// first request, in the background) showed engine version 3; never on an
// older engine, never when turned off, always when turned on.
func TestResultReuseOnByDefaultWhereTheWorkgroupAllows(t *testing.T) {
	for name, c := range map[string]struct {
		extra       map[string]any
		engine      string
		wantLater   bool
		wantWGCalls int
	}{
		"default, engine 3": {nil, "Athena engine version 3", true, 1},
		"default, engine 2": {nil, "Athena engine version 2", false, 1},
		"off":               {map[string]any{"resultReuseEnabled": false}, "Athena engine version 3", false, 0},
		"on":                {map[string]any{"resultReuseEnabled": true}, "Athena engine version 2", true, 0},
	} {
		t.Run(name, func(t *testing.T) {
			srv := plugintest.NewLakeServer(t)
			srv.AddWorkGroup(athenaemu.WorkGroup{Name: "wg", EngineVersion: c.engine, OutputLocation: "s3://results/wg/"})
			srv.Handle(athenaemu.Any(), athenaemu.Result{Columns: []athenaemu.Column{{Name: "n", Type: "bigint"}}, Rows: [][]*string{athenaemu.Row(1)}})
			extra := map[string]any{"workgroup": "wg", "resultCacheSeconds": 0}
			for k, v := range c.extra {
				extra[k] = v
			}
			ds := newTestDatasource(t, srv, extra)
			if r := runQueries(t, ds, dataQuery("A", `{"rawSql":"SELECT 1 AS n"}`))["A"]; r.Error != nil {
				t.Fatal(r.Error)
			}
			// The check runs in the background: wait for it (Dispose
			// would wait too, but the instance is still needed).
			exec, _ := ds.executor(t.Context())
			deadline := time.Now().Add(5 * time.Second)
			for c.wantLater && !exec.ResultReuse() && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			if c.wantWGCalls > 0 {
				for srv.Count("GetWorkGroup") < c.wantWGCalls && time.Now().Before(deadline) {
					time.Sleep(5 * time.Millisecond)
				}
				time.Sleep(20 * time.Millisecond) // let a stray second check show
			}
			if r := runQueries(t, ds, dataQuery("A", `{"rawSql":"SELECT 2 AS n"}`))["A"]; r.Error != nil {
				t.Fatal(r.Error)
			}
			got := reuseRequested(srv)
			_, explicit := ds.settings.ResultReuse()
			wantFirst := c.wantLater && explicit
			if len(got) != 2 || got[0] != wantFirst || got[1] != c.wantLater {
				t.Fatalf("reuse requested %v, want [%v %v]", got, wantFirst, c.wantLater)
			}
			if n := srv.Count("GetWorkGroup"); n != c.wantWGCalls {
				t.Fatalf("%d GetWorkGroup calls, want %d", n, c.wantWGCalls)
			}
		})
	}
}

func TestSupportsResultReuse(t *testing.T) {
	for v, want := range map[string]bool{"Athena engine version 3": true, "Athena engine version 2": false, "AUTO": false, "": false, "PySpark engine version 3": true, "Athena engine version 10": true} {
		if got := athena.SupportsResultReuse(v); got != want {
			t.Errorf("SupportsResultReuse(%q) = %v, want %v", v, got, want)
		}
	}
}
