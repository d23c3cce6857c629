package alertgen

// The network and findings rules. VPC Flow Logs aggregate each flow for up
// to 10 minutes before the record is written, and the lake adds its
// delivery lag, so the flow rules read windows ending 20 minutes ago.
// "Refused" is disposition = Blocked in both lake versions, as on the
// Overview and Network dashboards (v2 also has action = Denied).

var perimeterOps = []string{
	"AuthorizeSecurityGroupIngress", "ModifySecurityGroupRules", "CreateNetworkAclEntry", "ReplaceNetworkAclEntry",
	"CreateRoute", "ReplaceRoute",
}

// openToWorld matches request parameters that name the whole internet.
const openToWorld = `0\.0\.0\.0/0|::/0`

// portScanSQL counts distinct destination ports per source in 10-minute
// buckets, only for flows that look like a client's request: from an
// ephemeral (>= 1024) source port to a lower destination port. A server's,
// load balancer's or NAT gateway's reply flows go from the service port to
// the client's ephemeral port and are left out. (connection_info.direction
// cannot tell: VPC Flow Logs give the direction relative to the interface,
// so a reply leaving a server is Outbound like a request.)
const portScanSQL = `SELECT $__timeGroup(%s, '10m') AS "time", accountid, src_endpoint.ip AS "src_ip",
  count(DISTINCT dst_endpoint.port) AS "dst_ports"
FROM $__optionalTable(%s)
WHERE $__partitionFilter
  AND src_endpoint.port >= 1024 AND dst_endpoint.port < src_endpoint.port
GROUP BY 1, 2, 3
HAVING count(DISTINCT dst_endpoint.port) > 20`

// perimeterV1SQL: rc.2 API Activity has no api.request.data; the request
// parameters are read from unmapped.
const perimeterV1SQL = `SELECT $__timeGroup(time, '5m') AS "time", accountid, count(*) AS "changes"
FROM $__optionalTable(cloud_trail_mgmt@1)
WHERE $__partitionFilter
  AND api.operation IN (%s)
  AND api.response.error IS NULL
  AND regexp_like(element_at(unmapped, 'requestParameters'), '%s')
GROUP BY 1, 2`

func networkRules() []Rule {
	perim := Rule{UID: "seclake-network-perimeter-change", Title: "Network opened to the internet",
		Why: `CIS 4.10/4.11 narrowed to exposure: a security group rule (including ModifySecurityGroupRules), network ACL
entry or route that names 0.0.0.0/0 or ::/0, when the call succeeded. Deployments edit security groups
inside private ranges all day; those are left out.`,
		Severity: "high", Class: "API Activity", From: 3600, Reducer: "sum", Anchor: "network-opened-to-the-internet",
		Summary:     `Network opened to the internet in account {{ index .Labels "accountid" }}`,
		Description: "A security group rule, network ACL entry or route now admits 0.0.0.0/0 or ::/0. Check the ports (22, 3389, databases) and revert unplanned changes."}
	perim.V2 = ct(2, 0, "changes", []string{"accountid"}, f("api.operation", "in", perimeterOps), f("api.request.data", "regex", openToWorld), f("api.response.error", "is-null", nil))
	perim.V1 = &Query{Source: "cloud_trail_mgmt@1", SQL: sprintf(perimeterV1SQL, sqlList(perimeterOps), openToWorld)}

	spike := Rule{UID: "seclake-rejected-flow-spike", Title: "Rejected-flow spike",
		Why: `More than 100 refused flows in an account in 30 minutes (ending 20 minutes ago). Internet scanners are
refused all day: a sweep of one scanner over every instance is 40 to 60 refused flows in a few minutes,
so the old "25 in 15 minutes" fired daily. Set the threshold to about twice the largest half hour of
your own baseline (Network dashboard, refused flows).`,
		Severity: "warning", Class: "Network Activity", From: 3000, To: 1200, Reducer: "sum", Above: 100, Anchor: "rejected-flow-spike",
		Summary:     `{{ index .Values "B" }} refused flows in 30 minutes in account {{ index .Labels "accountid" }}`,
		Description: "Many refused flows in half an hour: a distributed attack on a service or a misconfigured client. The Network dashboard shows the top refused sources."}
	spike.V2 = Query{Source: "vpc_flow", ClassUID: 0, Filters: []string{f("disposition", "=", "Blocked")}, GroupBy: []string{"accountid"}, Alias: "flows"}
	spike.V1 = &Query{Source: "vpc_flow@1", Filters: []string{f("disposition", "=", "Blocked")}, GroupBy: []string{"accountid"}, Alias: "flows"}

	scan := Rule{UID: "seclake-port-scan", Title: "Port scan",
		Why: `One source reaching more than 50 distinct destination ports in a 10-minute bucket (the two buckets ending
20 minutes ago), counting only request-shaped flows (ephemeral source port to a lower port): reply
flows of busy servers, load balancers and NAT gateways go to many ephemeral ports and are left out.`,
		Severity: "high", Class: "Network Activity", From: 2400, To: 1200, Reducer: "max", Above: 50, Anchor: "port-scan",
		Summary:     `Port scan from {{ index .Labels "src_ip" }} in account {{ index .Labels "accountid" }}`,
		Description: "One source tried many destination ports within 10 minutes. Block an external scanner at the network ACL; investigate an internal one as a compromised host."}
	scan.V2 = Query{Source: "vpc_flow", SQL: sprintf(portScanSQL, "time_dt", "vpc_flow")}
	scan.V1 = &Query{Source: "vpc_flow@1", SQL: sprintf(portScanSQL, "time", "vpc_flow@1")}
	return []Rule{perim, spike, scan}
}

// threatPurposes are GuardDuty finding types (ThreatPurpose:Resource/Name)
// that mean compromise rather than reconnaissance.
const threatPurposes = `^(Backdoor|CryptoCurrency|Trojan|Impact|Exfiltration|CredentialAccess|PrivilegeEscalation|Persistence|DefenseEvasion)[:/]|InstanceCredentialExfiltration`

func findingRules() []Rule {
	crit := Rule{UID: "seclake-critical-finding", Title: "New critical or high finding",
		Why: `A new High or Critical finding. Only the finding's creation (activity Create) counts: products re-import a
standing finding on every scan as an update of the same finding uid, which would re-alert every hour.`,
		Severity: "high", Class: "Findings", From: 3600, Reducer: "sum", Anchor: "new-critical-or-high-finding",
		Summary:     `New critical or high {{ index .Labels "metadata.product.name" }} finding in account {{ index .Labels "accountid" }}`,
		Description: "A new High or Critical finding arrived. Open it on the Findings dashboard (critical and high table) for the title and resource."}
	by := []string{"accountid", "metadata.product.name"}
	crit.V2 = Query{Source: "sh_findings", Filters: []string{f("severity_id", ">=", 4), f("status", "=", "New"), f("activity_id", "=", 1)}, GroupBy: by, Alias: "findings"}
	crit.V1 = &Query{Source: "sh_findings@1", Filters: []string{f("severity_id", ">=", 4), f("state", "=", "New"), f("activity_id", "=", 1)}, GroupBy: by, Alias: "findings"}

	gd := Rule{UID: "seclake-guardduty-threat", Title: "GuardDuty finding of a compromise type",
		Why: `A new GuardDuty finding whose type names a compromise (Backdoor, CryptoCurrency, Trojan, Impact,
Exfiltration, CredentialAccess, PrivilegeEscalation, Persistence, DefenseEvasion, instance credential
exfiltration), whatever its severity; one instance per finding type. Recon and brute-force probes are
left out (the Findings dashboard shows them).`,
		Severity: "critical", Class: "Findings", From: 3600, Reducer: "sum", Anchor: "guardduty-finding-of-a-compromise-type",
		Summary:     `GuardDuty {{ index .Labels "finding_info.title" }}{{ index .Labels "finding.title" }} in account {{ index .Labels "accountid" }}`,
		Description: "GuardDuty reported a finding type that means a resource is compromised. Isolate the resource and follow GuardDuty's remediation for the type."}
	gd.V2 = Query{Source: "sh_findings", Filters: []string{f("metadata.product.name", "=", "GuardDuty"), f("finding_info.title", "regex", threatPurposes), f("activity_id", "=", 1)},
		GroupBy: []string{"accountid", "finding_info.title"}, Alias: "findings"}
	gd.V1 = &Query{Source: "sh_findings@1", Filters: []string{f("metadata.product.name", "=", "GuardDuty"), f("finding.title", "regex", threatPurposes), f("activity_id", "=", 1)},
		GroupBy: []string{"accountid", "finding.title"}, Alias: "findings"}
	return []Rule{crit, gd}
}

// workloadRules are the EKS and WAF rules: both sources exist only in lake
// version 2, so they have no v1 variant.
func workloadRules() []Rule {
	exec := Rule{UID: "seclake-eks-pod-exec", Title: "Kubernetes exec or attach into a pod",
		Why:      "exec, attach or port-forward into a pod that the API server allowed (refused attempts are left out).",
		Severity: "high", Class: "API Activity", From: 3600, Reducer: "sum", Anchor: "kubernetes-exec-or-attach-into-a-pod",
		Summary:     `{{ index .Labels "actor.user.name" }} opened a shell in a pod in account {{ index .Labels "accountid" }}`,
		Description: "Someone ran kubectl exec, attach or port-forward into a pod. Expected only for break-glass debugging; confirm with the user."}
	exec.V2 = Query{Source: "eks_audit", Filters: []string{f("http_request.url.path", "regex", "/pods/[^/]+/(exec|attach|portforward)"), f("api.response.code", "<", 400)},
		GroupBy: []string{"accountid", "actor.user.name"}, Alias: "requests"}

	anon := Rule{UID: "seclake-eks-anonymous-access", Title: "Anonymous Kubernetes API access allowed",
		Why: `system:anonymous allowed on an API resource path (/api/… or /apis/…). Health and version endpoints
(/healthz, /livez, /readyz, /version) are open to anonymous users by Kubernetes' default
system:public-info-viewer role and probed all day by load balancers; they are left out.`,
		Severity: "critical", Class: "API Activity", From: 3600, Reducer: "sum", Anchor: "anonymous-kubernetes-api-access",
		Summary:     `Anonymous Kubernetes API access from {{ index .Labels "src_endpoint.ip" }} in account {{ index .Labels "accountid" }}`,
		Description: "The API server allowed an unauthenticated request to an API resource: an RBAC binding to system:anonymous or system:unauthenticated exists."}
	anon.V2 = Query{Source: "eks_audit", Filters: []string{f("actor.user.name", "=", "system:anonymous"), f("http_request.url.path", "regex", "^/apis?/"), f("api.response.code", "<", 400)},
		GroupBy: []string{"accountid", "src_endpoint.ip"}, Alias: "requests"}

	waf := Rule{UID: "seclake-waf-blocked-spike", Title: "WAF blocked-request spike",
		Why: `More than 30 requests blocked by one rule of the web ACL in an hour (ending 10 minutes ago, for WAF log
delivery). Vulnerability scanners are blocked every day in bursts of 10 to 25 requests; an attack
campaign is larger.`,
		Severity: "warning", Class: "HTTP Activity", From: 4200, To: 600, Reducer: "sum", Above: 30, Anchor: "waf-blocked-request-spike",
		Summary:     `{{ index .Values "B" }} requests blocked by {{ index .Labels "firewall_rule.uid" }} in account {{ index .Labels "accountid" }}`,
		Description: "One WAF rule blocked many requests in an hour: an attack campaign (SQL injection, rate abuse). The WAF dashboard shows the clients and URIs."}
	waf.V2 = Query{Source: "waf", Filters: []string{f("action", "=", "Denied")}, GroupBy: []string{"accountid", "firewall_rule.uid"}, Alias: "blocked"}
	return []Rule{exec, anon, waf}
}
