package sqlbuild

import (
	"strconv"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// TimeRange is a dashboard range; both ends are inclusive, as in BETWEEN.
type TimeRange struct {
	From, To time.Time
}

// Scope narrows a query to partition values (dashboard variables).
type Scope struct {
	Accounts []string
	Regions  []string
}

// TimePredicate is the exact time-range predicate of a table, which also
// prunes partitions:
//
//   - Iceberg (v2): "time_dt" BETWEEN TIMESTAMP … AND TIMESTAMP …, which prunes
//     the hidden day(time_dt) partition
//     (https://docs.aws.amazon.com/security-lake/latest/userguide/subscriber-query-examples2.html);
//   - Hive (v1, custom): "eventday" BETWEEN 'YYYYMMDD' AND 'YYYYMMDD' for the
//     partitions, and "time" BETWEEN <ms> AND <ms> for exact bounds
//     (https://docs.aws.amazon.com/security-lake/latest/userguide/subscriber-query-examples1.html).
func TimePredicate(t lake.Table, r TimeRange) string {
	if t.Layout == lake.Iceberg {
		return TimeBetween(Ident(lake.ColTimeDT), false, r)
	}
	from, to := r.From.UTC(), r.To.UTC()
	return Ident(lake.ColEventDay) + " BETWEEN " + StringLiteral(from.Format(lake.EventDayFormat)) +
		" AND " + StringLiteral(to.Format(lake.EventDayFormat)) + " AND " + TimeBetween(Ident(lake.ColTime), true, r)
}

// TimeBetween is the inclusive range predicate on one time column, given
// as quoted SQL (Ident or Path): TIMESTAMP literals in UTC, or epoch
// milliseconds for epoch-ms columns such as OCSF "time". TimePredicate and
// the $__timeFilter macro both write their bounds with it.
func TimeBetween(col string, epochMillis bool, r TimeRange) string {
	if epochMillis {
		return col + " BETWEEN " + EpochMillis(r.From) + " AND " + EpochMillis(r.To)
	}
	return col + " BETWEEN " + TimestampLiteral(r.From) + " AND " + TimestampLiteral(r.To)
}

// ScopePredicates are the account and Region IN lists on the partition
// columns (both layouts), or nothing when a list is empty.
func ScopePredicates(s Scope) []string {
	var out []string
	if p := inList(lake.ColAccountID, s.Accounts); p != "" {
		out = append(out, p)
	}
	if p := inList(lake.ColRegion, s.Regions); p != "" {
		out = append(out, p)
	}
	return out
}

// PartitionPredicate joins the time predicate and the scope predicates with
// AND: the predicate every query on a Security Lake table must carry.
func PartitionPredicate(t lake.Table, r TimeRange, s Scope) string {
	parts := append([]string{TimePredicate(t, r)}, ScopePredicates(s)...)
	return strings.Join(parts, " AND ")
}

func inList(col string, values []string) string {
	vals := dedupe(values)
	if len(vals) == 0 {
		return ""
	}
	lits := make([]string, len(vals))
	for i, v := range vals {
		lits[i] = StringLiteral(v)
	}
	return Ident(col) + " IN (" + strings.Join(lits, ", ") + ")"
}

// dedupe drops empty values and repeats, keeping order, so a variable's
// "All" expansion does not bloat the SQL.
func dedupe(values []string) []string {
	seen := make(map[string]bool, len(values))
	var out []string
	for _, v := range values {
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

// EpochMillis formats a time as epoch milliseconds (v1 "time" column).
func EpochMillis(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
