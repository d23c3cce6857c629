package e2e

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// TestV1EpochTimesAreTimesOnTheReplica runs builder queries on the v1 lake
// through the plugin binary: epoch-ms OCSF times selected (time, start_time,
// end_time) and their min/max in a grouped table arrive as time fields
// inside the queried day, not as 13-digit integers; a top-N ordered by an
// aggregate it does not select runs and returns the same rows twice.
func TestV1EpochTimesAreTimesOnTheReplica(t *testing.T) {
	s := stack(t)
	p := s.Planted[0]
	ds := s.DS("us-east-1", "1", nil)
	from := p.Day.UTC()
	to := from.Add(24*time.Hour - time.Millisecond)
	queries := []json.RawMessage{
		json.RawMessage(`{"refId":"R","source":"vpc_flow","format":"table","fields":["time","start_time","end_time"],"limit":5}`),
		json.RawMessage(`{"refId":"G","source":"vpc_flow","format":"table","groupBy":["src_endpoint.ip"],
			"aggregations":[{"func":"count"},{"func":"min","field":"time"},{"func":"max","field":"end_time"}],
			"orderBy":[{"field":"sum_traffic.bytes","desc":true}],"limit":3}`),
	}
	res := run(t, s, ds, queries, nil, from, to)
	if errs := res.errors(); len(errs) > 0 {
		t.Fatalf("query errors: %v", errs)
	}
	check := func(ref string, names ...string) *data.Frame {
		t.Helper()
		frames := res.out[ref].Frames
		if len(frames) != 1 {
			t.Fatalf("%s: %d frames", ref, len(frames))
		}
		f := frames[0]
		n, _ := f.RowLen()
		if n == 0 {
			t.Fatalf("%s: no rows on %s", ref, from.Format(time.DateOnly))
		}
		for _, name := range names {
			fld, _ := f.FieldByName(name)
			if fld == nil {
				t.Fatalf("%s: no field %q", ref, name)
			}
			if !fld.Type().Time() {
				t.Fatalf("%s: %s is %s, want a time", ref, name, fld.Type())
			}
			for i := range n {
				v, ok := fld.ConcreteAt(i)
				if !ok {
					continue
				}
				// end_time may run a little past the day's last event.
				if tm := v.(time.Time); tm.Before(from.Add(-time.Hour)) || tm.After(to.Add(time.Hour)) {
					t.Fatalf("%s: %s row %d is %s, outside %s", ref, name, i, tm, from.Format(time.DateOnly))
				}
			}
		}
		return f
	}
	check("R", "time", "start_time", "end_time")
	g := check("G", "min_time", "max_end_time")
	if n, _ := g.RowLen(); n != 3 {
		t.Fatalf("top-3 returned %d rows", n)
	}
	again := run(t, s, ds, queries[1:], nil, from, to)
	ips := func(f *data.Frame) []string { return column([]*data.Frame{f}, "src_endpoint.ip") }
	if a, b := ips(g), ips(again.out["G"].Frames[0]); len(a) != 3 || !slices.Equal(a, b) {
		t.Fatalf("top-3 by an unselected aggregate differs between runs: %v then %v", a, b)
	}
}
