package macros

import "strings"

// tokKind classifies the tokens that table and predicate detection look at.
type tokKind int

const (
	tokWord   tokKind = iota // bare identifier or keyword
	tokQuoted                // double-quoted identifier
	tokOther                 // literal, number, operator, punctuation
)

// token is one SQL token; comments and whitespace are dropped.
type token struct {
	kind tokKind
	// text is the identifier without quotes (escaped "" undone), or the
	// punctuation character; empty for literals and numbers.
	text string
}

// is reports whether t is the bare keyword kw (case-insensitive).
func (t token) is(kw string) bool { return t.kind == tokWord && strings.EqualFold(t.text, kw) }

// ident reports whether t can name a table, column or alias.
func (t token) ident() bool { return t.kind == tokWord || t.kind == tokQuoted }

// punct reports whether t is the punctuation character c.
func (t token) punct(c byte) bool { return t.kind == tokOther && len(t.text) == 1 && t.text[0] == c }

// lex splits SQL into tokens, good enough to find table references and
// predicate columns; it is not a parser. Bare words take letters, digits,
// '_', '$' (so the metadata table t$partitions is not read as t) and any
// non-ASCII byte.
func lex(sql string) []token {
	toks := make([]token, 0, len(sql)/4) // about one token per four bytes of SQL
	for i := 0; i < len(sql); {
		ch := sql[i]
		switch {
		case ch == '"':
			end, _ := skipQuoted(sql, i)
			inner := sql[i+1 : max(end-1, i+1)]
			toks = append(toks, token{kind: tokQuoted, text: strings.ReplaceAll(inner, `""`, `"`)})
			i = end
		case ch == '\'':
			end, _ := skipQuoted(sql, i)
			toks = append(toks, token{kind: tokOther})
			i = end
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f':
			i++
		case isWordByte(ch) || ch == '$' || ch >= 0x80:
			j := i + 1
			for j < len(sql) && (isWordByte(sql[j]) || sql[j] == '$' || sql[j] >= 0x80) {
				j++
			}
			kind := tokWord
			if ch >= '0' && ch <= '9' {
				kind = tokOther // a number
			}
			toks = append(toks, token{kind: kind, text: sql[i:j]})
			i = j
		default:
			if end, ok := skipNonCode(sql, i); ok {
				i = end
				continue
			}
			toks = append(toks, token{kind: tokOther, text: sql[i : i+1]})
			i++
		}
	}
	return toks
}

// chain reads a dotted name (a.b."c") starting at toks[i]; it returns its
// parts and the index after it, or nil when toks[i] is no identifier.
func chain(toks []token, i int) ([]string, int) {
	if i >= len(toks) || !toks[i].ident() {
		return nil, i
	}
	parts := []string{toks[i].text}
	j := i + 1
	for j+1 < len(toks) && toks[j].punct('.') && toks[j+1].ident() {
		parts = append(parts, toks[j+1].text)
		j += 2
	}
	return parts, j
}
