package macros

import (
	"fmt"
	"strings"

	textclip "github.com/seclake/securitylake-datasource/pkg/clip"
)

// segment is a piece of the SQL: plain text, or one macro call.
type segment struct {
	text string
	call *call
}

// call is one macro occurrence.
type call struct {
	// name is the macro name without the $__ prefix.
	name string
	// args are the trimmed argument texts; nil without parentheses or for ().
	args []string
	// offset is the byte offset of "$__" in the SQL; end is the offset
	// after the call (after its ")" when it has arguments).
	offset, end int
}

// parse splits sql into text and macro calls. Macros inside string literals
// ('…') and quoted identifiers ("…"), both escaping a quote by doubling it,
// line comments (--) and block comments (/* */, which Trino does not nest)
// are text. A macro's arguments follow its name immediately:
// "$__timeFilter (x)" is the bare macro followed by "(x)".
//
// An unterminated literal or comment outside a macro is left to Athena to
// report; inside a macro's arguments it is an error, because the macro could
// not know where its arguments end.
func parse(sql string) ([]segment, error) {
	var segs []segment
	start := 0 // start of the pending text
	for i := 0; i < len(sql); {
		if end, ok := skipNonCode(sql, i); ok {
			i = end
			continue
		}
		if !strings.HasPrefix(sql[i:], macroPrefix) || i+len(macroPrefix) >= len(sql) || !isWordByte(sql[i+len(macroPrefix)]) {
			i++
			continue
		}
		c := &call{offset: i}
		j := i + len(macroPrefix)
		for j < len(sql) && isWordByte(sql[j]) {
			j++
		}
		c.name = sql[i+len(macroPrefix) : j]
		if j < len(sql) && sql[j] == '(' {
			args, end, err := splitArgs(sql, j)
			if err != nil {
				return nil, newError(c, sql, err.Error())
			}
			c.args, j = args, end
		}
		c.end = j
		if start < i {
			segs = append(segs, segment{text: sql[start:i]})
		}
		segs = append(segs, segment{call: c})
		i, start = j, j
	}
	if start < len(sql) {
		segs = append(segs, segment{text: sql[start:]})
	}
	return segs, nil
}

// skipNonCode reports whether a literal, quoted identifier or comment starts
// at i and returns the offset after it (the end of sql when unterminated).
func skipNonCode(sql string, i int) (int, bool) {
	switch {
	case sql[i] == '\'' || sql[i] == '"':
		end, _ := skipQuoted(sql, i)
		return end, true
	case strings.HasPrefix(sql[i:], "--"):
		if n := strings.IndexByte(sql[i:], '\n'); n >= 0 {
			return i + n + 1, true
		}
		return len(sql), true
	case strings.HasPrefix(sql[i:], "/*"):
		if n := strings.Index(sql[i+2:], "*/"); n >= 0 {
			return i + 2 + n + 2, true
		}
		return len(sql), true
	}
	return i, false
}

// skipQuoted skips the literal or quoted identifier whose quote is at i; a
// doubled quote is an escaped one (Trino has no backslash escapes). It
// returns the offset after the closing quote, or len(sql) and false.
func skipQuoted(sql string, i int) (int, bool) {
	q := sql[i]
	for j := i + 1; j < len(sql); j++ {
		if sql[j] != q {
			continue
		}
		if j+1 < len(sql) && sql[j+1] == q {
			j++
			continue
		}
		return j + 1, true
	}
	return len(sql), false
}

// splitArgs reads the argument list whose "(" is at open: commas split at
// depth 1, nested parentheses, literals and quoted identifiers are kept
// whole. Comments are refused: one could hide the closing parenthesis.
// It returns the trimmed arguments (none for "()") and the offset after ")".
func splitArgs(sql string, open int) ([]string, int, error) {
	var args []string
	depth, from := 0, open+1
	for i := open; i < len(sql); i++ {
		switch ch := sql[i]; {
		case ch == '\'' || ch == '"':
			end, ok := skipQuoted(sql, i)
			if !ok {
				what := "string literal"
				if ch == '"' {
					what = "quoted identifier"
				}
				return nil, 0, fmt.Errorf("unterminated %s in the arguments", what)
			}
			i = end - 1
		case strings.HasPrefix(sql[i:], "--") || strings.HasPrefix(sql[i:], "/*"):
			return nil, 0, fmt.Errorf("comments are not allowed inside macro arguments")
		case ch == '(':
			depth++
		case ch == ')':
			depth--
			if depth == 0 {
				args = append(args, strings.TrimSpace(sql[from:i]))
				if len(args) == 1 && args[0] == "" {
					args = nil
				}
				return args, i + 1, nil
			}
		case ch == ',' && depth == 1:
			args = append(args, strings.TrimSpace(sql[from:i]))
			from = i + 1
		}
	}
	return nil, 0, fmt.Errorf("missing ) after the arguments")
}

// isWordByte reports an ASCII letter, digit or underscore.
func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// parsePath validates a column argument, an identifier or a dotted path
// whose parts are bare (letter or _ first) or double-quoted, and returns its
// parts unquoted. Parts may hold only letters, digits and underscores, quoted
// or not: the argument is re-quoted by sqlbuild.Path, never pasted, and
// anything else (spaces, operators, quotes, comments) is refused.
func parsePath(arg string) ([]string, error) {
	var parts []string
	for _, p := range strings.Split(arg, ".") {
		name, quoted := p, false
		if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
			name, quoted = p[1:len(p)-1], true
		}
		if !validName(name, quoted) {
			return nil, fmt.Errorf("%q is not a column name or dotted path (letters, digits, _ and ., optionally double-quoted)", clip(arg))
		}
		parts = append(parts, name)
	}
	return parts, nil
}

// validName: letters, digits and underscores; a bare name must not start
// with a digit.
func validName(s string, quoted bool) bool {
	if s == "" || !quoted && s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) {
			return false
		}
	}
	return true
}

// clip shortens user text quoted in an error message: the shared rule,
// with a tighter limit because several values may share one message.
func clip(s string) string { return textclip.N(s, 64) }
