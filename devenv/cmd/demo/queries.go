package main

import "strings"

// demo is one representative query of the product.
type demo struct {
	title string
	query map[string]any
}

func filter(field, op string, value any) map[string]any {
	return map[string]any{"field": field, "op": op, "value": value}
}

// demos covers every AWS source and both query modes; each would be a panel
// or an alert rule on a dashboard. A demo that uses fields of one lake
// version names it ("@2"), so a lake without that version reports it absent.
func demos() []demo {
	count := []map[string]any{{"func": "count"}}
	return []demo{
		{"CloudTrail: root account activity (builder, v2)", map[string]any{"source": "cloud_trail_mgmt@2", "format": "table",
			"fields":  []string{"time_dt", "accountid", "api.operation", "src_endpoint.ip"},
			"filters": []any{filter("actor.user.type", "=", "Root"), map[string]any{"field": "actor.invoked_by", "op": "is-null"}}}},
		{"CloudTrail v1: console logins by result (builder)", map[string]any{"source": "cloud_trail_mgmt@1", "format": "table",
			"filters": []any{filter("api.operation", "=", "ConsoleLogin")}, "groupBy": []string{"status"}, "aggregations": count}},
		{"Lambda data events: top functions (builder)", map[string]any{"source": "lambda_execution", "format": "table",
			"groupBy": []string{"api.operation"}, "aggregations": count, "limit": 5}},
		{"S3 data events: top operations (builder)", map[string]any{"source": "s3_data", "format": "table",
			"groupBy": []string{"api.operation"}, "aggregations": count, "limit": 5}},
		{"VPC Flow: port-scan candidates (builder)", map[string]any{"source": "vpc_flow", "format": "table",
			"groupBy":      []string{"src_endpoint.ip"},
			"aggregations": []map[string]any{{"func": "count_distinct", "field": "dst_endpoint.port", "alias": "ports"}},
			"orderBy":      []map[string]any{{"field": "ports", "desc": true}}, "limit": 3}},
		{"VPC Flow: rejected flows per day (builder time series, v2)", map[string]any{"source": "vpc_flow@2", "format": "time_series",
			"filters": []any{filter("action", "=", "Denied")}, "timeBucket": "1d", "aggregations": count}},
		{"Route 53: least-queried domains (SQL with macros)", map[string]any{"rawSql": `SELECT "query"."hostname" AS domain, count(*) AS queries
FROM $__table(route53) WHERE $__partitionFilter GROUP BY 1 ORDER BY 2 ASC, 1 LIMIT 5`}},
		{"Security Hub: findings by severity (builder)", map[string]any{"source": "sh_findings", "format": "table",
			"groupBy": []string{"severity"}, "aggregations": count}},
		{"EKS audit: API verbs (builder)", map[string]any{"source": "eks_audit", "format": "table",
			"groupBy": []string{"api.operation"}, "aggregations": count, "limit": 5}},
		{"WAF: blocks by country (builder)", map[string]any{"source": "waf", "format": "table",
			"filters": []any{filter("action", "=", "Denied")}, "groupBy": []string{"src_endpoint.location.country"}, "aggregations": count, "limit": 5}},
		{"Custom source ext_edr_process: latest events (logs)", map[string]any{"source": "ext_edr_process", "format": "logs", "limit": 3}},
	}
}

// source is the source a demo reads: the builder's source, or the macro
// table's ("route53" of $__table(route53)).
func (d demo) source() string {
	if s, ok := d.query["source"].(string); ok {
		return s
	}
	sql, _ := d.query["rawSql"].(string)
	if _, rest, ok := strings.Cut(sql, "$__table("); ok {
		if name, _, ok := strings.Cut(rest, ")"); ok {
			return strings.TrimSpace(name)
		}
	}
	return ""
}
