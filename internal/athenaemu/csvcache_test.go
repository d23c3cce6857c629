package athenaemu_test

import (
	"strings"
	"testing"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// Result files are rendered once per result and reused: two executions of
// one canned result get the same file and ETag; another result with the
// same shape gets its own file, never the cached one.
func TestResultFileRenderedOncePerResult(t *testing.T) {
	srv := athenaemu.NewServer()
	defer srv.Close()
	cols := []athenaemu.Column{{Name: "v", Type: "varchar"}}
	srv.Handle(athenaemu.Contains("FROM a"), athenaemu.Result{Columns: cols, Rows: athenaemu.Generate(3, func(i int) []*string { return athenaemu.Row("a" + strings.Repeat("x", i)) })})
	srv.Handle(athenaemu.Contains("FROM b"), athenaemu.Result{Columns: cols, Rows: athenaemu.Generate(3, func(i int) []*string { return athenaemu.Row("b" + strings.Repeat("y", i)) })})
	file := func(sql string) (body, etag string) {
		_, path := runQuery(t, srv, sql)
		resp, body := getObject(t, srv, path, "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", sql, resp.StatusCode)
		}
		return body, resp.Header.Get("ETag")
	}
	a1, tag1 := file("SELECT v FROM a")
	a2, tag2 := file("SELECT v FROM a")
	b, tagB := file("SELECT v FROM b")
	if want := "\"v\"\n\"a\"\n\"ax\"\n\"axx\"\n"; a1 != want {
		t.Fatalf("file of a = %q, want %q", a1, want)
	}
	if a2 != a1 || tag2 != tag1 || tag1 == "" {
		t.Fatalf("second read of a: %q %s, first %q %s", a2, tag2, a1, tag1)
	}
	if want := "\"v\"\n\"b\"\n\"by\"\n\"byy\"\n"; b != want || tagB == tag1 {
		t.Fatalf("file of b = %q (ETag %s), want %q with another ETag than a's", b, tagB, want)
	}
	// A ranged read is cut from the cached file.
	_, path := runQuery(t, srv, "SELECT v FROM a")
	if _, part := getObject(t, srv, path, "bytes=4-6"); part != `"a"` {
		t.Fatalf("range 4-6 = %q", part)
	}
}
