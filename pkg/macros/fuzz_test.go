package macros

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzExpand: no input panics, and a scope value only ever lands inside a
// single-quoted literal. The second property is checked by expanding twice,
// once with the fuzzed accounts and Regions and once with harmless
// placeholders in their place: with every literal masked, both outputs must
// be the same text.
func FuzzExpand(f *testing.F) {
	for _, sql := range []string{
		"SELECT * FROM $__table(vpc_flow) WHERE $__partitionFilter AND $__accountFilter AND $__regionFilter(a.region)",
		"SELECT $__timeGroup(time, $__interval), count(*) FROM $__table(vpc_flow@1) v WHERE $__partitionFilter(v) GROUP BY 1",
		"SELECT '$__timeFilter(time)' -- $__foo(\n/* $__x */ \"$__y\" $__timeFilter(time_dt)",
		"FROM $__table(vpc_flow) a JOIN $__table(vpc_flow@1) b ON a.x = b.x WHERE $__partitionFilter(b)",
		"WHERE $__timeFilter(time) OR 1=1 --)",
		"$__table(vpc_flow'; DROP)",
		"$__timeGroup(a(b, 'c'')'), \"d,\")",
		"$__",
	} {
		f.Add(sql, "111122223333", "us-east-1")
	}
	f.Add("FROM $__table(ext_edr_process) WHERE $__partitionFilter OR $__accountFilter", "x') OR 1=1 --", "us-east-1' /*")
	f.Add("FROM $__table(vpc_flow) v WHERE $__partitionFilter AND $__regionFilter", `"time_dt"`, "a''b\n--")
	f.Fuzz(func(t *testing.T, sql, account, region string) {
		ctx := fixtureContext()
		ctx.Scope.Accounts = []string{account, "444455556666", account}
		ctx.Scope.Regions = []string{region}
		got, err := Expand(sql, ctx)

		ph := placeholders{}
		ctx.Scope.Accounts = []string{ph.of(account), ph.of("444455556666"), ph.of(account)}
		ctx.Scope.Regions = []string{ph.of(region)}
		ref, refErr := Expand(sql, ctx)
		if (err == nil) != (refErr == nil) {
			t.Fatalf("the scope changed the outcome: %v vs %v", err, refErr)
		}
		if err != nil {
			return
		}
		if a, b := maskLiterals(got.SQL), maskLiterals(ref.SQL); a != b {
			t.Fatalf("a scope value escaped its literal:\nsql:  %q\ngot:  %q\nref:  %q", sql, got.SQL, ref.SQL)
		}
	})
}

// placeholders maps each distinct scope value to a plain stand-in, keeping
// empty values empty, so that sqlbuild drops and deduplicates alike.
type placeholders map[string]string

func (p placeholders) of(v string) string {
	if v == "" {
		return ""
	}
	if _, ok := p[v]; !ok {
		p[v] = "v" + strconv.Itoa(len(p))
	}
	return p[v]
}

// maskLiterals replaces the content of every single-quoted literal outside
// comments and quoted identifiers with nothing.
func maskLiterals(sql string) string {
	var b strings.Builder
	for i := 0; i < len(sql); {
		end, ok := skipNonCode(sql, i)
		switch {
		case !ok:
			b.WriteByte(sql[i])
			i++
			continue
		case sql[i] == '\'':
			b.WriteString("''")
		default:
			b.WriteString(sql[i:end])
		}
		i = end
	}
	return b.String()
}
