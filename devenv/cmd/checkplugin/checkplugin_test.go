package main

import (
	"archive/zip"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const (
	testID  = "acme-lake-datasource"
	testExe = "gpx_lake"
)

// fixture is a plugin folder and a source tree that pass every rule; each
// case breaks one thing and expects its rule.
type fixture struct {
	files  map[string]string      // plugin folder content by path
	modes  map[string]fs.FileMode // non-default modes
	source map[string]string      // source tree (src/…, *.go)
}

func validFixture(t *testing.T) fixture {
	t.Helper()
	license, err := os.ReadFile("../../../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	p := map[string]any{
		"id": testID, "type": "datasource", "name": "Acme Lake", "executable": testExe,
		"backend": true, "alerting": true, "logs": true, "metrics": true, "annotations": true,
		"info": map[string]any{
			"description": "Query the lake.", "keywords": []string{"lake"},
			"author": map[string]string{"name": "Acme", "url": "https://github.com/acme"},
			"links":  []map[string]string{{"name": "Repository", "url": "https://github.com/acme/lake"}},
			"logos":  map[string]string{"small": "img/logo.svg", "large": "img/logo.svg"},
			"screenshots": []map[string]string{
				{"name": "Editor", "path": "img/screenshots/editor.png"},
			},
			"version": "1.2.3", "updated": "2026-12-04",
		},
		"includes":     []map[string]string{{"type": "dashboard", "name": "Overview", "path": "dashboards/overview.json"}},
		"dependencies": map[string]string{"grafanaDependency": ">=12.3.0"},
	}
	pj, _ := json.Marshal(p)
	srcMain := "export const plugin = 1;\n"
	sm, _ := json.Marshal(map[string]any{
		"version":        3,
		"sources":        []string{"webpack://" + testID + "/./module.ts", "webpack://" + testID + "/../node_modules/x/index.js"},
		"sourcesContent": []string{srcMain, "module.exports = 1;\n"},
	})
	goMain := "package main\n\nfunc main() {}\n"
	sum := sha256.Sum256([]byte(goMain))
	f := fixture{
		files: map[string]string{
			"plugin.json":                  string(pj),
			"module.js":                    "define([], function () { return 1; });\n",
			"module.js.map":                string(sm),
			"README.md":                    "# Acme Lake\n\nSee [the docs](https://github.com/acme/lake#readme) and [below](#use).\n",
			"CHANGELOG.md":                 "# Changelog\n\n## 1.2.3 (2026-12-04)\n\n- First release.\n",
			"LICENSE":                      string(license),
			"img/logo.svg":                 `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><clipPath id="c"><rect width="10" height="10"/></clipPath></defs><g clip-path="url(#c)"><circle cx="5" cy="5" r="4" fill="#36c"/></g></svg>`,
			"img/screenshots/editor.png":   "\x89PNG\r\n\x1a\n",
			"dashboards/overview.json":     "{}",
			testExe + "_linux_amd64":       "ELF",
			testExe + "_windows_amd64.exe": "MZ",
			"go_plugin_build_manifest":     hex.EncodeToString(sum[:]) + ":pkg/main.go\n",
		},
		modes:  map[string]fs.FileMode{testExe + "_linux_amd64": 0o755},
		source: map[string]string{"src/module.ts": srcMain, "pkg/main.go": goMain},
	}
	return f
}

// write puts the plugin under dir/<root>/, the source tree under dir/source,
// and the zip (with checksum files) at dir/<name>; it returns the zip's path.
func (f fixture) write(t *testing.T, root, name string) (zipPath, source string) {
	t.Helper()
	dir := t.TempDir()
	source = filepath.Join(dir, "source")
	for rel, body := range f.source {
		writeFile(t, filepath.Join(source, rel), body, 0o644)
	}
	zipPath = filepath.Join(dir, name)
	out, err := os.Create(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	names := make([]string, 0, len(f.files))
	for rel := range f.files {
		names = append(names, rel)
	}
	sort.Strings(names)
	for _, rel := range names {
		mode, ok := f.modes[rel]
		if !ok {
			mode = 0o644
		}
		h := &zip.FileHeader{Name: root + "/" + rel, Method: zip.Deflate}
		h.SetMode(mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.files[rel])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(zipPath)
	s1, s256 := sha1.Sum(raw), sha256.Sum256(raw)
	writeFile(t, zipPath+".sha1", hex.EncodeToString(s1[:])+"  "+name+"\n", 0o644)
	writeFile(t, zipPath+".sha256", hex.EncodeToString(s256[:])+"  "+name+"\n", 0o644)
	return zipPath, source
}

func writeFile(t *testing.T, path, body string, mode fs.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
}

func rules(r *report) []string {
	var out []string
	for _, f := range r.findings {
		if f.sev == errorSev {
			out = append(out, f.rule+": "+f.msg)
		}
	}
	return out
}

var validZip = testID + "-1.2.3.zip"

func TestValidArchivePasses(t *testing.T) {
	zipPath, source := validFixture(t).write(t, testID, validZip)
	r := check(zipPath, options{source: source, platforms: []string{"linux_amd64", "windows_amd64"}})
	if errs := rules(r); len(errs) > 0 {
		t.Fatalf("a valid archive fails:\n%s", strings.Join(errs, "\n"))
	}
	if len(r.findings) != 1 || r.findings[0].rule != "unsigned" {
		t.Fatalf("want only the unsigned note, got %+v", r.findings)
	}
}

func TestEachRuleFires(t *testing.T) {
	setJSON := func(f *fixture, edit func(p map[string]any)) {
		var p map[string]any
		_ = json.Unmarshal([]byte(f.files["plugin.json"]), &p)
		edit(p)
		b, _ := json.Marshal(p)
		f.files["plugin.json"] = string(b)
	}
	info := func(p map[string]any) map[string]any { return p["info"].(map[string]any) }
	cases := []struct {
		name      string
		root, zip string
		edit      func(f *fixture)
		opts      options
		want      string
	}{
		{name: "root folder not the id", root: "dist", want: "archivename"},
		{name: "archive name", zip: "lake.zip", want: "archive-name"},
		{name: "archive version", zip: testID + "-1.2.4.zip", want: "archive-name"},
		{name: "binary mode", edit: func(f *fixture) { f.modes[testExe+"_linux_amd64"] = 0o644 }, want: "binary-executable-permissions"},
		{name: "platform missing", opts: options{platforms: []string{"darwin_arm64"}}, want: "backendbinary"},
		{name: "bad binary name", edit: func(f *fixture) { f.files[testExe+"_plan9_amd64"] = "x" }, want: "backendbinary"},
		{name: "type suffix", edit: func(f *fixture) { setJSON(f, func(p map[string]any) { p["type"] = "panel" }) }, want: "typesuffix"},
		{name: "exact dependency", edit: func(f *fixture) {
			setJSON(f, func(p map[string]any) { p["dependencies"] = map[string]string{"grafanaDependency": "12.3.x"} })
		}, want: "restrictivedep"},
		{name: "no keywords", edit: func(f *fixture) { setJSON(f, func(p map[string]any) { delete(info(p), "keywords") }) }, want: "discoverability"},
		{name: "no repository link", edit: func(f *fixture) {
			setJSON(f, func(p map[string]any) {
				info(p)["links"] = []map[string]string{{"name": "Docs", "url": "https://example.com"}}
			})
		}, want: "links"},
		{name: "author url", edit: func(f *fixture) {
			setJSON(f, func(p map[string]any) { info(p)["author"] = map[string]string{"name": "A", "url": "http://a"} })
		}, want: "links"},
		{name: "no screenshots", edit: func(f *fixture) { setJSON(f, func(p map[string]any) { info(p)["screenshots"] = []any{} }) }, want: "screenshots"},
		{name: "screenshot missing", edit: func(f *fixture) { delete(f.files, "img/screenshots/editor.png") }, want: "metadatapaths"},
		{name: "logo path", edit: func(f *fixture) {
			setJSON(f, func(p map[string]any) {
				info(p)["logos"] = map[string]string{"small": "./img/logo.svg", "large": "img/logo.svg"}
			})
		}, want: "metadatapaths"},
		{name: "placeholder", edit: func(f *fixture) { setJSON(f, func(p map[string]any) { info(p)["version"] = "%VERSION%" }) }, want: "metadatavalid"},
		{name: "svg script", edit: func(f *fixture) { f.files["img/logo.svg"] = `<svg><script>alert(1)</script></svg>` }, want: "unsafe-svg-file"},
		{name: "svg handler", edit: func(f *fixture) { f.files["img/logo.svg"] = `<svg onload="x()"></svg>` }, want: "unsafe-svg-file"},
		{name: "svg external font", edit: func(f *fixture) {
			f.files["img/logo.svg"] = `<svg><style>@import url(https://fonts.example/x.css);</style></svg>`
		}, want: "unsafe-svg-file"},
		{name: "no module.js", edit: func(f *fixture) { delete(f.files, "module.js") }, want: "modulejs"},
		{name: "no source map", edit: func(f *fixture) { delete(f.files, "module.js.map") }, want: "js-map-not-found"},
		{name: "source map differs", edit: func(f *fixture) { f.source["src/module.ts"] = "export const plugin = 2;\n" }, want: "js-map-no-match"},
		{name: "angular", edit: func(f *fixture) { f.files["module.js"] = "class X extends PanelCtrl {}" }, want: "legacyplatform"},
		{name: "tracker", edit: func(f *fixture) { f.files["module.js"] = `fetch("https://www.google-analytics.com/c")` }, want: "trackingscripts"},
		{name: "relative readme link", edit: func(f *fixture) { f.files["README.md"] = "# A\n\n![shot](img/a.png)\n" }, want: "relative-link"},
		{name: "template readme", edit: func(f *fixture) { f.files["README.md"] = "# Grafana Data Source Backend Plugin Template\n" }, want: "templatereadme"},
		{name: "changelog without version", edit: func(f *fixture) { f.files["CHANGELOG.md"] = "# Changelog\n\n## 1.2.2\n" }, want: "changelog"},
		{name: "license", edit: func(f *fixture) { f.files["LICENSE"] = "All rights reserved." }, want: "license-not-provided"},
		{name: "debug file", edit: func(f *fixture) { f.files["standalone.txt"] = "1" }, want: "backend-debug-file-present"},
		{name: "dev file", edit: func(f *fixture) { f.files[".DS_Store"] = "x" }, want: "dev-files"},
		{name: "source file", edit: func(f *fixture) { f.files["module.ts"] = "x" }, want: "dev-files"},
		{name: "no go manifest", edit: func(f *fixture) { delete(f.files, "go_plugin_build_manifest") }, want: "no-go-manifest"},
		{name: "go file changed", edit: func(f *fixture) { f.source["pkg/main.go"] = "package main\n" }, want: "invalid-go-manifest"},
		{name: "go file added", edit: func(f *fixture) { f.source["pkg/extra.go"] = "package main\n" }, want: "invalid-go-manifest"},
		{name: "dashboard missing", edit: func(f *fixture) { delete(f.files, "dashboards/overview.json") }, want: "includes"},
		{name: "bad signature", edit: func(f *fixture) { f.files["MANIFEST.txt"] = "not signed" }, want: "manifest"},
		{name: "signed before a change", edit: func(f *fixture) {
			f.files["MANIFEST.txt"] = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" +
				`{"plugin":"` + testID + `","version":"1.2.3","files":{"plugin.json":"00"}}` +
				"\n-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\n"
		}, want: "manifest"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := validFixture(t)
			if c.edit != nil {
				c.edit(&f)
			}
			root, name := c.root, c.zip
			if root == "" {
				root = testID
			}
			if name == "" {
				name = validZip
			}
			zipPath, source := f.write(t, root, name)
			opts := c.opts
			opts.source = source
			got := rules(check(zipPath, opts))
			for _, g := range got {
				if strings.HasPrefix(g, c.want+":") {
					return
				}
			}
			t.Fatalf("want a %s finding, got %q", c.want, got)
		})
	}
}

func TestChecksumMismatch(t *testing.T) {
	zipPath, source := validFixture(t).write(t, testID, validZip)
	writeFile(t, zipPath+".sha256", strings.Repeat("0", 64)+"  x\n", 0o644)
	got := fmt.Sprint(rules(check(zipPath, options{source: source})))
	if !strings.Contains(got, "checksum:") || !strings.Contains(got, ".sha256 does not match") {
		t.Fatalf("want a checksum finding, got %s", got)
	}
}

func TestZipSlipRefused(t *testing.T) {
	dir := t.TempDir()
	zipPath := filepath.Join(dir, validZip)
	out, _ := os.Create(zipPath)
	zw := zip.NewWriter(out)
	w, _ := zw.Create(testID + "/../../evil")
	_, _ = w.Write([]byte("x"))
	_ = zw.Close()
	_ = out.Close()
	got := fmt.Sprint(rules(check(zipPath, options{})))
	if !strings.Contains(got, "unsafe entry name") {
		t.Fatalf("want the entry refused, got %s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "evil")); err == nil {
		t.Fatal("the entry was written outside the folder")
	}
}

// TestRepositoryLogoIsSafe runs the SVG rule on the logo the plugin ships.
func TestRepositoryLogoIsSafe(t *testing.T) {
	raw, err := os.ReadFile("../../../src/img/logo.svg")
	if err != nil {
		t.Fatal(err)
	}
	if err := validateSVG(raw); err != nil {
		t.Fatal(err)
	}
}
