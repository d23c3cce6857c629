package models

import (
	"slices"
	"strings"
	"testing"
)

func TestSourcesAndJoinValidate(t *testing.T) {
	tests := []struct {
		name, json, wantErr string
	}{
		{"union", `{"refId":"A","source":"vpc_flow","sources":["route53","waf"]}`, ""},
		{"eight sources", `{"refId":"A","source":"a","sources":["b","c","d","e","f","g","h"]}`, ""},
		{"repeats count once", `{"refId":"A","source":"a","sources":["a","b","b","c","d","e","f","g","h"]}`, ""},
		{"nine sources", `{"refId":"A","source":"a","sources":["b","c","d","e","f","g","h","i"]}`, "at most 8"},
		{"semi join", `{"refId":"A","source":"vpc_flow","join":{"field":"src_endpoint.ip","source":"route53"}}`, ""},
		{"anti join", `{"refId":"A","source":"vpc_flow","join":{"kind":"anti","field":"src_endpoint.ip","source":"route53"}}`, ""},
		{"join kind", `{"refId":"A","source":"vpc_flow","join":{"kind":"outer","field":"x","source":"route53"}}`, `unknown join kind "outer"`},
		{"join field", `{"refId":"A","source":"vpc_flow","join":{"source":"route53"}}`, "needs a field"},
		{"join source", `{"refId":"A","source":"vpc_flow","join":{"field":"x"}}`, "needs the other source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			err = q.Validate()
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Validate = %v, want containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestAllSourcesAndJoinOther(t *testing.T) {
	q := Query{Source: "vpc_flow", Sources: []string{" route53", "", "vpc_flow", "waf", "route53"}}
	if got := q.AllSources(); !slices.Equal(got, []string{"vpc_flow", "route53", "waf"}) {
		t.Errorf("AllSources = %q", got)
	}
	if got := (Join{Field: "a"}).Other(); got != "a" {
		t.Errorf("Other = %q, want the field", got)
	}
	if got := (Join{Field: "a", OtherField: "b"}).Other(); got != "b" {
		t.Errorf("Other = %q, want b", got)
	}
}
