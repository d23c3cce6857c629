package trino

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Type is a parsed Trino type: what a column's type signature (or type text)
// says, as a tree.
type Type struct {
	// Name is the lower-case base name without parameters, like Trino's
	// rawType: "varchar", "decimal", "timestamp", "timestamp with time zone",
	// "interval day to second", "array", "map", "row", "json", …
	Name string
	// Params are the numeric parameters: varchar(15) → [15],
	// decimal(10,2) → [10 2], timestamp(6) → [6]. Unbounded varchar has none
	// (its signature's 2147483647 is dropped so text and signature agree).
	Params []int64
	// Fields are the nested types: array → [element], map → [key, value],
	// row → its fields, Name "" when anonymous (ROW(1, 'a')).
	Fields []Field
}

// Field is a nested type with its row field name ("" elsewhere).
type Field struct {
	Name string
	Type *Type
}

// unboundedVarchar is the length Trino's signature gives an unbounded varchar.
const unboundedVarchar = 2147483647

// maxTypeDepth bounds nesting so hostile input cannot exhaust the stack;
// real types stay far below it.
const maxTypeDepth = 100

// String renders the type as Trino prints it: "varchar(15)",
// "timestamp(3) with time zone", "row(ip varchar, \"from\" integer)".
func (t *Type) String() string {
	if t == nil {
		return ""
	}
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t *Type) write(b *strings.Builder) {
	if len(t.Fields) > 0 {
		b.WriteString(t.Name)
		b.WriteByte('(')
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			if f.Name != "" {
				b.WriteString(quoteField(f.Name))
				b.WriteByte(' ')
			}
			if f.Type != nil {
				f.Type.write(b)
			}
		}
		b.WriteByte(')')
		return
	}
	head, tail := t.Name, ""
	if i := strings.IndexByte(t.Name, ' '); i > 0 && len(t.Params) > 0 {
		head, tail = t.Name[:i], t.Name[i:] // timestamp(3) with time zone
	}
	b.WriteString(head)
	if len(t.Params) > 0 {
		b.WriteByte('(')
		for i, p := range t.Params {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatInt(p, 10))
		}
		b.WriteByte(')')
	}
	b.WriteString(tail)
}

// quoteField quotes a row field name unless it is a plain lower-case
// identifier, as Trino does.
func quoteField(name string) string {
	plain := name != ""
	for i, r := range name {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	if plain {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// sigJSON is the JSON form of a client type signature.
type sigJSON struct {
	RawType   string    `json:"rawType"`
	Arguments []argJSON `json:"arguments"`
}

type argJSON struct {
	Kind  string          `json:"kind"`
	Value json.RawMessage `json:"value"`
}

type namedJSON struct {
	FieldName *struct {
		Name string `json:"name"`
	} `json:"fieldName"`
	TypeSignature json.RawMessage `json:"typeSignature"`
}

// ParseSignature decodes a column's typeSignature JSON
// ({"rawType":"row","arguments":[{"kind":"NAMED_TYPE","value":…}]}).
func ParseSignature(raw json.RawMessage) (*Type, error) {
	return parseSignature(raw, 0)
}

func parseSignature(raw json.RawMessage, depth int) (*Type, error) {
	if depth > maxTypeDepth {
		return nil, errors.New("trino: type signature nested too deeply")
	}
	var s sigJSON
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("trino: type signature: %w", err)
	}
	if s.RawType == "" {
		return nil, errors.New("trino: type signature without rawType")
	}
	t := &Type{Name: strings.ToLower(s.RawType)}
	for _, a := range s.Arguments {
		switch strings.ToUpper(a.Kind) {
		case "LONG", "LONG_LITERAL":
			var n int64
			if err := json.Unmarshal(a.Value, &n); err != nil {
				return nil, fmt.Errorf("trino: type signature of %s: LONG argument: %w", t.Name, err)
			}
			t.Params = append(t.Params, n)
		case "TYPE", "TYPE_SIGNATURE":
			ft, err := parseSignature(a.Value, depth+1)
			if err != nil {
				return nil, err
			}
			t.Fields = append(t.Fields, Field{Type: ft})
		case "NAMED_TYPE", "NAMED_TYPE_SIGNATURE":
			var nt namedJSON
			if err := json.Unmarshal(a.Value, &nt); err != nil {
				return nil, fmt.Errorf("trino: type signature of %s: NAMED_TYPE argument: %w", t.Name, err)
			}
			ft, err := parseSignature(nt.TypeSignature, depth+1)
			if err != nil {
				return nil, err
			}
			f := Field{Type: ft}
			if nt.FieldName != nil {
				f.Name = nt.FieldName.Name
			}
			t.Fields = append(t.Fields, f)
		default:
			// VARIABLE (a calculated literal) never reaches clients; ignore
			// anything unknown rather than fail a whole result.
		}
	}
	if t.Name == "varchar" && len(t.Params) == 1 && t.Params[0] == unboundedVarchar {
		t.Params = nil
	}
	return t, nil
}

// Signature returns the type as typeSignature JSON, the inverse of
// ParseSignature (used by fakes that must look like Trino).
func (t *Type) Signature() json.RawMessage {
	b, _ := json.Marshal(t.sig()) // plain structs: cannot fail
	return b
}

func (t *Type) sig() sigJSON {
	s := sigJSON{RawType: t.Name, Arguments: []argJSON{}}
	params := t.Params
	if t.Name == "varchar" && len(params) == 0 {
		params = []int64{unboundedVarchar}
	}
	for _, p := range params {
		v, _ := json.Marshal(p)
		s.Arguments = append(s.Arguments, argJSON{Kind: "LONG", Value: v})
	}
	for _, f := range t.Fields {
		if f.Type == nil {
			continue
		}
		inner, _ := json.Marshal(f.Type.sig())
		if t.Name != "row" {
			s.Arguments = append(s.Arguments, argJSON{Kind: "TYPE", Value: inner})
			continue
		}
		nt := map[string]any{"typeSignature": json.RawMessage(inner)}
		if f.Name != "" {
			nt["fieldName"] = map[string]string{"name": f.Name}
		}
		v, _ := json.Marshal(nt)
		s.Arguments = append(s.Arguments, argJSON{Kind: "NAMED_TYPE", Value: v})
	}
	return s
}
