package provisioning

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

// root returns the repository root.
func root(t *testing.T) string {
	t.Helper()
	r, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// bundle is everything the repository provisions, loaded once per test.
type bundle struct {
	dashboards  []*Dashboard
	datasources []*DatasourceFile
	providers   []*ProviderFile
	alerts      []*AlertFile
	uids        map[string]bool
}

func load(t *testing.T) bundle {
	t.Helper()
	r := root(t)
	var b bundle
	var err error
	if b.dashboards, err = LoadDashboards(filepath.Join(r, DashboardsDir)); err != nil {
		t.Fatal(err)
	}
	if b.datasources, err = LoadDatasourceFiles(filepath.Join(r, DatasourcesDir)); err != nil {
		t.Fatal(err)
	}
	if b.providers, err = LoadProviderFiles(filepath.Join(r, ProvidersDir)); err != nil {
		t.Fatal(err)
	}
	if b.alerts, err = LoadAlertFiles(filepath.Join(r, AlertingDir)); err != nil {
		t.Fatal(err)
	}
	v1, err := LoadAlertFiles(filepath.Join(r, AlertingV1Dir))
	if err != nil {
		t.Fatal(err)
	}
	b.alerts = append(b.alerts, v1...)
	b.uids = map[string]bool{}
	for _, f := range b.datasources {
		for _, ds := range f.Datasources {
			b.uids[ds.UID] = true
		}
	}
	return b
}

// samples are the variable values the offline checks interpolate with.
var samples = Vars{
	"account": {Values: []string{"123456789012", "210987654321"}, Multi: true},
	"region":  {Values: []string{"us-east-1"}, Multi: true},
	"entity":  {Values: []string{"203.0.113.50"}},
}

func checker(uids map[string]bool) DashboardChecker {
	return DashboardChecker{KnownUIDs: uids, Queries: NewQueryChecker(), Samples: samples}
}

// mustErr fails unless errs holds an error containing want.
func mustErr(t *testing.T, errs []error, want string) {
	t.Helper()
	for _, e := range errs {
		if strings.Contains(e.Error(), want) {
			return
		}
	}
	t.Fatalf("want an error containing %q, got %v", want, errs)
}
