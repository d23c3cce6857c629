package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// TestRawSQLNestedValuesAreJSONOnTheReplica runs raw SQL that selects
// nested OCSF columns (a row, an array, a map) through the plugin binary on
// Trino: they arrive as JSON fields with the row field names, without the
// "Athena text" notice, equal value for value to what the builder returns
// for the same rows, and in the statement's own order.
func TestRawSQLNestedValuesAreJSONOnTheReplica(t *testing.T) {
	s := stack(t)
	p := s.Planted[0]
	ds := s.DS("us-east-1", "2", nil)
	from := p.Day.UTC()
	to := from.Add(24*time.Hour - time.Millisecond)
	queries := []json.RawMessage{
		json.RawMessage(`{"refId":"S","mode":"sql","format":"table","rawSql":
			"SELECT metadata.uid AS uid, actor, resources, unmapped FROM $__table(cloud_trail_mgmt) WHERE $__timeFilter(time_dt) ORDER BY uid DESC LIMIT 20"}`),
		json.RawMessage(`{"refId":"B","source":"cloud_trail_mgmt","format":"table","fields":["metadata.uid","actor","resources","unmapped"],
			"orderBy":[{"field":"metadata.uid","desc":true}],"limit":20}`),
	}
	res := run(t, s, ds, queries, nil, from, to)
	if errs := res.errors(); len(errs) > 0 {
		t.Fatalf("query errors: %v", errs)
	}
	if hasNotice(res, "Shown as Athena text") {
		t.Fatal("raw SQL nested values came back as Athena text")
	}
	sqlFrame, builderFrame := res.out["S"].Frames[0], res.out["B"].Frames[0]
	n, _ := sqlFrame.RowLen()
	if m, _ := builderFrame.RowLen(); n == 0 || n != m {
		t.Fatalf("rows: raw SQL %d, builder %d (want the same, more than 0)", n, m)
	}
	for c, name := range []string{"actor", "resources", "unmapped"} {
		f := sqlFrame.Fields[c+1]
		if f.Name != name || f.Type() != data.FieldTypeJSON {
			t.Fatalf("raw SQL field %d is %s (%s), want %s as JSON", c+1, f.Name, f.Type(), name)
		}
	}
	var prev string
	for i := range n {
		uid := textAt(sqlFrame.Fields[0], i)
		if i > 0 && uid > prev {
			t.Fatalf("row %d: uid %s after %s: the statement's ORDER BY uid DESC was not kept", i, uid, prev)
		}
		prev = uid
		if b := textAt(builderFrame.Fields[0], i); b != uid {
			t.Fatalf("row %d: raw SQL uid %s, builder %s", i, uid, b)
		}
		for c := 1; c <= 3; c++ {
			got, want := jsonAt(sqlFrame.Fields[c], i), jsonAt(builderFrame.Fields[c], i)
			if got != want {
				t.Fatalf("row %d %s: raw SQL %s, builder %s", i, sqlFrame.Fields[c].Name, got, want)
			}
		}
	}
	// What the shape probe costs: the first run of a statement probes it,
	// a later run over another range (no cache hit) does not. Logged, not
	// asserted: a figure, not a timed test.
	fresh := s.DS("us-east-1", "2", nil)
	probed := run(t, s, fresh, queries[:1], nil, from.Add(-24*time.Hour), to).elapsed
	known := run(t, s, fresh, queries[:1], nil, from.Add(-48*time.Hour), to).elapsed
	t.Logf("raw SQL with nested columns on a new datasource: first run (shape probe + statement) %v; "+
		"next run over another range (statement only) %v", probed, known)
	var actor map[string]any
	if err := json.Unmarshal([]byte(jsonAt(sqlFrame.Fields[1], 0)), &actor); err != nil || actor["user"] == nil {
		t.Fatalf("actor %s: want a JSON object with the row's field names (user), err %v", jsonAt(sqlFrame.Fields[1], 0), err)
	}
}

func textAt(f *data.Field, i int) string {
	switch v := f.At(i).(type) {
	case *string:
		if v != nil {
			return *v
		}
	case string:
		return v
	}
	return ""
}

func jsonAt(f *data.Field, i int) string {
	switch v := f.At(i).(type) {
	case *json.RawMessage:
		if v != nil {
			return string(*v)
		}
	case json.RawMessage:
		return string(v)
	}
	return "null"
}
