package frames

import (
	"math"
	"testing"
)

func TestEstimatedCostUSD(t *testing.T) {
	const mb = 1_000_000
	tests := []struct {
		name   string
		bytes  int64
		reused bool
		want   float64
	}{
		{"reused result, nothing scanned", 0, true, 0},
		{"nothing scanned still bills the 10 MB minimum", 0, false, 10 * mb * 5 / 1e12},
		{"1 byte bills 10 MB", 1, false, 0.00005},
		{"exactly 10 MB", 10 * mb, false, 0.00005},
		{"just over 10 MB rounds up to 11 MB", 10*mb + 1, false, 11 * mb * 5 / 1e12},
		{"1 GB", 1_000_000_000, false, 0.005},
		{"1 TB is 5 USD", 1_000_000_000_000, false, 5},
		{"2.5 TB", 2_500_000_000_000, false, 12.5},
		{"reused with bytes reported is billed", 20 * mb, true, 0.0001},
		{"negative counts as zero", -5, false, 0.00005},
		{"negative reused is free", -5, true, 0},
	}
	for _, tt := range tests {
		got := EstimatedCostUSD(tt.bytes, tt.reused)
		if math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("%s: EstimatedCostUSD(%d, %v) = %g, want %g", tt.name, tt.bytes, tt.reused, got, tt.want)
		}
	}
}

func TestLevelFromSeverityID(t *testing.T) {
	want := map[int64]string{
		0: "unknown", 1: "info", 2: "info", 3: "warning", 4: "error", 5: "critical", 6: "critical",
		99: "unknown", 7: "unknown", -1: "unknown",
	}
	for id, level := range want {
		if got := levelFromSeverityID(id); got != level {
			t.Errorf("levelFromSeverityID(%d) = %q, want %q", id, got, level)
		}
	}
}

func TestLevelFromCaption(t *testing.T) {
	want := map[string]string{
		"Informational": "info", "Low": "info", "Medium": "warning", "High": "error", "Critical": "critical",
		"Fatal": "critical", "Unknown": "unknown", "Other": "unknown", "": "unknown", " high ": "error",
		"error": "error", "WARNING": "warning", "debug": "debug", "severe-ish": "unknown",
	}
	for caption, level := range want {
		if got := levelFromCaption(caption); got != level {
			t.Errorf("levelFromCaption(%q) = %q, want %q", caption, got, level)
		}
	}
}

func TestPlural(t *testing.T) {
	if got := plural(1, "row"); got != "1 row" {
		t.Errorf("plural(1) = %q", got)
	}
	if got := plural(3, "row"); got != "3 rows" {
		t.Errorf("plural(3) = %q", got)
	}
}
