package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/devenv/replica"
)

// contentCase is one profile's datasource as a user configures it for that
// lake, and what the lake holds.
type contentCase struct {
	ds grafanahost.DS
	// regions are the region variable's values: the lake Regions.
	regions []string
	// present are the "source@version" the lake holds (profileViews).
	present []string
	// missing: the lake lacks some of the version 2 sources.
	missing bool
}

// profileContent builds the datasource of a profile: pins on the
// subscriber lake, lakeRegions and rollupRegion on the rollup lake,
// lakeRegions and regionEndpoints on the regions lake.
func profileContent(t *testing.T, name string) (contentCase, *ProfileStack) {
	t.Helper()
	endpoints, servers, p := ServeProfile(t, name)
	ps := &ProfileStack{Profile: p, Endpoints: endpoints, Servers: servers}
	view := profileViews[name][0]
	c := contentCase{regions: []string{"us-east-1"}, present: view.sources, missing: name != "full"}
	extra := view.extra
	switch name {
	case "rollup":
		c.regions = replica.ProfileRegions
		extra = map[string]any{"lakeRegions": replica.ProfileRegions, "rollupRegion": replica.ProfileRegions[0]}
	case "regions":
		c.regions = replica.ProfileRegions
		extra = map[string]any{"lakeRegions": replica.ProfileRegions, "regionEndpoints": endpoints}
	}
	c.ds = ProfileDS(endpoints, name, "us-east-1", extra)
	return c, ps
}

// TestProfilesContent runs every bundled dashboard panel (both lake
// versions where the dashboard has the version variable), dashboard
// variable, annotation and alert rule query through the plugin binary on
// every lake profile but full (see below), configured as a user would for that lake: 0 in
// Error; on a lake without some sources, panels and rules over them answer
// with a "not enabled in this lake" notice and rules over present ones run;
// and no query ever named a table the lake lacks (Trino would have failed
// it: the profiles hold only their own tables). It runs over the profiles'
// last 7 days so it stays cheap.
func TestProfilesContent(t *testing.T) {
	s := stack(t)
	dashboards, err := provisioning.LoadDashboards(repoPath(t, provisioning.DashboardsDir))
	if err != nil {
		t.Fatal(err)
	}
	files, err := provisioning.LoadAlertFiles(repoPath(t, provisioning.AlertingDir))
	if err != nil {
		t.Fatal(err)
	}
	// The version 1 variants too: a lake provisions the directory of its
	// version, but a rule of the other version must still never be in Error.
	v1, err := provisioning.LoadAlertFiles(repoPath(t, provisioning.AlertingV1Dir))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, v1...)
	for _, name := range replica.ProfileNames {
		if name == "full" {
			// The full lake is the shared replica's: TestProvisioningDashboardsOnReplica,
			// TestProvisioningVariablesAndAnnotationsOnReplica and
			// TestProvisioningAlertRulesOnReplica run all of this on it over 30 days and both Regions.
			continue
		}
		t.Run(name, func(t *testing.T) {
			// The profiles are apart (own catalogs, endpoints and
			// datasources); in parallel the test takes about its
			// slowest profile's time rather than the sum.
			t.Parallel()
			start := time.Now()
			c, ps := profileContent(t, name)
			checkLakeContent(t, s, c, dashboards, files)
			if name == "minimal" {
				checkNotFoundControl(t, s, c)
			}
			for r, srv := range ps.Servers {
				n := len(srv.CallsTo("StartQueryExecution"))
				switch {
				case name == "rollup" && r != "us-east-1" && n > 0:
					t.Errorf("rollup: %s's endpoint ran %d queries, want none (the rollup Region answers)", r, n)
				case (name != "rollup" || r == "us-east-1") && n == 0:
					t.Errorf("%s: %s's endpoint ran no query", name, r)
				}
			}
			t.Logf("%s: content checked in %s", name, time.Since(start).Round(time.Millisecond))
		})
	}
}

// checkLakeContent runs the bundled content on c and asserts it.
func checkLakeContent(t *testing.T, s *Stack, c contentCase, dashboards []*provisioning.Dashboard, files []*provisioning.AlertFile) {
	t.Helper()
	_, to := s.Range()
	from := to.AddDate(0, 0, -replica.ProfileDays)
	missing := c.missing
	var runs, notEnabled, withRows int
	for _, d := range dashboards {
		versions := []string{"2"}
		if slices.ContainsFunc(d.Templating.List, func(v provisioning.Variable) bool { return v.Name == "version" }) {
			versions = []string{"2", "1"}
		}
		for _, p := range d.AllPanels() {
			if len(p.Targets) == 0 {
				continue
			}
			for _, v := range versions {
				vars := provisioning.VarsFor(d, provisioning.Vars{
					"account": {Values: s.Replica.Accounts, Multi: true},
					"region":  {Values: c.regions, Multi: true},
					"version": {Values: []string{v}},
					"entity":  {Values: []string{investigated["us-east-1"][0]}},
				})
				res := run(t, s, c.ds, p.Targets, vars, from, to)
				runs++
				if errs := res.errors(); len(errs) > 0 {
					t.Errorf("%s v%s: in Error: %v", key(d, p.Title), v, errs)
					continue
				}
				if res.rows() > 0 {
					withRows++
				}
				if hasNotice(res, "not enabled in this lake") {
					notEnabled++
				}
			}
		}
		for _, v := range d.Templating.List {
			if v.Type != "query" {
				continue
			}
			for _, ver := range versions {
				vars := provisioning.VarsFor(d, provisioning.Vars{"version": {Values: []string{ver}}, "region": {Values: c.regions, Multi: true}})
				if errs := run(t, s, c.ds, []json.RawMessage{v.Query}, vars, from, to).errors(); len(errs) > 0 {
					t.Errorf("%s variable %s v%s: %v", d.UID, v.Name, ver, errs)
				}
			}
		}
		for _, a := range d.Annotations.List {
			if a.BuiltIn != 0 {
				continue
			}
			vars := provisioning.VarsFor(d, provisioning.Vars{"account": {Values: s.Replica.Accounts, Multi: true},
				"region": {Values: c.regions, Multi: true}, "version": {Values: []string{"2"}}})
			if errs := run(t, s, c.ds, []json.RawMessage{a.Target}, vars, from, to).errors(); len(errs) > 0 {
				t.Errorf("%s annotation %q: %v", d.UID, a.Name, errs)
			}
		}
	}
	if withRows == 0 || missing && notEnabled == 0 {
		t.Errorf("%d panel runs: %d with a not-enabled notice, %d with rows (lake lacks sources: %v)", runs, notEnabled, withRows, missing)
	}
	ok, skipped := checkRules(t, s, c, files, to)
	hasV2 := slices.ContainsFunc(c.present, func(src string) bool { return strings.HasSuffix(src, "@2") })
	if hasV2 && ok == 0 || missing && skipped == 0 {
		t.Errorf("rules: %d ran, %d skipped with a notice", ok, skipped)
	}
	t.Logf("%d panel runs, 0 in error, %d with rows, %d with a not-enabled notice; rules %d ran, %d skipped with a notice",
		runs, withRows, notEnabled, ok, skipped)
}

// checkRules evaluates every alert rule's query as Grafana does (the
// FromAlert header set) and checks none is in Error.
func checkRules(t *testing.T, s *Stack, c contentCase, files []*provisioning.AlertFile, to time.Time) (ok, skipped int) {
	t.Helper()
	ctx := grafanahost.ContextWithHeaders(t.Context(), map[string]string{"FromAlert": "true"})
	for _, gr := range provisioning.AllRules(files) {
		q, found := gr.Rule.Query()
		if !found {
			continue
		}
		model, err := q.ModelJSON()
		if err != nil {
			t.Fatal(err)
		}
		window, _ := q.Window()
		out, err := s.Host.QueryData(ctx, c.ds, grafanahost.Query{RefID: q.RefID, JSON: model,
			From: to.Add(-window), To: to, Interval: evalStep, MaxDataPoints: 43200})
		if err != nil {
			t.Fatal(err)
		}
		res := result{out: out}
		if errs := res.errors(); len(errs) > 0 {
			t.Errorf("rule %s in Error: %v", gr.Rule.UID, errs)
			continue
		}
		sql, _ := q.Model["rawSql"].(string)
		union := strings.Contains(sql, "$__union(")
		// A rule reads the version its source references name (version 2
		// unless they name @1: the v2 rules pin @2, the v1 variants @1).
		ver := "@2"
		if src, _ := q.Model["source"].(string); strings.HasSuffix(src, "@1") || strings.Contains(sql, "@1") {
			ver = "@1"
		}
		absent := !union && !slices.Contains(c.present, ruleSource(q.Model)+ver)
		switch {
		case union && unionMissing(sql, c.present) && !hasNotice(res, "Left out, not enabled in this lake") && !hasNotice(res, "Not enabled in this lake"):
			// A union over every source (lake health): the absent ones are
			// named (all of them on a lake without version 2).
			t.Errorf("rule %s: no notice naming the absent sources", gr.Rule.UID)
		case union && slices.ContainsFunc(c.present, func(src string) bool { return strings.HasSuffix(src, ver) }) && res.rows() == 0:
			t.Errorf("rule %s: no rows from the present sources", gr.Rule.UID)
		case absent && !hasNotice(res, "not enabled in this lake"):
			t.Errorf("rule %s reads an absent source without a not-enabled notice", gr.Rule.UID)
		case absent:
			skipped++
		default:
			ok++
		}
	}
	return ok, skipped
}

// checkNotFoundControl: the minimal lake really lacks Security Hub, and a
// query without the optional form still fails on it.
func checkNotFoundControl(t *testing.T, s *Stack, c contentCase) {
	t.Helper()
	from, to := s.Range()
	ctl := run(t, s, c.ds, []json.RawMessage{json.RawMessage(`{"refId":"A","mode":"sql","format":"table",
		"rawSql":"SELECT count(*) FROM $__table(sh_findings@2) WHERE $__partitionFilter"}`)}, nil, from, to)
	if errs := ctl.errors(); len(errs) != 1 || !strings.Contains(errs[0], "Security Hub findings") {
		t.Errorf("plain $__table(sh_findings@2) on the minimal lake: errors %v, want the not-found error", errs)
	}
}

// unionMissing reports whether a $__union names a source@version the lake
// does not hold (a reference without a version counts as version 2).
func unionMissing(sql string, present []string) bool {
	_, rest, ok := strings.Cut(sql, "$__union(")
	if !ok {
		return false
	}
	args, _, _ := strings.Cut(rest, "(")
	for _, a := range strings.Split(args, ",") {
		ref := strings.TrimSpace(a)
		if ref == "" {
			continue
		}
		if !strings.Contains(ref, "@") {
			ref += "@2"
		}
		if !slices.Contains(present, ref) {
			return true
		}
	}
	return false
}
