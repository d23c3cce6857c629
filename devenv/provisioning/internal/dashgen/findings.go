package dashgen

import "github.com/seclake/securitylake-datasource/pkg/models"

func findings() Dashboard {
	sh := versioned("sh_findings")
	return Dashboard{
		File: "findings.json", UID: "seclake-findings", Title: "Security Lake: Findings (Security Hub)",
		Description: "Findings by severity over time, open critical and high findings, findings by account and Region, and the failed controls.",
		Tags:        []string{"security-hub", "findings"}, Versioned: true, VarSource: "sh_findings",
		Rows: [][]Panel{
			{
				{Type: "timeseries", Title: "Findings by severity over time", W: 12, H: 8,
					Targets: []models.Query{builder(sh, models.FormatTimeSeries, group("severity"), count("findings"))},
					Bars:    true, Stacked: true},
				{Type: "table", Title: "Findings by account and Region", W: 12, H: 8,
					Targets: []models.Query{builder(sh, models.FormatTable, group("accountid", "region", "severity"), count("findings"),
						orderDesc("findings"), limit(50))}},
			},
			{
				{Type: "table", Title: "Critical and high findings", W: 24, H: 10, Links: []string{"resource.uid"},
					Description: "Findings with severity High or Critical (severity_id >= 4), newest first. Lake version 2 fields (finding_info, status); version 1 calls them finding and state.",
					Targets: []models.Query{builder("sh_findings@2", models.FormatTable, where("severity_id", models.OpGte, 4),
						fields("time_dt", "severity", "status", "finding_info.title", "metadata.product.name", "class_name",
							"resource.type", "resource.uid", "accountid", "region"), limit(100))}},
			},
			{
				{Type: "table", Title: "Top failed controls", W: 12, H: 9,
					Description: "Compliance findings that FAILED, by Security Hub control (lake version 2 field compliance.control).",
					Targets: []models.Query{builder("sh_findings@2", models.FormatTable, where("compliance.status", models.OpEq, "FAILED"),
						group("compliance.control"), count("failed"), agg(models.AggCountDistinct, "accountid", "accounts"), limit(15))}},
				{Type: "piechart", Title: "Findings by product", W: 12, H: 9,
					Targets: []models.Query{builder(sh, models.FormatTable, group("metadata.product.name"), count("findings"), limit(20))}},
			},
			{
				{Type: "logs", Title: "Findings", W: 24, H: 12,
					Targets: []models.Query{builder(sh, models.FormatLogs, limit(200))}},
			},
		},
	}
}

func kubernetes() Dashboard {
	eks := "eks_audit@2"
	return Dashboard{
		File: "kubernetes.json", UID: "seclake-kubernetes", Title: "Security Lake: Kubernetes (EKS audit)",
		Description: "Kubernetes API verbs over time, exec / attach into pods, anonymous access and requests by user. EKS audit logs exist only in lake version 2.",
		Tags:        []string{"eks", "kubernetes"}, VarSource: eks,
		Rows: [][]Panel{
			{
				{Type: "timeseries", Title: "API verbs over time", W: 24, H: 8,
					Targets: []models.Query{builder(eks, models.FormatTimeSeries, group("api.operation"), count("requests"))}},
			},
			{
				{Type: "table", Title: "exec / attach / port-forward into pods", W: 12, H: 9, Links: []string{"actor.user.name", "src_endpoint.ip"},
					Description: "Allowed requests (response below 400) to the exec, attach and portforward subresources of pods: an interactive shell in a container.",
					Targets: []models.Query{builder(eks, models.FormatTable, where("http_request.url.path", models.OpRegex, "/pods/[^/]+/(exec|attach|portforward)"), where("api.response.code", models.OpLt, 400),
						fields("time_dt", "accountid", "region", "actor.user.name", "src_endpoint.ip", "api.operation", "http_request.url.path", "api.response.code"),
						limit(100))}},
				{Type: "table", Title: "Anonymous access", W: 12, H: 9, Links: []string{"src_endpoint.ip"},
					Description: "Requests as system:anonymous to API resources (/api/…, /apis/…); health probes of /healthz, /livez and /readyz are left out. Response codes below 400 were allowed.",
					Targets: []models.Query{builder(eks, models.FormatTable, where("actor.user.name", models.OpEq, "system:anonymous"), where("http_request.url.path", models.OpRegex, "^/apis?/"),
						fields("time_dt", "accountid", "region", "src_endpoint.ip", "api.operation", "http_request.url.path", "api.response.code", "http_request.user_agent"),
						limit(100))}},
			},
			{
				{Type: "table", Title: "Requests by user", W: 12, H: 9, Links: []string{"user"},
					Targets: []models.Query{sql(models.FormatTable, `SELECT actor.user.name AS "user", count(*) AS "requests",
  count_if(api.response.code = 403) AS "forbidden", count_if(api.response.code >= 400) AS "errors",
  count(DISTINCT src_endpoint.ip) AS "source_ips", count(DISTINCT api.operation) AS "verbs"
FROM $__optionalTable(eks_audit@2)
WHERE $__partitionFilter
GROUP BY 1 ORDER BY 2 DESC LIMIT 25`)}},
				{Type: "table", Title: "Secret reads", W: 12, H: 9, Links: []string{"actor.user.name"},
					Description: "get, list and watch on secrets, by user.",
					Targets: []models.Query{builder(eks, models.FormatTable, where("resources[].type", models.OpAnyMatch, "secrets"),
						where("api.operation", models.OpIn, "get", "list", "watch"),
						group("actor.user.name", "api.operation"), count("requests"), limit(25))}},
			},
			{
				{Type: "logs", Title: "EKS audit events", W: 24, H: 12,
					Targets: []models.Query{builder(eks, models.FormatLogs, limit(200))}},
			},
		},
	}
}

func waf() Dashboard {
	w := "waf@2"
	return Dashboard{
		File: "waf.json", UID: "seclake-waf", Title: "Security Lake: Web Application Firewall (WAF)",
		Description: "Allowed and blocked requests, blocks by rule and by country, top client IPs, URIs and user agents. WAF logs exist only in lake version 2.",
		Tags:        []string{"waf"}, VarSource: w,
		Rows: [][]Panel{
			{
				{Type: "timeseries", Title: "Allowed vs blocked", W: 24, H: 8,
					Targets: []models.Query{builder(w, models.FormatTimeSeries, group("action"), count("requests"))}},
			},
			{
				{Type: "table", Title: "Blocks by rule", W: 8, H: 9,
					Targets: []models.Query{builder(w, models.FormatTable, where("action", models.OpEq, "Denied"),
						group("firewall_rule.uid", "firewall_rule.type"), count("blocked"), limit(20))}},
				{Type: "barchart", Title: "Blocks by country", W: 8, H: 9,
					Targets: []models.Query{builder(w, models.FormatTable, where("action", models.OpEq, "Denied"),
						group("src_endpoint.location.country"), count("blocked"), limit(20))}},
				{Type: "table", Title: "Top client IPs", W: 8, H: 9, Links: []string{"src_endpoint.ip"},
					Targets: []models.Query{builder(w, models.FormatTable, group("src_endpoint.ip", "src_endpoint.location.country"),
						count("requests"), agg(models.AggCountDistinct, "http_request.url.path", "uris"), limit(25))}},
			},
			{
				{Type: "table", Title: "Top URIs", W: 12, H: 9,
					Targets: []models.Query{builder(w, models.FormatTable, group("http_request.url.path", "action"), count("requests"), limit(25))}},
				{Type: "table", Title: "Top user agents", W: 12, H: 9,
					Targets: []models.Query{builder(w, models.FormatTable, group("http_request.user_agent"), count("requests"),
						agg(models.AggCountDistinct, "src_endpoint.ip", "clients"), limit(25))}},
			},
			{
				{Type: "logs", Title: "Blocked requests", W: 24, H: 12,
					Targets: []models.Query{builder(w, models.FormatLogs, where("action", models.OpEq, "Denied"), limit(200))}},
			},
		},
	}
}
