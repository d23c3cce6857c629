package e2e

import (
	"os"
	"testing"
)

// TestMain runs the shared stack's cleanups (plugin process, athena-local)
// after every test.
func TestMain(m *testing.M) {
	code := m.Run()
	runFailed = code != 0
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}
