package binarytest_test

import (
	"testing"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

// TestBinaryMemoryTarget checks that the real binary starts the memory
// tuner (pkg/memtarget): its Go runtime reports a soft memory limit of the
// floor when idle, and an operator's GOMEMLIMIT, passed through Grafana's
// environment, is kept as set.
func TestBinaryMemoryTarget(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  []string
		want float64
	}{
		{"tuned: the floor when idle", nil, 192 << 20},
		{"the operator's GOMEMLIMIT wins", []string{"GOMEMLIMIT=300MiB"}, 300 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := startBinaryWith(t, grafanahost.WithEnv(tc.env...))
			m, err := h.CollectMetrics(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			got, ok := m.Value("go_gc_gomemlimit_bytes", nil)
			if !ok || got != tc.want {
				t.Fatalf("go_gc_gomemlimit_bytes = %v (found %v), want %v", got, ok, tc.want)
			}
		})
	}
}
