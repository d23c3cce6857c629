package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// checkFolder runs every rule on a built plugin folder (dist/ or the
// unpacked archive's root folder).
func checkFolder(r *report, dir string, opts options) {
	p, ok := checkMetadata(r, dir)
	if !ok {
		return
	}
	checkFrontend(r, dir, p, opts)
	checkDocs(r, dir, p)
	checkFiles(r, dir)
	if p.Backend {
		checkBinaries(r, dir, p, opts)
		checkGoManifest(r, dir, opts)
	}
	checkSignature(r, dir, p)
}

// legacyMarkers are signs of the AngularJS plugin platform Grafana removed
// (legacyplatform); trackers are analytics hosts the catalog refuses
// (trackingscripts).
var (
	legacyMarkers = []string{"PanelCtrl", "QueryCtrl", "app/plugins/sdk", "angular.isNumber(", "getLegacyAngularInjector", "System.register("}
	trackers      = []string{"https://www.google-analytics.com", "https://api-js.mixpanel.com", "https://mixpanel.com"}
)

// checkFrontend covers module.js, its source map and what the bundle may not hold.
func checkFrontend(r *report, dir string, p pluginJSON, opts options) {
	module, err := os.ReadFile(filepath.Join(dir, "module.js"))
	if err != nil {
		r.errorf("modulejs", "missing module.js (run the frontend build)")
		return
	}
	for _, m := range legacyMarkers {
		if bytes.Contains(module, []byte(m)) {
			r.errorf("legacyplatform", "module.js holds %q: a sign of the removed AngularJS platform", m)
		}
	}
	for _, t := range trackers {
		if bytes.Contains(module, []byte(t)) {
			r.errorf("trackingscripts", "module.js calls the tracker %s", t)
		}
	}
	mapFile := filepath.Join(dir, "module.js.map")
	if !exists(mapFile) {
		r.errorf("js-map-not-found", "missing module.js.map: the catalog reviews the bundle against its source map")
		return
	}
	if opts.source != "" {
		checkSourceMap(r, mapFile, p.ID, filepath.Join(opts.source, "src"))
	}
}

var (
	templateReadme = regexp.MustCompile(`^# Grafana (Panel|Data Source|Data Source Backend) Plugin Template`)
	mdLink         = regexp.MustCompile(`\[[^\]]*\]\(([^)\s]+)[^)]*\)`)
	licenseTexts   = [][]string{{"Apache License", "Version 2.0"}, {"GNU AFFERO GENERAL PUBLIC LICENSE", "Version 3"}}
)

// checkDocs covers README.md (what the catalog shows), CHANGELOG.md and LICENSE.
func checkDocs(r *report, dir string, p pluginJSON) {
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	switch {
	case err != nil:
		r.errorf("readme", "missing README.md")
	case len(bytes.TrimSpace(readme)) == 0:
		r.errorf("readme", "README.md is empty")
	default:
		if templateReadme.Match(readme) {
			r.errorf("templatereadme", "README.md is the plugin template's README")
		}
		for _, m := range mdLink.FindAllSubmatch(readme, -1) {
			link := string(m[1])
			if strings.HasPrefix(link, "#") || strings.HasPrefix(link, "mailto:") || isHTTPS(link) {
				continue
			}
			if strings.HasPrefix(link, "http://") {
				r.errorf("brokenlinks", "README.md links %s over plain http", link)
				continue
			}
			r.errorf("relative-link", "README.md: relative link %s does not work in the catalog: use an absolute https URL", link)
		}
		if m := regexp.MustCompile(`%[A-Z_]+%`).Find(readme); m != nil {
			r.errorf("readme", "README.md still holds the placeholder %s", m)
		}
	}
	changelog, err := os.ReadFile(filepath.Join(dir, "CHANGELOG.md"))
	switch {
	case err != nil || len(bytes.TrimSpace(changelog)) == 0:
		r.errorf("changelog", "missing or empty CHANGELOG.md")
	case p.Info.Version != "" && !regexp.MustCompile(`(?m)^##+ \[?v?`+regexp.QuoteMeta(p.Info.Version)+`\b`).Match(changelog):
		r.errorf("changelog", "CHANGELOG.md has no section for version %s (a heading \"## %s\")", p.Info.Version, p.Info.Version)
	}
	license := ""
	for _, name := range []string{"LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			license = string(b)
			break
		}
	}
	ok := false
	for _, want := range licenseTexts {
		ok = ok || (strings.Contains(license, want[0]) && strings.Contains(license, want[1]))
	}
	if !ok {
		r.errorf("license-not-provided", "no LICENSE with the Apache-2.0 or AGPL-3.0 text")
	}
}

// checkFiles walks the folder for what a release must not carry (backend
// debug markers, dev files, stray source maps) and unsafe SVGs.
func checkFiles(r *report, dir string) {
	// Read through an os.Root so a symlink in the archive cannot lead outside it.
	root, err := os.OpenRoot(dir)
	if err != nil {
		r.errorf("archive", "%v", err)
		return
	}
	defer func() { _ = root.Close() }()
	_ = fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			r.errorf("archive", "%v", err)
			return nil
		}
		name := d.Name()
		if rel == "." {
			return nil
		}
		if strings.HasPrefix(name, ".") || name == "node_modules" || name == "coverage" {
			r.errorf("dev-files", "%s is a development file", rel)
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		switch ext := filepath.Ext(name); {
		case name == "standalone.txt" || name == "pid.txt":
			r.errorf("backend-debug-file-present", "%s makes Grafana attach to a debugger's process instead of starting the plugin", rel)
		case ext == ".go" || ext == ".ts" || ext == ".tsx" || strings.HasSuffix(name, ".test") || strings.HasSuffix(name, ".test.js"):
			r.errorf("dev-files", "%s is source or test code, not part of a built plugin", rel)
		case ext == ".map" && !exists(filepath.Join(dir, strings.TrimSuffix(rel, ".map"))):
			r.errorf("dev-files", "%s is a source map without its file", rel)
		case ext == ".svg":
			raw, err := root.ReadFile(rel)
			if err != nil {
				r.errorf("unsafe-svg-file", "%s: %v", rel, err)
				return nil
			}
			if err := validateSVG(raw); err != nil {
				r.errorf("unsafe-svg-file", "%s: %v", rel, err)
			}
		}
		return nil
	})
}
