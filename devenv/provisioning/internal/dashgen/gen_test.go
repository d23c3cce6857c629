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
