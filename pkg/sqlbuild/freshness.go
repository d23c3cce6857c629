package sqlbuild

import (
	"strconv"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// Columns of FreshnessSQL besides region and accountid.
const (
	FreshNewestPartition = "newest_partition"
	FreshNewestEvent     = "newest_event"
	FreshHoursBehind     = "hours_behind"
	FreshRecordsNewest   = "records_newest_day"
	FreshFilesNewest     = "files_newest_day"
	FreshRecordsInRange  = "records_in_range"
)

// msPerDay and msPerHour convert the epoch-millisecond arithmetic below.
const (
	msPerDay  = 86400000
	msPerHour = 3600000
)

// NewestEventSQL is the bounded scan of freshness: the newest event time
// (epoch milliseconds, column newest_ms) per region and accountid among
// the events of the day of r.To up to r.To. Its partition predicate covers
// that one day, so it reads one day's partitions of the scope (only the
// "time" column of them), however long the dashboard range is: the day a
// live source is writing to when the question is asked.
func NewestEventSQL(t lake.Table, r TimeRange, s Scope) string {
	day := TimeRange{From: dayStart(r.To), To: r.To.UTC()}
	return "SELECT " + Ident(lake.ColRegion) + ", " + Ident(lake.ColAccountID) + ", max(" + Ident(lake.ColTime) + ") AS " + Ident("newest_ms") +
		" FROM " + Table(t.Catalog, t.Database, t.Name) + " WHERE " + PartitionPredicate(t, day, s) + " GROUP BY 1, 2"
}

// FreshnessSQL answers "how far behind is each account and Region of this
// table" with one row per region and accountid: the newest partition from
// table metadata (PartitionsSQL, no data read), the newest event time from
// the bounded scan of the day of r.To (NewestEventSQL), hours_behind from
// the newest event to r.To, and the partition counts (NULL for Hive).
//
// Where the day of r.To holds no event of an account and Region, the scan
// has nothing and newest_event is NULL; hours_behind is then measured from
// the end of the newest partition's day (or from the start of r.To's day,
// whichever is earlier): a lower bound, since the newest event lies before
// it. A source that stopped yesterday therefore counts its hours from
// today's midnight, not from its last event; docs/design/lake-health.md
// explains what that costs the rule.
func FreshnessSQL(t lake.Table, r TimeRange, s Scope) string {
	p, e := Ident("p"), Ident("e")
	col := func(alias, name string) string { return alias + "." + Ident(name) }
	to := r.To.UTC()
	partEndMs := "(date_diff('day', DATE '1970-01-01', " + col(p, FreshNewestPartition) + ") + 1) * " + strconv.Itoa(msPerDay)
	newestMs := "coalesce(" + col(e, "newest_ms") + ", least(" + partEndMs + ", " + EpochMillis(dayStart(to)) + "))"
	listing := "SELECT " + Ident(PartRegion) + ", " + Ident(PartAccount) + ", max(" + Ident(PartDay) + ") AS " + Ident(FreshNewestPartition) +
		", max_by(" + Ident(PartRecords) + ", " + Ident(PartDay) + ") AS " + Ident(FreshRecordsNewest) +
		", max_by(" + Ident(PartFiles) + ", " + Ident(PartDay) + ") AS " + Ident(FreshFilesNewest) +
		", sum(" + Ident(PartRecords) + ") FILTER (WHERE " + Ident(PartDay) + " >= DATE " + StringLiteral(r.From.UTC().Format("2006-01-02")) + ") AS " + Ident(FreshRecordsInRange) +
		" FROM (" + PartitionsSQL(t, r, s) + ") GROUP BY 1, 2"
	return "SELECT " + col(p, PartRegion) + ", " + col(p, PartAccount) + ", " + col(p, FreshNewestPartition) +
		", from_unixtime(" + col(e, "newest_ms") + " / 1000e0, 'UTC') AS " + Ident(FreshNewestEvent) +
		", round((" + EpochMillis(to) + " - " + newestMs + ") / " + strconv.Itoa(msPerHour) + "e0, 2) AS " + Ident(FreshHoursBehind) +
		", " + col(p, FreshRecordsNewest) + ", " + col(p, FreshFilesNewest) + ", " + col(p, FreshRecordsInRange) +
		" FROM (" + listing + ") AS " + p + " LEFT JOIN (" + NewestEventSQL(t, r, s) + ") AS " + e +
		" ON " + col(e, lake.ColRegion) + " = " + col(p, PartRegion) + " AND " + col(e, lake.ColAccountID) + " = " + col(p, PartAccount)
}

// dayStart is the start (UTC) of the day holding t.
func dayStart(t time.Time) time.Time {
	u := t.UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
}
