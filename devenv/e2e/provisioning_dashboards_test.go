package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
)

// euOnly are panels whose data the replica plants only in eu-west-1 (the
// planted DNS beacon and the EKS situations): they must have rows there and
// may be empty in us-east-1.
var euOnly = map[string]bool{
	"seclake-dns/Rare domains":                                  true,
	"seclake-dns/NXDOMAIN by source":                            true,
	"seclake-kubernetes/exec / attach / port-forward into pods": true,
	"seclake-kubernetes/Anonymous access":                       true,
}

// investigated are the entity values the Investigation dashboard is run
// with per Region: planted IPs and users (pkg/replica planted_specs.go).
var investigated = map[string][]string{
	"us-east-1": {"203.0.113.50", "admin", "203.0.113.77"},
	"eu-west-1": {"203.0.113.200"},
}

// plantedChecks assert what planted situations show on their panels over
// the whole replica range (region, version "" = any).
var plantedChecks = []struct {
	panel, region, version, entity string
	check                          func(frames []*data.Frame) error
}{
	{"seclake-overview/Root account activity", "us-east-1", "", "", wantSum("events", 3)},
	{"seclake-overview/Critical findings", "us-east-1", "", "", wantSum("findings", 3)},
	{"seclake-identity/Console logins without MFA", "us-east-1", "", "", wantRows(4)},
	{"seclake-identity/Root account activity", "us-east-1", "", "", wantRows(3)},
	{"seclake-network/Port-scan candidates", "us-east-1", "", "", wantRowValue("src_endpoint.ip", "203.0.113.77", "dst_ports", "120")},
	{"seclake-dns/Rare domains", "eu-west-1", "", "", wantRowValue("domain", "kz3vq-cdn.top", "queries", "6")},
	// The background answers NXDOMAIN too (search-domain expansion, WPAD): the planted four are among them.
	{"seclake-dns/NXDOMAIN by source", "eu-west-1", "", "", wantSumAtLeast("nxdomain", 5)},
	{"seclake-kubernetes/Anonymous access", "eu-west-1", "", "", wantRows(5)},
	{"seclake-kubernetes/exec / attach / port-forward into pods", "eu-west-1", "", "", wantRows(2)},
	{"seclake-waf/Blocks by rule", "us-east-1", "", "", wantRowValue("firewall_rule.uid", "AWS-AWSManagedRulesSQLiRuleSet", "blocked", "80")},
	{"seclake-investigation/Events for ${entity} by source", "us-east-1", "", "203.0.113.50", wantSum("cloud_trail_mgmt", 7)},
	{"seclake-investigation/First and last seen per source and class", "us-east-1", "", "203.0.113.77", wantSum("events", 120)},
	{"seclake-investigation/Events for ${entity} by source", "eu-west-1", "", "203.0.113.200", wantSum("eks_audit", 5)},
}

func wantSum(field string, n float64) func([]*data.Frame) error {
	return func(fs []*data.Frame) error {
		if got := sumNumbers(fs, field); got != n {
			return fmt.Errorf("sum of %s = %v, want %v", field, got, n)
		}
		return nil
	}
}

func wantSumAtLeast(field string, n float64) func([]*data.Frame) error {
	return func(fs []*data.Frame) error {
		if got := sumNumbers(fs, field); got < n {
			return fmt.Errorf("sum of %s = %v, want at least %v", field, got, n)
		}
		return nil
	}
}

func wantRows(n int) func([]*data.Frame) error {
	return func(fs []*data.Frame) error {
		got := 0
		for _, f := range fs {
			k, _ := f.RowLen()
			got += k
		}
		if got != n {
			return fmt.Errorf("%d rows, want %d", got, n)
		}
		return nil
	}
}

func wantRowValue(key, val, field, want string) func([]*data.Frame) error {
	return func(fs []*data.Frame) error {
		got, ok := rowWhere(fs, key, val, field)
		if !ok || got != want {
			return fmt.Errorf("row %s=%s: %s = %q (found %v), want %s", key, val, field, got, ok, want)
		}
		return nil
	}
}

// TestProvisioningDashboardsOnReplica runs every panel of every bundled
// dashboard through the plugin binary on the replica, with its variables
// set as the frontend sets them: all replica accounts, each Region (through
// the provisioned replica datasource), both lake versions for panels that
// follow the version variable, and planted IPs and users for Investigation.
// Each response must be error-free and of the panel's shape; each panel must
// return rows (eu-west-1-only data in eu-west-1); planted situations show
// their exact counts.
func TestProvisioningDashboardsOnReplica(t *testing.T) {
	s := stack(t)
	dss := replicaDS(t, s)
	dashboards, err := provisioning.LoadDashboards(repoPath(t, provisioning.DashboardsDir))
	if err != nil {
		t.Fatal(err)
	}
	// The last 15 days hold every planted situation the panels show.
	_, to := s.Range()
	from := to.AddDate(0, 0, -15)
	start := time.Now()
	var (
		mu    sync.Mutex
		total float64
		runs  int
	)
	t.Run("dashboards", func(t *testing.T) {
		for _, d := range dashboards {
			t.Run(d.UID, func(t *testing.T) {
				// Dashboards run side by side, as in a browser: most of a
				// query's time is the plugin waiting for Athena (polling).
				t.Parallel()
				for _, p := range d.AllPanels() {
					if len(p.Targets) == 0 {
						continue
					}
					nonEmpty := map[string]bool{}
					seenFields := map[string]bool{}
					var summary []string
					for _, region := range s.Replica.Regions {
						entities := []string{""}
						if d.UID == "seclake-investigation" {
							entities = investigated[region]
						}
						for _, entity := range entities {
							for _, v := range runVersions(d, p, region) {
								vars := provisioning.VarsFor(d, provisioning.Vars{
									"account": {Values: s.Replica.Accounts, Multi: true},
									"region":  {Values: []string{region}, Multi: true},
									"version": {Values: []string{v}},
									"entity":  {Values: []string{entity}},
								})
								res := run(t, s, dss[region], p.Targets, vars, from, to)
								mu.Lock()
								runs++
								total += res.scanned()
								mu.Unlock()
								label := strings.Trim(fmt.Sprintf("%s v%s %s", region, v, entity), " v")
								if errs := res.errors(); len(errs) > 0 {
									t.Errorf("%q %s: %v", p.Title, label, errs)
									continue
								}
								checkShapes(t, p, res, label)
								n := res.rows()
								for _, f := range res.frames() {
									for _, fld := range f.Fields {
										seenFields[fld.Name] = true
									}
								}
								if n > 0 {
									nonEmpty[region+"/"+v+"/"+entity] = true
								}
								summary = append(summary, fmt.Sprintf("%s: %d rows %s %dms", label, n, fmtBytes(res.scanned()), res.elapsed.Milliseconds()))
								for _, pc := range plantedChecks {
									if pc.panel == key(d, p.Title) && pc.region == region && pc.entity == entity && (pc.version == "" || pc.version == v) {
										if err := pc.check(res.frames()); err != nil {
											t.Errorf("%q %s: planted situation: %v", p.Title, label, err)
										}
									}
								}
							}
						}
					}
					checkNonEmpty(t, d, p, s.Replica.Regions, nonEmpty)
					for _, name := range p.LinkFields() {
						if !seenFields[name] {
							t.Errorf("%q links field %q to Investigation, but no frame has that field", p.Title, name)
						}
					}
					t.Logf("%-48s %s", trimTitle(p.Title), strings.Join(summary, "; "))
				}
			})
		}
	})
	t.Logf("%d panel runs in %s, %s scanned in all", runs, time.Since(start).Round(time.Millisecond), fmtBytes(total))
}

// runVersions are the lake versions a panel runs with in a Region: all of
// them where its data is (us-east-1, or eu-west-1 for the eu-west-1-only
// panels), the newest elsewhere, which is enough to prove the datasource
// of the second Region works.
func runVersions(d *provisioning.Dashboard, p provisioning.Panel, region string) []string {
	vs := panelVersions(d, p.Targets)
	if (region == "us-east-1") != euOnly[key(d, p.Title)] {
		return vs
	}
	return vs[:1]
}

// checkShapes checks each frame against the panel type and that every
// non-empty frame reports the data it scanned.
func checkShapes(t *testing.T, p provisioning.Panel, res result, label string) {
	t.Helper()
	want := expectedKind(p.Type)
	for ref, resp := range res.out {
		for _, f := range resp.Frames {
			n, _ := f.RowLen()
			if n == 0 {
				continue
			}
			if got := FrameKind(f); got != want {
				t.Errorf("%q %s %s: a %s frame for a %s panel", p.Title, label, ref, got, p.Type)
			}
			if want == "timeseries" && (len(f.Fields) < 2 || f.Fields[0].Type() != data.FieldTypeTime) {
				t.Errorf("%q %s %s: time series without a leading time field", p.Title, label, ref)
			}
			// Zero bytes is right when pruning and Parquet statistics skip
			// every file; the statistic must be there.
			if _, ok := DataScanned(f); !ok {
				t.Errorf("%q %s %s: the frame does not report the data scanned", p.Title, label, ref)
			}
		}
	}
}

// checkNonEmpty requires rows for every run in us-east-1 (eu-west-1 for the
// eu-west-1-only panels).
func checkNonEmpty(t *testing.T, d *provisioning.Dashboard, p provisioning.Panel, regions []string, nonEmpty map[string]bool) {
	t.Helper()
	region := "us-east-1"
	if euOnly[key(d, p.Title)] {
		region = "eu-west-1"
	}
	for _, v := range runVersions(d, p, region) {
		entities := []string{""}
		if d.UID == "seclake-investigation" {
			for _, r := range regions {
				for _, e := range investigated[r] {
					if !nonEmpty[r+"/"+v+"/"+e] {
						t.Errorf("%q: no rows for entity %s in %s", p.Title, e, r)
					}
				}
			}
			continue
		}
		for _, e := range entities {
			if !nonEmpty[region+"/"+v+"/"+e] {
				t.Errorf("%q: no rows in %s (version %q)", p.Title, region, v)
			}
		}
	}
}

// TestProvisioningVariablesAndAnnotationsOnReplica runs the dashboards'
// query variables (they must list the replica's accounts and the Region)
// and annotation queries (time and text columns, rows in some Region).
func TestProvisioningVariablesAndAnnotationsOnReplica(t *testing.T) {
	s := stack(t)
	dss := replicaDS(t, s)
	dashboards, err := provisioning.LoadDashboards(repoPath(t, provisioning.DashboardsDir))
	if err != nil {
		t.Fatal(err)
	}
	from, to := s.Range()
	for _, d := range dashboards {
		for _, region := range s.Replica.Regions {
			for _, v := range d.Templating.List {
				if v.Type != "query" {
					continue
				}
				for _, ver := range panelVersions(d, []json.RawMessage{v.Query}) {
					vars := provisioning.VarsFor(d, provisioning.Vars{"version": {Values: []string{ver}}})
					res := run(t, s, dss[region], []json.RawMessage{v.Query}, vars, from, to)
					if errs := res.errors(); len(errs) > 0 {
						t.Fatalf("%s variable %s: %v", d.UID, v.Name, errs)
					}
					got := column(res.frames(), "value")
					want := s.Replica.Accounts
					if v.Name == "region" {
						want = []string{region}
					}
					if !slices.Equal(got, want) {
						t.Errorf("%s variable %s in %s v%s: %v, want %v", d.UID, v.Name, region, ver, got, want)
					}
				}
			}
		}
		for _, a := range d.Annotations.List {
			if a.BuiltIn != 0 {
				continue
			}
			rows := map[string]int{}
			for _, region := range s.Replica.Regions {
				vars := provisioning.VarsFor(d, provisioning.Vars{"account": {Values: s.Replica.Accounts, Multi: true},
					"region": {Values: []string{region}, Multi: true}, "version": {Values: []string{"2"}}})
				res := run(t, s, dss[region], []json.RawMessage{a.Target}, vars, from, to)
				if errs := res.errors(); len(errs) > 0 {
					t.Fatalf("%s annotation %q: %v", d.UID, a.Name, errs)
				}
				for _, f := range res.frames() {
					if tf, _ := f.FieldByName("time"); tf == nil || !tf.Type().Time() {
						t.Errorf("%s annotation %q: no time column", d.UID, a.Name)
					}
					if tx, _ := f.FieldByName("text"); tx == nil {
						t.Errorf("%s annotation %q: no text column", d.UID, a.Name)
					}
				}
				rows[region] = res.rows()
			}
			if rows["us-east-1"]+rows["eu-west-1"] == 0 {
				t.Errorf("%s annotation %q: no events in any Region", d.UID, a.Name)
			}
			t.Logf("%s annotation %q: %s", d.UID, a.Name, strconv.Quote(fmt.Sprint(rows)))
		}
	}
}
