package clip

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	if got := Text("vpc_flow"); got != "vpc_flow" {
		t.Errorf("short text changed: %q", got)
	}
	exact := strings.Repeat("a", Max)
	if got := Text(exact); got != exact {
		t.Errorf("text of exactly Max bytes changed")
	}
	long := strings.Repeat("x", 2<<20)
	got := Text(long)
	if len(got) > Max+40 || !strings.HasPrefix(got, strings.Repeat("x", Max)) || !strings.HasSuffix(got, "…(2096952 more bytes)") {
		t.Errorf("2 MB clipped to %d bytes: %q", len(got), got[len(got)-30:])
	}
	// A multi-byte character straddling the cut is dropped whole.
	multi := strings.Repeat("a", Max-1) + "é" + strings.Repeat("b", 10)
	if got := Text(multi); !utf8.ValidString(got) || !strings.HasPrefix(got, strings.Repeat("a", Max-1)+"…") {
		t.Errorf("cut inside a character: %q", got)
	}
	if got := N("abcdef", 3); got != "abc…(3 more bytes)" {
		t.Errorf("N = %q", got)
	}
}
