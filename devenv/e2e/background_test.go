package e2e

import (
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

// question is an ordinary security question asked of one source with a
// builder query (count of matching events).
type question struct {
	source  string
	what    string
	filters []map[string]any
}

func flt(field, op string, v any) map[string]any {
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

// backgroundQuestions are what an analyst asks every day; each must find
// rows in the realistic background alone (no planted situation is needed),
// over one day and over a week, in every source and lake version.
func backgroundQuestions() []question {
	denied := []string{"AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation"}
	sg := []string{"ModifySecurityGroupRules", "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "AuthorizeSecurityGroupEgress"}
	var qs []question
	for _, v := range []string{"", "@1"} {
		qs = append(qs,
			question{"cloud_trail_mgmt" + v, "failed console logins", []map[string]any{flt("api.operation", "=", "ConsoleLogin"), flt("status", "=", "Failure")}},
			question{"cloud_trail_mgmt" + v, "federated (assumed-role) console sign-ins", []map[string]any{flt("api.operation", "=", "ConsoleLogin"), flt("actor.user.type", "=", "AssumedRole")}},
			question{"cloud_trail_mgmt" + v, "security group edits", []map[string]any{flt("api.operation", "in", sg)}},
			question{"cloud_trail_mgmt" + v, "refused API calls", []map[string]any{flt("api.response.error", "in", denied)}},
			question{"cloud_trail_mgmt" + v, "log group deletions", []map[string]any{flt("api.operation", "=", "DeleteLogGroup")}},
			question{"lambda_execution" + v, "function invocations by people", []map[string]any{flt("actor.user.type", "in", []string{"IAMUser", "AssumedRole"})}},
			question{"s3_data" + v, "refused object access", []map[string]any{flt("api.response.error", "=", "AccessDenied")}},
			question{"s3_data" + v, "object deletions", []map[string]any{flt("api.operation", "=", "DeleteObject")}},
			question{"vpc_flow" + v, "refused flows", []map[string]any{flt("disposition", "=", "Blocked")}},
			question{"vpc_flow" + v, "reply flows from port 443", []map[string]any{flt("src_endpoint.port", "=", 443)}},
			question{"route53" + v, "NXDOMAIN answers", []map[string]any{flt("rcode_id", "=", 3)}},
			question{"sh_findings" + v, "high findings", []map[string]any{flt("severity_id", ">=", 4)}},
			question{"sh_findings" + v, "finding updates", []map[string]any{flt("activity_id", "=", 2)}},
			question{"sh_findings" + v, "GuardDuty findings", []map[string]any{flt("metadata.product.name", "=", "GuardDuty")}},
		)
	}
	return append(qs,
		question{"eks_audit", "pod exec attempts", []map[string]any{flt("http_request.url.path", "regex", "/pods/[^/]+/exec")}},
		question{"eks_audit", "anonymous health probes", []map[string]any{flt("actor.user.name", "=", "system:anonymous")}},
		question{"eks_audit", "refused Kubernetes requests", []map[string]any{flt("api.response.code", ">=", 400)}},
		question{"waf", "blocked requests", []map[string]any{flt("action", "=", "Denied")}},
		question{"ext_edr_process", "process launches", nil},
	)
}

// TestBackgroundAnswersOrdinaryQuestions asks every question over the
// first day and the whole week of the clean span (no planted situation on
// those days), across both Regions: each finds rows.
func TestBackgroundAnswersOrdinaryQuestions(t *testing.T) {
	s := stack(t)
	dss := replicaDS(t, s)
	from, to := cleanSpan(t, s)
	spans := []struct {
		name     string
		from, to time.Time
	}{{"day", from, from.Add(24*time.Hour - time.Millisecond)}, {"week", from, to.Add(-time.Millisecond)}}
	for _, q := range backgroundQuestions() {
		t.Run(q.source+"/"+q.what, func(t *testing.T) {
			for _, sp := range spans {
				total := int64(0)
				for _, region := range s.Replica.Regions {
					model := map[string]any{"source": q.source, "format": "table", "filters": q.filters,
						"aggregations": []map[string]any{{"func": "count"}}}
					out, err := s.Host.QueryData(t.Context(), dss[region], grafanahost.Query{RefID: "A", From: sp.from, To: sp.to, JSON: model})
					if err != nil {
						t.Fatal(err)
					}
					total += firstInt(t, out["A"])
				}
				if total == 0 {
					t.Errorf("%s: no %s over the %s from %s", q.source, q.what, sp.name, sp.from.Format("2006-01-02"))
				}
				t.Logf("%-22s %-44s %s: %d", q.source, q.what, sp.name, total)
			}
		})
	}
}
