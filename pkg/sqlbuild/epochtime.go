package sqlbuild

import (
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// isEpochMillis reports whether f is an OCSF timestamp stored as a bigint of
// epoch milliseconds: OCSF names its timestamp_t attributes "time" or
// "*_time" (time, start_time, end_time, finding.created_time, …), and
// Security Lake stores them as bigint in every lake version (v2 adds time_dt
// beside "time"). Such fields are shown as timestamps wherever the builder
// returns them: selected, grouped, and as min/max aggregates of tables, so a frame
// never carries 13-digit integers for a time.
func isEpochMillis(f ocsf.Field) bool {
	if f.Kind() != ocsf.Scalar || f.ValueType() != ocsf.Integer {
		return false
	}
	last := f.Path[strings.LastIndex(f.Path, ".")+1:]
	return last == "time" || strings.HasSuffix(last, "_time")
}

// timeValued reports whether an aggregation of an epoch-ms field yields one
// of the field's values (min, max), which is then a time too; count, sum and
// avg of times are numbers. Time series keep min/max of times as epoch ms:
// their value columns must be numbers for Grafana to plot them (a unit such
// as dateTimeAsIso displays them as dates).
func timeValued(fn models.AggFunc) bool {
	return fn == models.AggMin || fn == models.AggMax
}
