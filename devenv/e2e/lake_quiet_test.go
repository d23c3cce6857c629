package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
)

// longestQuietSQL finds, over the range, the longest stretch without an
// event of one source and account inside a UTC day (counted from midnight
// for a day's first event): the largest hours_behind the Data stopped
// arriving rule can see on that data, reached just before the event that
// ends the stretch.
const longestQuietSQL = `$__union(%s, (
SELECT $__source AS "source", q.accountid AS "account", q.until_ms AS "until_ms", q.quiet_ms AS "quiet_ms" FROM (
  SELECT t.accountid, t."time" AS until_ms, t."time" - coalesce(lag(t."time") OVER (PARTITION BY t.accountid, t."time" / 86400000 ORDER BY t."time"),
    t."time" / 86400000 * 86400000) AS quiet_ms
  FROM $__table AS t WHERE $__partitionFilter) AS q))
ORDER BY "quiet_ms" DESC LIMIT 1`

// TestDataStoppedRulesQuietOnBackground: over the clean days of realistic
// background, the longest quiet stretch of any source and account (found by
// an event scan) stays below the threshold, and the rule evaluated at the
// end of that stretch, its worst moment, reports those hours behind for
// that series and does not fire, on both lake versions.
func TestDataStoppedRulesQuietOnBackground(t *testing.T) {
	s := stack(t)
	const region = "us-east-1"
	ds := replicaDS(t, s)[region]
	from, to := cleanSpan(t, s)
	for _, tc := range []struct {
		uid, dir string
		sources  []string
		version  int
	}{
		{"seclake-data-stopped", provisioning.AlertingDir, v2Sources, 2},
		{"seclake-data-stopped-v1", provisioning.AlertingV1Dir, v1Sources, 1},
	} {
		t.Run(tc.uid, func(t *testing.T) {
			scan := run(t, s, ds, []json.RawMessage{mustJSON(t, map[string]any{"refId": "A", "mode": "sql", "format": "table",
				"rawSql": fmt.Sprintf(longestQuietSQL, refs(tc.sources, tc.version)), "accounts": s.Replica.Accounts, "regions": []string{region}})},
				provisioning.Vars{}, from, to)
			if errs := scan.errors(); len(errs) > 0 {
				t.Fatal(errs)
			}
			var src, acc string
			var until, quiet int64
			for _, f := range scan.frames() {
				if n, _ := f.RowLen(); n != 1 {
					t.Fatalf("%d rows, want the one longest stretch", n)
				}
				for _, fl := range f.Fields {
					v, _ := fl.ConcreteAt(0)
					switch fl.Name {
					case "source":
						src, _ = v.(string)
					case "account":
						acc, _ = v.(string)
					case "until_ms":
						until, _ = v.(int64)
					case "quiet_ms":
						quiet, _ = v.(int64)
					}
				}
			}
			if src == "" || acc == "" || until == 0 {
				t.Fatalf("no longest quiet stretch found (%s %s %d)", src, acc, until)
			}
			at := time.UnixMilli(until - 1000).UTC()
			want := float64(quiet-1000) / float64(time.Hour/time.Millisecond)
			rule := findRule(t, tc.dir, tc.uid)
			chain, err := provisioning.ParseExpressions(rule)
			if err != nil {
				t.Fatal(err)
			}
			q, _ := rule.Query()
			window, _ := q.Window()
			series, _ := ruleQuery(t, s, ds, q, at.Add(-window), at)
			inst := chain.Evaluate(series)
			t.Logf("%s: longest quiet stretch %s..%s: %s %s, %.2f h; rule at its end: %d series, %d firing",
				tc.uid, from.Format("01-02"), to.Add(-time.Hour).Format("01-02"), src, acc, want, len(series), len(provisioning.Firing(inst)))
			if want >= staleHours {
				t.Errorf("%s %s is quiet for %.2f h on ordinary background, above the %d h threshold", src, acc, want, staleHours)
			}
			if f := provisioning.Firing(inst); len(f) > 0 {
				t.Errorf("at %s: %d firing: %v", at.Format(time.RFC3339), len(f), describe(f))
			}
			found := false
			for _, in := range inst {
				if in.Labels["source"] == src && in.Labels["accountid"] == acc {
					found = true
					if math.Abs(in.Value-want) > 0.01 {
						t.Errorf("at %s: %s %s %.2f hours behind, want %.2f", at.Format(time.RFC3339), src, acc, in.Value, want)
					}
				}
			}
			if !found {
				t.Errorf("at %s: no series for %s %s", at.Format(time.RFC3339), src, acc)
			}
		})
	}
}
