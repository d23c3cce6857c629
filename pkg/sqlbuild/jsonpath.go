package sqlbuild

import (
	"fmt"
	"strings"
)

// checkJSONPath accepts the JSON paths of json_extract_scalar in a strict
// subset both engines read the same way: "$" then segments ".name" (letters,
// digits, _), ["name"] (any text but " \ and control characters) or [n] (an
// array index). Wildcards, filters and recursive descent are refused, so a
// path always names one scalar.
func checkJSONPath(p string) error {
	if len(p) > maxJSONPathLen {
		return fmt.Errorf("is %d bytes long; the limit is %d", len(p), maxJSONPathLen)
	}
	rest, ok := strings.CutPrefix(p, "$")
	if !ok {
		return fmt.Errorf(`must start with $ (for example $.userName or $["user-name"][0])`)
	}
	if rest == "" {
		return fmt.Errorf(`names no member: add .name, ["name"] or [n] after $`)
	}
	for rest != "" {
		switch {
		case rest[0] == '.':
			n := 1
			for n < len(rest) && isNameByte(rest[n]) {
				n++
			}
			if n == 1 {
				return fmt.Errorf(`has a "." not followed by a name of letters, digits or _ (use ["name"] for other names)`)
			}
			rest = rest[n:]
		case strings.HasPrefix(rest, `["`):
			end := strings.Index(rest[2:], `"]`)
			if end <= 0 {
				return fmt.Errorf(`has a ["…"] segment that is empty or not closed by "]`)
			}
			name := rest[2 : 2+end]
			for _, r := range name {
				if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
					return fmt.Errorf(`has a ["…"] name with a quote, backslash or control character`)
				}
			}
			rest = rest[2+end+2:]
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			idx := ""
			if end > 0 {
				idx = rest[1:end]
			}
			if idx == "" || len(idx) > 9 || strings.Trim(idx, "0123456789") != "" {
				return fmt.Errorf("has a [ … ] segment that is neither an index [n] nor a quoted name [\"name\"]")
			}
			rest = rest[end+1:]
		default:
			return fmt.Errorf(`has %q where .name, ["name"] or [n] should follow`, clip(rest))
		}
	}
	return nil
}

// isNameByte reports whether c may appear in a ".name" segment.
func isNameByte(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
