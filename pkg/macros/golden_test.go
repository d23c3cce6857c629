package macros

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.expanded.sql")

// TestGolden expands testdata/<case>.sql with the fixture context and
// compares with testdata/<case>.expanded.sql: the SQL, then one comment line
// per notice, or the error. Refresh with go test ./pkg/macros -run Golden -update.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".expanded.sql") {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			res, err := Expand(string(src), fixtureContext())
			if err != nil {
				b.WriteString("-- error: " + err.Error() + "\n")
			} else {
				b.WriteString(res.SQL)
				for _, nt := range res.Notices {
					b.WriteString("-- " + nt.Severity + ": " + nt.Text + "\n")
				}
			}
			golden := strings.TrimSuffix(in, ".sql") + ".expanded.sql"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("%s differs from %s:\n%s", in, golden, b.String())
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden cases in testdata")
	}
}
