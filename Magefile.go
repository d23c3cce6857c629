//go:build mage
// +build mage

package main

import (
	"os"
	"os/exec"

	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
)

// Default builds the backend for every platform Grafana runs plugins on.
// Tests and CI build linux/amd64 only: `mage -v build:linux`.
var Default = build.BuildAll

// Release builds the frontend and the backend for every platform, packs the
// versioned zip with its checksums and checks it: scripts/release.sh, the
// one release command (docs/release.md).
func Release() error {
	cmd := exec.Command("bash", "scripts/release.sh")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
