package sqlbuild

import (
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// elementFilter writes a filter on an element field that is not a row value
// (no unnest, or an array deeper than the unnested one): the row matches
// when any element matches, with any of the scalar operators. The condition
// is written by filter itself with the element's member bound to the lambda
// variable, so every operator and literal rule applies unchanged. The "any"
// operator is "=" (one value) or "in" (several) on the element.
func (b *builder) elementFilter(f ocsf.Field, flt models.Filter) (string, bool) {
	chain, m := elementPath(f.Path)
	if len(chain) > maxArrayDepth {
		b.failf("filter on %s: it is %d arrays deep; the builder filters at most %d", f.Path, len(chain), maxArrayDepth)
		return "", false
	}
	covered := 0 // leading arrays that are already one row per element
	if b.arr != nil {
		for covered < len(chain) && covered < len(b.arr.chain) && chain[covered] == b.arr.chain[covered] {
			covered++
		}
	}
	inner := flt
	inner.Field = f.Path
	if flt.Op == models.OpAnyMatch {
		inner.Op = models.OpEq
		if len(flt.AllValues()) > 1 {
			inner.Op = models.OpIn
		}
	}
	cond, ok := b.withBound(ocsf.Field{Path: f.Path, Type: f.Type}, member(lambdaVar(len(chain)), m), func() (string, bool) {
		return b.filter(inner)
	})
	if !ok {
		return "", false
	}
	for i := len(chain); i > covered; i-- {
		arr := levelArray(chain, i)
		if i == covered+1 && covered > 0 {
			// The enclosing element is a row of the UNNEST: its array member
			// comes from there, as one more zipped column.
			arr = b.unnestColumn(strings.Join(chain[:i], "[]."), member(lambdaVar(covered), chain[i-1]))
		}
		cond = "any_match(" + arr + ", " + lambdaVar(i) + " -> " + cond + ")"
	}
	return cond, true
}

// withBound runs write with path bound to expr (a lambda variable's member)
// and restores what path meant before.
func (b *builder) withBound(f ocsf.Field, expr string, write func() (string, bool)) (string, bool) {
	old, had := b.virt[f.Path]
	b.bind(f, expr)
	defer func() {
		if had {
			b.virt[f.Path] = old
		} else {
			delete(b.virt, f.Path)
		}
	}()
	return write()
}

// pick resolves a Pick: element_at over the element field's values (nested
// arrays flattened), filtered by Where on the same elements, so the value
// is the first match or NULL.
func (b *builder) pick(p models.Pick) (ocsf.Field, bool) {
	f := ocsf.Field{Path: p.Alias}
	if err := checkText(p.Alias); err != nil || strings.TrimSpace(p.Alias) == "" {
		b.failf("the element column of %s needs a name (alias)", clip(p.Field))
		return f, false
	}
	if _, clash := b.in.Fields.Field(p.Alias); clash {
		b.failf("the element column %q has the name of a field; choose another alias", clip(p.Alias))
		return f, false
	}
	ef, ok := b.in.Fields.Field(p.Field)
	if !ok || ef.Kind() != ocsf.Element {
		b.failf("element column %s: %q is not an array element field of source %s (such as resources[].uid)", p.Alias, clip(p.Field), b.sourceName())
		return f, false
	}
	chain, m := elementPath(ef.Path)
	if len(chain) > maxArrayDepth {
		b.failf("element column %s: %s is %d arrays deep; the builder reads at most %d", p.Alias, ef.Path, len(chain), maxArrayDepth)
		return f, false
	}
	f.Type = ef.Type
	if f.ValueType() == ocsf.Complex {
		b.failf("element column %s: %s is nested (%s); pick one of its members", p.Alias, ef.Path, ef.Type)
		return f, false
	}
	cond := ""
	if p.Where != nil {
		wf, ok := b.in.Fields.Field(p.Where.Field)
		wchain, wm := elementPath(p.Where.Field)
		if !ok || wf.Kind() != ocsf.Element || !prefixOf(wchain, chain) {
			b.failf("element column %s: its condition must be on a field of the same elements (%s[]…), not %q",
				p.Alias, strings.Join(chain, "[]."), clip(p.Where.Field))
			return f, false
		}
		where := *p.Where
		if where.Op == models.OpAnyMatch {
			where.Op = models.OpEq
			if len(where.AllValues()) > 1 {
				where.Op = models.OpIn
			}
		}
		cond, ok = b.withBound(ocsf.Field{Path: wf.Path, Type: wf.Type}, member(lambdaVar(len(wchain)), wm), func() (string, bool) {
			return b.filter(where)
		})
		if !ok {
			return f, false
		}
	}
	b.bind(f, "element_at("+flatValues(chain, member(lambdaVar(len(chain)), m), cond)+", 1)")
	return f, true
}

// pickColumns adds the picks as columns (grouping keys of grouped queries).
func (b *builder) pickColumns() {
	for _, p := range b.q.Picks {
		if f, ok := b.field(p.Alias); ok {
			b.addColumn(column{expr: b.col(f), name: p.Alias})
		}
	}
}
