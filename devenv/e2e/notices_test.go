package e2e

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/athenalocal"
	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// minimalSources are the five v2 sources of the common deployment's lake
// (CloudTrail management, Lambda, Route 53, VPC Flow, WAF).
var minimalSources = []string{"cloud_trail_mgmt_2_0", "lambda_execution_2_0", "route53_2_0", "vpc_flow_2_0", "waf_2_0"}

// partialEngine is the replica's Trino engine seen through a Glue catalog
// that lists only some lake tables, as on a lake where the other sources
// are not enabled: listings leave the rest out, and a query that names one
// of them fails as Athena fails it (the table does not exist). It records
// every query so a test can prove none touched a hidden table.
//
// Until the replica has a real `minimal` profile (its own seeded lake),
// this is how the e2e tier builds a five-source lake from the full one.
type partialEngine struct {
	*athenalocal.Engine
	keep func(table string) bool

	mu   sync.Mutex
	sqls []string
}

// lakeTablePrefix starts every Security Lake AWS and custom table name.
const lakeTablePrefix = "amazon_security_lake_table_"

// hidden reports a lake table the partial catalog leaves out.
func (p *partialEngine) hidden(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, lakeTablePrefix) && !p.keep(n)
}

func (p *partialEngine) ListTables(ctx context.Context, catalog, db, name string) ([]athenaemu.TableRef, *wire.Error) {
	refs, err := p.Engine.ListTables(ctx, catalog, db, name)
	return slices.DeleteFunc(refs, func(r athenaemu.TableRef) bool { return p.hidden(r.Name) }), err
}

func (p *partialEngine) StartQuery(q *athenaemu.Query) athenaemu.Job {
	p.mu.Lock()
	p.sqls = append(p.sqls, q.SQL)
	p.mu.Unlock()
	for _, tok := range strings.FieldsFunc(strings.ToLower(q.SQL), func(r rune) bool {
		return !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if p.hidden(tok) {
			return failedJob{reason: "TABLE_NOT_FOUND: Table " + tok + " does not exist"}
		}
	}
	return p.Engine.StartQuery(q)
}

// touched lists the recorded queries that name a hidden table.
func (p *partialEngine) touched() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, s := range p.sqls {
		for _, tok := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}) {
			if p.hidden(tok) {
				out = append(out, tok)
			}
		}
	}
	return out
}

// failedJob is a query Athena refused.
type failedJob struct{ reason string }

func (j failedJob) Status(bool) athenaemu.Status {
	return athenaemu.Status{State: "FAILED", Reason: j.reason, Ended: time.Now()}
}
func (failedJob) Cancel() {}

// startPartialLake serves the replica through a partialEngine that keeps
// the lake tables whose names end with one of suffixes, and returns the
// engine and the provisioned replica datasource of region pointed at it.
func startPartialLake(t *testing.T, s *Stack, region string, suffixes []string) (*partialEngine, grafanahost.DS) {
	t.Helper()
	eng, err := athenalocal.NewEngine(athenalocal.Options{TrinoURL: TrinoURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	pe := &partialEngine{Engine: eng, keep: func(n string) bool {
		return slices.ContainsFunc(suffixes, func(sfx string) bool { return strings.HasSuffix(n, sfx) })
	}}
	var wgs []athenaemu.WorkGroup
	for _, name := range []string{"primary", "grafana"} {
		wgs = append(wgs, athenaemu.WorkGroup{Name: name, OutputLocation: "s3://athena-local-query-results/"})
	}
	srv, err := athenaemu.New(athenaemu.Options{Engine: pe, Name: "athena-local-partial", WorkGroups: wgs})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	ds, err := s.ProvisionedDS(region)
	if err != nil {
		t.Fatal(err)
	}
	js, ok := ds.JSONData.(map[string]any)
	if !ok {
		t.Fatalf("the provisioned datasource's jsonData is a %T", ds.JSONData)
	}
	js["endpoint"] = hs.URL
	return pe, ds
}

// TestMinimalLakeContent runs every bundled panel (both lake versions),
// dashboard variable, annotation and alert rule query through the plugin
// binary against a lake with only the five sources of minimalSources: 0 in
// Error; panels and rules whose sources are all absent answer no rows with
// a "not enabled in this lake" notice; panels over present sources still
// have rows; and no query ever named an absent table.
func TestMinimalLakeContent(t *testing.T) {
	s := stack(t)
	const region = "us-east-1"
	pe, ds := startPartialLake(t, s, region, minimalSources)
	dashboards, err := provisioning.LoadDashboards(repoPath(t, provisioning.DashboardsDir))
	if err != nil {
		t.Fatal(err)
	}
	_, to := s.Range()
	from := to.AddDate(0, 0, -15)
	var runs, notEnabled, withRows int
	for _, d := range dashboards {
		for _, p := range d.AllPanels() {
			if len(p.Targets) == 0 {
				continue
			}
			entities := []string{""}
			if d.UID == "seclake-investigation" {
				entities = investigated[region]
			}
			for _, v := range []string{"2", "1"} {
				for _, entity := range entities {
					vars := provisioning.VarsFor(d, provisioning.Vars{
						"account": {Values: s.Replica.Accounts, Multi: true},
						"region":  {Values: []string{region}, Multi: true},
						"version": {Values: []string{v}},
						"entity":  {Values: []string{entity}},
					})
					res := run(t, s, ds, p.Targets, vars, from, to)
					runs++
					if errs := res.errors(); len(errs) > 0 {
						t.Errorf("%s v%s: in Error on the five-source lake: %v", key(d, p.Title), v, errs)
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
		}
		for _, v := range d.Templating.List {
			if v.Type != "query" {
				continue
			}
			vars := provisioning.VarsFor(d, provisioning.Vars{"version": {Values: []string{"2"}}})
			if errs := run(t, s, ds, []json.RawMessage{v.Query}, vars, from, to).errors(); len(errs) > 0 {
				t.Errorf("%s variable %s: %v", d.UID, v.Name, errs)
			}
		}
		for _, a := range d.Annotations.List {
			if a.BuiltIn != 0 {
				continue
			}
			vars := provisioning.VarsFor(d, provisioning.Vars{"account": {Values: s.Replica.Accounts, Multi: true},
				"region": {Values: []string{region}, Multi: true}, "version": {Values: []string{"2"}}})
			if errs := run(t, s, ds, []json.RawMessage{a.Target}, vars, from, to).errors(); len(errs) > 0 {
				t.Errorf("%s annotation %q: %v", d.UID, a.Name, errs)
			}
		}
	}
	// Absent sources (Security Hub, EKS, S3 data, every v1 table) must have
	// produced notices; present ones rows.
	if notEnabled == 0 || withRows == 0 {
		t.Errorf("%d panel runs: %d with a not-enabled notice, %d with rows; want some of each", runs, notEnabled, withRows)
	}

	files, err := provisioning.LoadAlertFiles(repoPath(t, provisioning.AlertingDir))
	if err != nil {
		t.Fatal(err)
	}
	rulesOK, rulesSkipped := 0, 0
	for _, gr := range provisioning.AllRules(files) {
		q, ok := gr.Rule.Query()
		if !ok {
			continue
		}
		model, err := q.ModelJSON()
		if err != nil {
			t.Fatal(err)
		}
		window, _ := q.Window()
		out, err := s.Host.QueryData(t.Context(), ds, grafanahost.Query{RefID: q.RefID, JSON: model,
			From: to.Add(-window), To: to, Interval: evalStep, MaxDataPoints: 43200})
		if err != nil {
			t.Fatal(err)
		}
		res := result{out: out}
		if errs := res.errors(); len(errs) > 0 {
			t.Errorf("rule %s in Error on the five-source lake: %v", gr.Rule.UID, errs)
			continue
		}
		sql, _ := q.Model["rawSql"].(string)
		union := strings.Contains(sql, "$__union(")
		absent := !union && !slices.ContainsFunc(minimalSources, func(sfx string) bool {
			return strings.TrimSuffix(sfx, "_2_0") == ruleSource(q.Model)
		})
		switch {
		case union && (res.rows() == 0 || !hasNotice(res, "Left out, not enabled in this lake")):
			// A union over every source (lake health): the present ones
			// answer, the absent ones are named.
			t.Errorf("rule %s: %d rows, want rows and a notice naming the absent sources", gr.Rule.UID, res.rows())
		case absent && !hasNotice(res, "not enabled in this lake"):
			t.Errorf("rule %s reads an absent source without a not-enabled notice", gr.Rule.UID)
		case absent:
			rulesSkipped++
		default:
			rulesOK++
		}
	}
	if rulesSkipped == 0 || rulesOK == 0 {
		t.Errorf("rules: %d ran, %d skipped with a notice; want some of each", rulesOK, rulesSkipped)
	}
	if bad := pe.touched(); len(bad) > 0 {
		t.Errorf("queries named absent tables: %v", bad)
	}
	// Control: the lake really lacks Security Hub, and a query without the
	// optional form still fails on it.
	ctl := run(t, s, ds, []json.RawMessage{json.RawMessage(`{"refId":"A","mode":"sql","format":"table",
		"rawSql":"SELECT count(*) FROM $__table(sh_findings@2) WHERE $__partitionFilter"}`)}, nil, from, to)
	if errs := ctl.errors(); len(errs) != 1 || !strings.Contains(errs[0], "Security Hub findings") {
		t.Errorf("plain $__table(sh_findings@2) on the five-source lake: errors %v, want the not-found error", errs)
	}
	t.Logf("five-source lake: %d panel runs, 0 in error, %d with rows, %d with a not-enabled notice; rules %d ran, %d skipped with a notice",
		runs, withRows, notEnabled, rulesOK, rulesSkipped)
}

// ruleSource is the source a rule's model reads: its builder source, or
// the argument of its $__optionalTable / $__table.
func ruleSource(model map[string]any) string {
	if s, _ := model["source"].(string); s != "" {
		src, _, _ := strings.Cut(s, "@")
		return src
	}
	sql, _ := model["rawSql"].(string)
	for _, m := range []string{"$__optionalTable(", "$__table("} {
		if _, rest, ok := strings.Cut(sql, m); ok {
			src, _, _ := strings.Cut(rest, ")")
			src, _, _ = strings.Cut(src, "@")
			return strings.TrimSpace(src)
		}
	}
	return ""
}

// hasNotice reports a frame notice containing text.
func hasNotice(r result, text string) bool {
	for _, f := range r.frames() {
		if f.Meta == nil {
			continue
		}
		for _, n := range f.Meta.Notices {
			if strings.Contains(n.Text, text) {
				return true
			}
		}
	}
	return false
}
