package gentest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a T that keeps the failures instead of failing.
type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatal(args ...any) { r.errs = append(r.errs, fmt.Sprint(args...)) }

func TestDiff(t *testing.T) {
	for _, c := range []struct{ committed, generated, want string }{
		{"a\nb\n", "a\nb\n", ""},
		{"a\nb\n", "a\nc\n", `line 2: committed "b", generated "c"`},
		{"a\n", "a\nb\n", `line 2: committed "", generated "b"`},
		{"a\nb", "a", `line 2: committed "b", generated <end of file>`},
		{strings.Repeat("x", 100) + "1", strings.Repeat("x", 100) + "2",
			`line 1: committed …"` + strings.Repeat("x", 30) + `1", generated …"` + strings.Repeat("x", 30) + `2"`},
	} {
		if got := Diff([]byte(c.committed), []byte(c.generated)); got != c.want {
			t.Errorf("Diff(%q, %q) = %q, want %q", c.committed, c.generated, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	const rel = "internal/gentest/gentest.go"
	same, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	var r recorder
	Check(&r, rel, same, "go generate ./x")
	if len(r.errs) != 0 {
		t.Errorf("equal file reported: %v", r.errs)
	}
	Check(&r, rel, append(same, '\n'), "go generate ./x")
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "run `go generate ./x`") || !strings.Contains(r.errs[0], rel) {
		t.Errorf("changed file: %v", r.errs)
	}
	r.errs = nil
	Check(&r, "internal/gentest/missing.json", same, "go generate ./x")
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "missing.json") {
		t.Errorf("missing file: %v", r.errs)
	}
}
