package replica

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// smallConfig keeps unit tests fast: all sources, both regions, all
// accounts, all planted days, few ordinary events.
func smallConfig() Config {
	c := DefaultConfig()
	c.Volume = 8
	return c
}

var (
	allOnce   sync.Once
	allGen    *Generator
	allEvents map[string][]Event
)

// generated returns every event of smallConfig, per table (computed once).
func generated(t *testing.T) (*Generator, map[string][]Event) {
	t.Helper()
	allOnce.Do(func() {
		g, err := NewGenerator(smallConfig())
		if err != nil {
			panic(err)
		}
		allGen, allEvents = g, map[string][]Event{}
		for _, tb := range g.Tables() {
			allEvents[tb.Name] = g.TableEvents(tb)
		}
	})
	return allGen, allEvents
}

func TestGeneratorIsDeterministic(t *testing.T) {
	cfg := smallConfig()
	a, _ := NewGenerator(cfg)
	b, _ := NewGenerator(cfg)
	cfg.Seed++
	c, _ := NewGenerator(cfg)
	for _, tb := range a.Tables() {
		day := cfg.DayAgo(2)
		ja, _ := json.Marshal(a.Events(tb, cfg.Accounts[0], day))
		jb, _ := json.Marshal(b.Events(tb, cfg.Accounts[0], day))
		jc, _ := json.Marshal(c.Events(tb, cfg.Accounts[0], day))
		if string(ja) != string(jb) {
			t.Errorf("%s: same seed, different events", tb.Name)
		}
		if string(ja) == string(jc) {
			t.Errorf("%s: different seed, same events", tb.Name)
		}
	}
}

// Generating one table must not depend on which other tables or days were
// generated before (each has its own random stream).
func TestStreamsAreIndependent(t *testing.T) {
	g, _ := NewGenerator(smallConfig())
	tb := g.Tables()[3]
	day := g.cfg.DayAgo(7)
	first, _ := json.Marshal(g.Events(tb, g.cfg.Accounts[1], day))
	g.TableEvents(g.Tables()[0])
	again, _ := json.Marshal(g.Events(tb, g.cfg.Accounts[1], day))
	if string(first) != string(again) {
		t.Error("events changed after generating other tables")
	}
}

func TestVolumeAndPartitions(t *testing.T) {
	g, all := generated(t)
	cfg := g.Config()
	days := map[string]bool{}
	for _, d := range cfg.DayList() {
		days[d.Format(lake.EventDayFormat)] = true
	}
	if len(days) != 30 || !days["20261101"] || !days["20261003"] {
		t.Fatalf("days %v", days)
	}
	for _, tb := range g.Tables() {
		evs := all[tb.Name]
		want := cfg.Volume*len(cfg.Accounts)*cfg.Days + plantedRows(g, tb)
		for _, a := range cfg.Accounts {
			for _, d := range cfg.DayList() {
				want += len(g.Background(tb, a, d))
			}
		}
		if len(evs) != want {
			t.Errorf("%s: %d events, want %d", tb.Name, len(evs), want)
		}
		for _, e := range evs {
			ts := e.Time()
			if e.Str("region") != tb.Region || !validAccount(cfg, e.Str("accountid")) {
				t.Fatalf("%s: bad partition values %v/%v", tb.Name, e["region"], e["accountid"])
			}
			if !days[ts.Format(lake.EventDayFormat)] {
				t.Fatalf("%s: event at %s outside the days", tb.Name, ts)
			}
			if tb.Layout() == lake.Iceberg {
				if e.Str("time_dt") != tsString(ts) || e.Str("asl_version") != ASLVersion {
					t.Fatalf("%s: time_dt %q vs time %s", tb.Name, e.Str("time_dt"), ts)
				}
			} else if e.Str("eventday") != ts.Format(lake.EventDayFormat) {
				t.Fatalf("%s: eventday %q vs time %s", tb.Name, e.Str("eventday"), ts)
			}
		}
	}
}

// plantedRows counts the planted events the generator adds to a table
// (dns_nxdomain rows are a subset of dns_rare_domain).
func plantedRows(g *Generator, tb Table) int {
	n := 0
	for _, p := range g.Planted() {
		if p.Table() == tb.Name && p.Name != "dns_nxdomain" {
			n += p.Count
		}
	}
	return n
}

func validAccount(cfg Config, a string) bool {
	for _, x := range cfg.Accounts {
		if x == a {
			return true
		}
	}
	return false
}

// Every value written must be a column or member of the table with a JSON
// type the column accepts: Trino's JSON reader silently drops unknown keys,
// so a typo would otherwise only show up as NULLs.
func TestEventsFitTheSchema(t *testing.T) {
	g, all := generated(t)
	for _, tb := range g.Tables() {
		root := &node{kids: make([]*node, len(tb.Columns))}
		for i, c := range tb.Columns {
			root.kids[i] = c.node
		}
		for i, e := range all[tb.Name] {
			if err := fits(root, map[string]any(e), ""); err != nil {
				t.Fatalf("%s event %d: %v", tb.Name, i, err)
			}
		}
	}
}

func fits(n *node, v any, path string) error {
	if n.leaf != "" {
		return fitsLeaf(n.leaf, v, path)
	}
	check := func(m map[string]any, p string) error {
		for k, x := range m {
			var kid *node
			for _, c := range n.kids {
				if c.name == k {
					kid = c
				}
			}
			if kid == nil {
				return fmt.Errorf("%s.%s is not a column or member", p, k)
			}
			if err := fits(kid, x, p+"."+k); err != nil {
				return err
			}
		}
		return nil
	}
	if n.array {
		arr, ok := v.([]map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an array of rows, got %T", path, v)
		}
		for _, m := range arr {
			if err := check(m, path+"[]"); err != nil {
				return err
			}
		}
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: want a row, got %T", path, v)
	}
	return check(m, path)
}

func fitsLeaf(typ string, v any, path string) error {
	ok := false
	switch {
	case typ == "varchar":
		_, ok = v.(string)
	case typ == "integer" || typ == "bigint":
		switch v.(type) {
		case int, int64:
			ok = true
		}
	case typ == "boolean":
		_, ok = v.(bool)
	case typ == "timestamp":
		s, isStr := v.(string)
		_, err := time.Parse(tsLayout, s)
		ok = isStr && err == nil
	case typ == "real" || typ == "double" || strings.HasPrefix(typ, "decimal"):
		_, ok = v.(float64)
	case typ == "array(varchar)":
		_, ok = v.([]string)
	case typ == "map(varchar,varchar)":
		_, ok = v.(map[string]string)
	}
	if !ok {
		return fmt.Errorf("%s: %T does not fit %s", path, v, typ)
	}
	return nil
}

// Ids and captions must agree as pkg/ocsf defines them (docs/design/security-lake.md).
func TestEnumsAreConsistent(t *testing.T) {
	g, all := generated(t)
	for _, tb := range g.Tables() {
		classes := map[int]ocsf.Class{}
		for _, c := range tb.Classes {
			classes[c.UID] = c
		}
		for _, e := range all[tb.Name] {
			uid, act := int(e.Int("class_uid")), int(e.Int("activity_id"))
			c, ok := classes[uid]
			if !ok || e.Str("class_name") != c.Name || int(e.Int("category_uid")) != c.CategoryUID || e.Str("category_name") != c.CategoryName {
				t.Fatalf("%s: class %d %q / category %v %q", tb.Name, uid, e.Str("class_name"), e["category_uid"], e.Str("category_name"))
			}
			if e.Str("activity_name") != activityCaption(uid, act) || e.Int("type_uid") != int64(uid*100+act) ||
				e.Str("type_name") != c.Name+": "+e.Str("activity_name") {
				t.Fatalf("%s: activity %d %q type %d %q", tb.Name, act, e.Str("activity_name"), e.Int("type_uid"), e.Str("type_name"))
			}
			if e.Str("severity") != ocsf.Severity.CaptionOf(int(e.Int("severity_id"))) {
				t.Fatalf("%s: severity %v %q", tb.Name, e["severity_id"], e.Str("severity"))
			}
			if e.Str("metadata.version") != tb.OCSFVersion {
				t.Fatalf("%s: metadata.version %q", tb.Name, e.Str("metadata.version"))
			}
			pairs := []struct {
				id, caption string
				enum        ocsf.Enum
			}{
				{"action_id", "action", ocsf.Action}, {"disposition_id", "disposition", ocsf.Disposition},
				{"state_id", "state", ocsf.FindingState}, {"connection_info.direction_id", "connection_info.direction", ocsf.Direction},
				{"status_id", "status", ocsf.EventStatus},
			}
			for _, p := range pairs {
				if e.Get(p.id) == nil {
					continue
				}
				if got := e.Str(p.caption); got != p.enum.CaptionOf(int(e.Int(p.id))) {
					t.Fatalf("%s: %s=%v but %s=%q", tb.Name, p.id, e.Get(p.id), p.caption, got)
				}
			}
			status := e.Str("status")
			if uid >= 2002 && uid <= 2004 {
				if statusIDOf(status) == 0 {
					t.Fatalf("%s: finding status %q", tb.Name, status)
				}
			} else if status != "" && status != "Success" && status != "Failure" {
				t.Fatalf("%s: status %q", tb.Name, status)
			}
			if (e.Str("action") == "Denied") != (e.Str("disposition") == "Blocked") && e.Get("action") != nil {
				t.Fatalf("%s: action %q vs disposition %q", tb.Name, e.Str("action"), e.Str("disposition"))
			}
		}
	}
}

func TestVersionPaths(t *testing.T) {
	g, all := generated(t)
	seen := map[string]bool{}
	for _, tb := range g.Tables() {
		for _, e := range all[tb.Name] {
			if tb.Source == "cloud_trail_mgmt" && e.Str("actor.user.type") == "IAMUser" {
				if tb.Version == lake.V2 {
					seen["v2 mfa"] = seen["v2 mfa"] || e.Get("actor.session.is_mfa") != nil
					seen["v2 account"] = seen["v2 account"] || e.Str("actor.user.account.uid") != ""
					seen["v2 session time"] = seen["v2 session time"] || e.Str("actor.session.created_time_dt") != ""
				} else {
					seen["v1 mfa"] = seen["v1 mfa"] || e.Get("actor.session.mfa") != nil
					seen["v1 account"] = seen["v1 account"] || e.Str("actor.user.account_uid") != ""
					seen["v1 session time"] = seen["v1 session time"] || e.Int("actor.session.created_time") > 0
				}
			}
			if tb.Source == "sh_findings" {
				if tb.Version == lake.V2 {
					seen["v2 finding_info"] = seen["v2 finding_info"] || e.Str("finding_info.uid") != ""
				} else {
					seen["v1 finding"] = seen["v1 finding"] || e.Str("finding.uid") != ""
				}
			}
			if tb.Layout() == lake.Iceberg && tb.Source != "ext_"+CustomSourceName {
				obs, _ := e["observables"].([]map[string]any)
				if len(obs) == 0 && tb.Source != "cloud_trail_mgmt" && tb.Source != "lambda_execution" {
					t.Fatalf("%s: v2 event without observables", tb.Name)
				}
				for _, o := range obs {
					if o["type"] != observableTypes[o["type_id"].(int)] {
						t.Fatalf("%s: observable %v", tb.Name, o)
					}
					seen["observable "+o["type"].(string)] = true
				}
			}
		}
	}
	for _, k := range []string{"v2 mfa", "v2 account", "v2 session time", "v1 mfa", "v1 account", "v1 session time",
		"v2 finding_info", "v1 finding", "observable IP Address", "observable User Name", "observable Resource UID", "observable Hostname"} {
		if !seen[k] {
			t.Errorf("never generated: %s", k)
		}
	}
}
