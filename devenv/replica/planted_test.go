package replica

import (
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Each planted situation is matched by its predicate exactly Count times on
// its day, account and region, and nowhere else in its table.
func TestPlantedCountsAreExact(t *testing.T) {
	g, all := generated(t)
	ps := g.Planted()
	if len(ps) < 20 {
		t.Fatalf("only %d planted situations", len(ps))
	}
	for _, p := range ps {
		evs, ok := all[p.Table()]
		if !ok {
			t.Fatalf("%s: table %s not generated", p.Name, p.Table())
		}
		on, off := 0, 0
		for _, e := range evs {
			if !g.Matches(p, e) {
				continue
			}
			if e.Str("accountid") == p.Account && e.Str("region") == p.Region && e.Time().Truncate(24*time.Hour).Equal(p.Day) {
				on++
			} else {
				off++
			}
		}
		if on != p.Count || off != 0 {
			t.Errorf("%s v%d: %d matches on %s (want %d), %d elsewhere (want 0)", p.Name, p.Version, on, p.Day.Format("2006-01-02"), p.Count, off)
		}
	}
}

// The same situations hold for a larger volume (more ordinary events must
// never produce a planted marker) and another seed.
func TestPlantedSurviveVolumeAndSeed(t *testing.T) {
	if testing.Short() {
		t.Skip("generates ~55k events")
	}
	cfg := DefaultConfig()
	cfg.Volume, cfg.Seed = 60, 7
	g, _ := NewGenerator(cfg)
	for _, p := range g.Planted() {
		tb := tableOf(t, g, p)
		n := 0
		for _, e := range g.TableEvents(tb) {
			if g.Matches(p, e) {
				n++
			}
		}
		if n != p.Count {
			t.Errorf("%s v%d: %d matches in the table, want %d", p.Name, p.Version, n, p.Count)
		}
	}
}

func tableOf(t *testing.T, g *Generator, p Planted) Table {
	for _, tb := range g.Tables() {
		if tb.Name == p.Table() {
			return tb
		}
	}
	t.Fatalf("no table %s", p.Table())
	return Table{}
}

func TestPlantedList(t *testing.T) {
	cfg := DefaultConfig()
	ps := PlantedSituations(cfg)
	names := map[string]int{}
	for _, p := range ps {
		names[p.Name]++
		if p.Day.Before(cfg.DayList()[0]) || p.Day.After(cfg.AnchorDay()) {
			t.Errorf("%s: day %s outside the data", p.Name, p.Day)
		}
		if p.Details["where"] == "" || p.Details["table"] != p.Table() || p.Details["alert"] == "" {
			t.Errorf("%s: details %v", p.Name, p.Details)
		}
		if !strings.HasPrefix(p.CountSQL(), `SELECT count(*) FROM "awsdatacatalog"."`+p.Database()+`"."`+p.Table()+`" WHERE `) {
			t.Errorf("%s: %s", p.Name, p.CountSQL())
		}
	}
	for _, n := range []string{"root_account_use", "console_login_without_mfa", "console_login_failure_burst", "iam_policy_change",
		"cloudtrail_tampering", "network_perimeter_change", "rejected_flow_spike", "port_scan", "dns_rare_domain", "dns_nxdomain",
		"critical_findings"} {
		if names[n] != 2 {
			t.Errorf("%s: want v1 and v2, got %d", n, names[n])
		}
	}
	for _, n := range []string{"eks_pod_exec", "eks_anonymous_access", "waf_sqli_blocks"} {
		if names[n] != 1 {
			t.Errorf("%s: want v2 only, got %d", n, names[n])
		}
	}
	// Fewer days than the oldest situation needs: it is left out, not moved.
	short := cfg
	short.Days = 5
	for _, p := range PlantedSituations(short) {
		if p.Day.Before(short.DayList()[0]) {
			t.Errorf("%s planted before the first day", p.Name)
		}
	}
}

func TestPlantedScopeSQL(t *testing.T) {
	for _, p := range PlantedSituations(DefaultConfig()) {
		s := p.ScopeSQL()
		if lake.Version(p.Version) == lake.V2 {
			day := p.Day.Format("2006-01-02")
			if !strings.Contains(s, `"time_dt" BETWEEN TIMESTAMP '`+day+` 00:00:00.000' AND TIMESTAMP '`+day+` 23:59:59.999'`) {
				t.Errorf("%s: %s", p.Name, s)
			}
		} else if !strings.Contains(s, `"eventday" = '`+p.Day.Format("20060102")+`'`) {
			t.Errorf("%s: %s", p.Name, s)
		}
	}
}

// Shapes the alert rules depend on (docs/design/dashboards-alerts-design.md).
func TestPlantedShapes(t *testing.T) {
	g, all := generated(t)
	byName := map[string][]Event{}
	for _, p := range g.Planted() {
		if p.Version != 2 {
			continue
		}
		for _, e := range all[p.Table()] {
			if g.Matches(p, e) {
				byName[p.Name] = append(byName[p.Name], e)
			}
		}
	}
	burst := byName["console_login_failure_burst"]
	if span := burst[len(burst)-1].Time().Sub(burst[0].Time()); len(burst) < 5 || span > 15*time.Minute {
		t.Errorf("failed-login burst: %d events over %s", len(burst), span)
	}
	for _, e := range burst {
		if e.Str("user.name") != "admin" || e.Str("class_name") != "Authentication" {
			t.Errorf("burst event: %v", e)
		}
	}
	ports := map[int64]bool{}
	scan := byName["port_scan"]
	for _, e := range scan {
		ports[e.Int("dst_endpoint.port")] = true
	}
	if span := scan[len(scan)-1].Time().Sub(scan[0].Time()); len(ports) != 120 || span > 10*time.Minute {
		t.Errorf("port scan: %d distinct ports over %s", len(ports), span)
	}
	for _, e := range byName["console_login_without_mfa"] {
		if v, ok := e.Bool("is_mfa"); !ok || v {
			t.Errorf("no-MFA login has is_mfa=%v", e.Get("is_mfa"))
		}
	}
	for _, e := range byName["root_account_use"] {
		if e.Get("actor.invoked_by") != nil || e.Str("actor.user.type") != "Root" {
			t.Errorf("root event: %v", e)
		}
	}
	for _, e := range byName["critical_findings"] {
		if e.Str("status") != "New" || e.Str("severity") != "Critical" {
			t.Errorf("critical finding: %v", e)
		}
	}
	exec := byName["eks_pod_exec"]
	if len(exec) != 2 || exec[0].Str("api.operation") != "create" {
		t.Errorf("pod exec: %v", exec)
	}
	for _, e := range byName["waf_sqli_blocks"] {
		if e.Str("src_endpoint.location.country") != "ZA" || e.Str("disposition") != "Blocked" {
			t.Errorf("waf block: %v", e)
		}
	}
}
