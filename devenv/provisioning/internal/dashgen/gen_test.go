package dashgen

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/pkg/models"
)

var update = flag.Bool("update", false, "rewrite src/dashboards from the definitions")

// TestGenerated keeps src/dashboards equal to the definitions: edit the Go
// definitions and run go -C devenv test ./provisioning/internal/dashgen -update.
// The files are compared as JSON values, not bytes, because the frontend's
// prettier (npm run lint:fix) reformats src/**/*.json; -update runs prettier
// over what it writes when node_modules has it, so the files stay as
// prettier leaves them.
func TestGenerated(t *testing.T) {
	root, err := provisioning.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, provisioning.DashboardsDir)
	want := map[string]bool{}
	var written []string
	for _, d := range All() {
		b, err := Render(d)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, d.File)
		want[d.File] = true
		if *update {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			written = append(written, path)
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var gv, wv any
		if err := json.Unmarshal(got, &gv); err != nil {
			t.Fatalf("%s: %v", d.File, err)
		}
		_ = json.Unmarshal(b, &wv)
		if !reflect.DeepEqual(gv, wv) {
			t.Errorf("%s differs from its definition; run go -C devenv test ./provisioning/internal/dashgen -update", d.File)
		}
	}
	if prettier := filepath.Join(root, "node_modules", ".bin", "prettier"); *update {
		if _, err := os.Stat(prettier); err == nil {
			cmd := exec.Command(prettier, append([]string{"--write"}, written...)...)
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("prettier: %v\n%s", err, out)
			}
		}
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
