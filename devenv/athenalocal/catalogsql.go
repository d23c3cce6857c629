package athenalocal

import "strings"

// Catalog names in the SQL: Athena resolves "AwsDataCatalog"."db"."table"
// in the data catalog of the request, which the engine maps to a Trino
// catalog (Options.Catalogs). When the mapped name differs — a lake profile
// served as AwsDataCatalog from its own catalog — the name must change in
// the SQL too, or Trino would read the default catalog. rewriteCatalogs
// does that with a small tokenizer, so string literals, comments and
// identifiers that merely contain the name are never touched.

// sqlToken is one lexical piece of a statement.
type sqlToken struct {
	kind tokenKind
	text string
}

type tokenKind int

const (
	tokOther  tokenKind = iota // punctuation, operators, numbers
	tokSpace                   // white space and comments
	tokString                  // '…' literal ('' escapes a quote)
	tokIdent                   // unquoted identifier or keyword
	tokQuoted                  // "…" identifier ("" escapes a quote)
)

// tokenize splits sql into tokens whose texts concatenate to sql. An
// unterminated literal, quoted identifier or comment runs to the end.
func tokenize(sql string) []sqlToken {
	var out []sqlToken
	for i := 0; i < len(sql); {
		c := sql[i]
		start := i
		kind := tokOther
		switch {
		case c == '\'' || c == '"':
			kind = tokString
			if c == '"' {
				kind = tokQuoted
			}
			i = closeQuote(sql, i+1, c)
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			kind = tokSpace
			if n := strings.IndexByte(sql[i:], '\n'); n >= 0 {
				i += n + 1
			} else {
				i = len(sql)
			}
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			kind = tokSpace
			if n := strings.Index(sql[i+2:], "*/"); n >= 0 {
				i += n + 4
			} else {
				i = len(sql)
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			kind = tokSpace
			for i < len(sql) && strings.IndexByte(" \t\n\r\f", sql[i]) >= 0 {
				i++
			}
		case isIdentStart(c):
			kind = tokIdent
			for i < len(sql) && isIdentPart(sql[i]) {
				i++
			}
		case c >= '0' && c <= '9':
			// Numbers (1e3, 0x1F) stay one token, so "1e3" is never an identifier.
			for i < len(sql) && isIdentPart(sql[i]) {
				i++
			}
		default:
			i++
		}
		out = append(out, sqlToken{kind: kind, text: sql[start:i]})
	}
	return out
}

// closeQuote returns the index just past the quote q that closes a token
// started before i (a doubled quote is an escaped one).
func closeQuote(sql string, i int, q byte) int {
	for i < len(sql) {
		if sql[i] == q {
			if i+1 < len(sql) && sql[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(sql)
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9') || c == '@' || c == '$'
}

// identName is the name an identifier token denotes (quotes removed), and
// whether the token is an identifier at all.
func identName(t sqlToken) (string, bool) {
	switch t.kind {
	case tokIdent:
		return t.text, true
	case tokQuoted:
		if len(t.text) >= 2 && strings.HasSuffix(t.text, `"`) {
			return strings.ReplaceAll(t.text[1:len(t.text)-1], `""`, `"`), true
		}
	}
	return "", false
}

// rewriteCatalogs replaces catalog names in sql: an identifier whose name
// is a key of catalogs (lower-case; matched case-insensitively) and that
// heads a dotted name — followed by "." and another identifier, not itself
// after a "." — becomes the quoted Trino catalog. Such a head is the
// catalog of catalog.schema.table, and of catalog.schema in SHOW … FROM; a
// schema or column with the catalog's name would be rewritten too, which
// Security Lake's names never are.
func rewriteCatalogs(sql string, catalogs map[string]string) string {
	if len(catalogs) == 0 {
		return sql
	}
	toks := tokenize(sql)
	// next returns the index of the next token that is not space, or -1.
	next := func(i int) int {
		for i++; i < len(toks); i++ {
			if toks[i].kind != tokSpace {
				return i
			}
		}
		return -1
	}
	changed := false
	prev := -1 // index of the previous non-space token
	for i, t := range toks {
		if t.kind == tokSpace {
			continue
		}
		afterDot := prev >= 0 && toks[prev].text == "."
		prev = i
		name, ok := identName(t)
		if !ok || afterDot {
			continue
		}
		to, mapped := catalogs[strings.ToLower(name)]
		if !mapped {
			continue
		}
		dot := next(i)
		if dot < 0 || toks[dot].text != "." {
			continue
		}
		if n := next(dot); n < 0 {
			continue
		} else if _, isIdent := identName(toks[n]); !isIdent {
			continue
		}
		toks[i].text = quoteIdent(to)
		changed = true
	}
	if !changed {
		return sql
	}
	var b strings.Builder
	b.Grow(len(sql) + 16)
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return b.String()
}
