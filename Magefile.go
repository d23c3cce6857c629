//go:build mage
// +build mage

package main

import (
	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
)

// Default builds the backend for every platform Grafana runs plugins on
// (releases). Tests and CI build linux/amd64 only: `mage -v build:linux`.
var Default = build.BuildAll
