package main

import (
	"archive/zip"
	"crypto/sha1" //nolint:gosec // the catalog's .sha1 checksum file, not a security use
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// archiveNameRe is the catalog's archive name: <plugin-id>-<version>.zip, or
// one archive per platform: <plugin-id>-<version>.<os>_<arch>.zip.
var archiveNameRe = regexp.MustCompile(`^(.+)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?:\.([a-z0-9]+_[a-z0-9]+))?\.zip$`)

// checkZip checks the archive itself (name, checksums, one root folder named
// by the plugin id, binary permissions as stored), then unpacks it into a
// temporary folder and checks that folder like a built plugin.
func checkZip(r *report, file string, opts options) {
	checkChecksums(r, file)
	zr, err := zip.OpenReader(file)
	if err != nil {
		r.errorf("archive", "cannot open %s: %v", file, err)
		return
	}
	defer func() { _ = zr.Close() }()
	if len(zr.File) == 0 {
		r.errorf("empty-archive", "the archive is empty")
		return
	}
	roots := map[string]bool{}
	for _, f := range zr.File {
		name := f.Name
		if strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || hasDotDot(name) {
			r.errorf("archive", "unsafe entry name %q", name)
			return
		}
		first, rest, _ := strings.Cut(name, "/")
		roots[first] = roots[first] || rest != "" || f.FileInfo().IsDir()
		if rest == "" && !f.FileInfo().IsDir() {
			r.errorf("no-root-dir", "%s is a file at the archive root: everything goes in one folder named by the plugin id", name)
		}
	}
	if len(roots) != 1 {
		r.errorf("more-than-one-dir", "the archive must hold one folder named by the plugin id, found %d entries at its root", len(roots))
		return
	}
	var root string
	for k := range roots {
		root = k
	}
	if _, err := zr.Open(root + "/dist/plugin.json"); err == nil {
		r.errorf("dist", "%s/dist/ is the legacy layout: dist's content goes directly in %s/", root, root)
	}
	p, err := readPluginJSON(zr, root+"/plugin.json")
	if err != nil {
		r.errorf("metadata", "%v", err)
		return
	}
	if p.ID != "" && root != p.ID {
		r.errorf("archivename", "the archive's folder is %q, it must be the plugin id %q", root, p.ID)
	}
	checkArchiveName(r, filepath.Base(file), p)
	for _, f := range zr.File {
		base := path.Base(f.Name)
		if p.Executable == "" || f.FileInfo().IsDir() || !strings.HasPrefix(base, path.Base(p.Executable)) || strings.HasSuffix(base, ".exe") {
			continue
		}
		if perm := f.Mode().Perm(); perm != 0o755 {
			r.errorf("binary-executable-permissions", "%s has mode %04o in the archive, Grafana needs exactly 0755", f.Name, perm)
		}
	}
	dir, err := os.MkdirTemp("", "checkplugin-")
	if err != nil {
		r.errorf("archive", "%v", err)
		return
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if err := unzip(zr, dir); err != nil {
		r.errorf("archive", "cannot unpack: %v", err)
		return
	}
	checkFolder(r, filepath.Join(dir, root), opts)
}

func hasDotDot(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return true
		}
	}
	return false
}

func readPluginJSON(zr *zip.ReadCloser, name string) (pluginJSON, error) {
	var p pluginJSON
	f, err := zr.Open(name)
	if err != nil {
		return p, fmt.Errorf("no %s in the archive", name)
	}
	defer func() { _ = f.Close() }()
	if err := json.NewDecoder(f).Decode(&p); err != nil {
		return p, fmt.Errorf("%s is not valid JSON: %w", name, err)
	}
	return p, nil
}

// checkArchiveName wants <id>-<version>[.<os>_<arch>].zip with the version
// of plugin.json, so a download names what it holds.
func checkArchiveName(r *report, base string, p pluginJSON) {
	m := archiveNameRe.FindStringSubmatch(base)
	if m == nil {
		r.errorf("archive-name", "%s: name the archive <plugin-id>-<version>.zip", base)
		return
	}
	if m[1] != p.ID {
		r.errorf("archive-name", "%s: starts with %q, the plugin id is %q", base, m[1], p.ID)
	}
	if m[2] != p.Info.Version {
		r.errorf("archive-name", "%s: version %s, plugin.json says %s", base, m[2], p.Info.Version)
	}
}

// checkChecksums wants <zip>.sha1 and <zip>.sha256 next to the archive, each
// holding the digest first (sha1sum/sha256sum output or the bare digest).
func checkChecksums(r *report, file string) {
	for ext, h := range map[string]func() hash.Hash{".sha1": sha1.New, ".sha256": sha256.New} {
		raw, err := os.ReadFile(file + ext)
		if err != nil {
			r.errorf("checksum", "missing %s%s", filepath.Base(file), ext)
			continue
		}
		fields := strings.Fields(string(raw))
		got, err := digest(file, h())
		if err != nil {
			r.errorf("checksum", "%v", err)
			continue
		}
		if len(fields) == 0 || !strings.EqualFold(fields[0], got) {
			r.errorf("checksum", "%s%s does not match the archive (archive digest %s)", filepath.Base(file), ext, got)
		}
	}
}

func digest(file string, h hash.Hash) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// unzip writes the archive under dir with the modes it stores (names were
// checked for ".." and absolute paths before).
func unzip(zr *zip.ReadCloser, dir string) error {
	for _, f := range zr.File {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := extractOne(f, dst); err != nil {
			return err
		}
	}
	return nil
}

func extractOne(f *zip.File, dst string) error {
	in, err := f.Open()
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, f.Mode().Perm()|0o400)
	if err != nil {
		return err
	}
	// A plugin archive is tens of megabytes; cap what one entry may expand to.
	if _, err := io.Copy(out, io.LimitReader(in, 1<<30)); err != nil {
		_ = out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(dst, f.Mode().Perm()|0o400)
}
