package ocsf

import (
	"strings"
	"testing"
)

// sysmonColumns is a custom source as a Glue crawler lists it: OCSF base
// event, nested objects, an array of objects, a map, and the Hive partitions.
var sysmonColumns = []Column{
	{"time", "bigint"},
	{"class_uid", "int"},
	{"severity_id", "int"},
	{"activity_id", "int"},
	{"metadata", "struct<product:struct<name:string,vendor_name:string>,version:string>"},
	{"actor", "struct<process:struct<pid:int,file:struct<path:string>>,user:struct<name:string,groups:array<struct<name:string>>>>"},
	{"observables", "array<struct<name:string,type_id:int,value:string,attrs:struct<score:double>,tags:array<struct<k:string>>>>"},
	{"unmapped", "map<string,string>"},
	{"ips", "array<string>"},
	{"score", "decimal(5,2)"},
	{"ratio", "float"},
	{"odd", "struct<`a.b`:string,`ok name`:int>"},
	{"Time", "string"}, // a case-insensitive duplicate: the first wins
	{"region", "string"},
	{"accountid", "string"},
	{"eventday", "string"},
}

func TestSchemaFromColumns(t *testing.T) {
	s, err := SchemaFromColumns("ext_windows_sysmon", 2, sysmonColumns)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != "ext_windows_sysmon" || s.Version != 2 || len(s.Classes) != 0 {
		t.Errorf("schema header %+v", s)
	}
	want := map[string]struct {
		typ     string
		kind    Kind
		vt      ValueType
		curated bool
	}{
		"time":                      {"bigint", Scalar, Integer, true},
		"class_uid":                 {"integer", Scalar, Integer, true},
		"metadata":                  {"row", Nested, Complex, false},
		"metadata.product":          {"row", Nested, Complex, false},
		"metadata.product.name":     {"varchar", Scalar, String, true},
		"actor.process.file":        {"row", Nested, Complex, false},
		"actor.process.file.path":   {"varchar", Scalar, String, false},
		"actor.user.groups":         {"array(row)", Nested, Complex, false},
		"actor.user.groups[].name":  {"varchar", Element, String, false},
		"observables":               {"array(row)", Nested, Complex, false},
		"observables[].type_id":     {"integer", Element, Integer, false},
		"observables[].attrs.score": {"double", Element, Float, false},
		"observables[].tags":        {"array(row)", Element, Complex, false},
		"observables[].tags[].k":    {"varchar", Element, String, false},
		"unmapped":                  {"map(varchar,varchar)", Nested, Complex, false},
		"ips":                       {"array(varchar)", Nested, Complex, false},
		"score":                     {"decimal(5,2)", Scalar, Float, false},
		"ratio":                     {"real", Scalar, Float, false},
		"odd":                       {"row", Nested, Complex, false},
		"odd.ok name":               {"integer", Scalar, Integer, false},
		"eventday":                  {"varchar", Scalar, String, true},
		"region":                    {"varchar", Scalar, String, true},
	}
	for path, w := range want {
		f, ok := s.Field(path)
		if !ok {
			t.Errorf("missing %s", path)
			continue
		}
		if f.Type != w.typ || f.Kind() != w.kind || f.ValueType() != w.vt || f.Curated != w.curated {
			t.Errorf("%s = %+v (kind %v, value %s); want %+v", path, f, f.Kind(), f.ValueType(), w)
		}
	}
	for _, absent := range []string{"observables[].attrs", "odd.a.b", "Time"} {
		if _, ok := s.Field(absent); ok {
			t.Errorf("%s must not be a field", absent)
		}
	}
	// The element path splits like catalog fields do.
	f, _ := s.Field("observables[].attrs.score")
	if arr, member, ok := f.ArrayPath(); !ok || arr != "observables" || member != "attrs.score" {
		t.Errorf("ArrayPath = %q %q %v", arr, member, ok)
	}
	// Sorted and unique, like the generated catalog.
	for i := 1; i < len(s.Fields); i++ {
		if s.Fields[i-1].Path >= s.Fields[i].Path {
			t.Errorf("fields not sorted/unique at %s, %s", s.Fields[i-1].Path, s.Fields[i].Path)
		}
	}
	// Enums work on a custom schema too (severity_id is a common attribute).
	if e, ok := s.EnumFor("severity_id", 0); !ok || e.CaptionOf(5) != "Critical" {
		t.Errorf("EnumFor(severity_id) = %+v, %v", e, ok)
	}
}

func TestSchemaFromColumnsErrors(t *testing.T) {
	if _, err := SchemaFromColumns(" ", 1, sysmonColumns); err == nil {
		t.Error("a source name is required")
	}
	_, err := SchemaFromColumns("ext_x", 1, []Column{{"ok", "string"}, {"bad", "struct<a:"}, {"worse", "array<"}})
	if err == nil || !strings.Contains(err.Error(), "column bad") || !strings.Contains(err.Error(), "column worse") || !strings.Contains(err.Error(), "ext_x") {
		t.Errorf("error %v", err)
	}
	// Unusable top-level names are skipped, not errors.
	s, err := SchemaFromColumns("ext_x", 1, []Column{{"", "string"}, {"a.b", "string"}, {"c[]", "int"}, {"d\x00", "int"}, {"ok", "string"}})
	if err != nil || len(s.Fields) != 1 || s.Fields[0].Path != "ok" {
		t.Errorf("fields %+v, %v", s, err)
	}
	// No columns is an empty schema, not an error.
	if s, err := SchemaFromColumns("ext_x", 1, nil); err != nil || len(s.Fields) != 0 {
		t.Errorf("empty: %+v, %v", s, err)
	}
}

// TestSchemaFromColumnsMatchesCatalog rebuilds a catalog schema from Glue
// column strings and checks it has the catalog's paths and types, so a
// resource link with an unknown name looks like the AWS table it points to.
func TestSchemaFromColumnsMatchesCatalog(t *testing.T) {
	cols := []Column{
		{"time", "bigint"},
		{"finding", "struct<created_time:bigint,desc:string,related_events:array<struct<product_uid:string,uid:string>>,remediation:struct<desc:string,kb_articles:array<string>>>"},
		{"vulnerabilities", "array<struct<cve:struct<cvss:struct<base_score:float>,uid:string>,packages:array<struct<name:string,epoch:int>>>>"},
	}
	s, err := SchemaFromColumns("sh_findings", 1, cols)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := Default().Schema(1, "sh_findings")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range s.Fields {
		rf, ok := ref.Field(f.Path)
		if !ok {
			t.Errorf("%s is not in the catalog", f.Path)
			continue
		}
		if rf.Type != f.Type {
			t.Errorf("%s: %s, catalog %s", f.Path, f.Type, rf.Type)
		}
	}
}
