package provisioning

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// hostileValues reads the shared hostile values (testdata/hostile.json, also
// read by src/sqlInterpolation.test.ts): every payload in every wrapper.
func hostileValues(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("testdata/hostile.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct{ Payloads, Wrappers []string }
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range spec.Payloads {
		for _, w := range spec.Wrappers {
			v := strings.ReplaceAll(strings.ReplaceAll(w, "%U", strings.ToUpper(p)), "%s", p)
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// skeleton is a statement's structure, independent of the lexers under
// test: keywords, names and punctuation upper-cased, every string or number
// literal V, every quoted identifier I, comments dropped.
func skeleton(sql string) string {
	var out []string
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case strings.HasPrefix(sql[i:], "--"):
			n := strings.IndexByte(sql[i:], '\n')
			if n < 0 {
				n = len(sql) - i - 1
			}
			i += n + 1
		case strings.HasPrefix(sql[i:], "/*"):
			n := strings.Index(sql[i+2:], "*/")
			if n < 0 {
				i = len(sql)
			} else {
				i += n + 4
			}
		case c == '\'' || c == '"':
			j := i + 1
			for ; j < len(sql); j++ {
				if sql[j] == c {
					if j+1 < len(sql) && sql[j+1] == c {
						j++
						continue
					}
					break
				}
			}
			out = append(out, map[byte]string{'\'': "V", '"': "I"}[c])
			i = j + 1
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			i++
		case isWordByte(c) || c == '$':
			j := i
			for j < len(sql) && (isWordByte(sql[j]) || sql[j] == '$') {
				j++
			}
			w := sql[i:j]
			if w[0] >= '0' && w[0] <= '9' {
				w = "V"
			}
			out = append(out, strings.ToUpper(w))
			i = j
		default:
			out = append(out, string(c))
			i++
		}
	}
	return strings.Join(out, " ")
}

// oracleStride samples every 8th hostile value in the default run (about
// 20 s of CPU); SECLAKE_LONG=1 runs every value (the figures in the notes).
func oracleStride() int {
	if os.Getenv("SECLAKE_LONG") != "" {
		return 1
	}
	return 8
}

// TestDashboardQueriesResistHostileVariables is the injection oracle over
// every bundled dashboard query (panels, variables, annotations): each of
// its variables is given each hostile value in turn, the query is
// interpolated as the frontend does and planned as the plugin does (macros
// expanded, read-only check, builder SQL built), and the statement must
// either be refused or have the same token skeleton as with the sample
// values. Nothing a dashboard viewer picks can change a statement.
func TestDashboardQueriesResistHostileVariables(t *testing.T) {
	b := load(t)
	hostile := hostileValues(t)
	if len(hostile) < 500 {
		t.Fatalf("only %d hostile values", len(hostile))
	}
	qc := NewQueryChecker()
	var attempts, refused, queries int
	for _, d := range b.dashboards {
		for _, raw := range dashboardQueries(t, d) {
			used := VarNames(string(raw))
			if len(used) == 0 {
				continue
			}
			queries++
			base := VarsFor(d, withVersion(samples, "2"))
			want, ok := plan(qc, raw, base)
			if !ok {
				t.Errorf("%s: %s does not plan with the sample values", d.File, raw)
				continue
			}
			for _, name := range used {
				v, known := base[name]
				if !known {
					continue
				}
				for i := 0; i < len(hostile); i += oracleStride() {
					h := hostile[i]
					vs := clone(base)
					vals := make([]string, max(1, len(v.Values)))
					for k := range vals {
						vals[k] = hostile[(i+k*7)%len(hostile)]
					}
					vals[0] = h
					vs[name] = VarValue{Values: vals, Multi: v.Multi}
					attempts++
					got, ok := plan(qc, raw, vs)
					if !ok {
						refused++
						continue
					}
					if got != want {
						t.Fatalf("%s: $%s = %q changed the statement:\n%s\nwant the structure of\n%s", d.File, name, h, got, want)
					}
				}
			}
		}
	}
	if queries < 20 || attempts < len(hostile)/oracleStride()*queries {
		t.Fatalf("only %d queries with variables and %d attempts", queries, attempts)
	}
	t.Logf("%d dashboard queries with variables, %d hostile attempts, %d refused, 0 changed a statement", queries, attempts, refused)
}

// plan interpolates and plans one query; it returns the SQL's skeleton, or
// false when the plugin would refuse the query.
func plan(qc QueryChecker, raw json.RawMessage, vs Vars) (string, bool) {
	b, err := Interpolate(raw, vs)
	if err != nil {
		return "", false
	}
	_, sql, err := qc.SQL(b)
	if err != nil {
		return "", false
	}
	return skeleton(sql), true
}

// dashboardQueries are the query models of every panel target, query
// variable and annotation of d.
func dashboardQueries(t *testing.T, d *Dashboard) []json.RawMessage {
	var out []json.RawMessage
	for _, p := range d.AllPanels() {
		ts, err := p.DecodedTargets()
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range ts {
			out = append(out, tg.Raw)
		}
	}
	for _, v := range d.Templating.List {
		if v.Type == "query" && len(v.Query) > 0 && v.Query[0] == '{' {
			out = append(out, v.Query)
		}
	}
	for _, a := range d.Annotations.List {
		if a.BuiltIn == 0 && len(a.Target) > 0 {
			out = append(out, a.Target)
		}
	}
	return out
}

func withVersion(vs Vars, version string) Vars {
	out := clone(vs)
	out[VersionVar] = VarValue{Values: []string{version}}
	return out
}

func clone(vs Vars) Vars {
	out := Vars{}
	for k, v := range vs {
		out[k] = v
	}
	return out
}
