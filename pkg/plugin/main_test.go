package plugin

import (
	"fmt"
	"os"
	"testing"
)

// TestMain adopts AWS_CA_BUNDLE as main does, so the in-process tests run the
// same configuration path as the binary.
func TestMain(m *testing.M) {
	if err := AdoptCABundle(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
