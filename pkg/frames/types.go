// Package frames turns Amazon Athena result sets into typed result frames,
// the model the plugin maps onto Grafana data frames.
//
// Athena's GetQueryResults renders every value as text: numbers, booleans and
// timestamps arrive as strings and NULL is a missing value. The generic Athena
// plugin keeps much of that text, parses zoneless timestamps in the plugin's
// local time zone and shows nested values in Athena's `{a=1, b=2}` form, so
// graphs, alert rules and reductions break. This package does the opposite:
// every column becomes a typed, nullable field (int64, float64, bool, UTC
// time, JSON) chosen from the declared Athena type, never guessed from the
// data, and a value that does not parse as its declared type is an error that
// names the column and row instead of a silently wrong panel.
//
// On top of the table frame, ToTimeSeries reshapes builder time-series
// results into wide frames (one numeric series per label set, as alert rules
// expect) and ToLogs builds Grafana log-lines frames from OCSF events.
//
// The package is pure: it imports the standard library only (its Frame
// mirrors the parts of the Grafana data frame the plugin uses; the plugin
// maps one onto the other) and does no I/O, so it is tested with golden
// frames under testdata/.
package frames

import (
	"strings"
)

// Column describes one result column as Athena reports it in
// ResultSetMetadata.ColumnInfo.
type Column struct {
	// Name is the column label; it becomes the field name unchanged.
	Name string
	// Type is the Athena (Trino) type name, such as "bigint", "varchar",
	// "timestamp", "timestamp with time zone", "json" or "array".
	// Parameters ("timestamp(3)", "decimal(10,2)", "array(varchar)") are
	// tolerated and stripped.
	Type string
	// Precision and Scale are reported for decimal columns. They are kept
	// for callers; decimals are converted to float64 regardless.
	Precision, Scale int32
}

// Rows holds the data rows of a result set, row-major, without Athena's
// header row. A nil pointer is SQL NULL.
type Rows = [][]*string

// Meta carries what the executor knows about the query that produced a
// result set; it ends up in the frame's metadata (query inspector, stats).
type Meta struct {
	// ExecutedSQL is the final SQL sent to Athena.
	ExecutedSQL string
	// QueryID is the Athena QueryExecutionId.
	QueryID string
	// DataScannedBytes is Statistics.DataScannedInBytes.
	DataScannedBytes int64
	// EngineTimeMs is Statistics.EngineExecutionTimeInMillis.
	EngineTimeMs int64
	// Truncated reports that the executor stopped reading at RowLimit rows.
	Truncated bool
	// RowLimit is the row cap that applied to the query.
	RowLimit int
	// Notices are passed through to the frame, before the notices this
	// package adds.
	Notices []Notice
	// ReusedResult reports that Athena served the query from a reused
	// result (Statistics.ResultReuseInformation.ReusedPreviousResult).
	ReusedResult bool
}

// LogOptions tunes ToLogs. It carries nothing yet and exists so that options
// (body template, label columns) can be added without changing signatures.
type LogOptions struct{}

// kind is how a column's values are converted.
type kind int

const (
	kindString      kind = iota // text kept as text
	kindInt                     // *int64
	kindFloat                   // *float64
	kindBool                    // *bool
	kindDate                    // *time.Time at UTC midnight
	kindTimestamp               // *time.Time, zoneless text read as UTC
	kindTimestampTZ             // *time.Time, zone or offset in the text, converted to UTC
	kindJSON                    // json.RawMessage
	kindNested                  // Athena text of array/map/row, kept as *string
	kindUnknown                 // unsupported type, kept as *string with a notice
)

// kinds maps a normalised Athena type name to its conversion. Glue/Hive
// spellings (int, string, struct, binary) are accepted as aliases because
// table metadata uses them even though ColumnInfo does not.
var kinds = map[string]kind{
	"varchar": kindString, "char": kindString, "string": kindString, "uuid": kindString,
	"ipaddress": kindString, "varbinary": kindString, "binary": kindString,
	"time": kindString, "time with time zone": kindString,
	"interval year to month": kindString, "interval day to second": kindString,

	"tinyint": kindInt, "smallint": kindInt, "integer": kindInt, "int": kindInt, "bigint": kindInt,
	"real": kindFloat, "float": kindFloat, "double": kindFloat, "decimal": kindFloat,
	"boolean": kindBool,

	"date": kindDate, "timestamp": kindTimestamp, "timestamp with time zone": kindTimestampTZ,

	"json":  kindJSON,
	"array": kindNested, "map": kindNested, "row": kindNested, "struct": kindNested,
}

// normalizeType lower-cases an Athena type name, removes parenthesised
// parameters at any depth ("timestamp(3) with time zone" becomes
// "timestamp with time zone", "row(a varchar, b array(int))" becomes "row")
// and collapses white space.
func normalizeType(t string) string {
	var b strings.Builder
	b.Grow(len(t))
	depth := 0
	for _, r := range strings.ToLower(t) {
		switch {
		case r == '(':
			depth++
		case r == ')':
			if depth > 0 {
				depth--
			}
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// kindOf returns the conversion for an Athena type name and whether the
// name is known.
func kindOf(athenaType string) (kind, bool) {
	k, ok := kinds[normalizeType(athenaType)]
	if !ok {
		return kindUnknown, false
	}
	return k, true
}

// IsNestedType reports whether an Athena column type is a row, array or
// map (Athena reports only the kind, "row"; other engines the whole type).
func IsNestedType(athenaType string) bool {
	k, _ := kindOf(athenaType)
	return k == kindNested
}
