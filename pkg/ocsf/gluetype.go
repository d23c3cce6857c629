package ocsf

import (
	"fmt"
	"strconv"
	"strings"
)

// Glue stores column types in Hive DDL syntax (string, int, decimal(10,2),
// array<string>, map<string,int>, struct<a:string,`b c`:int>), while Athena
// queries use Trino names (varchar, integer, array(varchar), row(…)).
// Athena's mapping is listed at
// https://docs.aws.amazon.com/athena/latest/ug/data-types.html.

// GlueType is a parsed Glue (Hive) column type.
type GlueType struct {
	// Name is the lower-case type name: "array", "map", "struct",
	// "uniontype", or a primitive such as "string", "int", "decimal".
	Name string
	// Params are the parameters of a primitive: decimal(10,2) → [10 2],
	// varchar(255) → [255].
	Params []int
	// Elem is the element type of an array.
	Elem *GlueType
	// Key and Value are the types of a map.
	Key, Value *GlueType
	// Fields are the members of a struct, in declaration order.
	Fields []GlueField
	// Alts are the alternatives of a uniontype.
	Alts []*GlueType
}

// GlueField is one member of a struct type.
type GlueField struct {
	Name string
	Type *GlueType
}

// maxGlueDepth bounds nesting so hostile input cannot exhaust the stack;
// real OCSF tables nest fewer than 10 levels.
const maxGlueDepth = 100

// ParseGlueType parses a Glue/Hive type string. Names are case-insensitive
// and spaces are allowed between tokens; struct member names may be
// backquoted (`a b`; a doubled backquote stands for one). It never panics.
func ParseGlueType(s string) (*GlueType, error) {
	p := &glueParser{s: s}
	t, err := p.parseType(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.s) {
		return nil, p.errorf("unexpected %q after the type", p.s[p.pos])
	}
	return t, nil
}

type glueParser struct {
	s   string
	pos int
}

func (p *glueParser) errorf(format string, a ...any) error {
	in := p.s
	if len(in) > 80 {
		in = in[:80] + "…"
	}
	return fmt.Errorf("glue type %q: %s at offset %d", in, fmt.Sprintf(format, a...), p.pos)
}

func (p *glueParser) skipSpace() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t' || p.s[p.pos] == '\n' || p.s[p.pos] == '\r') {
		p.pos++
	}
}

// accept consumes c (after spaces) if it is next.
func (p *glueParser) accept(c byte) bool {
	p.skipSpace()
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *glueParser) expect(c byte) error {
	if !p.accept(c) {
		if p.pos >= len(p.s) {
			return p.errorf("expected %q, got the end", c)
		}
		return p.errorf("expected %q, got %q", c, p.s[p.pos])
	}
	return nil
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// word reads a type name.
func (p *glueParser) word() string {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.s) && isWordByte(p.s[p.pos]) {
		p.pos++
	}
	return strings.ToLower(p.s[start:p.pos])
}

func (p *glueParser) parseType(depth int) (*GlueType, error) {
	if depth > maxGlueDepth {
		return nil, p.errorf("nested more than %d levels", maxGlueDepth)
	}
	name := p.word()
	if name == "" {
		if p.pos >= len(p.s) {
			return nil, p.errorf("expected a type, got the end")
		}
		return nil, p.errorf("expected a type, got %q", p.s[p.pos])
	}
	t := &GlueType{Name: name}
	var err error
	switch name {
	case "array":
		if err = p.expect('<'); err != nil {
			return nil, err
		}
		if t.Elem, err = p.parseType(depth + 1); err != nil {
			return nil, err
		}
		return t, p.expect('>')
	case "map":
		if err = p.expect('<'); err != nil {
			return nil, err
		}
		if t.Key, err = p.parseType(depth + 1); err != nil {
			return nil, err
		}
		if err = p.expect(','); err != nil {
			return nil, err
		}
		if t.Value, err = p.parseType(depth + 1); err != nil {
			return nil, err
		}
		return t, p.expect('>')
	case "struct":
		if err = p.expect('<'); err != nil {
			return nil, err
		}
		if p.accept('>') {
			return t, nil // struct<> occurs in crawled schemas of empty objects
		}
		for {
			f, err := p.parseField(depth + 1)
			if err != nil {
				return nil, err
			}
			t.Fields = append(t.Fields, f)
			if p.accept('>') {
				return t, nil
			}
			if err := p.expect(','); err != nil {
				return nil, err
			}
		}
	case "uniontype":
		if err = p.expect('<'); err != nil {
			return nil, err
		}
		for {
			a, err := p.parseType(depth + 1)
			if err != nil {
				return nil, err
			}
			t.Alts = append(t.Alts, a)
			if p.accept('>') {
				return t, nil
			}
			if err := p.expect(','); err != nil {
				return nil, err
			}
		}
	}
	if p.accept('(') {
		for {
			n, err := p.number()
			if err != nil {
				return nil, err
			}
			t.Params = append(t.Params, n)
			if p.accept(')') {
				break
			}
			if err := p.expect(','); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

func (p *glueParser) number() (int, error) {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
	if start == p.pos {
		return 0, p.errorf("expected a number")
	}
	n, err := strconv.Atoi(p.s[start:p.pos])
	if err != nil || n > 1<<20 {
		return 0, p.errorf("number %q out of range", p.s[start:p.pos])
	}
	return n, nil
}

// parseField reads "name:type"; the name is backquoted or runs up to ':'.
func (p *glueParser) parseField(depth int) (GlueField, error) {
	p.skipSpace()
	var name string
	if p.pos < len(p.s) && p.s[p.pos] == '`' {
		p.pos++
		var b strings.Builder
		for {
			if p.pos >= len(p.s) {
				return GlueField{}, p.errorf("unterminated backquoted name")
			}
			c := p.s[p.pos]
			p.pos++
			if c == '`' {
				if p.pos < len(p.s) && p.s[p.pos] == '`' {
					b.WriteByte('`')
					p.pos++
					continue
				}
				break
			}
			b.WriteByte(c)
		}
		name = b.String()
	} else {
		start := p.pos
		for p.pos < len(p.s) && !strings.ContainsRune(":,<>`()", rune(p.s[p.pos])) {
			p.pos++
		}
		name = strings.TrimSpace(p.s[start:p.pos])
	}
	if name == "" {
		return GlueField{}, p.errorf("expected a struct member name")
	}
	if err := p.expect(':'); err != nil {
		return GlueField{}, err
	}
	t, err := p.parseType(depth)
	if err != nil {
		return GlueField{}, err
	}
	return GlueField{Name: name, Type: t}, nil
}
