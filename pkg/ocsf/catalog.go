// Package ocsf is the OCSF catalog of Security Lake tables as data: the
// classes each source carries per lake version, the typed field paths of each
// table, and the enum captions of OCSF *_id fields.
//
// The field inventory is generated (internal/gen) from AWS sample Parquet
// files and Glue schema dumps (docs/design/ocsf-inventory.md). Identifiers
// that reach SQL are taken only from this catalog.
package ocsf

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

//go:embed catalog.json
var catalogJSON []byte

// Class is an OCSF event class.
type Class struct {
	UID          int    `json:"uid"`
	Name         string `json:"name"`
	CategoryUID  int    `json:"categoryUid"`
	CategoryName string `json:"categoryName"`
}

// Field is one typed column path of a Security Lake table.
type Field struct {
	// Path is dot-separated for struct members ("api.operation"); "[]" marks a
	// member of an array element ("resources[].uid").
	Path string `json:"path"`
	// Type is the Athena (Trino) type: varchar, integer, bigint, real,
	// boolean, timestamp, decimal(p,s), array(…), map(…), row.
	Type string `json:"type"`
	// Curated marks the fields dashboards use most; editors list them first.
	Curated bool `json:"curated,omitempty"`
}

// Kind classifies how a field can be used in SQL.
type Kind int

// Field kinds.
const (
	// Scalar fields can be selected, filtered, grouped and aggregated.
	Scalar Kind = iota
	// Nested fields (row, array, map) are selected whole as JSON.
	Nested
	// Element fields live inside array elements ("resources[].uid"); they
	// can only be filtered with "any element matches".
	Element
)

// Kind reports how the field can be used.
func (f Field) Kind() Kind {
	switch {
	case strings.Contains(f.Path, "[]"):
		return Element
	case f.Type == "row" || strings.HasPrefix(f.Type, "array") || strings.HasPrefix(f.Type, "map"):
		return Nested
	default:
		return Scalar
	}
}

// ValueType is the kind of literal a field compares with.
type ValueType string

// Value types.
const (
	String    ValueType = "string"
	Integer   ValueType = "integer"
	Float     ValueType = "float"
	Boolean   ValueType = "boolean"
	Timestamp ValueType = "timestamp"
	Complex   ValueType = "nested"
)

// ValueType maps the Athena type to the literal type of comparisons.
func (f Field) ValueType() ValueType {
	t := f.Type
	switch {
	case t == "varchar" || t == "char":
		return String
	case t == "integer" || t == "bigint" || t == "smallint" || t == "tinyint":
		return Integer
	case t == "real" || t == "double" || strings.HasPrefix(t, "decimal"):
		return Float
	case t == "boolean":
		return Boolean
	case t == "timestamp":
		return Timestamp
	default:
		return Complex
	}
}

// ArrayPath splits an element path "resources[].uid" into the array column
// "resources" and the member path "uid" inside the element. ok is false for
// paths that are not (single-level) element paths.
func (f Field) ArrayPath() (array, member string, ok bool) {
	i := strings.Index(f.Path, "[].")
	if i < 0 || strings.Contains(f.Path[i+3:], "[]") {
		return "", "", false
	}
	return f.Path[:i], f.Path[i+3:], true
}

// Schema is the OCSF view of one Security Lake table (source × version).
type Schema struct {
	Source      string  `json:"source"`
	Version     int     `json:"version"`
	TableSuffix string  `json:"tableSuffix"`
	OCSFVersion string  `json:"ocsfVersion"`
	Classes     []Class `json:"classes"`
	Fields      []Field `json:"fields"`

	byPath map[string]int
}

// Field returns the field with the given path.
func (s *Schema) Field(path string) (Field, bool) {
	i, ok := s.byPath[path]
	if !ok {
		return Field{}, false
	}
	return s.Fields[i], true
}

// Class returns the class with the given uid.
func (s *Schema) Class(uid int) (Class, bool) {
	for _, c := range s.Classes {
		if c.UID == uid {
			return c, true
		}
	}
	return Class{}, false
}

// Catalog holds every schema, keyed by version and source.
type Catalog struct {
	schemas map[lake.Version]map[string]*Schema
}

var defaultCatalog = mustLoad(catalogJSON)

// Default returns the embedded catalog.
func Default() *Catalog { return defaultCatalog }

// Load parses a catalog in the embedded JSON form.
func Load(b []byte) (*Catalog, error) {
	var doc struct {
		Schemas []*Schema `json:"schemas"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("ocsf catalog: %w", err)
	}
	c := &Catalog{schemas: map[lake.Version]map[string]*Schema{}}
	for _, s := range doc.Schemas {
		s.byPath = make(map[string]int, len(s.Fields))
		for i, f := range s.Fields {
			s.byPath[f.Path] = i
		}
		v := lake.Version(s.Version)
		if c.schemas[v] == nil {
			c.schemas[v] = map[string]*Schema{}
		}
		c.schemas[v][s.Source] = s
	}
	return c, nil
}

func mustLoad(b []byte) *Catalog {
	c, err := Load(b)
	if err != nil {
		panic(err) // the embedded file is tested; a broken build must not start
	}
	return c
}

// Schema returns the schema of an AWS source in a lake version.
func (c *Catalog) Schema(v lake.Version, source string) (*Schema, error) {
	s, ok := c.schemas[v][source]
	if !ok {
		return nil, fmt.Errorf("unknown source %q for Security Lake version %d (known: %s)", source, int(v), strings.Join(c.Sources(v), ", "))
	}
	return s, nil
}

// Sources lists the source names present in a version, sorted.
func (c *Catalog) Sources(v lake.Version) []string {
	out := make([]string, 0, len(c.schemas[v]))
	for n := range c.schemas[v] {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
