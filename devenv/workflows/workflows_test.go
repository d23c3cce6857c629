package workflows

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const root = "../.."

type step struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

type workflow struct {
	Name        string            `yaml:"name"`
	On          yaml.Node         `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		RunsOn string `yaml:"runs-on"`
		Steps  []step `yaml:"steps"`
	} `yaml:"jobs"`
}

func load(t *testing.T, name string) workflow {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, ".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(raw, &w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if w.Name == "" || len(w.Jobs) == 0 || w.On.Kind == 0 {
		t.Fatalf("%s: needs a name, triggers and jobs", name)
	}
	return w
}

func steps(w workflow) []step {
	var out []step
	for _, j := range w.Jobs {
		out = append(out, j.Steps...)
	}
	return out
}

var (
	scriptRef = regexp.MustCompile(`(?:^|[\s"'])((?:\.ci|scripts)/[\w./-]+)`)
	npmRun    = regexp.MustCompile(`npm run (?:--silent )?([\w:-]+)`)
	pinned    = regexp.MustCompile(`^[\w.-]+/[\w./-]+@v\d+(\.\d+)*$`)
)

// TestWorkflowsCallWhatExists: every script, npm script, action and file a
// workflow names exists or is pinned.
func TestWorkflowsCallWhatExists(t *testing.T) {
	var pkg struct {
		Scripts map[string]string `json:"scripts"`
	}
	raw, err := os.ReadFile(filepath.Join(root, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ci.yml", "release.yml"} {
		for _, s := range steps(load(t, name)) {
			if s.Uses != "" && !pinned.MatchString(s.Uses) {
				t.Errorf("%s: action %q is not pinned to a version tag", name, s.Uses)
			}
			if s.Uses == "" && s.Run == "" {
				t.Errorf("%s: step %q neither uses an action nor runs a command", name, s.Name)
			}
			for _, m := range scriptRef.FindAllStringSubmatch(s.Run, -1) {
				if _, err := os.Stat(filepath.Join(root, m[1])); err != nil {
					t.Errorf("%s: step %q runs %s, which does not exist", name, s.Name, m[1])
				}
			}
			for _, m := range npmRun.FindAllStringSubmatch(s.Run, -1) {
				if _, ok := pkg.Scripts[m[1]]; !ok {
					t.Errorf("%s: step %q runs npm script %q, which package.json lacks", name, s.Name, m[1])
				}
			}
			for k, v := range s.With {
				if strings.HasSuffix(k, "-file") {
					if _, err := os.Stat(filepath.Join(root, v)); err != nil {
						t.Errorf("%s: %s: %s does not exist", name, k, v)
					}
				}
			}
			for k, v := range s.Env {
				if strings.Contains(k, "TOKEN") && !strings.HasPrefix(v, "${{ secrets.") && v != "${{ github.token }}" {
					t.Errorf("%s: %s must come from a secret, not %q", name, k, v)
				}
			}
		}
	}
}

// TestCIRunsTheREADMETestCommand: the CI workflow runs the command the
// README names for "Run every test" (through .ci/run).
func TestCIRunsTheREADMETestCommand(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?m)^\\|[^|\\n]*Run every test[^|\\n]*\\|\\s*`([^`]+)`").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no \"Run every test\" row with a command")
	}
	command := string(m[1])
	ciRun, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ciRun), "exec bash "+command) {
		t.Fatalf(".ci/run does not run the README's test command %q", command)
	}
	found := false
	for _, s := range steps(load(t, "ci.yml")) {
		found = found || strings.Contains(s.Run, ".ci/run") || strings.Contains(s.Run, command)
	}
	if !found {
		t.Fatalf("ci.yml runs neither .ci/run nor %s", command)
	}
}

// TestReleaseWorkflow: on a version tag, scripts/release.sh (which packs,
// checksums and runs checkplugin) with the signing token from a secret, then
// the zip and both checksums attached to a release.
func TestReleaseWorkflow(t *testing.T) {
	w := load(t, "release.yml")
	var on struct {
		Push struct {
			Tags []string `yaml:"tags"`
		} `yaml:"push"`
	}
	if err := w.On.Decode(&on); err != nil || len(on.Push.Tags) == 0 || !strings.HasPrefix(on.Push.Tags[0], "v") {
		t.Fatalf("release.yml must run on v* tags: %v %+v", err, on)
	}
	if w.Permissions["contents"] != "write" {
		t.Error("release.yml needs contents: write to attach release assets")
	}
	var build, upload *step
	all := steps(w)
	for i := range all {
		s := &all[i]
		if strings.Contains(s.Run, "bash scripts/release.sh") {
			build = s
		}
		if strings.Contains(s.Run, "gh release") {
			upload = s
		}
	}
	if build == nil {
		t.Fatal("release.yml does not run scripts/release.sh")
	}
	if build.Env["GRAFANA_ACCESS_POLICY_TOKEN"] != "${{ secrets.GRAFANA_ACCESS_POLICY_TOKEN }}" {
		t.Errorf("the signing token must come from the GRAFANA_ACCESS_POLICY_TOKEN secret, got %q", build.Env["GRAFANA_ACCESS_POLICY_TOKEN"])
	}
	if _, ok := build.Env["RELEASE_PLATFORMS"]; ok {
		t.Error("a release builds every platform: no RELEASE_PLATFORMS subset")
	}
	if upload == nil {
		t.Fatal("release.yml attaches nothing to a release")
	}
	for _, ext := range []string{".zip ", ".zip.sha1", ".zip.sha256"} {
		if !strings.Contains(upload.Run+" ", ext) {
			t.Errorf("the release assets miss *%s", strings.TrimSpace(ext))
		}
	}
	script, err := os.ReadFile(filepath.Join(root, "scripts", "release.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"./cmd/checkplugin", "sha1sum", "sha256sum", "@grafana/sign-plugin", "npm run --silent build"} {
		if !strings.Contains(string(script), want) {
			t.Errorf("scripts/release.sh lacks %q", want)
		}
	}
}
