package grafanahost

import (
	"testing"
)

// MustBuildPlugin is BuildPlugin for tests and benchmarks: it fails tb on
// error. The build is bounded by tb's context.
func MustBuildPlugin(tb testing.TB, repoRoot, pkgPath string) string {
	tb.Helper()
	bin, err := BuildPlugin(tb.Context(), repoRoot, pkgPath)
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

// StartTest starts the plugin for one test: it fails tb if the plugin does
// not start, stops it in tb's Cleanup, and prints the plugin's logs when the
// test failed, since they usually explain why.
func StartTest(tb testing.TB, binaryPath string, opts ...Option) *Host {
	tb.Helper()
	h, err := Start(tb.Context(), binaryPath, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		h.Stop()
		if tb.Failed() {
			tb.Logf("plugin logs (%s):\n%s", h.Binary(), lastLines(h.Logs(), 200))
		}
	})
	return h
}
