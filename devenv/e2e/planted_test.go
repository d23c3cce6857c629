package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/devenv/replica"
)

// firstInt reads the single number of a one-row, one-value result.
func firstInt(t *testing.T, r grafanahost.Response) int64 {
	t.Helper()
	if r.Error != "" || len(r.Frames) != 1 || r.Frames[0].Rows() != 1 {
		t.Fatalf("want one row: error %q, frames %d", r.Error, len(r.Frames))
	}
	f := r.Frames[0]
	v, ok := f.Fields[len(f.Fields)-1].ConcreteAt(0)
	n, isInt := v.(int64)
	if !ok || !isInt {
		t.Fatalf("want an integer, got %T %v", v, v)
	}
	return n
}

// TestPlantedSituationsThroughRawSQL counts every planted situation with a
// raw SQL query through the plugin's macros, on its day and account, and
// over the whole range (clean days must not contain it).
func TestPlantedSituationsThroughRawSQL(t *testing.T) {
	s := stack(t)
	from, to := s.Range()
	dss := map[string]grafanahost.DS{}
	for _, p := range s.Planted {
		if _, ok := dss[p.Region]; !ok {
			dss[p.Region] = s.DS(p.Region, "", nil)
		}
	}
	for _, p := range s.Planted {
		t.Run(fmt.Sprintf("%s_v%d", p.Name, p.Version), func(t *testing.T) {
			sql := fmt.Sprintf(`SELECT count(*) AS "n" FROM $__table(%s@%d) WHERE $__partitionFilter AND (%s)`, p.Source, p.Version, p.Details["where"])
			day := p.Day.UTC()
			out, err := s.Host.QueryData(t.Context(), dss[p.Region],
				grafanahost.Query{RefID: "DAY", From: day, To: day.Add(24*time.Hour - time.Millisecond), JSON: map[string]any{"rawSql": sql, "accounts": []string{p.Account}}},
				grafanahost.Query{RefID: "ALL", From: from, To: to, JSON: map[string]any{"rawSql": sql}},
			)
			if err != nil {
				t.Fatal(err)
			}
			if n := firstInt(t, out["DAY"]); n != int64(p.Count) {
				t.Fatalf("on %s in %s: %d, generator planted %d", day.Format("2006-01-02"), p.Account, n, p.Count)
			}
			if n := firstInt(t, out["ALL"]); n != int64(p.Count) {
				t.Fatalf("over 30 days: %d, generator planted %d (clean days must be clean)", n, p.Count)
			}
		})
	}
}

// TestPlantedSituationsThroughTheBuilder finds planted situations with
// builder queries only (no SQL written by the test).
func TestPlantedSituationsThroughTheBuilder(t *testing.T) {
	s := stack(t)
	byName := map[string]replica.Planted{}
	for _, p := range s.Planted {
		byName[fmt.Sprintf("%s@%d", p.Name, p.Version)] = p
	}
	count := []map[string]any{{"func": "count"}}
	f := func(field, op string, v any) map[string]any {
		m := map[string]any{"field": field, "op": op}
		switch x := v.(type) {
		case nil:
		case []string:
			m["values"] = x
		default:
			m["value"] = x
		}
		return m
	}
	tests := []struct {
		planted string
		query   map[string]any
		want    func(p replica.Planted) int64
	}{
		{"root_account_use@2", map[string]any{"source": "cloud_trail_mgmt", "filters": []any{f("actor.user.type", "=", "Root"), f("actor.invoked_by", "is-null", nil)}}, nil},
		{"root_account_use@1", map[string]any{"source": "cloud_trail_mgmt", "filters": []any{f("actor.user.type", "=", "Root"), f("actor.invoked_by", "is-null", nil)}}, nil},
		{"console_login_without_mfa@2", map[string]any{"source": "cloud_trail_mgmt", "filters": []any{f("api.operation", "=", "ConsoleLogin"), f("status", "=", "Success"), f("is_mfa", "=", false), f("actor.user.type", "=", "IAMUser")}}, nil},
		{"cloudtrail_tampering@2", map[string]any{"source": "cloud_trail_mgmt", "filters": []any{f("api.operation", "in", []string{"StopLogging", "DeleteTrail", "UpdateTrail"})}}, nil},
		{"critical_findings@2", map[string]any{"source": "sh_findings", "filters": []any{f("severity_id", "=", "Critical")}}, nil},
		{"critical_findings@1", map[string]any{"source": "sh_findings", "filters": []any{f("severity_id", "=", 5)}}, nil},
		{"dns_rare_domain@2", map[string]any{"source": "route53", "filters": []any{f("query.hostname", "contains", "kz3vq-cdn.top")}}, nil},
		{"eks_anonymous_access@2", map[string]any{"source": "eks_audit", "filters": []any{f("actor.user.name", "=", "system:anonymous"), f("http_request.url.path", "regex", "^/apis?/")}}, nil},
		{"waf_sqli_blocks@2", map[string]any{"source": "waf", "filters": []any{f("action", "=", "Denied"), f("firewall_rule.uid", "starts-with", "AWS-AWSManagedRulesSQLi")}}, nil},
		{"port_scan@2", map[string]any{"source": "vpc_flow", "filters": []any{f("src_endpoint.ip", "=", "203.0.113.77")},
			"aggregations": []map[string]any{{"func": "count_distinct", "field": "dst_endpoint.port"}}}, func(replica.Planted) int64 { return 120 }},
	}
	for _, tt := range tests {
		t.Run(tt.planted, func(t *testing.T) {
			p, ok := byName[tt.planted]
			if !ok {
				t.Fatalf("the generator plants no %s", tt.planted)
			}
			q := map[string]any{"format": "table", "aggregations": count, "accounts": []string{p.Account}, "regions": []string{p.Region}}
			for k, v := range tt.query {
				q[k] = v
			}
			day := p.Day.UTC()
			out, err := s.Host.QueryData(t.Context(), s.DS(p.Region, fmt.Sprint(p.Version), nil),
				grafanahost.Query{RefID: "A", From: day, To: day.Add(24*time.Hour - time.Millisecond), JSON: q})
			if err != nil {
				t.Fatal(err)
			}
			want := int64(p.Count)
			if tt.want != nil {
				want = tt.want(p)
			}
			if n := firstInt(t, out["A"]); n != want {
				t.Fatalf("builder found %d, want %d", n, want)
			}
		})
	}
}
