package dashgen

import (
	"flag"
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
