package ocsf

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Column is one Glue column: a name and a Glue/Hive type string. It has the
// same fields as lake.ColumnMeta, so ocsf.Column(meta) converts one (ocsf
// imports lake, so lake cannot import ocsf).
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// customCurated are the OCSF base-event attributes and partition columns
// editors list first for a custom source; only those present are marked.
// Custom sources carry one OCSF class each and write the base event
// (https://docs.aws.amazon.com/security-lake/latest/userguide/custom-sources.html).
var customCurated = map[string]bool{
	"time": true, "time_dt": true, "class_uid": true, "class_name": true, "category_uid": true,
	"category_name": true, "activity_id": true, "activity_name": true, "type_uid": true,
	"severity_id": true, "severity": true, "status_id": true, "status": true, "message": true,
	"metadata.product.name": true, "metadata.version": true,
	"region": true, "accountid": true, "eventday": true,
}

// SchemaFromColumns builds the schema of a table whose fields the embedded
// catalog does not know — a custom (ext_) source, or a resource link with an
// unrecognised name — from its Glue columns, as the generator does for AWS
// sources:
//
//   - struct<…> columns give their dotted leaf paths ("actor.user.name") and
//     each struct prefix as a "row" field ("actor", "actor.user");
//   - array<struct<…>> members are "col[].member" element fields; a struct
//     prefix inside an element is not a field of its own;
//   - maps, arrays of scalars and unions are single nested fields;
//   - Glue type names become Athena names (string → varchar, int → integer,
//     float → real, struct → row, array<x> → array(x), map<k,v> → map(k,v)).
//
// Members whose names cannot be written as a path (empty, or containing
// '.', '[', ']' or control characters) are left out; their column can still
// be selected whole. Classes are empty: a custom source's class is in its
// class_uid column. A column whose type does not parse is an error naming it.
func SchemaFromColumns(source string, version int, cols []Column) (*Schema, error) {
	if strings.TrimSpace(source) == "" {
		return nil, errors.New("ocsf: a custom schema needs a source name")
	}
	s := &Schema{Source: source, Version: version, Classes: []Class{}}
	seen := map[string]bool{}
	add := func(path, typ string) {
		k := strings.ToLower(path)
		if seen[k] {
			return // Glue names are case-insensitive; the first one wins
		}
		seen[k] = true
		s.Fields = append(s.Fields, Field{Path: path, Type: typ, Curated: customCurated[k]})
	}
	var errs []error
	for _, c := range cols {
		name := strings.TrimSpace(c.Name)
		if !pathSafe(name) {
			continue
		}
		t, err := ParseGlueType(c.Type)
		if err != nil {
			errs = append(errs, fmt.Errorf("column %s: %w", name, err))
			continue
		}
		flatten(name, t, false, add)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("ocsf: schema of %s: %w", source, errors.Join(errs...))
	}
	sort.SliceStable(s.Fields, func(i, j int) bool { return s.Fields[i].Path < s.Fields[j].Path })
	s.index()
	return s, nil
}

// flatten adds the fields of one column (or member) of type t at path.
func flatten(path string, t *GlueType, inElement bool, add func(path, typ string)) {
	switch t.Name {
	case "struct":
		if !inElement {
			add(path, "row")
		}
		for _, f := range t.Fields {
			if pathSafe(f.Name) {
				flatten(path+"."+f.Name, f.Type, inElement, add)
			}
		}
	case "array":
		add(path, t.FieldType())
		if t.Elem != nil && t.Elem.Name == "struct" {
			for _, f := range t.Elem.Fields {
				if pathSafe(f.Name) {
					flatten(path+"[]."+f.Name, f.Type, true, add)
				}
			}
		}
	default:
		add(path, t.FieldType())
	}
}

// pathSafe reports whether a name can be one segment of a field path.
func pathSafe(name string) bool {
	if name == "" || !utf8.ValidString(name) || strings.ContainsAny(name, ".[]") {
		return false
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// index builds the path lookup of Field.
func (s *Schema) index() {
	s.byPath = make(map[string]int, len(s.Fields))
	for i, f := range s.Fields {
		s.byPath[f.Path] = i
	}
}
