package sqlbuild

import (
	"fmt"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// Ad hoc filters are the dashboard's filters, applied to every query of the
// datasource (models.Query.AdhocFilters). A dashboard mixes sources, so a
// filter on a field a source lacks is not an error there: it is skipped, and
// the query says so (SkippedAdhoc). Those that apply are typed filters like
// the query's own: the same operators, literals and enum captions.

// adhocFilters ANDs the ad hoc filters whose field the source has.
func (b *builder) adhocFilters() {
	for _, flt := range b.q.AdhocFilters {
		if _, ok := b.in.Fields.Field(flt.Field); !ok {
			continue
		}
		if p, ok := b.filter(flt); ok {
			b.st.where = append(b.st.where, p)
		}
	}
}

// SkippedAdhoc describes the ad hoc filters a source cannot take (its field
// set has no such field), one notice text each, for the query's frame.
func SkippedAdhoc(fields FieldSet, source string, filters []models.Filter) []string {
	var out []string
	for _, f := range filters {
		if _, ok := fields.Field(f.Field); !ok {
			out = append(out, fmt.Sprintf("Ad hoc filter on %s not applied: source %s has no such field.",
				clip(f.Field), clip(source)))
		}
	}
	return out
}

// AdhocPredicate writes the ad hoc filters that apply to table t as one
// predicate, "(p1 AND p2 …)", or 1=1 when none apply, so that
// "WHERE … AND $__adhocFilters(src)" stays valid SQL. Columns are
// unqualified paths of t. skipped has a notice per filter on a field t lacks.
func AdhocPredicate(t lake.Table, fields FieldSet, filters []models.Filter) (sql string, skipped []string, err error) {
	if fields == nil {
		return "", nil, fmt.Errorf("no field list for source %s", clip(t.Source))
	}
	b := newBuilder(Input{Table: t, Fields: fields, Query: models.Query{Mode: models.ModeBuilder, AdhocFilters: filters}})
	b.adhocFilters()
	if b.err != nil {
		return "", nil, b.err
	}
	skipped = SkippedAdhoc(fields, t.Source, filters)
	switch len(b.st.where) {
	case 0:
		return "1=1", skipped, nil
	case 1:
		return b.st.where[0], skipped, nil
	}
	return "(" + strings.Join(b.st.where, " AND ") + ")", skipped, nil
}

// levelName is the output column of the logs volume's level, the label
// Grafana's logs volume colours its bars by.
const levelName = "level"

// levelColumn adds the Grafana log level of severity_id (ocsf.LogLevel) as a
// grouping column of a logs volume query, when the source has severity_id;
// without it the volume is one series.
func (b *builder) levelColumn() {
	f, ok := b.in.Fields.Field("severity_id")
	if !ok || f.ValueType() != ocsf.Integer {
		return
	}
	var sb strings.Builder
	sb.WriteString("CASE ")
	sb.WriteString(Path(f.Path))
	for _, l := range ocsf.SeverityLevels {
		fmt.Fprintf(&sb, " WHEN %d THEN %s", l.ID, StringLiteral(l.Level))
	}
	sb.WriteString(" ELSE " + StringLiteral(ocsf.UnknownLevel) + " END")
	b.addColumn(column{expr: sb.String(), name: levelName})
}
