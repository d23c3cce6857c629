package plugin

import (
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/macros"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/sqlbuild"
)

// builderSources resolves every source of a builder query: Source, the
// further Sources of a union and the joined source, each settled the way
// a single source is. With Optional, a source the lake lacks drops its
// branch of the union with a notice (as $__union does); when no branch is
// left, or the joined source is absent, the query is not run (skip) and
// the notices say why. Errors keep their own status (discovery) or are
// bad-query errors.
func builderSources(inv *lakeView, q models.Query) (in sqlbuild.Input, notices []macros.Notice, skip bool, err error) {
	all := q.AllSources()
	refs := all
	if q.Join != nil {
		refs = append(append([]string(nil), all...), q.Join.Source)
	}
	for _, s := range refs {
		if err := inv.settleForSource(s, q.Optional); err != nil {
			return in, nil, false, err
		}
	}
	kept := all
	if q.Optional {
		kept = nil
		var absent []string
		var first *macros.Notice
		for _, s := range all {
			_, n, err := macros.Optional(inv, s)
			if err != nil {
				return in, nil, false, badQuery(err)
			}
			if n != nil {
				if first == nil {
					first = n
				}
				absent = append(absent, s)
				continue
			}
			kept = append(kept, s)
		}
		switch {
		case len(kept) == 0 && len(all) == 1:
			return in, []macros.Notice{*first}, true, nil
		case len(kept) == 0:
			return in, []macros.Notice{{Severity: macros.SeverityInfo,
				Text: "Not enabled in this lake: " + strings.Join(absent, ", ") + "; the query was not run."}}, true, nil
		case len(absent) > 0:
			notices = append(notices, macros.Notice{Severity: macros.SeverityInfo,
				Text: "Left out, not enabled in this lake: " + strings.Join(absent, ", ") + "."})
		}
		if q.Join != nil {
			if _, n, err := macros.Optional(inv, q.Join.Source); err != nil {
				return in, nil, false, badQuery(err)
			} else if n != nil {
				return in, []macros.Notice{*n}, true, nil
			}
		}
	}
	// Sources stays as asked: a union left with one branch is still built
	// as a union, so its source column and fields mean what they did.
	q.Source = kept[0]
	if in, err = inv.builderInput(q); err != nil {
		return in, nil, false, badQuery(err)
	}
	for _, s := range kept[1:] {
		br, err := inv.branch(s)
		if err != nil {
			return in, nil, false, badQuery(err)
		}
		in.Union = append(in.Union, br)
	}
	if q.Join != nil {
		br, err := inv.branch(q.Join.Source)
		if err != nil {
			return in, nil, false, badQuery(err)
		}
		in.Join = &br
	}
	return in, notices, false, nil
}

// branch resolves one further source's table and fields.
func (v *lakeView) branch(source string) (sqlbuild.Branch, error) {
	t, err := v.Table(source)
	if err != nil {
		return sqlbuild.Branch{}, err
	}
	s, err := v.schema(t)
	if err != nil {
		return sqlbuild.Branch{}, err
	}
	return sqlbuild.Branch{Table: t, Fields: s}, nil
}
