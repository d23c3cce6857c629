// Package gentest holds the one check that every drift test of a generated
// file uses: the committed file must equal, byte for byte, what its
// generator produces now. The failure names the file, the first line that
// differs and the command that regenerates it, so a stale or hand-edited
// file is fixed by running that command (docs/design/generated.md lists
// them all).
package gentest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/internal/repo"
)

// T is the part of testing.TB the check needs.
type T interface {
	Helper()
	Errorf(format string, args ...any)
	Fatal(args ...any)
}

// Check fails t when the file at rel (a slash-separated path relative to the
// repository root) differs from want; fix is the command that regenerates
// it, run from the repository root (for example "go generate ./pkg/ocsf").
func Check(t T, rel string, want []byte, fix string) {
	t.Helper()
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Errorf("%s: %v; run `%s` to generate it", rel, err, fix)
		return
	}
	if msg := Diff(got, want); msg != "" {
		t.Errorf("%s differs from what its generator writes (%s); run `%s` and commit the result",
			rel, msg, fix)
	}
}

// Diff describes the first difference between the committed bytes and the
// generated ones, or returns "" when they are equal.
func Diff(committed, generated []byte) string {
	if bytes.Equal(committed, generated) {
		return ""
	}
	c := strings.Split(string(committed), "\n")
	g := strings.Split(string(generated), "\n")
	for i := 0; i < len(c) || i < len(g); i++ {
		var cl, gl string
		if i < len(c) {
			cl = c[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if i >= len(c) || i >= len(g) || cl != gl {
			from := max(commonPrefix(cl, gl)-30, 0)
			return fmt.Sprintf("line %d: committed %s, generated %s", i+1, excerpt(cl, from, i < len(c)), excerpt(gl, from, i < len(g)))
		}
	}
	return "same lines, different bytes"
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// excerpt quotes about 80 bytes of line from byte from on.
func excerpt(line string, from int, present bool) string {
	if !present {
		return "<end of file>"
	}
	s, pre, post := line, "", ""
	if from > 0 && from < len(s) {
		s, pre = s[from:], "…"
	}
	if len(s) > 80 {
		s, post = s[:80], "…"
	}
	return pre + strconv.Quote(s) + post
}

// Root is the repository root (internal/repo.Root).
func Root() (string, error) { return repo.Root() }
