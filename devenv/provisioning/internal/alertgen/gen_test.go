package alertgen

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite provisioning/alerting*/ from the definitions")

// TestGenerated compares the provisioning files with the definitions; with
// -update (run by go generate) it rewrites them.
func TestGenerated(t *testing.T) {
	root := filepath.Join("..", "..", "..", "..")
	for _, f := range Files() {
		path := filepath.Join(root, f.Path)
		want := Render(f)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s differs from the definitions: run go generate ./provisioning/internal/alertgen", f.Path)
		}
	}
}

// Every rule has both windows and a v1 variant unless its source is v2-only.
func TestDefinitions(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Files() {
		for _, g := range f.Groups {
			for _, r := range g.Rules {
				if seen[r.UID+f.Path] {
					t.Errorf("%s twice in %s", r.UID, f.Path)
				}
				seen[r.UID+f.Path] = true
				if r.From <= r.To || r.Reducer == "" || r.Anchor == "" || r.Why == "" {
					t.Errorf("%s: incomplete definition", r.UID)
				}
				if r.V1 == nil && r.V2.Source != "eks_audit" && r.V2.Source != "waf" {
					t.Errorf("%s: no v1 variant", r.UID)
				}
			}
		}
	}
}

// The lake-health rule comes in both versions from one definition, keeps
// the uid it was provisioned with, and reads every source of its version.
func TestHealthRuleBothVersions(t *testing.T) {
	found := map[string]string{}
	for _, f := range Files() {
		for _, g := range f.Groups {
			for _, r := range g.Rules {
				if !r.Health {
					continue
				}
				uid, q := r.UID, r.V2
				if g.Version == 1 {
					uid, q = r.UID+"-v1", *r.V1
				}
				found[uid] = f.Path
				for _, s := range healthSources[g.Version] {
					if !strings.Contains(q.SQL, sprintf("%s@%d", s, g.Version)) {
						t.Errorf("%s does not read %s@%d", uid, s, g.Version)
					}
				}
			}
		}
	}
	if found["seclake-data-stopped"] != "provisioning/alerting/lake-health.yaml" || found["seclake-data-stopped-v1"] != "provisioning/alerting-v1/lake-health-v1.yaml" {
		t.Errorf("lake-health rules in %v", found)
	}
}
