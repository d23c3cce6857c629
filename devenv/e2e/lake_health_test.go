package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
)

// scanFreshnessSQL is the Overview's freshness query before it read table
// metadata: the newest event per source, account and Region by scanning
// the events of the time range. Kept here only to measure what the
// metadata form saves.
const scanFreshnessSQL = `$__union(cloud_trail_mgmt@2, lambda_execution@2, s3_data@2, vpc_flow@2, route53@2, sh_findings@2, eks_audit@2, waf@2, (
SELECT $__source AS "source", t.accountid AS "account", t.region AS "region",
  from_unixtime(max(t."time") / 1000) AS "last_event", count(*) AS "events"
FROM $__table AS t WHERE $__partitionFilter GROUP BY 1, 2, 3))
ORDER BY 1, 2, 3`

// v2Sources are the lake's version 2 sources.
var v2Sources = []string{"cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings", "eks_audit", "waf"}

// TestLakeHealthOnReplica: the Overview's freshness panel answers one row
// per source, account and Region from table metadata, with the replica's
// last day as newest partition, scanning a small fraction of what the scan
// form scanned (both figures logged for docs/dashboards.md); the "Data
// stopped arriving" rule stays quiet at the replica's last day and fires
// for every source, account and Region when evaluated four days later, as
// it would once the lake stopped receiving on its anchor day.
func TestLakeHealthOnReplica(t *testing.T) {
	s := stack(t)
	const region = "us-east-1"
	dss := replicaDS(t, s)
	ds := dss[region]
	_, end := s.Range()
	from := end.AddDate(0, 0, -15)
	anchor := s.Replica.AnchorDay().Format("2006-01-02")

	dashboards, err := provisioning.LoadDashboards(repoPath(t, provisioning.DashboardsDir))
	if err != nil {
		t.Fatal(err)
	}
	var panel *provisioning.Panel
	var dash *provisioning.Dashboard
	for _, d := range dashboards {
		for _, p := range d.AllPanels() {
			if d.UID == "seclake-overview" && strings.HasPrefix(p.Title, "Newest partition per source") {
				panel, dash = &p, d
			}
		}
	}
	if panel == nil {
		t.Fatal("the Overview has no freshness panel")
	}
	vars := provisioning.VarsFor(dash, provisioning.Vars{
		"account": {Values: s.Replica.Accounts, Multi: true},
		"region":  {Values: []string{region}, Multi: true},
		"version": {Values: []string{"2"}},
	})
	meta := run(t, s, ds, panel.Targets, vars, from, end)
	if errs := meta.errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	seen := map[string]string{}
	for _, f := range meta.frames() {
		src, _ := f.FieldByName("source")
		acc, _ := f.FieldByName("account")
		reg, _ := f.FieldByName("region")
		newest, _ := f.FieldByName("newest_partition")
		behind, _ := f.FieldByName("days_behind")
		if src == nil || acc == nil || reg == nil || newest == nil || behind == nil {
			t.Fatalf("freshness frame lacks columns: %v", f.Fields)
		}
		for i := 0; i < src.Len(); i++ {
			a, _ := src.ConcreteAt(i)
			b, _ := acc.ConcreteAt(i)
			c, _ := reg.ConcreteAt(i)
			n, _ := newest.ConcreteAt(i)
			d, _ := behind.ConcreteAt(i)
			day := fmt.Sprint(n)
			if tm, ok := n.(time.Time); ok {
				day = tm.UTC().Format("2006-01-02")
			}
			seen[fmt.Sprintf("%v/%v/%v", a, b, c)] = fmt.Sprintf("%s %v", day, d)
		}
	}
	for _, src := range v2Sources {
		for _, acc := range s.Replica.Accounts {
			k := src + "/" + acc + "/" + region
			if got, want := seen[k], anchor+" 0"; got != want {
				t.Errorf("freshness %s: newest partition and days behind %q, want %q", k, got, want)
			}
		}
	}
	scan := run(t, s, ds, []json.RawMessage{mustJSON(t, map[string]any{"refId": "A", "mode": "sql", "format": "table",
		"rawSql": scanFreshnessSQL, "accounts": s.Replica.Accounts, "regions": []string{region}})}, vars, from, end)
	if errs := scan.errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	t.Logf("freshness over 15 days, %s, 8 v2 sources: metadata form %s (%d rows), event scan %s (%d rows)",
		region, fmtBytes(meta.scanned()), meta.rows(), fmtBytes(scan.scanned()), scan.rows())
	if meta.scanned()*10 > scan.scanned() {
		t.Errorf("the metadata form scanned %s, not far below the event scan's %s", fmtBytes(meta.scanned()), fmtBytes(scan.scanned()))
	}

	files, err := provisioning.LoadAlertFiles(repoPath(t, provisioning.AlertingDir))
	if err != nil {
		t.Fatal(err)
	}
	var rule *provisioning.Rule
	for _, gr := range provisioning.AllRules(files) {
		if gr.Rule.UID == "seclake-data-stopped" {
			r := gr.Rule
			rule = &r
		}
	}
	if rule == nil {
		t.Fatal("no seclake-data-stopped rule")
	}
	chain, err := provisioning.ParseExpressions(*rule)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := rule.Query()
	window, _ := q.Window()
	for _, tc := range []struct {
		name  string
		at    time.Time
		fires int
	}{
		{"at the replica's last hour", end, 0},
		{"four days after the lake stopped", end.AddDate(0, 0, 4), len(v2Sources) * len(s.Replica.Accounts)},
	} {
		series, res := ruleQuery(t, s, ds, q, tc.at.Add(-window), tc.at)
		firing := provisioning.Firing(chain.Evaluate(series))
		t.Logf("data stopped rule %s (%s): %d series, %d firing, %s scanned", tc.name, tc.at.Format(time.RFC3339), len(series), len(firing), fmtBytes(res.scanned()))
		if len(series) != len(v2Sources)*len(s.Replica.Accounts) {
			t.Errorf("%s: %d series, want one per source and account (%d)", tc.name, len(series), len(v2Sources)*len(s.Replica.Accounts))
		}
		if len(firing) != tc.fires {
			t.Errorf("%s: %d instances firing, want %d: %v", tc.name, len(firing), tc.fires, describe(firing))
		}
		for _, in := range firing {
			if in.Labels["source"] == "" || in.Labels["accountid"] == "" || in.Labels["region"] != region || in.Value != 4 {
				t.Errorf("%s: firing instance %v, want source, accountid, region %s labels and 4 days behind", tc.name, in, region)
			}
		}
	}
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
