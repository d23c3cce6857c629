package repocheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/gentest"
)

// outsideRefs matches citations of documents that live outside the
// repository: paths into the team's reference folder beside the checkout,
// the names of the reference files kept there, and section-sign citations,
// which only ever pointed into those files. The names are assembled here so
// that this file does not itself contain what it forbids.
var outsideRefs, needles = func() (*regexp.Regexp, [][]byte) {
	shared := "shared" + "/"
	alts := []string{
		`\.\./` + shared,
		`/work/` + shared,
		shared + `(reference|design|hooks)\b`,
		"\u00a7",
	}
	needles := [][]byte{[]byte(shared), []byte("\u00a7")}
	names := []string{"trino-local", "securitylake", "athena-plugin-lessons", "toolchain", "dashboards-and-alerts", "style"}
	for _, n := range names {
		alts = append(alts, `(^|[^A-Za-z0-9_.-])`+regexp.QuoteMeta(n+".md"))
		needles = append(needles, []byte(n+".md"))
	}
	alts = append(alts, regexp.QuoteMeta("ocsf-tables"+".json"))
	needles = append(needles, []byte("ocsf-tables"+".json"))
	return regexp.MustCompile("(?m)" + strings.Join(alts, "|")), needles
}()

// mayCite is a fast filter before the regular expression: whether b holds
// any of the literal strings every match contains.
func mayCite(b []byte) bool {
	for _, n := range needles {
		if bytes.Contains(b, n) {
			return true
		}
	}
	return false
}

// repoFiles lists the tracked files and the untracked ones git does not
// ignore, relative to root.
func repoFiles(t *testing.T, root string) []string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v (this check needs git and a checkout)", err)
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	return files
}

// TestNoReferencesOutsideRepo fails when a file cites a document outside
// the repository. Knowledge from such documents belongs in docs/design, in
// our own words, and the comment points there.
func TestNoReferencesOutsideRepo(t *testing.T) {
	root, err := gentest.Root()
	if err != nil {
		t.Fatal(err)
	}
	files := repoFiles(t, root)
	if len(files) < 100 {
		t.Fatalf("only %d files listed; is %s the repository?", len(files), root)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			if os.IsNotExist(err) {
				continue // deleted in the working tree, not yet committed
			}
			t.Fatal(err)
		}
		if bytes.IndexByte(b, 0) >= 0 || !mayCite(b) {
			continue // binary, or nothing that could match
		}
		last := -1
		for _, loc := range outsideRefs.FindAllIndex(b, -1) {
			n := bytes.Count(b[:loc[0]], []byte("\n"))
			if n == last {
				continue // one report per line
			}
			last = n
			line := strings.Split(string(b), "\n")[n]
			t.Errorf("%s:%d cites a document outside the repository (%q); put the knowledge in docs/design and point there:\n\t%s",
				f, n+1, strings.TrimSpace(string(b[loc[0]:loc[1]])), strings.TrimSpace(line))
		}
	}
}

// TestPatternCatches keeps the pattern honest: each kind of citation the
// repository once had is caught, and in-repository paths are not.
func TestPatternCatches(t *testing.T) {
	bad := []string{
		"// (see ../" + "shared" + "/reference/x)",
		"// /work/" + "shared" + "/README.md",
		"// " + "shared" + "/design/architecture.md",
		"// (securitylake" + ".md \u00a74)",
		"# trino-local" + ".md",
		"`toolchain" + ".md`",
		"-in ocsf-tables" + ".json",
		"(dashboards-and-alerts" + ".md, rules)",
		"athena-plugin-lessons" + ".md",
		"see style" + ".md",
	}
	for _, s := range bad {
		if !outsideRefs.MatchString(s) || !mayCite([]byte(s)) {
			t.Errorf("not caught: %s", s)
		}
	}
	good := []string{
		"// docs/design/security-lake.md",
		"// docs/design/trino-replica.md, docs/design/dashboards-alerts-design.md",
		`"securitylake_shared_resourcelink_vpc_flow_2_0_us_east_1"`,
		"pkg/ocsf/internal/gen/inventory.json",
		"// the shared database; shared config",
		"'**/work/',",
	}
	for _, s := range good {
		if m := outsideRefs.FindString(s); m != "" {
			t.Errorf("false positive %q in %s", m, s)
		}
	}
}
