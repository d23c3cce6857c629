package grafanahost

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/seclake/securitylake-datasource/internal/repo"
)

// DefaultPluginPackage is where the plugin's main package lives.
const DefaultPluginPackage = "./pkg"

// buildEntry caches one (repoRoot, pkgPath) build. It is a mutex rather than
// a sync.Once so that a build aborted by its caller's context is retried by
// the next caller instead of poisoning the cache; real failures (compile
// errors) are cached so a hundred tests fail fast with the same message.
type buildEntry struct {
	mu   sync.Mutex
	done bool
	path string
	err  error
}

var (
	buildsMu sync.Mutex
	builds   = map[string]*buildEntry{}
)

// BuildPlugin builds the plugin's main package pkgPath (DefaultPluginPackage
// when empty) of the module at repoRoot with CGO_ENABLED=0 for the host's
// GOOS/GOARCH, and returns the binary's absolute path. Within one process each
// (repoRoot, pkgPath) is built once and shared by every caller.
//
// The binary goes to a fixed directory under os.TempDir keyed by the module
// and package: a fixed place keeps repeated runs from filling the disk with
// copies and lets go build skip relinking an up-to-date binary.
func BuildPlugin(ctx context.Context, repoRoot, pkgPath string) (string, error) {
	if pkgPath == "" {
		pkgPath = DefaultPluginPackage
	}
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		return "", fmt.Errorf("grafanahost: repo root %q: %w", repoRoot, err)
	}
	key := buildKey(root, pkgPath)

	buildsMu.Lock()
	e, ok := builds[key]
	if !ok {
		e = &buildEntry{}
		builds[key] = e
	}
	buildsMu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.done {
		return e.path, e.err
	}
	e.path, e.err = goBuild(ctx, root, pkgPath)
	// Keep the result unless the caller's context cut the build short.
	e.done = e.err == nil || ctx.Err() == nil
	return e.path, e.err
}

func buildKey(absRoot, pkgPath string) string { return absRoot + "\x00" + pkgPath }

// buildDir is the fixed output directory for one module and package.
func buildDir(absRoot, pkgPath string) string {
	sum := sha256.Sum256([]byte(buildKey(absRoot, pkgPath)))
	return filepath.Join(os.TempDir(), "grafanahost-"+hex.EncodeToString(sum[:6]))
}

func goBuild(ctx context.Context, root, pkgPath string) (string, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("grafanahost: the go command is not on PATH: %w", err)
	}
	dir := buildDir(root, pkgPath)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("grafanahost: build dir: %w", err)
	}
	out := filepath.Join(dir, binaryName(root, pkgPath))

	// Build straight to the final path: go build then sees the binary's
	// build ID and skips linking when it is up to date (seconds saved per
	// test process), and when it does write, it replaces the file rather
	// than rewriting it, so a plugin another process is running is not
	// disturbed. The lock makes parallel test processes (go test ./...)
	// take turns, so none runs a half-written binary.
	unlock, err := lockDir(dir)
	if err != nil {
		return "", fmt.Errorf("grafanahost: lock build dir: %w", err)
	}
	defer unlock()

	// -buildvcs=false: stamping asks git for the tree's state on every build,
	// which is slow and fails in trees git cannot read.
	cmd := exec.CommandContext(ctx, goBin, "build", "-buildvcs=false", "-o", out, pkgPath)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return "", fmt.Errorf("grafanahost: go build %s in %s: %w\n%s", pkgPath, root, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// binaryName follows Grafana's gpx_<executable>_<os>_<arch> convention,
// taking <executable> from src/plugin.json for the default package, since
// go-plugin names the plugin's logger after the file.
func binaryName(root, pkgPath string) string {
	base := "gpx_" + sanitize(filepath.Base(filepath.Clean(pkgPath)))
	if filepath.Clean(pkgPath) == filepath.Clean(DefaultPluginPackage) {
		if p, err := ReadPluginJSON(filepath.Join(root, "src", "plugin.json")); err == nil && p.Executable != "" {
			base = p.Executable
		}
	}
	name := base + "_" + runtime.GOOS + "_" + runtime.GOARCH
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return name
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		}
		return '_'
	}, s)
}

// RepoRoot finds the repository root (go.mod beside src/plugin.json) from
// the working directory upwards.
func RepoRoot() (string, error) { return repo.Root() }
