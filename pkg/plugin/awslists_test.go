package plugin

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/plugin/plugintest"
)

func decodeOptions(t *testing.T, body string) []listOption {
	t.Helper()
	var out []listOption
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return out
}

func optionNames(opts []listOption) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Name
	}
	return out
}

// The three config lists, through CallResource, the real aws-sdk-go-v2
// client and the emulator: every page is read, the catalog parameter
// reaches ListDatabases, disabled workgroups come last.
func TestResourceConfigLists(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	for i := range 55 {
		srv.AddWorkGroup(athenaemu.WorkGroup{Name: fmt.Sprintf("team_%02d", i)})
	}
	srv.AddWorkGroup(athenaemu.WorkGroup{Name: "old", State: "DISABLED", EngineVersion: "Athena engine version 2"})
	srv.AddDatabase("partner_catalog", "partner_db")
	ds := newTestDatasource(t, srv, nil)

	status, body := callResource(t, ds, "GET", "workgroups", "")
	if status != 200 {
		t.Fatalf("workgroups: %d %s", status, body)
	}
	wgs := decodeOptions(t, body)
	if len(wgs) != 57 || wgs[0].Name != "primary" || wgs[0].Description != athenaemu.EngineVersion3 || wgs[56].Name != "old" || !wgs[56].Disabled {
		t.Fatalf("workgroups = %+v", wgs)
	}
	if n := srv.Count("ListWorkGroups"); n != 2 {
		t.Errorf("ListWorkGroups calls = %d, want 2 pages", n)
	}

	status, body = callResource(t, ds, "GET", "catalogs", "")
	if status != 200 {
		t.Fatalf("catalogs: %d %s", status, body)
	}
	if got := strings.Join(optionNames(decodeOptions(t, body)), ","); got != "AwsDataCatalog,partner_catalog" {
		t.Fatalf("catalogs = %s", got)
	}

	status, body = callResource(t, ds, "GET", "databases", "")
	if got := strings.Join(optionNames(decodeOptions(t, body)), ","); status != 200 || got != "amazon_security_lake_glue_db_us_east_1,default" {
		t.Fatalf("databases: %d %s", status, got)
	}
	status, body = callResource(t, ds, "GET", "databases?catalog=partner_catalog", "")
	if got := strings.Join(optionNames(decodeOptions(t, body)), ","); status != 200 || got != "partner_db" {
		t.Fatalf("databases of partner_catalog: %d %s", status, got)
	}
	calls := srv.CallsTo("ListDatabases")
	if in := calls[len(calls)-1].Input.(*athenasdk.ListDatabasesInput); aws.ToString(in.CatalogName) != "partner_catalog" {
		t.Errorf("ListDatabases catalog = %q", aws.ToString(in.CatalogName))
	}
}

// Errors are classified like the other routes' and never carry a secret.
func TestResourceConfigListErrors(t *testing.T) {
	srv := plugintest.NewLakeServer(t)
	ds := newTestDatasource(t, srv, nil)
	inject(t, srv, athenaemu.Fault{Op: "ListWorkGroups", Action: athenaemu.ActAccessDenied})
	status, body := callResource(t, ds, "GET", "workgroups", "")
	if status != 400 || !strings.Contains(body, "athena:ListWorkGroups") {
		t.Fatalf("access denied: %d %s", status, body)
	}
	inject(t, srv, athenaemu.Fault{Op: "ListDataCatalogs", Action: athenaemu.ActServerError})
	status, body = callResource(t, ds, "GET", "catalogs", "")
	if status != 502 {
		t.Fatalf("server error: %d %s", status, body)
	}
	status, body = callResource(t, ds, "GET", "databases?catalog=nope", "")
	if status != 400 || !strings.Contains(body, "nope") {
		t.Fatalf("unknown catalog: %d %s", status, body)
	}
	status, body = callResource(t, ds, "GET", "databases?catalog="+strings.Repeat("c", 300), "")
	if status != 400 || !strings.Contains(body, "at most 256") {
		t.Fatalf("long catalog: %d %s", status, body)
	}
	for _, secret := range []string{plugintest.FixtureSecretKey, plugintest.FixtureAccessKey} {
		if strings.Contains(body, secret) {
			t.Fatal("a secret reached a route's answer")
		}
	}
	// Invalid settings answer with the validation message, as on every route.
	bad := newTestDatasource(t, srv, map[string]any{"defaultRegion": ""})
	status, body = callResource(t, bad, "GET", "workgroups", "")
	if status != 400 {
		t.Fatalf("invalid settings: %d %s", status, body)
	}
}

func inject(t *testing.T, srv *athenaemu.CannedServer, faults ...athenaemu.Fault) {
	t.Helper()
	if err := srv.Inject(faults...); err != nil {
		t.Fatal(err)
	}
}
