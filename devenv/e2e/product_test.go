package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/pkg/lake"
)

var (
	stackOnce sync.Once
	shared    *Stack
)

// stack shares one athena-local and one plugin process across the tests of
// this package: starting them is the slow part, and the tests only read.
func stack(t *testing.T) *Stack {
	t.Helper()
	TrinoURL(t)
	stackOnce.Do(func() { shared = Start(&processTB{t}) })
	if shared == nil {
		t.Fatal("the stack did not start (see the first test's log)")
	}
	return shared
}

func TestHealthAndDiscoveryOnTheReplica(t *testing.T) {
	s := stack(t)
	for _, region := range s.Replica.Regions {
		ds := s.DS(region, "", nil)
		res, err := s.Host.CheckHealth(t.Context(), ds)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != pluginv2.CheckHealthResponse_OK {
			t.Fatalf("%s: health %v: %s", region, res.Status, res.Message)
		}
		if !strings.Contains(res.Message, "version 1 and 2") || !strings.Contains(res.Message, "15 tables readable") {
			t.Fatalf("%s: message %q", region, res.Message)
		}
		status, _, body, err := s.Host.CallResource(t.Context(), ds, "GET", "lake", nil)
		if err != nil || status != 200 {
			t.Fatalf("lake route: %d %v %s", status, err, body)
		}
		var inv lake.Inventory
		if err := json.Unmarshal(body, &inv); err != nil {
			t.Fatal(err)
		}
		if len(inv.Versions) != 2 || inv.Preferred != lake.V2 || len(inv.Tables) != 14 || len(inv.Custom) != 1 {
			t.Fatalf("%s: inventory versions %v preferred %d tables %d custom %d warnings %v", region, inv.Versions, inv.Preferred, len(inv.Tables), len(inv.Custom), inv.Warnings)
		}
		found := map[string]bool{}
		for _, tb := range inv.Tables {
			found[fmt.Sprintf("%s@%d", tb.Source, tb.Version)] = true
		}
		for _, src := range lake.Sources {
			for _, v := range src.Versions {
				if !found[fmt.Sprintf("%s@%d", src.Name, v)] {
					t.Fatalf("%s: discovery missed %s v%d", region, src.Name, v)
				}
			}
		}
	}
}

// TestEverySourceVersionAndFormat runs a time series, a table and a logs
// builder query for every source in both versions over the whole data range.
func TestEverySourceVersionAndFormat(t *testing.T) {
	s := stack(t)
	from, to := s.Range()
	for _, v := range []lake.Version{lake.V1, lake.V2} {
		ds := s.DS("us-east-1", fmt.Sprint(int(v)), nil)
		for _, src := range lake.Sources {
			if !src.Has(v) {
				continue
			}
			t.Run(fmt.Sprintf("%s_v%d", src.Name, v), func(t *testing.T) {
				out, err := s.Host.QueryData(t.Context(), ds,
					grafanahost.Query{RefID: "TS", From: from, To: to, MaxDataPoints: 100, Interval: time.Hour,
						JSON: map[string]any{"source": src.Name, "format": "time_series", "groupBy": []string{"class_name"}, "timeBucket": "1d"}},
					grafanahost.Query{RefID: "TB", From: from, To: to, JSON: map[string]any{"source": src.Name, "format": "table", "limit": 50}},
					grafanahost.Query{RefID: "LG", From: from, To: to, JSON: map[string]any{"source": src.Name, "format": "logs", "limit": 20}},
				)
				if err != nil {
					t.Fatal(err)
				}
				for id, r := range out {
					if r.Error != "" || len(r.Frames) == 0 || r.Frames[0].Rows() == 0 {
						t.Fatalf("%s: error %q, %d frames", id, r.Error, len(r.Frames))
					}
				}
				ts := out["TS"].Frames[0]
				if ts.Meta.Type != data.FrameTypeTimeSeriesWide || ts.Fields[0].Type() != data.FieldTypeTime || ts.Rows() != s.Replica.Days {
					t.Fatalf("TS: type %s, first field %s, %d rows (want one per day, %d)", ts.Meta.Type, ts.Fields[0].Type(), ts.Rows(), s.Replica.Days)
				}
				for _, f := range ts.Fields[1:] {
					if f.Type() != data.FieldTypeNullableInt64 || f.Labels["class_name"] == "" {
						t.Fatalf("TS series %s: type %s labels %v", f.Name, f.Type(), f.Labels)
					}
				}
				tb := out["TB"].Frames[0]
				if tb.Rows() != 50 || tb.Fields[0].Type() != data.FieldTypeNullableTime {
					t.Fatalf("TB: %d rows, first field %s %s", tb.Rows(), tb.Fields[0].Name, tb.Fields[0].Type())
				}
				lg := out["LG"].Frames[0]
				if lg.Meta.Type != data.FrameTypeLogLines || lg.Rows() != 20 {
					t.Fatalf("LG: type %s, %d rows", lg.Meta.Type, lg.Rows())
				}
				if body, _ := lg.FieldByName("body"); body == nil || body.At(0).(string) == "" {
					t.Fatal("LG: empty log body")
				}
				custom, _ := json.Marshal(tb.Meta.Custom)
				if !strings.Contains(string(custom), `"dataScannedBytes":`) || strings.Contains(string(custom), `"dataScannedBytes":0,`) {
					t.Fatalf("TB: data scanned missing: %s", custom)
				}
			})
		}
	}
}

// processTB lets a test start the shared stack: its cleanups must outlive
// the test that happened to start it, so they run at process exit instead,
// when that test can no longer log or report: Logf goes to stderr and
// Failed reports whether the run as a whole failed.
type processTB struct{ *testing.T }

func (p *processTB) Cleanup(f func()) { cleanups = append(cleanups, f) }

func (p *processTB) Failed() bool { return runFailed }

func (p *processTB) Logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

var (
	cleanups  []func()
	runFailed bool
)
