package replica

import (
	"fmt"
	"strconv"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/lake"
)

// The planted situations (docs/design/dashboards-alerts-design.md, "Recommended alert
// rules"). Each uses markers ordinary events never carry — operations,
// identities, severities or the RFC 5737 networks 203.0.113.0/24 and
// 198.51.100.0/24 — so its predicate counts it exactly.

var (
	both   = []lake.Version{lake.V2, lake.V1}
	v2Only = []lake.Version{lake.V2}
)

const (
	burstIP   = attackerNet + "50"
	scannerIP = attackerNet + "77"
	anonIP    = attackerNet + "200"
	c2Domain  = "kz3vq-cdn.top"
	sqliRule  = "AWS-AWSManagedRulesSQLiRuleSet"
)

// sameFor returns a where-builder that ignores the version.
func sameFor(p pred) func(lake.Version) pred { return func(lake.Version) pred { return p } }

// at returns the planted day at hh:mm.
func (c *gctx) clock(h, m int) time.Time {
	return c.day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

func specs() []spec {
	return append([]spec{
		{name: "root_account_use", source: "cloud_trail_mgmt", versions: both, daysAgo: 2, account: 0, region: 0, count: 3,
			alert: "1 Root account used",
			where: sameFor(and(eq("actor.user.type", "Root"), isNull("actor.invoked_by"))),
			make:  plantRoot},
		{name: "console_login_without_mfa", source: "cloud_trail_mgmt", versions: both, daysAgo: 5, account: 1, region: 0, count: 4,
			alert: "2 Console login without MFA", facts: map[string]string{"users": "legacy-ops,intern-sam"},
			where: func(v lake.Version) pred {
				mfa := "is_mfa"
				if v == lake.V1 {
					mfa = "mfa"
				}
				return and(eq("api.operation", "ConsoleLogin"), eq("status", "Success"), eq(mfa, false), eq("actor.user.type", "IAMUser"))
			},
			make: func(c *gctx) []Event {
				var out []Event
				for i, u := range []string{"legacy-ops", "intern-sam", "legacy-ops", "intern-sam"} {
					out = append(out, c.consoleLogin(c.clock(8+i, 5*i), u, pick(c.r, c.ent.officeIPs), true, false))
				}
				return out
			}},
		{name: "console_login_failure_burst", source: "cloud_trail_mgmt", versions: both, daysAgo: 7, account: 0, region: 0, count: 7,
			alert: "3 Console / root login failures (>= 5 in 15 min)",
			facts: map[string]string{"user": "admin", "src_ip": burstIP, "window_start": "02:10", "window_minutes": "15"},
			where: sameFor(and(eq("api.operation", "ConsoleLogin"), eq("status", "Failure"), eq("src_endpoint.ip", burstIP))),
			make: func(c *gctx) []Event {
				var out []Event
				for i := 0; i < 7; i++ {
					out = append(out, c.consoleLogin(c.clock(2, 10+2*i).Add(time.Duration(c.r.IntN(60))*time.Second), "admin", burstIP, false, false))
				}
				return out
			}},
		{name: "iam_policy_change", source: "cloud_trail_mgmt", versions: both, daysAgo: 10, account: 2, region: 0, count: 5,
			alert: "5 IAM policy / credential change",
			facts: map[string]string{"operations": "PutUserPolicy,AttachRolePolicy,CreatePolicyVersion,UpdateAssumeRolePolicy,CreateRole"},
			where: sameFor(and(eq("api.service.name", "iam.amazonaws.com"),
				in("api.operation", "PutUserPolicy", "AttachRolePolicy", "CreatePolicyVersion", "UpdateAssumeRolePolicy", "CreateRole"))),
			make: plantIAM},
		{name: "cloudtrail_tampering", source: "cloud_trail_mgmt", versions: both, daysAgo: 12, account: 1, region: 1, count: 3,
			alert: "6 Logging tampered", facts: map[string]string{"operations": "StopLogging,DeleteTrail,UpdateTrail"},
			where: sameFor(in("api.operation", "StopLogging", "DeleteTrail", "UpdateTrail")),
			make:  plantTampering},
		{name: "network_perimeter_change", source: "cloud_trail_mgmt", versions: both, daysAgo: 14, account: 0, region: 1, count: 5,
			alert: "7 Network perimeter change", facts: map[string]string{"operations": "AuthorizeSecurityGroupIngress,CreateNetworkAclEntry,ModifySecurityGroupRules", "cidr": "0.0.0.0/0"},
			// The deploy pipeline edits security groups every day (private ranges); the planted changes are AdminRole's.
			where: sameFor(and(in("api.operation", "AuthorizeSecurityGroupIngress", "CreateNetworkAclEntry", "ModifySecurityGroupRules"), eq("actor.user.name", "AdminRole"))),
			make:  plantPerimeter},
		{name: "rejected_flow_spike", source: "vpc_flow", versions: both, daysAgo: 4, account: 1, region: 0, count: 250,
			alert: "9 Rejected-flow spike", facts: map[string]string{"src_net": spikeNet + "0/24", "window_start": "14:00", "window_minutes": "60"},
			where: func(v lake.Version) pred {
				if v == lake.V1 {
					return and(eq("disposition", "Blocked"), like("src_endpoint.ip", spikeNet+"%"))
				}
				return and(eq("action", "Denied"), like("src_endpoint.ip", spikeNet+"%"))
			},
			make: plantFlowSpike},
		{name: "port_scan", source: "vpc_flow", versions: both, daysAgo: 6, account: 2, region: 0, count: 120,
			alert: "10 Port scan (> 50 distinct destination ports in 10 min)",
			facts: map[string]string{"src_ip": scannerIP, "distinct_dst_ports": "120", "window_start": "03:00", "window_minutes": "10"},
			where: sameFor(eq("src_endpoint.ip", scannerIP)),
			make:  plantPortScan},
		{name: "dns_rare_domain", source: "route53", versions: both, daysAgo: 8, account: 0, region: 1, count: 6,
			alert: "DNS to rare/new domains (daily)", facts: map[string]string{"domain": c2Domain, "instances": "1"},
			where: sameFor(like("query.hostname", "%."+c2Domain+".")),
			make:  plantDNS},
		{name: "dns_nxdomain", source: "route53", versions: both, daysAgo: 8, account: 0, region: 1, count: 4,
			alert: "DNS NXDOMAIN rate", facts: map[string]string{"domain": c2Domain, "rcode": "NXDomain"},
			where: sameFor(and(like("query.hostname", "%."+c2Domain+"."), eq("rcode_id", 3))),
			make:  func(*gctx) []Event { return nil }}, // the NXDOMAIN answers are part of dns_rare_domain
		{name: "critical_findings", source: "sh_findings", versions: both, daysAgo: 3, account: 1, region: 0, count: 3,
			alert: "11 New critical/high finding", facts: map[string]string{"products": "GuardDuty,Inspector,Security Hub"},
			where: sameFor(eq("severity_id", 5)),
			make:  plantFindings},
		{name: "eks_pod_exec", source: "eks_audit", versions: v2Only, daysAgo: 9, account: 2, region: 1, count: 2,
			alert: "12 Pod exec / anonymous K8s access", facts: map[string]string{"verb": "create", "subresource": "exec"},
			// Refused exec attempts (403) are ordinary; the planted ones were allowed (101 Switching Protocols).
			where: sameFor(and(like("http_request.url.path", "%/pods/%/exec%"), eq("api.response.code", 101))),
			make:  plantPodExec},
		{name: "eks_anonymous_access", source: "eks_audit", versions: v2Only, daysAgo: 9, account: 2, region: 1, count: 5,
			alert: "12 Pod exec / anonymous K8s access", facts: map[string]string{"src_ip": anonIP, "allowed": "2", "forbidden": "3"},
			// Health probes (/healthz, /livez, /readyz) are anonymous every day; the planted source is not a prober.
			where: sameFor(and(eq("actor.user.name", "system:anonymous"), eq("src_endpoint.ip", anonIP))),
			make:  plantAnonymous},
		{name: "waf_sqli_blocks", source: "waf", versions: v2Only, daysAgo: 11, account: 0, region: 0, count: 80,
			alert: "WAF blocked spike per web ACL or country", facts: map[string]string{"rule": sqliRule, "country": "ZA", "window_start": "20:00", "window_minutes": "60"},
			where: sameFor(and(eq("action", "Denied"), eq("firewall_rule.uid", sqliRule))),
			make:  plantWAF},
	}, changeSpecs()...)
}

func plantRoot(c *gctx) []Event {
	root := principal{typ: "Root", arn: "arn:aws:iam::" + c.ent.account + ":root", principalID: c.ent.account, mfa: true}
	ip := pick(c.r, c.ent.publicIPs)
	mfa := true
	login := apiCall{feature: "Management", eventType: "AwsConsoleSignIn", classUID: 3002, activity: 1, service: "signin.amazonaws.com",
		op: "ConsoleLogin", who: root, srcIP: ip, userAgent: consoleUA, mfaLogin: &mfa, severityID: 1}
	out := []Event{c.apiEvent(c.clock(9, 12), login)}
	for i, op := range []apiOp{{"s3.amazonaws.com", "ListBuckets", 2, "AWS::S3::Bucket"}, {"ec2.amazonaws.com", "DescribeInstances", 2, "AWS::EC2::Instance"}} {
		out = append(out, c.apiEvent(c.clock(9, 14+3*i), apiCall{feature: "Management", eventType: "AwsApiCall", classUID: 6003,
			activity: op.activity, service: op.service, op: op.op, who: root, srcIP: ip, userAgent: consoleUA,
			resources: []resource{c.resourceFor(op.resType)}, severityID: 1}))
	}
	return out
}

// admin is the AdminRole session that makes the planted changes.
func (c *gctx) admin() principal {
	return principal{typ: "AssumedRole", name: "AdminRole", arn: fmt.Sprintf("arn:aws:sts::%s:assumed-role/AdminRole/%s", c.ent.account, c.ent.users[0]),
		principalID: "AROA" + upperHex(c, 16), accessKey: "ASIA" + upperHex(c, 16), issuer: c.ent.roleARN("AdminRole"), mfa: true,
		sessionStart: c.clock(10, 0)}
}

func (c *gctx) change(ts time.Time, class, activity int, service, op string, res resource, req map[string]any) Event {
	return c.apiEvent(ts, apiCall{feature: "Management", eventType: "AwsApiCall", classUID: class, activity: activity,
		service: service, op: op, who: c.admin(), srcIP: pick(c.r, c.ent.officeIPs), userAgent: userAgents[0],
		resources: []resource{res}, request: req, severityID: 1})
}

func plantIAM(c *gctx) []Event {
	user, role := c.ent.userARN("legacy-ops"), c.ent.roleARN("DeployPipelineRole")
	policy := "arn:aws:iam::" + c.ent.account + ":policy/DataAccess"
	return []Event{
		c.change(c.clock(11, 2), 3001, 7, "iam.amazonaws.com", "PutUserPolicy", resource{user, "AWS::IAM::User"}, map[string]any{"userName": "legacy-ops", "policyName": "inline-admin"}),
		c.change(c.clock(11, 4), 3001, 7, "iam.amazonaws.com", "AttachRolePolicy", resource{role, "AWS::IAM::Role"}, map[string]any{"roleName": "DeployPipelineRole", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
		c.change(c.clock(11, 9), 6003, 1, "iam.amazonaws.com", "CreatePolicyVersion", resource{policy, "AWS::IAM::Policy"}, map[string]any{"policyArn": policy, "setAsDefault": true}),
		c.change(c.clock(11, 14), 6003, 3, "iam.amazonaws.com", "UpdateAssumeRolePolicy", resource{role, "AWS::IAM::Role"},
			map[string]any{"roleName": "DeployPipelineRole", "policyDocument": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}`}),
		c.change(c.clock(11, 16), 6003, 1, "iam.amazonaws.com", "CreateRole", resource{c.ent.roleARN("support-backdoor"), "AWS::IAM::Role"}, map[string]any{"roleName": "support-backdoor"}),
	}
}

func plantTampering(c *gctx) []Event {
	trail := fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/management-events", c.t.Region, c.ent.account)
	res := resource{trail, "AWS::CloudTrail::Trail"}
	req := map[string]any{"name": trail}
	return []Event{
		c.change(c.clock(16, 40), 6003, 3, "cloudtrail.amazonaws.com", "UpdateTrail", res, req),
		c.change(c.clock(16, 42), 6003, 99, "cloudtrail.amazonaws.com", "StopLogging", res, req),
		c.change(c.clock(16, 45), 6003, 4, "cloudtrail.amazonaws.com", "DeleteTrail", res, req),
	}
}

func plantPerimeter(c *gctx) []Event {
	sg := resource{fmt.Sprintf("arn:aws:ec2:%s:%s:security-group/sg-%s", c.t.Region, c.ent.account, hexID(c.r, 17)), "AWS::EC2::SecurityGroup"}
	acl := resource{fmt.Sprintf("arn:aws:ec2:%s:%s:network-acl/acl-%s", c.t.Region, c.ent.account, hexID(c.r, 17)), "AWS::EC2::NetworkAcl"}
	var out []Event
	for i, port := range []int{22, 3389} {
		out = append(out, c.change(c.clock(13, 20+i), 6003, 1, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", sg,
			map[string]any{"ipPermissions": map[string]any{"fromPort": port, "toPort": port, "cidrIp": "0.0.0.0/0"}}))
		out = append(out, c.change(c.clock(13, 25+i), 6003, 1, "ec2.amazonaws.com", "CreateNetworkAclEntry", acl,
			map[string]any{"ruleNumber": 90 + i, "ruleAction": "allow", "cidrBlock": "0.0.0.0/0", "portRange": strconv.Itoa(port)}))
	}
	out = append(out, c.change(c.clock(13, 30), 6003, 3, "ec2.amazonaws.com", "ModifySecurityGroupRules", sg,
		map[string]any{"securityGroupRules": map[string]any{"securityGroupRule": map[string]any{"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrIpv4": "0.0.0.0/0"}}}))
	return out
}
