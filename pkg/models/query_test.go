package models

import (
	"strings"
	"testing"
)

func TestParseQueryDefaults(t *testing.T) {
	tests := []struct {
		name       string
		json       string
		wantMode   Mode
		wantFormat Format
		wantErr    string
	}{
		{"builder by default", `{"refId":"A","source":"vpc_flow"}`, ModeBuilder, FormatTable, ""},
		{"sql when only rawSql", `{"refId":"A","rawSql":"SELECT 1"}`, ModeSQL, FormatTable, ""},
		{"explicit mode wins", `{"refId":"A","mode":"builder","rawSql":"x","source":"waf","format":"logs"}`, ModeBuilder, FormatLogs, ""},
		{"grafana keys ignored", `{"refId":"A","source":"waf","datasource":{"uid":"x"},"intervalMs":1000,"hide":false}`, ModeBuilder, FormatTable, ""},
		{"not json", `{"refId":`, "", "", "not valid"},
		{"wrong type", `{"refId":"A","limit":"ten"}`, "", "", `field "limit" must be int`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery([]byte(tt.json))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if q.Mode != tt.wantMode || q.Format != tt.wantFormat {
				t.Fatalf("mode/format = %s/%s, want %s/%s", q.Mode, q.Format, tt.wantMode, tt.wantFormat)
			}
		})
	}
}

func TestFilterValuesAcceptScalars(t *testing.T) {
	q, err := ParseQuery([]byte(`{"refId":"A","source":"vpc_flow","filters":[
		{"field":"dst_endpoint.port","op":"in","values":[22, "3389", 443.0]},
		{"field":"is_mfa","op":"=","value":false},
		{"field":"src_endpoint.ip","op":"=","value":"10.0.0.1"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := q.Filters[0].AllValues()
	if len(got) != 3 || got[0] != "22" || got[1] != "3389" || got[2] != "443.0" {
		t.Fatalf("values = %v", got)
	}
	if q.Filters[1].AllValues()[0] != "false" || q.Filters[2].AllValues()[0] != "10.0.0.1" {
		t.Fatalf("single values = %v %v", q.Filters[1].AllValues(), q.Filters[2].AllValues())
	}
	if _, err := ParseQuery([]byte(`{"filters":[{"field":"a","op":"=","value":{"x":1}}]}`)); err == nil {
		t.Fatal("an object value must be rejected")
	}
}

func TestQueryValidate(t *testing.T) {
	tests := []struct {
		name    string
		q       Query
		wantErr string
	}{
		{"builder ok", Query{RefID: "A", Mode: ModeBuilder, Format: FormatTimeSeries, Source: "vpc_flow"}, ""},
		{"builder needs source", Query{RefID: "A", Mode: ModeBuilder, Format: FormatTable}, "choose a source"},
		{"sql needs text", Query{RefID: "B", Mode: ModeSQL, Format: FormatTable, RawSQL: "  "}, "SQL of query B is empty"},
		{"unknown mode", Query{Mode: "graphql", Format: FormatTable}, `unknown query mode "graphql"`},
		{"unknown format", Query{Mode: ModeSQL, RawSQL: "x", Format: "heatmap"}, `unknown format "heatmap"`},
		{"negative limit", Query{Mode: ModeSQL, RawSQL: "x", Format: FormatTable, Limit: -1}, "limit must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want containing %q", err, tt.wantErr)
			}
		})
	}
}

// FuzzParseQuery: the decoder never panics, and whatever it accepts either
// validates or fails with a message.
func FuzzParseQuery(f *testing.F) {
	f.Add(`{"refId":"A","source":"vpc_flow","filters":[{"field":"x","op":"=","value":1}]}`)
	f.Add(`{"rawSql":"SELECT 1","format":"logs"}`)
	f.Add(`{"filters":[{"values":[true,null,"a",1e400]}]}`)
	f.Add(`{"source":"sh_findings","unnest":"vulnerabilities[].cve.cvss","picks":[{"field":"resources[].uid","alias":"r","where":{"field":"resources[].type","op":"any","values":["a"]}}]}`)
	f.Add(`{"unnest":7,"picks":{"alias":1}}`)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery([]byte(s))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if err := q.Validate(); err != nil && err.Error() == "" {
			t.Fatal("empty validation message")
		}
	})
}

func TestParseQueryArrays(t *testing.T) {
	q, err := ParseQuery([]byte(`{"refId":"A","source":"cloud_trail_mgmt","unnest":"resources",
		"picks":[{"field":"resources[].uid","alias":"bucket","where":{"field":"resources[].type","op":"=","value":"AWS::S3::Bucket"}}],
		"filters":[{"field":"resources","op":"not-empty"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if q.Unnest != "resources" || len(q.Picks) != 1 || q.Picks[0].Alias != "bucket" || q.Picks[0].Where == nil ||
		q.Picks[0].Where.Value != "AWS::S3::Bucket" || q.Filters[0].Op != OpNotEmpty {
		t.Fatalf("parsed %+v", q)
	}
	if SizeField("answers") != "size(answers)" {
		t.Fatal(SizeField("answers"))
	}
}
