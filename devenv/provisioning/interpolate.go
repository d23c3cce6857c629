package provisioning

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// VarValue is a template variable's current value(s). Multi marks a
// multi-value or include-All variable, whose values SQL receives as a quoted
// list even when only one is selected.
type VarValue struct {
	Values []string
	Multi  bool
}

// Vars maps variable names to their values.
type Vars map[string]VarValue

// varRe is Grafana's template variable syntax (templateSrv's regex):
// $name, [[name]] or [[name:format]], ${name}, ${name.field} or ${name:format}.
var varRe = regexp.MustCompile(`\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}`)

// replace substitutes the variables of s with format(values, variable);
// unknown variables stay as written, as in Grafana.
func (vs Vars) replace(s string, format func(VarValue) string) string {
	return varRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := varRe.FindStringSubmatch(m)
		name := sub[1] + sub[2] + sub[4]
		v, ok := vs[name]
		if !ok {
			return m
		}
		return format(v)
	})
}

// sep is the frontend's unit separator for splitting multi-values apart.
const sep = "\u001f"

// expand returns the values a string becomes: a multi-value variable alone
// gives several.
func (vs Vars) expand(s string) []string {
	return strings.Split(vs.replace(s, func(v VarValue) string { return strings.Join(v.Values, sep) }), sep)
}

// listOps are the operators that take a list; a single-value operator
// given several values becomes its list form.
var (
	listOps = map[string]bool{"in": true, "not-in": true, "any": true}
	listOp  = map[string]string{"=": "in", "!=": "not-in"}
)

// Interpolate applies template variables to a target exactly as the
// frontend's DataSource.applyTemplateVariables does (src/datasource.ts):
// source is replaced; accounts, regions and string filter values expand to
// one entry per selected value (a single-value operator given several
// becomes in / not-in); raw SQL gets Grafana's SQL formatting (multi-value
// variables as a quoted list, other values with quotes doubled), with the
// backend's $__ macros left alone. The result is the JSON the backend gets.
func Interpolate(target json.RawMessage, vars Vars) ([]byte, error) {
	var q map[string]any
	if err := json.Unmarshal(target, &q); err != nil {
		return nil, err
	}
	if s, ok := q["source"].(string); ok {
		q["source"] = vars.replace(s, func(v VarValue) string { return strings.Join(v.Values, ",") })
	}
	for _, key := range []string{"accounts", "regions"} {
		list, ok := q[key].([]any)
		if !ok {
			continue
		}
		out := []any{}
		for _, e := range list {
			for _, x := range vars.expand(fmt.Sprint(e)) {
				if x != "" {
					out = append(out, x)
				}
			}
		}
		q[key] = out
	}
	if fs, ok := q["filters"].([]any); ok {
		for i, f := range fs {
			if m, ok := f.(map[string]any); ok {
				fs[i] = vars.filter(m)
			}
		}
	}
	if sql, ok := q["rawSql"].(string); ok {
		q["rawSql"] = vars.sql(sql)
	}
	return json.Marshal(q)
}

func (vs Vars) expandValue(v any) []any {
	s, ok := v.(string)
	if !ok {
		return []any{v}
	}
	var out []any
	for _, x := range vs.expand(s) {
		out = append(out, x)
	}
	return out
}

func (vs Vars) filter(f map[string]any) map[string]any {
	out := make(map[string]any, len(f))
	for k, v := range f {
		out[k] = v
	}
	var values []any
	if list, ok := f["values"].([]any); ok {
		for _, v := range list {
			values = append(values, vs.expandValue(v)...)
		}
		out["values"] = values
	}
	value, has := f["value"]
	if !has {
		return out
	}
	expanded := vs.expandValue(value)
	op, _ := f["op"].(string)
	if len(expanded) == 1 && !listOps[op] {
		out["value"] = expanded[0]
		return out
	}
	delete(out, "value")
	if lo, ok := listOp[op]; ok {
		out["op"] = lo
	}
	out["values"] = append(expanded, values...)
	return out
}

// sql interpolates raw SQL as src/sqlInterpolation.ts does: each variable
// becomes a literal fitting where it stands (quoted string literals in code,
// escaped text inside a literal or quoted identifier, untouched in comments);
// $__name is a backend macro. The shared vectors in
// testdata/interpolation.json hold both implementations to the same output.
func (vs Vars) sql(s string) string {
	var b strings.Builder
	ctx := byte(0) // 0 code, '\'' literal, '"' identifier
	for i := 0; i < len(s); {
		c := s[i]
		if ctx == 0 {
			if strings.HasPrefix(s[i:], "--") || strings.HasPrefix(s[i:], "/*") {
				end := commentEnd(s, i)
				b.WriteString(s[i:end])
				i = end
				continue
			}
			if c == '\'' || c == '"' {
				ctx = c
				b.WriteByte(c)
				i++
				continue
			}
		} else if c == ctx {
			if i+1 < len(s) && s[i+1] == ctx {
				b.WriteString(s[i : i+2])
				i += 2
				continue
			}
			ctx = 0
			b.WriteByte(c)
			i++
			continue
		}
		// In code, a '$' inside a word (t$partitions) starts nothing;
		// inside a literal ('user_$name') it does.
		inWord := ctx == 0 && i > 0 && isWordByte(s[i-1])
		loc := varRe.FindStringSubmatchIndex(s[i:])
		if (c != '$' || inWord) && c != '[' || loc == nil || loc[0] != 0 {
			b.WriteByte(c)
			i++
			continue
		}
		m := s[i : i+loc[1]]
		sub := varRe.FindStringSubmatch(m)
		name := sub[1] + sub[2] + sub[4]
		v, ok := vs[name]
		switch {
		case sub[1] != "" && strings.HasPrefix(name, "__"):
			// A backend macro ($__timeFilter, $__interval): left to the backend.
			b.WriteByte(c)
			i++
			continue
		case !ok:
			// A name Grafana does not know stays as written.
			b.WriteString(m)
			i += len(m)
			continue
		}
		b.WriteString(renderVar(v.Values, ctx))
		i += len(m)
	}
	return b.String()
}

// renderVar writes values for their context (see sql).
func renderVar(values []string, ctx byte) string {
	switch ctx {
	case '\'':
		return strings.ReplaceAll(strings.Join(values, ","), "'", "''")
	case '"':
		return strings.ReplaceAll(strings.Join(values, ","), `"`, `""`)
	}
	if len(values) == 0 {
		return "''"
	}
	q := make([]string, len(values))
	for i, x := range values {
		q[i] = "'" + strings.ReplaceAll(x, "'", "''") + "'"
	}
	return strings.Join(q, ",")
}

func commentEnd(s string, i int) int {
	if strings.HasPrefix(s[i:], "--") {
		if n := strings.IndexByte(s[i:], '\n'); n >= 0 {
			return i + n + 1
		}
		return len(s)
	}
	if n := strings.Index(s[i+2:], "*/"); n >= 0 {
		return i + 2 + n + 2
	}
	return len(s)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// VarNames lists the variable names a string refers to.
func VarNames(s string) []string {
	var out []string
	for _, sub := range varRe.FindAllStringSubmatch(s, -1) {
		if name := sub[1] + sub[2] + sub[4]; !strings.HasPrefix(name, "__") {
			out = append(out, name)
		}
	}
	return out
}
