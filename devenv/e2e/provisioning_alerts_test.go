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
// make it fire (devenv/replica planted_specs.go, planted_changes.go); a
// rule's v1 variant ("-v1") fires on the situation's version 1 twin.
var alertPlanted = map[string]string{
	"seclake-root-account-use":         "root_account_use",
	"seclake-console-login-no-mfa":     "console_login_without_mfa",
	"seclake-console-login-failures":   "console_login_failure_burst",
	"seclake-unauthorized-api-burst":   "unauthorized_api_burst",
	"seclake-iam-policy-change":        "iam_policy_change",
	"seclake-cloudtrail-tampering":     "cloudtrail_tampering",
	"seclake-s3-bucket-exposure":       "s3_bucket_exposure",
	"seclake-kms-key-deletion":         "kms_key_deletion",
	"seclake-security-lake-change":     "security_lake_change",
	"seclake-network-perimeter-change": "network_perimeter_change",
	"seclake-rejected-flow-spike":      "rejected_flow_spike",
	"seclake-port-scan":                "port_scan",
	"seclake-critical-finding":         "critical_findings",
	"seclake-guardduty-threat":         "critical_findings",
	"seclake-eks-pod-exec":             "eks_pod_exec",
	"seclake-eks-anonymous-access":     "eks_anonymous_access",
	"seclake-waf-blocked-spike":        "waf_sqli_blocks",
}

// cleanDays is how many consecutive days without planted situations every
// rule must stay quiet on.
const cleanDays = 7

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

// firingTimes evaluates a rule at every 5-minute evaluation time in
// [from, to). The rules' reducers compose over buckets (sum of 5-minute
// counts, max of 10-minute distinct counts), so one query over the whole
// span is swept: at evaluation time t the window is [t-From, t-To) of the
// relativeTimeRange, To being the delivery-lag offset. Sums of 5-minute
// buckets over windows of whole 5-minute steps are exact; a 10-minute
// distinct count of the whole span bounds the same bucket cut by a window
// edge from above, so a quiet sweep proves every evaluation quiet (and a
// firing one is checked again with the exact window by the caller).
func firingTimes(t *testing.T, s *Stack, ds grafanahost.DS, r provisioning.Rule, from, to time.Time) map[time.Time][]provisioning.Instance {
	t.Helper()
	chain, err := provisioning.ParseExpressions(r)
	if err != nil {
		t.Fatal(err)
	}
	if red := chain.Reduce.Reducer; red != "sum" && red != "max" {
		t.Fatalf("reducer %s cannot be swept over buckets", red)
	}
	q, _ := r.Query()
	back, offset := q.Window()
	series, _ := ruleQuery(t, s, ds, q, from.Add(-back), to)
	// Evaluating at t over [t-back, t-offset) is evaluating at t-offset
	// over a window of back-offset.
	swept := chain.Sweep(series, from.Add(evalStep-offset), to.Add(-offset), evalStep, back-offset)
	out := map[time.Time][]provisioning.Instance{}
	for ev, in := range swept {
		out[ev.Add(offset)] = in
	}
	return out
}

// cleanSpan is the latest run of cleanDays consecutive generated days on
// which nothing is planted (neither the days before it, whose events a
// window could reach, nor the anchor day).
func cleanSpan(t *testing.T, s *Stack) (time.Time, time.Time) {
	planted := map[time.Time]bool{}
	for _, p := range s.Planted {
		planted[p.Day.UTC()] = true
	}
	days := s.Replica.DayList()
	run := 0
	for i := len(days) - 2; i >= 1; i-- {
		if planted[days[i]] || planted[days[i-1]] {
			run = 0
			continue
		}
		if run++; run == cleanDays {
			return days[i], days[i].Add(cleanDays * 24 * time.Hour)
		}
	}
	t.Fatalf("the replica has no %d clean days in a row", cleanDays)
	return time.Time{}, time.Time{}
}

// TestProvisioningAlertRulesOnReplica evaluates every bundled alert rule,
// lake version 2 (provisioning/alerting) and version 1
// (provisioning/alerting-v1), through the plugin binary: on its planted
// situation's day it fires at some 5-minute evaluation, for the planted
// account, and the query run over exactly the rule's window at that time
// fires too; over cleanDays days of realistic background without planted
// situations it never fires, in either Region. It logs the time and bytes
// scanned of that one evaluation (docs/alerting.md quotes them).
func TestProvisioningAlertRulesOnReplica(t *testing.T) {
	s := stack(t)
	var rules []provisioning.GroupRule
	for _, dir := range []string{provisioning.AlertingDir, provisioning.AlertingV1Dir} {
		files, err := provisioning.LoadAlertFiles(repoPath(t, dir))
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, provisioning.AllRules(files)...)
	}
	if len(rules) < 2*len(alertPlanted)-6 {
		t.Fatalf("%d rules, want every rule of alertPlanted and a v1 variant of the v1 sources' rules", len(rules))
	}
	dss := replicaDS(t, s)
	cleanFrom, cleanTo := cleanSpan(t, s)
	byName := map[string]replica.Planted{}
	for _, p := range s.Planted {
		byName[fmt.Sprintf("%s@%d", p.Name, p.Version)] = p
	}
	for _, gr := range rules {
		r := gr.Rule
		if r.Labels["kind"] == "lake-health" {
			continue // no planted incident: TestLakeHealthOnReplica evaluates it
		}
		t.Run(r.UID, func(t *testing.T) {
			start := time.Now()
			base, version := strings.TrimSuffix(r.UID, "-v1"), 2
			if base != r.UID {
				version = 1
			}
			name, ok := alertPlanted[base]
			if !ok {
				t.Fatalf("no planted situation is mapped to rule %s", r.UID)
			}
			p, ok := byName[fmt.Sprintf("%s@%d", name, version)]
			if !ok {
				t.Fatalf("the replica plants no %s in version %d", name, version)
			}
			chain, err := provisioning.ParseExpressions(r)
			if err != nil {
				t.Fatal(err)
			}
			q, _ := r.Query()
			back, offset := q.Window()
			day := p.Day.UTC()
			fired := firingTimes(t, s, dss[p.Region], r, day, day.Add(24*time.Hour))
			if len(fired) == 0 {
				t.Fatalf("did not fire on %s (%s v%d, planted in %s %s)", day.Format("2006-01-02"), name, version, p.Account, p.Region)
			}
			times := make([]time.Time, 0, len(fired))
			for ev := range fired {
				times = append(times, ev)
			}
			slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
			first := times[0]
			// The rule's own window placed on the first firing time: one
			// evaluation as Grafana runs it.
			series, one := ruleQuery(t, s, dss[p.Region], q, first.Add(-back), first.Add(-offset))
			inst := provisioning.Firing(chain.Evaluate(series))
			var accounts []string
			for _, in := range inst {
				accounts = append(accounts, in.Labels["accountid"])
			}
			if !slices.Contains(accounts, p.Account) {
				t.Fatalf("window at %s: firing %v, want account %s", first.Format("15:04"), inst, p.Account)
			}
			// Clean days, both Regions: never fires.
			for _, region := range s.Replica.Regions {
				if quiet := firingTimes(t, s, dss[region], r, cleanFrom, cleanTo); len(quiet) > 0 {
					var at []string
					for ev, in := range quiet {
						at = append(at, ev.Format("01-02 15:04")+" "+describe(in))
					}
					slices.Sort(at)
					t.Errorf("fired %d times on the clean days %s..%s in %s, first: %v", len(quiet), cleanFrom.Format("01-02"),
						cleanTo.Format("01-02"), region, at[:min(3, len(at))])
				}
			}
			t.Logf("%-52s planted %s %s %s: fires %d×, first at %s (%s); quiet %s..%s; one evaluation %s, %.0f bytes scanned; %s",
				r.Title, day.Format("01-02"), p.Account, p.Region, len(times), first.Format("15:04"), describe(inst),
				cleanFrom.Format("01-02"), cleanTo.Add(-time.Hour).Format("01-02"), one.elapsed.Round(time.Millisecond), one.scanned(),
				time.Since(start).Round(time.Millisecond))
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
