package e2e

import "strings"

// ruleSource is the source a rule's model reads: its builder source, or
// the argument of its $__optionalTable / $__table.
func ruleSource(model map[string]any) string {
	if s, _ := model["source"].(string); s != "" {
		src, _, _ := strings.Cut(s, "@")
		return src
	}
	sql, _ := model["rawSql"].(string)
	for _, m := range []string{"$__optionalTable(", "$__table("} {
		if _, rest, ok := strings.Cut(sql, m); ok {
			src, _, _ := strings.Cut(rest, ")")
			src, _, _ = strings.Cut(src, "@")
			return strings.TrimSpace(src)
		}
	}
	return ""
}

// hasNotice reports a frame notice containing text.
func hasNotice(r result, text string) bool {
	for _, f := range r.frames() {
		if f.Meta == nil {
			continue
		}
		for _, n := range f.Meta.Notices {
			if strings.Contains(n.Text, text) {
				return true
			}
		}
	}
	return false
}
