package sqlbuild

import (
	"strconv"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
)

// maxGroupFilters caps the filters of one group, which keeps a statement
// readable and far below the engine's query length limit.
const maxGroupFilters = 50

// filterGroups adds one WHERE conjunct per filter group:
//
//	(a OR b)         match any
//	(a AND b)        match all (the default)
//	NOT (a OR b)     with not
//
// Each filter is written by filter, so a group obeys every rule a top-level
// filter does (typed literals, catalog identifiers). The partition predicate
// stays its own conjunct, outside every group, so no OR can widen the
// partitions read.
func (b *builder) filterGroups() {
	for i, g := range b.q.FilterGroups {
		name := "filter group " + strconv.Itoa(i+1)
		join := " AND "
		switch g.Match {
		case "", models.MatchAll:
		case models.MatchAny:
			join = " OR "
		default:
			b.failf("%s: unknown match %q (use all or any)", name, clip(string(g.Match)))
			return
		}
		if len(g.Filters) == 0 {
			b.failf("%s has no filters", name)
			return
		}
		if len(g.Filters) > maxGroupFilters {
			b.failf("%s has %d filters; the limit is %d", name, len(g.Filters), maxGroupFilters)
			return
		}
		terms := make([]string, 0, len(g.Filters))
		for _, flt := range g.Filters {
			p, ok := b.filter(flt)
			if !ok {
				return
			}
			terms = append(terms, p)
		}
		cond := "(" + strings.Join(terms, join) + ")"
		if g.Not {
			cond = "NOT " + cond
		}
		b.st.where = append(b.st.where, cond)
	}
}
