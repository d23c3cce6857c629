package dashgen

import (
	"encoding/json"
	"reflect"

	"flag"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"os"
	"path/filepath"
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/internal/gentest"
)

var update = flag.Bool("update", false, "rewrite src/dashboards from the definitions")

// fix regenerates the dashboards (the go:generate directive in generate.go).
const fix = "go -C devenv generate ./provisioning/internal/dashgen"

// TestGenerated is the drift test of src/dashboards: every file is byte for
// byte what Render writes for its definition, and every file has one. With
// -update (run by go generate) it rewrites them. The files are generated
// output, so prettier leaves them alone (.prettierignore).
func TestGenerated(t *testing.T) {
	root, err := provisioning.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, provisioning.DashboardsDir)
	want := map[string]bool{}
	for _, d := range All() {
		b, err := Render(d)
		if err != nil {
			t.Fatal(err)
		}
		want[d.File] = true
		if *update {
			if err := os.WriteFile(filepath.Join(dir, d.File), b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		gentest.Check(t, filepath.ToSlash(filepath.Join(provisioning.DashboardsDir, d.File)), b, fix)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range files {
		if !want[filepath.Base(f)] {
			t.Errorf("%s has no definition in dashgen", f)
		}
	}
}

// TestRenderRefusesBadDefinitions: a query the plugin would refuse, an
// unknown panel type, a row wider than the grid and a panel without queries
// stop the build instead of writing a broken dashboard.
func TestRenderRefusesBadDefinitions(t *testing.T) {
	ok := Panel{Type: "table", Title: "ok", W: 12, H: 4, Targets: []models.Query{sql(models.FormatTable, "SELECT 1")}}
	for name, p := range map[string]Panel{
		"empty SQL":      {Type: "table", Title: "t", W: 12, H: 4, Targets: []models.Query{sql(models.FormatTable, " ")}},
		"no source":      {Type: "timeseries", Title: "t", W: 12, H: 4, Targets: []models.Query{builder("", models.FormatTimeSeries)}},
		"unknown type":   {Type: "graph", Title: "t", W: 12, H: 4, Targets: ok.Targets},
		"too wide":       {Type: "table", Title: "t", W: 13, H: 4, Targets: ok.Targets},
		"without target": {Type: "table", Title: "t", W: 12, H: 4},
	} {
		d := Dashboard{UID: "x", Title: "x", VarSource: "vpc_flow", Rows: [][]Panel{{ok, p}}}
		if _, err := Render(d); err == nil {
			t.Errorf("%s: rendered", name)
		}
	}
	if _, err := Render(Dashboard{UID: "x", Title: "x", VarSource: "vpc_flow", Rows: [][]Panel{{ok}}}); err != nil {
		t.Fatalf("a valid dashboard: %v", err)
	}
}

// TestRenderedShape checks what Render changes after the SDK's Build: no
// interval settings on our variables, links and annotations without a
// placement, and every target carrying the dashboard's scope.
func TestRenderedShape(t *testing.T) {
	for _, d := range All() {
		b, err := Render(d)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Links       []map[string]any `json:"links"`
			Annotations struct {
				List []map[string]any `json:"list"`
			} `json:"annotations"`
			Templating struct {
				List []map[string]any `json:"list"`
			} `json:"templating"`
			Panels []struct {
				Title   string           `json:"title"`
				Targets []map[string]any `json:"targets"`
			} `json:"panels"`
		}
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		for _, v := range out.Templating.List {
			if _, has := v["auto"]; has {
				t.Errorf("%s: variable %v has auto", d.File, v["name"])
			}
		}
		for _, l := range append(out.Links, out.Annotations.List...) {
			if _, has := l["placement"]; has {
				t.Errorf("%s: %v has a placement", d.File, l["title"])
			}
		}
		for _, p := range out.Panels {
			for _, q := range p.Targets {
				if !reflect.DeepEqual(q["accounts"], []any{"$account"}) || !reflect.DeepEqual(q["regions"], []any{"$region"}) ||
					!reflect.DeepEqual(q["datasource"], map[string]any{"type": provisioning.PluginID, "uid": "${datasource}"}) {
					t.Errorf("%s / %s: target %v is not scoped", d.File, p.Title, q["refId"])
				}
			}
		}
	}
}
