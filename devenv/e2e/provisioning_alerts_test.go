package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/devenv/replica"
)

// alertPlanted maps each bundled rule to the planted situation that must
// make it fire (pkg/replica planted_specs.go).
var alertPlanted = map[string]string{
	"seclake-root-account-use":         "root_account_use",
	"seclake-console-login-no-mfa":     "console_login_without_mfa",
	"seclake-console-login-failures":   "console_login_failure_burst",
	"seclake-iam-policy-change":        "iam_policy_change",
	"seclake-cloudtrail-tampering":     "cloudtrail_tampering",
	"seclake-network-perimeter-change": "network_perimeter_change",
	"seclake-rejected-flow-spike":      "rejected_flow_spike",
	"seclake-port-scan":                "port_scan",
	"seclake-critical-finding":         "critical_findings",
	"seclake-eks-pod-exec":             "eks_pod_exec",
	"seclake-eks-anonymous-access":     "eks_anonymous_access",
	"seclake-waf-blocked-spike":        "waf_sqli_blocks",
}

// evalStep is the rule groups' evaluation interval.
const evalStep = 5 * time.Minute

// ruleQuery runs a rule's query A the way Grafana's alerting does (the
// model as provisioned, intervalMs and maxDataPoints from the model) over
// [from, to] and returns its series.
func ruleQuery(t *testing.T, s *Stack, ds grafanahost.DS, q provisioning.RuleQuery, from, to time.Time) ([]provisioning.Series, result) {
	t.Helper()
	model, err := q.ModelJSON()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := s.Host.QueryData(t.Context(), ds, grafanahost.Query{RefID: q.RefID, JSON: json.RawMessage(model),
		From: from, To: to, Interval: evalStep, MaxDataPoints: 43200})
	if err != nil {
		t.Fatal(err)
	}
	r := result{out: out, elapsed: time.Since(start)}
	if errs := r.errors(); len(errs) > 0 {
		t.Fatalf("query %s..%s: %v", from.Format(time.RFC3339), to.Format(time.RFC3339), errs)
	}
	for _, f := range r.frames() {
		if n, _ := f.RowLen(); n > 0 && FrameKind(f) != "timeseries" {
			t.Fatalf("the rule query returned a %s frame, want a numeric time series", FrameKind(f))
		}
	}
	return provisioning.SeriesOf(r.frames()), r
}

// firingTimes evaluates a rule at the evaluation times of a day. Additive
// rules (reducer sum over 5-minute buckets): by sliding the window over one
// query of the whole day, at every evaluation time. Other rules (a distinct
// count over the window): one query of the whole day bounds every window
// from above, since a distinct count never shrinks as its window grows; if
// the bound stays under the threshold no evaluation can fire (and the
// result is exact). If it fires, the windows around each firing series'
// point are queried one by one to find when it fires (not exhaustive:
// exact is false).
func firingTimes(t *testing.T, s *Stack, ds grafanahost.DS, r provisioning.Rule, day time.Time) (fired map[time.Time][]provisioning.Instance, queries int, exact bool) {
	t.Helper()
	chain, err := provisioning.ParseExpressions(r)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := r.Query()
	window, _ := q.Window()
	end := day.Add(24 * time.Hour)
	series, _ := ruleQuery(t, s, ds, q, day.Add(-window), end)
	if chain.Reduce.Reducer == "sum" {
		return chain.Sweep(series, day.Add(evalStep), end, evalStep, window), 1, true
	}
	bound := provisioning.Firing(chain.Evaluate(series))
	if len(bound) == 0 {
		return nil, 1, true
	}
	var firing []provisioning.Series
	for _, sr := range series {
		for _, b := range bound {
			if sr.Labels.Equals(b.Labels) {
				firing = append(firing, sr)
			}
		}
	}
	out := map[time.Time][]provisioning.Instance{}
	queries = 1
	for ev := day.Add(evalStep); !ev.After(end); ev = ev.Add(evalStep) {
		if !anyPointIn(firing, ev.Add(-window), ev) {
			continue
		}
		sw, _ := ruleQuery(t, s, ds, q, ev.Add(-window), ev)
		queries++
		if f := provisioning.Firing(chain.Evaluate(sw)); len(f) > 0 {
			out[ev] = f
		}
	}
	return out, queries, false
}

// anyPointIn reports whether some series has a point in [from, to].
func anyPointIn(series []provisioning.Series, from, to time.Time) bool {
	for _, s := range series {
		for _, p := range s.Points {
			if !p.Time.Before(from) && !p.Time.After(to) {
				return true
			}
		}
	}
	return false
}

// cleanDay is a generated day on which nothing is planted.
func cleanDay(s *Stack) time.Time {
	planted := map[time.Time]bool{}
	for _, p := range s.Planted {
		planted[p.Day.UTC()] = true
	}
	days := s.Replica.DayList()
	for i := len(days) - 1; i >= 0; i-- {
		if !planted[days[i]] && i < len(days)-1 {
			return days[i]
		}
	}
	return days[0]
}

// TestProvisioningAlertRulesOnReplica evaluates every bundled alert rule
// through the plugin binary: its query returns a numeric series; on its
// planted situation's day it fires at some 5-minute evaluation, for the
// planted account, and the query run over exactly the rule's window placed
// at that time fires too; on a clean day it never fires, in either Region.
func TestProvisioningAlertRulesOnReplica(t *testing.T) {
	s := stack(t)
	files, err := provisioning.LoadAlertFiles(repoPath(t, provisioning.AlertingDir))
	if err != nil {
		t.Fatal(err)
	}
	rules := provisioning.AllRules(files)
	if len(rules) < 10 {
		t.Fatalf("%d rules, want at least 10", len(rules))
	}
	dss := replicaDS(t, s)
	clean := cleanDay(s)
	byName := map[string]replica.Planted{}
	for _, p := range s.Planted {
		if p.Version == 2 {
			byName[p.Name] = p
		}
	}
	for _, gr := range rules {
		r := gr.Rule
		if r.Labels["kind"] == "lake-health" {
			continue // no planted incident: TestLakeHealthOnReplica evaluates it
		}
		t.Run(r.UID, func(t *testing.T) {
			start := time.Now()
			name, ok := alertPlanted[r.UID]
			if !ok {
				t.Fatalf("no planted situation is mapped to rule %s", r.UID)
			}
			p, ok := byName[name]
			if !ok {
				t.Fatalf("the replica plants no %s", name)
			}
			chain, err := provisioning.ParseExpressions(r)
			if err != nil {
				t.Fatal(err)
			}
			q, _ := r.Query()
			from, to := q.Window()
			day := p.Day.UTC()
			fired, queries, _ := firingTimes(t, s, dss[p.Region], r, day)
			if len(fired) == 0 {
				t.Fatalf("did not fire on %s (%s, planted in %s %s)", day.Format("2006-01-02"), name, p.Account, p.Region)
			}
			times := make([]time.Time, 0, len(fired))
			for ev := range fired {
				times = append(times, ev)
			}
			slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
			first := times[0]
			// The rule's own window placed on the first firing time.
			series, _ := ruleQuery(t, s, dss[p.Region], q, first.Add(-from), first.Add(-to))
			if len(series) == 0 {
				t.Fatalf("no numeric series in the window at %s", first.Format("15:04"))
			}
			inst := provisioning.Firing(chain.Evaluate(series))
			var accounts []string
			for _, in := range inst {
				accounts = append(accounts, in.Labels["accountid"])
			}
			if !slices.Contains(accounts, p.Account) {
				t.Fatalf("window at %s: firing %v, want account %s", first.Format("15:04"), inst, p.Account)
			}
			// Clean day, both Regions: never fires.
			for _, region := range s.Replica.Regions {
				quiet, n, exact := firingTimes(t, s, dss[region], r, clean)
				queries += n
				if !exact {
					t.Errorf("cannot prove the rule quiet on the clean day %s in %s: its whole-day bound fires", clean.Format("2006-01-02"), region)
				}
				if len(quiet) > 0 {
					t.Errorf("fired on the clean day %s in %s: %v", clean.Format("2006-01-02"), region, quiet)
				}
			}
			cs, _ := ruleQuery(t, s, dss[p.Region], q, clean.Add(first.Sub(day)).Add(-from), clean.Add(first.Sub(day)).Add(-to))
			if f := provisioning.Firing(chain.Evaluate(cs)); len(f) > 0 {
				t.Errorf("fired in the same window on the clean day: %v", f)
			}
			t.Logf("%-48s planted %s %s %s: fires %d×, first at %s (%s); clean %s quiet; %d queries, %s",
				r.Title, day.Format("01-02"), p.Account, p.Region, len(times), first.Format("15:04"), describe(inst),
				clean.Format("01-02"), queries+2, time.Since(start).Round(time.Millisecond))
		})
	}
}

// describe prints firing instances compactly.
func describe(in []provisioning.Instance) string {
	var parts []string
	for _, x := range in {
		var labels []string
		for k, v := range x.Labels {
			if k != "accountid" {
				labels = append(labels, k+"="+v)
			}
		}
		slices.Sort(labels)
		parts = append(parts, fmt.Sprintf("%s %s = %g", x.Labels["accountid"], strings.Join(labels, ","), x.Value))
	}
	return strings.Join(parts, "; ")
}
