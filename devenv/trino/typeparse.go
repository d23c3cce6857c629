package trino

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseType parses Trino's type text, as in a column's "type" or
// information_schema.columns.data_type: "varchar(15)", "decimal(10,2)",
// "timestamp(3) with time zone", "array(row(name varchar, \"type\" integer))",
// "map(varchar, varchar)", "row(integer, varchar(1))" (anonymous fields).
func ParseType(s string) (*Type, error) {
	p := &typeParser{src: s}
	p.lex()
	if p.err != nil {
		return nil, p.err
	}
	t := p.parseType(0)
	if p.err == nil && p.pos < len(p.toks) {
		p.fail("unexpected %q", p.toks[p.pos].text)
	}
	if p.err != nil {
		return nil, p.err
	}
	return t, nil
}

type tokKind int

const (
	tokWord   tokKind = iota // identifier or keyword
	tokQuoted                // "quoted identifier"
	tokNumber
	tokPunct // ( ) ,
)

type token struct {
	kind tokKind
	text string // word lower-cased; quoted unescaped
}

type typeParser struct {
	src  string
	toks []token
	pos  int
	err  error
}

func (p *typeParser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("trino: type %q: %s", p.src, fmt.Sprintf(format, args...))
	}
}

func (p *typeParser) lex() {
	s := p.src
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == ',':
			p.toks = append(p.toks, token{tokPunct, string(c)})
			i++
		case c == '"':
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(s) {
					p.fail("unterminated quoted name")
					return
				}
				if s[j] == '"' {
					if j+1 < len(s) && s[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			if b.Len() == 0 {
				p.fail("empty quoted name")
				return
			}
			p.toks = append(p.toks, token{tokQuoted, b.String()})
			i = j + 1
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			p.toks = append(p.toks, token{tokNumber, s[i:j]})
			i = j
		case isWordByte(c) && !(c >= '0' && c <= '9'):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			p.toks = append(p.toks, token{tokWord, strings.ToLower(s[i:j])})
			i = j
		default:
			p.fail("unexpected character %q", c)
			return
		}
	}
}

// isWordByte: type names and unquoted field names are plain identifiers.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func (p *typeParser) peek(k int) (token, bool) {
	if p.pos+k < len(p.toks) {
		return p.toks[p.pos+k], true
	}
	return token{}, false
}

func (p *typeParser) isPunct(k int, s string) bool {
	t, ok := p.peek(k)
	return ok && t.kind == tokPunct && t.text == s
}

// words reads consecutive bare words ("with time zone").
func (p *typeParser) words() []string {
	var out []string
	for {
		t, ok := p.peek(0)
		if !ok || t.kind != tokWord {
			return out
		}
		out = append(out, t.text)
		p.pos++
	}
}

func (p *typeParser) parseType(depth int) *Type {
	if depth > maxTypeDepth {
		p.fail("nested too deeply")
		return nil
	}
	head := p.words()
	if len(head) == 0 {
		if t, ok := p.peek(0); ok {
			p.fail("expected a type name at %q", t.text)
		} else {
			p.fail("expected a type name at the end")
		}
		return nil
	}
	t := &Type{Name: strings.Join(head, " ")}
	if p.isPunct(0, "(") {
		p.pos++
		p.parseArgs(t, depth)
		if p.err != nil {
			return nil
		}
		if tail := p.words(); len(tail) > 0 { // timestamp(3) with time zone
			t.Name += " " + strings.Join(tail, " ")
		}
	}
	if t.Name == "varchar" && len(t.Params) == 1 && t.Params[0] == unboundedVarchar {
		t.Params = nil
	}
	return t
}

// parseArgs reads "arg, arg)" after the opening parenthesis.
func (p *typeParser) parseArgs(t *Type, depth int) {
	for {
		tok, ok := p.peek(0)
		if !ok {
			p.fail("missing )")
			return
		}
		switch {
		case tok.kind == tokNumber:
			n, err := strconv.ParseInt(tok.text, 10, 64)
			if err != nil {
				p.fail("bad number %q", tok.text)
				return
			}
			t.Params = append(t.Params, n)
			p.pos++
		case t.Name == "row":
			f := p.parseRowField(depth)
			if p.err != nil {
				return
			}
			t.Fields = append(t.Fields, f)
		default:
			ft := p.parseType(depth + 1)
			if p.err != nil {
				return
			}
			t.Fields = append(t.Fields, Field{Type: ft})
		}
		switch {
		case p.isPunct(0, ","):
			p.pos++
		case p.isPunct(0, ")"):
			p.pos++
			return
		default:
			p.fail("expected , or )")
			return
		}
	}
}

// multiWord lists second words that continue a type name rather than
// follow a field name: "time with time zone", "interval day to second".
var multiWord = map[string]map[string]bool{
	"timestamp": {"with": true, "without": true},
	"time":      {"with": true, "without": true},
	"interval":  {"day": true, "year": true},
	"double":    {"precision": true},
}

// parseRowField reads "name type" or an anonymous "type". A bare word
// followed by another word is a field name unless the two start a multi-word
// type name.
func (p *typeParser) parseRowField(depth int) Field {
	t0, _ := p.peek(0)
	if t0.kind == tokQuoted {
		p.pos++
		return Field{Name: t0.text, Type: p.parseType(depth + 1)}
	}
	t1, ok := p.peek(1)
	if t0.kind == tokWord && ok && t1.kind == tokWord && !multiWord[t0.text][t1.text] {
		p.pos++
		return Field{Name: t0.text, Type: p.parseType(depth + 1)}
	}
	return Field{Type: p.parseType(depth + 1)}
}
