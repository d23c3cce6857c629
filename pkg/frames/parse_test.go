package frames

import (
	"strings"
	"testing"
	"time"
)

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC3339Nano in UTC; "" means an error is expected
	}{
		{"2024-01-01 00:00:00", "2024-01-01T00:00:00Z"},
		{"2024-01-01 00:00:00.1", "2024-01-01T00:00:00.1Z"},
		{"2024-01-01 00:00:00.123", "2024-01-01T00:00:00.123Z"},
		{"2024-01-01 00:00:00.123456", "2024-01-01T00:00:00.123456Z"},
		{"2024-01-01 00:00:00.123456789", "2024-01-01T00:00:00.123456789Z"},
		{"2024-01-01 00:00:00.123456789012", "2024-01-01T00:00:00.123456789Z"}, // Trino timestamp(12)
		{"2024-12-31T23:59:59.999", "2024-12-31T23:59:59.999Z"},
		{"2024-02-29 12:00:00", "2024-02-29T12:00:00Z"},
		{"0001-01-01 00:00:00", "0001-01-01T00:00:00Z"},
		{"2023-02-29 12:00:00", ""},                    // not a leap year
		{"2024-13-01 00:00:00", ""},                    // month
		{"2024-00-10 00:00:00", ""},                    // month
		{"2024-01-32 00:00:00", ""},                    // day
		{"2024-01-01 24:00:00", ""},                    // hour
		{"2024-01-01 00:60:00", ""},                    // minute
		{"2024-01-01 00:00:60", ""},                    // second
		{"2024-01-01 00:00:00.", ""},                   // no fraction digits
		{"2024-01-01 00:00:00.1234567890123", ""},      // 13 digits
		{"2024-01-01 00:00:00 UTC", ""},                // zone on a zoneless type
		{"2024-01-01", ""},                             // a date
		{"2024-01-01 0:00:00", ""},                     // short hour
		{"+2024-01-01 00:00:00", ""},                   // sign
		{"2024/01/01 00:00:00", ""},                    // separator
		{"２０２４-01-01 00:00:00", ""},                    // non-ASCII digits
		{"", ""},                                       // empty
		{"2024-01-01 00:00:0x", ""},                    // not a digit
		{"2024-01-01 00:00:00.12a", ""},                // trailing text
		{"1704067200000", ""},                          // epoch ms is a bigint, not a timestamp
		{"2024-01-01 00:00:00.000000000000000000", ""}, // absurd fraction
	}
	for _, tt := range tests {
		got, err := parseTimestamp(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseTimestamp(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseTimestamp(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != tt.want || got.Location() != time.UTC {
			t.Errorf("parseTimestamp(%q) = %s (%v), want %s UTC", tt.in, s, got.Location(), tt.want)
		}
	}
}

// The fast path must agree with time.Parse on every shape it accepts.
func TestParseTimestampMatchesTimeParse(t *testing.T) {
	for _, s := range []string{
		"1970-01-01 00:00:00", "1999-12-31 23:59:59.9", "2000-02-29 01:02:03.04",
		"2024-06-15 13:14:15.161718", "2038-01-19 03:14:08.123456789",
	} {
		want, err := time.Parse("2006-01-02 15:04:05.999999999", s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseTimestamp(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseTimestamp(%q) = %v, %v; time.Parse = %v", s, got, err, want)
		}
	}
}

// The calendar arithmetic must agree with time.Date over the whole range of
// four-digit years, including every leap-year rule.
func TestParseTimestampWholeCalendar(t *testing.T) {
	for day := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() <= 9999; day = day.Add(13*24*time.Hour + 7*time.Hour + 11*time.Second) {
		s := day.Format("2006-01-02 15:04:05")
		got, err := parseTimestamp(s)
		if err != nil || !got.Equal(day) {
			t.Fatalf("parseTimestamp(%q) = %v, %v; want %v", s, got, err, day)
		}
		if d, err := parseDate(s[:10]); err != nil || !d.Equal(day.Truncate(24*time.Hour)) {
			t.Fatalf("parseDate(%q) = %v, %v", s[:10], d, err)
		}
	}
	for _, s := range []string{"0000-02-29", "2000-02-29", "2400-02-29", "2024-02-29"} {
		if _, err := parseDate(s); err != nil {
			t.Errorf("parseDate(%q): %v", s, err)
		}
	}
	for _, s := range []string{"1900-02-29", "2100-02-29", "2023-02-29", "2024-04-31"} {
		if _, err := parseDate(s); err == nil {
			t.Errorf("parseDate(%q): no error", s)
		}
	}
}

func TestParseTimestampTZ(t *testing.T) {
	const noon = "2024-07-01T12:00:00Z"
	tests := []struct{ in, want string }{
		{"2024-07-01 12:00:00.000 UTC", noon},
		{"2024-07-01 12:00:00.000", noon},
		{"2024-07-01 12:00:00Z", noon},
		{"2024-07-01 12:00:00 Z", noon},
		{"2024-07-01 12:00:00 GMT", noon},
		{"2024-07-01 14:00:00.000 +02:00", noon},
		{"2024-07-01 14:00:00.000+02:00", noon},
		{"2024-07-01 06:30:00.000 -0530", noon},
		{"2024-07-01 15:00:00 +03", noon},
		{"2024-07-01 14:00:00.000 Europe/Paris", noon},
		{"2024-01-01 07:00:00.000 America/New_York", "2024-01-01T12:00:00Z"},
		{"2024-07-01 12:00:00.123456 UTC", "2024-07-01T12:00:00.123456Z"},
		{"2024-07-01 12:00:00 Mars/Olympus_Mons", ""},
		{"2024-07-01 12:00:00 ../../etc/passwd", ""},
		{"2024-07-01 12:00:00 /etc/localtime", ""},
		{"2024-07-01 12:00:00 +25:00", ""},
		{"2024-07-01 12:00:00 +02:60", ""},
		{"2024-07-01 12:00:00 +2", ""},
		{"2024-07-01 12:00:00 +02:0", ""},
		{"2024-07-01 12:00:00 utc and more", ""},
		{"2024-07-01 12:00:00 " + strings.Repeat("A", 80), ""},
	}
	zc := zoneCache{}
	for _, tt := range tests {
		got, err := zc.parseTimestampTZ(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseTimestampTZ(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseTimestampTZ(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != tt.want || got.Location() != time.UTC {
			t.Errorf("parseTimestampTZ(%q) = %s (%v), want %s UTC", tt.in, s, got.Location(), tt.want)
		}
	}
	if _, ok := zc["Europe/Paris"]; !ok {
		t.Error("zone cache did not keep Europe/Paris")
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-02-29": "2024-02-29T00:00:00Z",
		"1970-01-01": "1970-01-01T00:00:00Z",
		"2023-02-29": "", "2024-1-01": "", "2024-01-01 00:00:00": "", "": "", "abcd-ef-gh": "",
	} {
		got, err := parseDate(in)
		switch {
		case want == "" && err == nil:
			t.Errorf("parseDate(%q) = %v, want an error", in, got)
		case want != "" && (err != nil || got.Format(time.RFC3339) != want):
			t.Errorf("parseDate(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		in    string
		want  kind
		known bool
	}{
		{"bigint", kindInt, true},
		{"BIGINT", kindInt, true},
		{"int", kindInt, true},
		{"decimal(38,9)", kindFloat, true},
		{"varchar(15)", kindString, true},
		{"string", kindString, true},
		{"timestamp(6)", kindTimestamp, true},
		{"timestamp(3) with time zone", kindTimestampTZ, true},
		{"timestamp  with   time zone", kindTimestampTZ, true},
		{"time(3) with time zone", kindString, true},
		{"array(row(uid varchar, type varchar))", kindNested, true},
		{"map(varchar,varchar)", kindNested, true},
		{"row(name varchar)", kindNested, true},
		{"json", kindJSON, true},
		{"varbinary", kindString, true},
		{"interval day to second", kindString, true},
		{"ipprefix", kindUnknown, false},
		{"unknown", kindUnknown, false},
		{"", kindUnknown, false},
		{"row(a varchar", kindNested, true}, // unbalanced: still no panic
		{"decimal)(", kindFloat, true},
	}
	for _, tt := range tests {
		k, known := kindOf(tt.in)
		if k != tt.want || known != tt.known {
			t.Errorf("kindOf(%q) = %v, %v; want %v, %v", tt.in, k, known, tt.want, tt.known)
		}
	}
}

func TestIsBytesName(t *testing.T) {
	for name, want := range map[string]bool{
		"traffic.bytes": true, "traffic.bytes_in": true, "traffic.bytes_out": true, "bytes": true,
		"sum_bytes": true, "TotalBytes": true, "a.b.c.bytes": true,
		"traffic.packets": false, "bytesize": false, "byte": false, "": false, "bytes.count": false,
	} {
		if got := isBytesName(name); got != want {
			t.Errorf("isBytesName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestTruncateValue(t *testing.T) {
	short := strings.Repeat("a", 64)
	if got := truncateValue(short); got != short {
		t.Errorf("64 bytes were truncated: %q", got)
	}
	long := strings.Repeat("a", 63) + "é" + strings.Repeat("b", 100) // é straddles byte 64
	got := truncateValue(long)
	if got != strings.Repeat("a", 63)+"…" {
		t.Errorf("truncateValue cut inside a rune or at the wrong place: %q", got)
	}
}

func BenchmarkParseTimestamp(b *testing.B) {
	const s = "2024-06-15 13:14:15.161"
	b.Run("fast path", func(b *testing.B) {
		for b.Loop() {
			if _, err := parseTimestamp(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("time.Parse", func(b *testing.B) {
		for b.Loop() {
			if _, err := time.Parse("2006-01-02 15:04:05.999999999", s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
