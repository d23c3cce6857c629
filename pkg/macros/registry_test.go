package macros

import (
	"strings"
	"testing"
)

func TestMacrosList(t *testing.T) {
	specs := Macros()
	if len(specs) != len(registry) {
		t.Fatalf("Macros() has %d entries, registry %d", len(specs), len(registry))
	}
	signatures := map[string]string{
		"$__accountFilter":   "$__accountFilter[(column)]",
		"$__interval":        "$__interval",
		"$__interval_ms":     "$__interval_ms",
		"$__optionalTable":   "$__optionalTable(source)",
		"$__source":          "$__source",
		"$__union":           "$__union(source, …, (SELECT …))",
		"$__partitionFilter": "$__partitionFilter[(table)]",
		"$__partitions":      "$__partitions(source)",
		"$__freshness":       "$__freshness(source)",
		"$__adhocFilters":    "$__adhocFilters(source)",
		"$__regionFilter":    "$__regionFilter[(column)]",
		"$__table":           "$__table(source)",
		"$__timeFilter":      "$__timeFilter(column)",
		"$__timeFrom":        "$__timeFrom()",
		"$__timeFromMs":      "$__timeFromMs()",
		"$__timeGroup":       "$__timeGroup(column, interval)",
		"$__timeTo":          "$__timeTo()",
		"$__timeToMs":        "$__timeToMs()",
	}
	for i, s := range specs {
		if i > 0 && specs[i-1].Name >= s.Name {
			t.Errorf("Macros() not sorted at %s", s.Name)
		}
		if got := s.Signature(); got != signatures[s.Name] {
			t.Errorf("%s.Signature() = %q, want %q", s.Name, got, signatures[s.Name])
		}
		if s.Doc == "" || strings.Contains(s.Doc, "\n") {
			t.Errorf("%s: the doc must be one non-empty line", s.Name)
		}
		// Every example uses its macro and expands cleanly.
		if !strings.Contains(s.Example, s.Name) {
			t.Errorf("%s: example %q does not use the macro", s.Name, s.Example)
		}
		if _, err := Expand(s.Example, fixtureContext()); err != nil {
			t.Errorf("%s: example %q: %v", s.Name, s.Example, err)
		}
	}
}

func TestSignatureForms(t *testing.T) {
	s := Spec{Name: "$__x", Args: []Arg{{Name: "a"}, {Name: "b", Optional: true}}}
	if got := s.Signature(); got != "$__x(a[, b])" {
		t.Errorf("Signature() = %q", got)
	}
	if got := argCount(1, 2); got != "1 to 2 arguments" {
		t.Errorf("argCount(1, 2) = %q", got)
	}
}
