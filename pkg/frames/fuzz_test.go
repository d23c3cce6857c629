package frames_test

import (
	"errors"
	"testing"

	"github.com/seclake/securitylake-datasource/pkg/frames"
)

// fuzzTypes is every Athena type name ToFrame knows, plus spellings it
// must tolerate.
var fuzzTypes = []string{
	"varchar", "char", "boolean", "tinyint", "smallint", "integer", "bigint", "real", "double", "float",
	"decimal", "date", "time", "timestamp", "timestamp with time zone", "time with time zone", "varbinary",
	"json", "array", "map", "row", "ipaddress", "uuid", "interval year to month", "interval day to second",
	"unknown", "timestamp(6)", "decimal(38,9)",
}

// FuzzToFrame feeds one fuzzed value through every column type (and a
// fuzzed type name): ToFrame must return a frame or an error, never panic;
// an error must be a *ConversionError; a frame must have a value per row in
// every field and encode to JSON (so no invalid json.RawMessage slips
// through); and the logs and time-series reshaping of it must not panic
// either.
func FuzzToFrame(f *testing.F) {
	for _, seed := range []string{
		"", "0", "-1", "9223372036854775807", "9223372036854775808", "1.5", "NaN", "-Infinity", "1e309",
		"true", "FALSE", "2024-01-01", "2024-02-29 23:59:59.999", "2024-01-01 00:00:00.123456789 UTC",
		"2024-01-01 00:00:00 +05:30", "2024-01-01 00:00:00 Europe/Paris", "2024-01-01 00:00:00 ../x",
		`{"a":1}`, "[a, b]", "{k=v}", "de ad", "\xff\xfe", "null", "2024-13-45 99:99:99.9999999999999",
	} {
		f.Add("bigint", seed)
	}
	f.Fuzz(func(t *testing.T, typ, value string) {
		for _, ty := range append(fuzzTypes, typ) {
			cols := []frames.Column{
				{Name: "time", Type: "bigint"}, {Name: "time_dt", Type: "timestamp"}, {Name: "v", Type: ty},
			}
			rows := frames.Rows{
				{ptr("1704067200000"), ptr("2024-01-01 00:00:00.000"), &value},
				{nil, nil, nil},
			}
			frame, err := frames.ToFrame("fuzz", cols, rows, frames.Meta{Truncated: true, DataScannedBytes: int64(len(value))})
			if err != nil {
				var ce *frames.ConversionError
				if !errors.As(err, &ce) {
					t.Fatalf("type %q value %q: error %v is not a *ConversionError", ty, value, err)
				}
				continue
			}
			if n, err := frame.RowLen(); err != nil || n != len(rows) {
				t.Fatalf("type %q value %q: frame has %d rows (%v), want %d", ty, value, n, err, len(rows))
			}
			goldenJSON(t, frame) // fails on an invalid json.RawMessage
			if logs, err := frames.ToLogs(frame, frames.LogOptions{}); err == nil {
				goldenJSON(t, logs)
			}
			_, _ = frames.ToTimeSeries(frame)
		}
	})
}
