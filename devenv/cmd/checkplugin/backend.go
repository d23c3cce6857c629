package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// grafanaPlatforms are the <os>_<arch> pairs Grafana starts backend plugins on.
var grafanaPlatforms = map[string]bool{
	"linux_amd64": true, "linux_arm64": true, "linux_arm": true,
	"darwin_amd64": true, "darwin_arm64": true, "windows_amd64": true,
}

// checkBinaries wants gpx_<exe>_<os>_<arch>[.exe] for the requested
// platforms (or at least one), nothing else named after the executable, and
// the Unix binaries executable (backendbinary, binarypermissions).
func checkBinaries(r *report, dir string, p pluginJSON, opts options) {
	exe := p.Executable
	entries, err := os.ReadDir(dir)
	if err != nil {
		r.errorf("backendbinary", "%v", err)
		return
	}
	found := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, exe+"_") || e.IsDir() {
			continue
		}
		platform := strings.TrimPrefix(name, exe+"_")
		isExe := strings.HasSuffix(platform, ".exe")
		platform = strings.TrimSuffix(platform, ".exe")
		if !grafanaPlatforms[platform] || isExe != strings.HasPrefix(platform, "windows_") {
			r.errorf("backendbinary", "%s is not named %s_<os>_<arch>[.exe] for a platform Grafana supports", name, exe)
			continue
		}
		found[platform] = true
		if info, err := e.Info(); err == nil && !isExe && info.Mode().Perm()&0o111 == 0 {
			r.errorf("binary-executable-permissions", "%s is not executable", name)
		}
	}
	if len(found) == 0 {
		r.errorf("binary-executable-found", "no backend binary %s_<os>_<arch> in the plugin", exe)
	}
	for _, want := range opts.platforms {
		if !found[want] {
			r.errorf("backendbinary", "no binary for %s (%s_%s)", want, exe, want)
		}
	}
}

// checkGoManifest wants go_plugin_build_manifest ("<sha256>:<path>" per Go
// file) and, with -source, the same set of files and hashes as the source
// tree, which is how the catalog ties the binaries to the reviewed code.
func checkGoManifest(r *report, dir string, opts options) {
	raw, err := os.ReadFile(filepath.Join(dir, "go_plugin_build_manifest"))
	if err != nil {
		r.errorf("no-go-manifest", "missing go_plugin_build_manifest (scripts/release.sh writes it)")
		return
	}
	manifest := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		sum, file, ok := strings.Cut(line, ":")
		if !ok || strings.Contains(file, ":") || len(sum) != 64 {
			r.errorf("invalid-go-manifest", "bad line %q", line)
			return
		}
		manifest[strings.ReplaceAll(file, "\\", "/")] = sum
	}
	if len(manifest) == 0 {
		r.errorf("invalid-go-manifest", "go_plugin_build_manifest lists no Go file")
		return
	}
	if opts.source == "" {
		return
	}
	files, err := sourceGoFiles(opts.source)
	if err != nil {
		r.errorf("invalid-go-manifest", "listing the source tree's Go files: %v", err)
		return
	}
	var problems []string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(opts.source, f))
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		sum := sha256.Sum256(b)
		switch want, ok := manifest[f]; {
		case !ok:
			problems = append(problems, f+" is not in the manifest")
		case want != hex.EncodeToString(sum[:]):
			problems = append(problems, f+" changed since the build")
		}
		delete(manifest, f)
	}
	for f := range manifest {
		problems = append(problems, f+" is in the manifest but not in the source tree")
	}
	sort.Strings(problems)
	for i, p := range problems {
		if i == 5 {
			r.errorf("invalid-go-manifest", "… and %d more", len(problems)-5)
			break
		}
		r.errorf("invalid-go-manifest", "%s", p)
	}
}

// sourceGoFiles lists the Go files a clone of the repository holds (git
// ls-files), or every .go file outside node_modules without git.
func sourceGoFiles(root string) ([]string, error) {
	if out, err := exec.CommandContext(context.Background(), "git", "-C", root, "ls-files", "*.go").Output(); err == nil {
		return strings.Fields(string(out)), nil
	}
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	return files, err
}

// signedJSON finds the JSON body of a PGP clear-signed MANIFEST.txt.
var signedJSON = regexp.MustCompile(`(?s)-----BEGIN PGP SIGNED MESSAGE-----.*?\n\n(\{.*\})\s*-----BEGIN PGP SIGNATURE-----`)

// checkSignature: an unsigned plugin is only a note (the release workflow
// signs); a MANIFEST.txt must name this plugin and version and hash every
// file the plugin holds (manifest). The signature itself needs Grafana's
// public key and is left to Grafana.
func checkSignature(r *report, dir string, p pluginJSON) {
	raw, err := os.ReadFile(filepath.Join(dir, "MANIFEST.txt"))
	if err != nil {
		r.notef("unsigned", "no MANIFEST.txt: the plugin is unsigned (sign it: docs/release.md)")
		return
	}
	m := signedJSON.FindSubmatch(raw)
	if m == nil {
		r.errorf("manifest", "MANIFEST.txt is not a PGP signed message")
		return
	}
	var man struct {
		Plugin  string            `json:"plugin"`
		Version string            `json:"version"`
		Files   map[string]string `json:"files"`
	}
	if err := json.Unmarshal(m[1], &man); err != nil {
		r.errorf("manifest", "MANIFEST.txt: %v", err)
		return
	}
	if man.Plugin != p.ID || man.Version != p.Info.Version {
		r.errorf("manifest", "MANIFEST.txt signs %s %s, the plugin is %s %s", man.Plugin, man.Version, p.ID, p.Info.Version)
	}
	// Read through an os.Root so a symlink in the archive cannot lead outside it.
	root, err := os.OpenRoot(dir)
	if err != nil {
		r.errorf("manifest", "%v", err)
		return
	}
	defer func() { _ = root.Close() }()
	_ = fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			r.errorf("manifest", "%v", err)
			return nil
		}
		if d.IsDir() || rel == "MANIFEST.txt" {
			return nil
		}
		b, err := root.ReadFile(rel)
		if err != nil {
			r.errorf("manifest", "%v", err)
			return nil
		}
		sum := sha256.Sum256(b)
		switch want, ok := man.Files[rel]; {
		case !ok:
			r.errorf("manifest", "%s is not in MANIFEST.txt (signed before it was added)", rel)
		case want != hex.EncodeToString(sum[:]):
			r.errorf("manifest", "%s changed after signing", rel)
		}
		delete(man.Files, rel)
		return nil
	})
	for f := range man.Files {
		r.errorf("manifest", "MANIFEST.txt lists %s, which the plugin does not hold", f)
	}
}
