package replica

import (
	"fmt"
	"strings"
)

// pred is a filter written once and used twice: as Athena/Trino SQL (for the
// e2e tests' counts) and as a Go matcher over generated events (for the unit
// tests), so the planted counts of both always agree.
type pred struct {
	sql   string
	match func(Event) bool
}

// sqlPath quotes each part of a dotted path ("actor"."user"."type"), as
// Athena requires for nested names.
func sqlPath(path string) string {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		parts[i] = quoteIdent(p)
	}
	return strings.Join(parts, ".")
}

func sqlValue(v any) string {
	switch x := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	case bool:
		return fmt.Sprint(x)
	default:
		return fmt.Sprint(x)
	}
}

// norm makes int and int64 comparable.
func norm(v any) any {
	if i, ok := v.(int); ok {
		return int64(i)
	}
	return v
}

// eq is path = v (NULL never matches, as in SQL).
func eq(path string, v any) pred {
	return pred{sql: sqlPath(path) + " = " + sqlValue(v), match: func(e Event) bool {
		got := e.Get(path)
		return got != nil && norm(got) == norm(v)
	}}
}

// in is path IN (vs…).
func in(path string, vs ...string) pred {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = sqlValue(v)
	}
	return pred{sql: sqlPath(path) + " IN (" + strings.Join(q, ", ") + ")", match: func(e Event) bool {
		s, ok := e.Get(path).(string)
		if !ok {
			return false
		}
		for _, v := range vs {
			if s == v {
				return true
			}
		}
		return false
	}}
}

// like is path LIKE pattern where '%' may only open or close the pattern or
// stand alone between two literal parts ("a%b").
func like(path, pattern string) pred {
	return pred{sql: sqlPath(path) + " LIKE " + sqlValue(pattern), match: func(e Event) bool {
		s, ok := e.Get(path).(string)
		return ok && likeMatch(s, pattern)
	}}
}

func likeMatch(s, pattern string) bool {
	parts := strings.Split(pattern, "%")
	if len(parts) == 1 {
		return s == pattern
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// isNull is path IS NULL.
func isNull(path string) pred {
	return pred{sql: sqlPath(path) + " IS NULL", match: func(e Event) bool { return e.Get(path) == nil }}
}

// and joins predicates with AND.
func and(ps ...pred) pred {
	sqls := make([]string, len(ps))
	for i, p := range ps {
		sqls[i] = p.sql
	}
	return pred{sql: strings.Join(sqls, " AND "), match: func(e Event) bool {
		for _, p := range ps {
			if !p.match(e) {
				return false
			}
		}
		return true
	}}
}
