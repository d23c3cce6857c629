package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/provisioning"
)

// Sources of each lake version of the full lake; the Overview's freshness
// panel adds the version 2 only sources to either version.
var (
	v2Sources     = []string{"cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings", "eks_audit", "waf"}
	v1Sources     = []string{"cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings"}
	v2OnlySources = []string{"eks_audit", "waf"}
)

// staleHours is the threshold of the Data stopped arriving rules.
const staleHours = 12

// scanFreshnessSQL is the freshness question asked by scanning events: the
// newest event per source, account and Region over the whole range. Kept
// only to check the bounded form's answers and to measure what it saves.
const scanFreshnessSQL = `$__union(%s, (
SELECT $__source AS "source", t.accountid AS "account", t.region AS "region",
  max(t."time") AS "last_ms", count(*) AS "events"
FROM $__table AS t WHERE $__partitionFilter GROUP BY 1, 2, 3))
ORDER BY 1, 2, 3`

// daysBehindSQL is the rule's query before the bounded scan: the newest
// partition from metadata alone, in days. Kept only to measure the bytes
// the bounded scan adds.
const daysBehindSQL = `SELECT $__timeTo() AS "time", "source", "accountid", "region",
  date_diff('day', max("day"), CAST($__timeTo() AS date)) AS "days_behind"
FROM ($__union(%s, (SELECT $__source AS "source", p.* FROM $__partitions AS p))) GROUP BY 1, 2, 3, 4`

// refs writes source@version references.
func refs(sources []string, v int) string {
	out := make([]string, len(sources))
	for i, s := range sources {
		out[i] = fmt.Sprintf("%s@%d", s, v)
	}
	return strings.Join(out, ", ")
}

// TestFreshnessPanelOnReplica: on both lake versions, the Overview's
// freshness panel answers one row per source, account and Region with the
// newest event time, equal to the newest event found by scanning the whole
// range, and hours_behind below the rule's threshold at the replica's
// last hour; it scans far less than that event scan (figures logged for
// docs/dashboards.md).
func TestFreshnessPanelOnReplica(t *testing.T) {
	s := stack(t)
	const region = "us-east-1"
	ds := replicaDS(t, s)[region]
	_, end := s.Range()
	from := end.AddDate(0, 0, -15)
	anchor := s.Replica.AnchorDay().Format("2006-01-02")
	panel, dash := freshnessPanel(t)
	for _, v := range []int{2, 1} {
		t.Run(fmt.Sprintf("v%d", v), func(t *testing.T) {
			vars := provisioning.VarsFor(dash, provisioning.Vars{
				"account": {Values: s.Replica.Accounts, Multi: true},
				"region":  {Values: []string{region}, Multi: true},
				"version": {Values: []string{fmt.Sprint(v)}},
			})
			fresh := run(t, s, ds, panel.Targets, vars, from, end)
			if errs := fresh.errors(); len(errs) > 0 {
				t.Fatal(errs)
			}
			got := freshRows(t, fresh)
			sources, ref := v2Sources, refs(v2Sources, 2)
			if v == 1 {
				sources = append(append([]string{}, v1Sources...), v2OnlySources...)
				ref = refs(v1Sources, 1) + ", " + refs(v2OnlySources, 2)
			}
			scan := run(t, s, ds, []json.RawMessage{mustJSON(t, map[string]any{"refId": "A", "mode": "sql", "format": "table",
				"rawSql": fmt.Sprintf(scanFreshnessSQL, ref), "accounts": s.Replica.Accounts, "regions": []string{region}})}, vars, from, end)
			if errs := scan.errors(); len(errs) > 0 {
				t.Fatal(errs)
			}
			last := scanRows(t, scan)
			for _, src := range sources {
				for _, acc := range s.Replica.Accounts {
					k := src + "/" + acc + "/" + region
					r, ok := got[k]
					switch {
					case !ok:
						t.Errorf("%s: no freshness row", k)
					case r.partition != anchor:
						t.Errorf("%s: newest partition %s, want %s", k, r.partition, anchor)
					case r.event.UnixMilli() != last[k]:
						t.Errorf("%s: newest event %s, the event scan's %s", k, r.event.Format(time.RFC3339Nano), time.UnixMilli(last[k]).UTC().Format(time.RFC3339Nano))
					case r.hours < 0 || r.hours >= staleHours:
						t.Errorf("%s: %.2f hours behind at the replica's last hour, want below %d", k, r.hours, staleHours)
					case math.Abs(r.hours-end.Sub(r.event).Hours()) > 0.01:
						t.Errorf("%s: %.2f hours behind, want %.2f (newest event %s)", k, r.hours, end.Sub(r.event).Hours(), r.event.Format(time.RFC3339))
					}
				}
			}
			t.Logf("freshness panel over 15 days, v%d, %s: metadata + last-day scan %s (%d rows, %s), event scan %s (%d rows, %s)",
				v, region, fmtBytes(fresh.scanned()), fresh.rows(), fresh.elapsed.Round(time.Millisecond),
				fmtBytes(scan.scanned()), scan.rows(), scan.elapsed.Round(time.Millisecond))
			if fresh.scanned()*5 > scan.scanned() {
				t.Errorf("the freshness panel scanned %s, not far below the event scan's %s", fmtBytes(fresh.scanned()), fmtBytes(scan.scanned()))
			}
		})
	}
}

// TestDataStoppedRulesOnReplica evaluates the Data stopped arriving rule of
// each lake version (one series per source and account of the Region): quiet
// at the replica's last hour and eleven hours into the next day, firing for
// every series thirteen hours into the next day and three days later, as it
// would once the lake stopped receiving at the end of its anchor day. It
// logs the bytes per evaluation, and those of the metadata-only form it
// replaced, for docs/alerting.md.
func TestDataStoppedRulesOnReplica(t *testing.T) {
	s := stack(t)
	const region = "us-east-1"
	ds := replicaDS(t, s)[region]
	_, end := s.Range()
	next := s.Replica.AnchorDay().Add(24 * time.Hour)
	for _, tc := range []struct {
		uid, dir string
		sources  []string
		version  int
	}{
		{"seclake-data-stopped", provisioning.AlertingDir, v2Sources, 2},
		{"seclake-data-stopped-v1", provisioning.AlertingV1Dir, v1Sources, 1},
	} {
		t.Run(tc.uid, func(t *testing.T) {
			rule := findRule(t, tc.dir, tc.uid)
			chain, err := provisioning.ParseExpressions(rule)
			if err != nil {
				t.Fatal(err)
			}
			q, _ := rule.Query()
			window, _ := q.Window()
			want := len(tc.sources) * len(s.Replica.Accounts)
			for _, ev := range []struct {
				name  string
				at    time.Time
				fires bool
				hours float64 // hours behind of every series when firing
			}{
				{"at the replica's last hour", end, false, 0},
				{"eleven hours into the next day", next.Add(11 * time.Hour), false, 0},
				{"thirteen hours into the next day", next.Add(13 * time.Hour), true, 13},
				{"three days later", next.Add(72 * time.Hour), true, 72},
			} {
				series, res := ruleQuery(t, s, ds, q, ev.at.Add(-window), ev.at)
				inst := chain.Evaluate(series)
				firing := provisioning.Firing(inst)
				t.Logf("%s %s (%s): %d series, %d firing, %s scanned, %s", tc.uid, ev.name, ev.at.Format(time.RFC3339), len(series), len(firing),
					fmtBytes(res.scanned()), res.elapsed.Round(time.Millisecond))
				if len(series) != want {
					t.Errorf("%s: %d series, want one per source and account (%d)", ev.name, len(series), want)
				}
				if !ev.fires {
					if len(firing) > 0 {
						t.Errorf("%s: %d instances firing, want none: %v", ev.name, len(firing), describe(firing))
					}
					continue
				}
				if len(firing) != want {
					t.Errorf("%s: %d instances firing, want %d", ev.name, len(firing), want)
				}
				for _, in := range firing {
					if in.Labels["source"] == "" || in.Labels["accountid"] == "" || in.Labels["region"] != region || math.Abs(in.Value-ev.hours) > 0.01 {
						t.Errorf("%s: firing instance %v, want source, accountid, region %s labels and %.0f hours behind", ev.name, in, region, ev.hours)
					}
				}
			}
			before := ruleSQL(t, s, ds, fmt.Sprintf(daysBehindSQL, refs(tc.sources, tc.version)), end.Add(-window), end)
			after := ruleSQL(t, s, ds, q.Model["rawSql"].(string), end.Add(-window), end)
			t.Logf("%s per evaluation at %s: metadata only (days) %s, metadata + last-day scan (hours) %s",
				tc.uid, end.Format(time.RFC3339), fmtBytes(before.scanned()), fmtBytes(after.scanned()))
		})
	}
}

// ruleSQL runs SQL as a rule's time_series query A over [from, to].
func ruleSQL(t *testing.T, s *Stack, ds grafanahost.DS, sql string, from, to time.Time) result {
	t.Helper()
	q := provisioning.RuleQuery{RefID: "A", Model: map[string]any{"refId": "A", "mode": "sql", "format": "time_series", "rawSql": sql,
		"intervalMs": 300000, "maxDataPoints": 43200}}
	_, res := ruleQuery(t, s, ds, q, from, to)
	return res
}

// freshnessPanel finds the Overview's freshness panel.
func freshnessPanel(t *testing.T) (provisioning.Panel, *provisioning.Dashboard) {
	t.Helper()
	dashboards, err := provisioning.LoadDashboards(repoPath(t, provisioning.DashboardsDir))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dashboards {
		for _, p := range d.AllPanels() {
			if d.UID == "seclake-overview" && strings.HasPrefix(p.Title, "Newest event per source") {
				return p, d
			}
		}
	}
	t.Fatal("the Overview has no freshness panel")
	return provisioning.Panel{}, nil
}

// findRule loads a rule by uid from a provisioning directory.
func findRule(t *testing.T, dir, uid string) provisioning.Rule {
	t.Helper()
	files, err := provisioning.LoadAlertFiles(repoPath(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, gr := range provisioning.AllRules(files) {
		if gr.Rule.UID == uid {
			return gr.Rule
		}
	}
	t.Fatalf("no rule %s in %s", uid, dir)
	return provisioning.Rule{}
}

// freshRow is one row of the freshness panel.
type freshRow struct {
	partition string
	event     time.Time
	hours     float64
}

// freshRows indexes the freshness panel's rows by source/account/region.
func freshRows(t *testing.T, r result) map[string]freshRow {
	t.Helper()
	out := map[string]freshRow{}
	for _, f := range r.frames() {
		cols := map[string]int{}
		for i, fl := range f.Fields {
			cols[fl.Name] = i
		}
		for _, c := range []string{"source", "account", "region", "newest_partition", "newest_event", "hours_behind"} {
			if _, ok := cols[c]; !ok {
				t.Fatalf("freshness frame lacks %s: %v", c, f.Fields)
			}
		}
		at := func(c string, i int) any { v, _ := f.Fields[cols[c]].ConcreteAt(i); return v }
		for i := 0; i < f.Fields[0].Len(); i++ {
			var row freshRow
			if d, ok := at("newest_partition", i).(time.Time); ok {
				row.partition = d.UTC().Format("2006-01-02")
			}
			row.event, _ = at("newest_event", i).(time.Time)
			row.hours, _ = at("hours_behind", i).(float64)
			out[fmt.Sprintf("%v/%v/%v", at("source", i), at("account", i), at("region", i))] = row
		}
	}
	return out
}

// scanRows indexes the event scan's newest event (epoch ms) by source/account/region.
func scanRows(t *testing.T, r result) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, f := range r.frames() {
		src, _ := f.FieldByName("source")
		acc, _ := f.FieldByName("account")
		reg, _ := f.FieldByName("region")
		ms, _ := f.FieldByName("last_ms")
		if src == nil || acc == nil || reg == nil || ms == nil {
			t.Fatalf("event scan frame lacks columns: %v", f.Fields)
		}
		for i := 0; i < src.Len(); i++ {
			a, _ := src.ConcreteAt(i)
			b, _ := acc.ConcreteAt(i)
			c, _ := reg.ConcreteAt(i)
			m, _ := ms.ConcreteAt(i)
			n, _ := m.(int64)
			out[fmt.Sprintf("%v/%v/%v", a, b, c)] = n
		}
	}
	return out
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
