package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/replica"
)

// plantedNamed returns the planted situation name@version.
func plantedNamed(t *testing.T, s *Stack, name string, version int) replica.Planted {
	t.Helper()
	for _, p := range s.Planted {
		if p.Name == name && p.Version == version {
			return p
		}
	}
	t.Fatalf("the generator plants no %s@%d", name, version)
	return replica.Planted{}
}

// noticeTexts joins the notices of a response's frames.
func noticeTexts(r grafanahost.Response) string {
	var out []string
	for _, f := range r.Frames {
		if f.Meta != nil {
			for _, n := range f.Meta.Notices {
				out = append(out, n.Text)
			}
		}
	}
	return strings.Join(out, "\n")
}

// TestAdhocFiltersOnTheReplica applies a dashboard's ad hoc filters (as the
// frontend puts them on each query) to a builder and a raw SQL query on the
// port-scan day: both count exactly the rows of the same filter written in
// the builder, fewer than without it; a filter on a field the source lacks
// is skipped with a notice; SQL without $__adhocFilters says it got none.
func TestAdhocFiltersOnTheReplica(t *testing.T) {
	s := stack(t)
	p := plantedNamed(t, s, "port_scan", 2)
	ds := s.DS(p.Region, "2", nil)
	day := p.Day.UTC()
	ip := map[string]any{"field": "src_endpoint.ip", "op": "=", "value": "203.0.113.77"}
	absent := map[string]any{"field": "actor.user.uid", "op": "=", "value": "nobody"}
	base := map[string]any{"source": "vpc_flow", "format": "table", "aggregations": []map[string]any{{"func": "count"}}, "accounts": []string{p.Account}}
	with := func(extra map[string]any) map[string]any {
		q := map[string]any{}
		for k, v := range base {
			q[k] = v
		}
		for k, v := range extra {
			q[k] = v
		}
		return q
	}
	const sql = `SELECT count(*) AS "n" FROM $__table(vpc_flow@2) WHERE $__partitionFilter AND $__adhocFilters(vpc_flow@2)`
	adhoc := []any{ip, absent}
	q := func(ref string, js map[string]any) grafanahost.Query {
		return grafanahost.Query{RefID: ref, From: day, To: day.Add(24*time.Hour - time.Millisecond), JSON: js}
	}
	out, err := s.Host.QueryData(t.Context(), ds,
		q("ALL", base),
		q("FILTER", with(map[string]any{"filters": []any{ip}})),
		q("ADHOC", with(map[string]any{"adhocFilters": adhoc})),
		q("SQL", map[string]any{"rawSql": sql, "accounts": []string{p.Account}, "adhocFilters": adhoc}),
		q("SQLNONE", map[string]any{"rawSql": sql, "accounts": []string{p.Account}}),
		q("SQLUNUSED", map[string]any{"rawSql": `SELECT count(*) AS "n" FROM $__table(vpc_flow@2) WHERE $__partitionFilter`, "accounts": []string{p.Account}, "adhocFilters": adhoc}),
	)
	if err != nil {
		t.Fatal(err)
	}
	all, want := firstInt(t, out["ALL"]), firstInt(t, out["FILTER"])
	if want == 0 || want >= all {
		t.Fatalf("the planted source address matches %d of %d rows: want some, not all", want, all)
	}
	for _, ref := range []string{"ADHOC", "SQL"} {
		if n := firstInt(t, out[ref]); n != want {
			t.Errorf("%s: %d rows with the ad hoc filter, want %d", ref, n, want)
		}
		if !strings.Contains(noticeTexts(out[ref]), "filter on actor.user.uid not applied") {
			t.Errorf("%s: no notice for the field vpc_flow lacks: %q", ref, noticeTexts(out[ref]))
		}
	}
	if n := firstInt(t, out["SQLNONE"]); n != all {
		t.Errorf("$__adhocFilters without filters: %d rows, want all %d (1=1)", n, all)
	}
	if !strings.Contains(noticeTexts(out["SQLUNUSED"]), "not applied to this SQL query") {
		t.Errorf("SQL without the macro: notices %q", noticeTexts(out["SQLUNUSED"]))
	}
}

// TestAdhocValuesRouteOnTheReplica lists an ad hoc key's values through
// the values route: the planted address is among src_endpoint.ip's, and an
// enum field's values carry their captions.
func TestAdhocValuesRouteOnTheReplica(t *testing.T) {
	s := stack(t)
	p := plantedNamed(t, s, "port_scan", 2)
	ds := s.DS(p.Region, "2", nil)
	day := p.Day.UTC()
	rng := fmt.Sprintf("from=%d&to=%d", day.UnixMilli(), day.Add(24*time.Hour-time.Millisecond).UnixMilli())
	type item struct {
		Value string `json:"value"`
		Text  string `json:"text"`
	}
	get := func(path string) (int, []item) {
		t.Helper()
		status, _, body, err := s.Host.CallResource(t.Context(), ds, "GET", path, nil)
		if err != nil {
			t.Fatal(err)
		}
		var items []item
		if status == 200 {
			if err := json.Unmarshal(body, &items); err != nil {
				t.Fatalf("%s: %v in %s", path, err, body)
			}
		}
		return status, items
	}
	if status, ips := get("values?kind=field&field=src_endpoint.ip&source=vpc_flow&limit=1000&" + rng); status != 200 ||
		!slices.ContainsFunc(ips, func(it item) bool { return it.Value == "203.0.113.77" }) {
		t.Fatalf("src_endpoint.ip values (%d) lack the planted address: %d values", status, len(ips))
	}
	// Narrowed by another ad hoc filter: the ports the scanning address
	// reached, exactly the planted 120.
	others := url.QueryEscape(`[{"field":"src_endpoint.ip","op":"=","value":"203.0.113.77"}]`)
	if status, ports := get("values?kind=field&field=dst_endpoint.port&source=vpc_flow&limit=1000&filters=" + others + "&" + rng); status != 200 || len(ports) != 120 {
		t.Fatalf("dst_endpoint.port values of the scanner (%d): %d, want 120", status, len(ports))
	}
	status, sev := get("values?kind=field&field=severity_id&source=cloud_trail_mgmt&" + rng)
	if status != 200 || len(sev) == 0 || slices.ContainsFunc(sev, func(it item) bool { return it.Text == it.Value }) {
		t.Fatalf("severity_id values (%d) without captions: %v", status, sev)
	}
	for _, bad := range []string{"field=actor&source=cloud_trail_mgmt", "field=nope&source=vpc_flow", "source=vpc_flow"} {
		if status, _ := get("values?kind=field&" + bad + "&" + rng); status != 400 {
			t.Errorf("%s: status %d, want 400", bad, status)
		}
	}
}

// TestLogsVolumeOnTheReplica runs Explore's logs volume query of a logs
// query: its series are labelled by Grafana level and add up to the rows
// the same source and filters count.
func TestLogsVolumeOnTheReplica(t *testing.T) {
	s := stack(t)
	p := plantedNamed(t, s, "critical_findings", 2)
	ds := s.DS(p.Region, "2", nil)
	day := p.Day.UTC()
	q := func(ref string, js map[string]any) grafanahost.Query {
		return grafanahost.Query{RefID: ref, From: day, To: day.Add(24*time.Hour - time.Millisecond), Interval: time.Minute, MaxDataPoints: 500, JSON: js}
	}
	scope := []string{p.Account}
	out, err := s.Host.QueryData(t.Context(), ds,
		q("log-volume-A", map[string]any{"source": "sh_findings", "format": "time_series", "timeBucket": "auto", "logsVolume": true, "accounts": scope}),
		q("COUNT", map[string]any{"source": "sh_findings", "format": "table", "aggregations": []map[string]any{{"func": "count"}}, "accounts": scope}),
		q("CRIT", map[string]any{"source": "sh_findings", "format": "table", "aggregations": []map[string]any{{"func": "count"}}, "accounts": scope,
			"filters": []any{map[string]any{"field": "severity_id", "op": "in", "values": []any{5, 6}}}}),
	)
	if err != nil {
		t.Fatal(err)
	}
	vol := out["log-volume-A"]
	if vol.Error != "" || len(vol.Frames) != 1 {
		t.Fatalf("volume: error %q, %d frames", vol.Error, len(vol.Frames))
	}
	byLevel := map[string]int64{}
	for _, f := range vol.Frames[0].Fields {
		if f.Type() == data.FieldTypeTime || f.Type() == data.FieldTypeNullableTime {
			continue
		}
		level := f.Labels["level"]
		if level == "" {
			t.Fatalf("value field %s has no level label: %v", f.Name, f.Labels)
		}
		for i := range f.Len() {
			if v, ok := f.ConcreteAt(i); ok {
				byLevel[level] += toInt64(t, v)
			}
		}
	}
	var total int64
	for _, n := range byLevel {
		total += n
	}
	if want := firstInt(t, out["COUNT"]); total != want {
		t.Errorf("volume adds up to %d, the source counts %d (%v)", total, want, byLevel)
	}
	if want := firstInt(t, out["CRIT"]); byLevel["critical"] != want || want == 0 {
		t.Errorf("critical bars add up to %d, severity 5/6 rows %d", byLevel["critical"], want)
	}
}

func toInt64(t *testing.T, v any) int64 {
	t.Helper()
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	}
	t.Fatalf("count of type %T", v)
	return 0
}

// TestLogContextOnTheReplica runs the two context queries of a log line
// (src/logContext.ts: the line's entity on the same source, before the line
// newest first, after it oldest first, limited) on a root-account-use line:
// every row is the entity's, inside its window, in the promised order.
func TestLogContextOnTheReplica(t *testing.T) {
	s := stack(t)
	p := plantedNamed(t, s, "root_account_use", 2)
	ds := s.DS(p.Region, "2", nil)
	day := p.Day.UTC()
	logs := map[string]any{"source": "cloud_trail_mgmt", "format": "logs", "accounts": []string{p.Account}, "limit": 1,
		"filters": []any{map[string]any{"field": "actor.user.type", "op": "=", "value": "Root"}}}
	out, err := s.Host.QueryData(t.Context(), ds, grafanahost.Query{RefID: "A", From: day, To: day.Add(24*time.Hour - time.Millisecond), JSON: logs})
	if err != nil || out["A"].Error != "" || len(out["A"].Frames) != 1 || out["A"].Frames[0].Rows() == 0 {
		t.Fatalf("the logs query: %v %q", err, out["A"].Error)
	}
	line := out["A"].Frames[0]
	// The first entity field of src/logContext.ts ENTITY_FIELDS with a value.
	var path string
	var entity any
	for _, p := range []string{"actor.user.uid", "actor.user.name", "actor.session.uid", "src_endpoint.ip"} {
		if f, i := line.FieldByName(p); i >= 0 {
			if v, ok := f.ConcreteAt(0); ok {
				path, entity = p, v
				break
			}
		}
	}
	if path == "" {
		t.Fatalf("the logs line carries no entity field with a value")
	}
	stamp, _ := line.Fields[0].ConcreteAt(0)
	at := stamp.(time.Time)
	window := 6 * time.Hour
	ctx := func(forward bool) map[string]any {
		q := map[string]any{"source": "cloud_trail_mgmt", "format": "logs", "accounts": []string{p.Account}, "limit": 10,
			"filters": []any{map[string]any{"field": path, "op": "=", "value": entity}}}
		if forward {
			q["orderBy"] = []any{map[string]any{"field": "time", "desc": false}}
		}
		return q
	}
	out, err = s.Host.QueryData(t.Context(), ds,
		grafanahost.Query{RefID: "BEFORE", From: at.Add(-window), To: at, JSON: ctx(false)},
		grafanahost.Query{RefID: "AFTER", From: at, To: at.Add(window), JSON: ctx(true)},
	)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for ref, forward := range map[string]bool{"BEFORE": false, "AFTER": true} {
		r := out[ref]
		if r.Error != "" || len(r.Frames) != 1 {
			t.Fatalf("%s: error %q, %d frames", ref, r.Error, len(r.Frames))
		}
		f := r.Frames[0]
		total += f.Rows()
		if f.Rows() > 10 {
			t.Errorf("%s: %d rows, limit 10", ref, f.Rows())
		}
		names, _ := f.FieldByName(path)
		var prev time.Time
		for i := range f.Rows() {
			ts, _ := f.Fields[0].ConcreteAt(i)
			tm := ts.(time.Time)
			if n, _ := names.ConcreteAt(i); n != entity {
				t.Errorf("%s row %d: actor %v, want %v", ref, i, n, entity)
			}
			if tm.Before(at.Add(-window)) || tm.After(at.Add(window)) || forward == tm.Before(at) && !tm.Equal(at) {
				t.Errorf("%s row %d at %s: outside its window around %s", ref, i, tm, at)
			}
			if i > 0 && (forward && tm.Before(prev) || !forward && tm.After(prev)) {
				t.Errorf("%s: not nearest first at row %d", ref, i)
			}
			prev = tm
		}
	}
	if total == 0 {
		t.Fatal("no context rows: the line itself at least falls in both windows")
	}
	t.Logf("context of the line at %s by %s = %v: %d rows before and after", at.Format(time.RFC3339), path, entity, total)
}
