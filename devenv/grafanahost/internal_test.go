package grafanahost

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

func TestRefIDNamesLikeGrafana(t *testing.T) {
	for i, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := refID(i); got != want {
			t.Errorf("refID(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestContentStampIsStableAndContentSensitive(t *testing.T) {
	ds := DS{Name: "n", DecryptedSecureJSONData: map[string]string{"a": "1", "b": "2"}}
	a := contentStamp(ds, []byte(`{"x":1}`))
	if a != contentStamp(ds, []byte(`{"x":1}`)) {
		t.Error("same content, different stamp")
	}
	if a == contentStamp(ds, []byte(`{"x":2}`)) {
		t.Error("jsonData change not reflected")
	}
	ds.DecryptedSecureJSONData["b"] = "3"
	if a == contentStamp(ds, []byte(`{"x":1}`)) {
		t.Error("secure data change not reflected")
	}
	if a < stampBase || a > time.Now().AddDate(40, 0, 0).UnixMilli() {
		t.Errorf("stamp %d out of range", a)
	}
}

func TestEncodeJSON(t *testing.T) {
	cases := []struct {
		in   any
		want string
	}{
		{nil, "{}"}, {"", "{}"}, {[]byte(nil), "{}"}, {`{"a":1}`, `{"a":1}`},
		{json.RawMessage(`[1]`), `[1]`}, {map[string]int{"a": 1}, `{"a":1}`},
	}
	for _, c := range cases {
		got, err := encodeJSON(c.in)
		if err != nil || string(got) != c.want {
			t.Errorf("encodeJSON(%#v) = %s, %v; want %s", c.in, got, err, c.want)
		}
	}
	if _, err := encodeJSON(func() {}); err == nil {
		t.Error("unencodable value should fail")
	}
}

func TestFillQueryModelLeavesNonObjectsAlone(t *testing.T) {
	h := &Host{cfg: &config{pluginID: "p"}}
	for _, in := range []string{`{nope`, `[1,2]`, `"s"`, `null`} {
		if got := h.fillQueryModel([]byte(in), Query{RefID: "A"}, DS{}); string(got) != in {
			t.Errorf("%s became %s", in, got)
		}
	}
	got := h.fillQueryModel([]byte(`{"refId":"mine","intervalMs":5}`), Query{RefID: "A", Interval: time.Second}, DS{UID: "u"})
	var m map[string]any
	if err := json.Unmarshal(got, &m); err != nil {
		t.Fatal(err)
	}
	if m["refId"] != "mine" || m["intervalMs"] != 5.0 || m["maxDataPoints"] != 0.0 {
		t.Errorf("caller's keys must win: %v", m)
	}
}

func TestLogBufferKeepsTheNewestWholeLines(t *testing.T) {
	b := newLogBuffer(100)
	for i := range 50 {
		_, _ = fmt.Fprintf(b, "line-%03d\n", i)
	}
	s := b.String()
	if len(s) > 100 || !strings.HasSuffix(s, "line-049\n") {
		t.Errorf("buffer %q", s)
	}
	if !strings.HasPrefix(s, "line-") {
		t.Errorf("buffer should start at a line boundary: %q", s)
	}
}

func TestDecodeQueryDataResponseArrowAndJSON(t *testing.T) {
	frame := data.NewFrame("f", data.NewField("v", nil, []int64{1, 2}))
	arrow, err := frame.MarshalArrow()
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(frame)
	if err != nil {
		t.Fatal(err)
	}
	out, err := DecodeQueryDataResponse(&pluginv2.QueryDataResponse{Responses: map[string]*pluginv2.DataResponse{
		"arrow": {Frames: [][]byte{arrow}},
		"json":  {Frames: [][]byte{js}, Format: pluginv2.DataFrameFormat_JSON},
		"err":   {Error: "x", Status: 500, ErrorSource: "plugin"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"arrow", "json"} {
		f := out[ref].Frames
		if len(f) != 1 || f[0].Rows() != 2 || f[0].Fields[0].At(1).(int64) != 2 {
			t.Errorf("%s: %v", ref, f)
		}
	}
	if e := out["err"]; e.Error != "x" || e.Status != 500 || e.ErrorSource != "plugin" || e.Frames != nil {
		t.Errorf("err: %+v", e)
	}
	if _, err := DecodeQueryDataResponse(&pluginv2.QueryDataResponse{Responses: map[string]*pluginv2.DataResponse{
		"bad": {Frames: [][]byte{[]byte("not arrow")}}}}); err == nil {
		t.Error("garbage frames should fail to decode")
	}
}

// writeModule lays out a dependency-free module with one main package.
func writeModule(t *testing.T, mainSrc string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":           "module example.com/p\n\ngo 1.22\n",
		"cmd/plug/main.go": mainSrc,
		"src/plugin.json":  `{"id":"x","executable":"gpx_ignored"}`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBuildPluginBuildsOnceAndReportsCompileErrors(t *testing.T) {
	ok := writeModule(t, "package main\n\nfunc main() {}\n")
	broken := writeModule(t, "package main\n\nfunc main() { undefinedThing() }\n")
	// The temp modules' build dirs would otherwise pile up in os.TempDir.
	t.Cleanup(func() {
		_ = os.RemoveAll(buildDir(ok, "./cmd/plug"))
		_ = os.RemoveAll(buildDir(broken, "./cmd/plug"))
	})
	bin, err := BuildPlugin(t.Context(), ok, "./cmd/plug")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(bin), "gpx_plug_") {
		t.Errorf("binary name %s", bin)
	}
	if fi, err := os.Stat(bin); err != nil || fi.Mode().Perm()&0o100 == 0 {
		t.Fatalf("binary %s: %v", bin, err)
	}
	start := time.Now()
	again, err := BuildPlugin(t.Context(), ok, "./cmd/plug")
	if err != nil || again != bin || time.Since(start) > 100*time.Millisecond {
		t.Errorf("second build should be a cache hit: %s %v %v", again, err, time.Since(start))
	}

	_, err = BuildPlugin(t.Context(), broken, "./cmd/plug")
	if err == nil || !strings.Contains(err.Error(), "undefinedThing") {
		t.Fatalf("want the compiler's message, got %v", err)
	}
	_, err2 := BuildPlugin(t.Context(), broken, "./cmd/plug")
	if err2 == nil || err2.Error() != err.Error() {
		t.Errorf("compile errors should be cached: %v", err2)
	}
}
