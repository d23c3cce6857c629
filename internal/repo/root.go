// Package repo locates the repository from inside it, for tests and tools
// that read files of the project (plugin.json, dashboards, golden SQL).
package repo

import (
	"errors"
	"os"
	"path/filepath"
)

// Root walks up from the working directory to the plugin's repository root:
// the directory holding both go.mod and src/plugin.json. The proving ground
// is a Go module of its own (devenv/go.mod), so go.mod alone is not enough.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if isRoot(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no plugin repository (go.mod and src/plugin.json) above the working directory")
		}
		dir = parent
	}
}

func isRoot(dir string) bool {
	for _, f := range []string{"go.mod", filepath.Join("src", "plugin.json")} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return false
		}
	}
	return true
}
