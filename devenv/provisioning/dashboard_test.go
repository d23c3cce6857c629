package provisioning

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBundledDashboards checks every bundled dashboard: Grafana's schema
// essentials, datasource uids, variables, links, and every target parsed,
// checked against the OCSF catalog and built or expanded, for each lake
// version it can run with.
func TestBundledDashboards(t *testing.T) {
	b := load(t)
	if len(b.dashboards) != 8 {
		t.Fatalf("%d dashboards, want 8", len(b.dashboards))
	}
	for _, err := range checker(b.uids).Check(b.dashboards) {
		t.Error(err)
	}
	targets := 0
	for _, d := range b.dashboards {
		for _, p := range d.AllPanels() {
			targets += len(p.Targets)
		}
	}
	t.Logf("%d dashboards, %d targets checked", len(b.dashboards), targets)
}

// TestEveryDashboardHasScopeAndLinks checks the conventions: every target
// is scoped by the account and region variables, and each dashboard with IP,
// user or resource columns links them to Investigation.
func TestEveryDashboardHasScopeAndLinks(t *testing.T) {
	b := load(t)
	for _, d := range b.dashboards {
		links := 0
		for _, p := range d.AllPanels() {
			ts, _ := p.DecodedTargets()
			for _, tg := range ts {
				var scope struct{ Accounts, Regions []string }
				_ = json.Unmarshal(tg.Raw, &scope)
				if len(scope.Accounts) != 1 || scope.Accounts[0] != "$account" || len(scope.Regions) != 1 || scope.Regions[0] != "$region" {
					t.Errorf("%s / %s: target %s is not scoped by $account and $region", d.UID, p.Title, tg.RefID)
				}
			}
			links += len(p.Links())
		}
		if links == 0 && d.UID != "seclake-overview" { // Overview shows no IP or user columns
			t.Errorf("%s: no data links to the Investigation dashboard", d.UID)
		}
	}
}

// mutate loads a bundled dashboard, lets f change its JSON and returns the
// checker's errors for it.
func mutate(t *testing.T, file string, f func(m map[string]any)) []error {
	t.Helper()
	b := load(t)
	var d *Dashboard
	for _, x := range b.dashboards {
		if strings.HasSuffix(x.File, file) {
			d = x
		}
	}
	raw, err := json.Marshal(mustRead(t, d.File))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	f(m)
	raw, _ = json.Marshal(m)
	var changed Dashboard
	if err := json.Unmarshal(raw, &changed); err != nil {
		t.Fatal(err)
	}
	changed.File = d.File
	others := []*Dashboard{&changed}
	for _, x := range b.dashboards {
		if x.UID != changed.UID {
			others = append(others, x)
		}
	}
	return checker(b.uids).Check(others)
}

func mustRead(t *testing.T, path string) any {
	t.Helper()
	var v any
	b, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// firstTarget returns the first target of the first panel with targets.
func firstTarget(m map[string]any) map[string]any {
	for _, p := range m["panels"].([]any) {
		if ts, ok := p.(map[string]any)["targets"].([]any); ok && len(ts) > 0 {
			return ts[0].(map[string]any)
		}
	}
	return nil
}

func TestCheckerRejects(t *testing.T) {
	cases := []struct {
		name string
		file string
		edit func(m map[string]any)
		want string
	}{
		{"unknown datasource uid", "network.json", func(m map[string]any) {
			firstTarget(m)["datasource"] = map[string]any{"type": PluginID, "uid": "no-such-uid"}
		}, `unknown datasource uid "no-such-uid"`},
		{"datasource variable default unknown", "network.json", func(m map[string]any) {
			v := m["templating"].(map[string]any)["list"].([]any)[0].(map[string]any)
			v["current"] = map[string]any{"text": "x", "value": "other-uid"}
		}, "is not a provisioned uid"},
		{"target that does not parse", "network.json", func(m map[string]any) {
			firstTarget(m)["limit"] = "ten"
		}, "must be int"},
		{"target that does not validate", "network.json", func(m map[string]any) {
			firstTarget(m)["mode"] = "graphql"
		}, "unknown query mode"},
		{"field not in the catalog", "network.json", func(m map[string]any) {
			firstTarget(m)["groupBy"] = []any{"src_endpoint.hostname"}
		}, `field "src_endpoint.hostname" is not in the OCSF catalog for vpc_flow version 1`},
		{"v2-only field on a versioned target", "network.json", func(m map[string]any) {
			firstTarget(m)["groupBy"] = []any{"action"}
		}, `field "action" is not in the OCSF catalog for vpc_flow version 1`},
		{"raw SQL without partition filter", "dns.json", func(m map[string]any) {
			for _, p := range m["panels"].([]any) {
				for _, tg := range p.(map[string]any)["targets"].([]any) {
					q := tg.(map[string]any)
					if s, ok := q["rawSql"].(string); ok {
						q["rawSql"] = strings.Replace(s, "WHERE $__partitionFilter", "WHERE 1=1", 1)
						return
					}
				}
			}
		}, "$__partitionFilter"},
		{"unknown panel type", "waf.json", func(m map[string]any) {
			m["panels"].([]any)[0].(map[string]any)["type"] = "graph-pro"
		}, `unknown panel type "graph-pro"`},
		{"duplicate panel id", "waf.json", func(m map[string]any) {
			m["panels"].([]any)[1].(map[string]any)["id"] = 1
		}, "not unique"},
		{"overlapping panels", "waf.json", func(m map[string]any) {
			m["panels"].([]any)[1].(map[string]any)["gridPos"] = map[string]any{"x": 0, "y": 0, "w": 8, "h": 8}
		}, "overlap"},
		{"unknown variable", "waf.json", func(m map[string]any) {
			firstTarget(m)["accounts"] = []any{"$acount"}
		}, "unknown variable $acount"},
		{"old schema", "waf.json", func(m map[string]any) { m["schemaVersion"] = 16 }, "schemaVersion 16"},
		{"link to a missing variable", "waf.json", func(m map[string]any) {
			for _, p := range m["panels"].([]any) {
				fc := p.(map[string]any)["fieldConfig"].(map[string]any)
				for _, o := range fc["overrides"].([]any) {
					for _, pr := range o.(map[string]any)["properties"].([]any) {
						prm := pr.(map[string]any)
						if prm["id"] == "links" {
							prm["value"] = []any{map[string]any{"title": "x", "url": "/d/seclake-investigation/x?var-ip=1"}}
							return
						}
					}
				}
			}
		}, "sets var-ip"},
		{"format that does not fit the panel", "waf.json", func(m map[string]any) {
			firstTarget(m)["format"] = "table"
		}, `has format "table", want one of [time_series]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mustErr(t, mutate(t, c.file, c.edit), c.want)
		})
	}
}
