package replica

import (
	"fmt"
	"time"
)

// Ordinary management events that look like what the alert rules watch but
// are routine (docs/alerting.md, false-positive classes): IAM Identity Center
// and SAML console sign-ins (an assumed role, no MFA flag, no identity
// provider in OCSF 1.1), security group edits by the deploy pipeline inside
// private ranges (including ModifySecurityGroupRules), log groups deleted by
// stack teardowns, S3 bucket housekeeping, KMS and Lake Formation reads.

// ssoPermissionSets are IAM Identity Center permission sets (role names).
var ssoPermissionSets = []string{"AWSReservedSSO_AdministratorAccess_3f2a9c1d4e5b6a70", "AWSReservedSSO_ReadOnlyAccess_8c1b2d3e4f5a6b71", "AWSReservedSSO_DeveloperAccess_0a9b8c7d6e5f4a72"}

// ssoLogin is a console sign-in through IAM Identity Center (or a SAML
// identity provider): CloudTrail records an assumed role without MFA, since
// MFA is enforced by the identity provider.
func (c *gctx) ssoLogin(ts time.Time) Event {
	u := pick(c.r, c.ent.users)
	role := pick(c.r, ssoPermissionSets)
	who := principal{typ: "AssumedRole", name: role, arn: fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s@example.com", c.ent.account, role, u),
		principalID: "AROA" + upperHex(c, 16) + ":" + u + "@example.com", issuer: c.ent.roleARN(role), sessionStart: ts}
	mfa := false
	return c.apiEvent(ts, apiCall{feature: "Management", eventType: "AwsConsoleSignIn", classUID: 3002, activity: 1,
		service: "signin.amazonaws.com", op: "ConsoleLogin", who: who, srcIP: pick(c.r, c.ent.officeIPs), userAgent: consoleUA,
		target: u, mfaLogin: &mfa, severityID: 1})
}

// pipeline is the deploy pipeline's role session.
func (c *gctx) pipeline(ts time.Time) principal {
	return principal{typ: "AssumedRole", name: "DeployPipelineRole", arn: fmt.Sprintf("arn:aws:sts::%s:assumed-role/DeployPipelineRole/ci-%s", c.ent.account, hexID(c.r, 6)),
		principalID: "AROA" + upperHex(c, 16), accessKey: "ASIA" + upperHex(c, 16), issuer: c.ent.roleARN("DeployPipelineRole"),
		sessionStart: ts.Add(-time.Duration(c.r.IntN(900)) * time.Second)}
}

// sgOps are the security group edits of deployments.
var sgOps = []struct {
	op  string
	act int
}{{"ModifySecurityGroupRules", 3}, {"AuthorizeSecurityGroupIngress", 1}, {"RevokeSecurityGroupIngress", 4}, {"AuthorizeSecurityGroupEgress", 1}}

// securityGroupEdit opens or closes an application port to a private range
// or another security group, never to the internet.
func (c *gctx) securityGroupEdit(ts time.Time) Event {
	o := pick(c.r, sgOps)
	sg := fmt.Sprintf("sg-%s", hexID(c.r, 17))
	port := pick(c.r, flowPortsInternal)
	perm := map[string]any{"ipProtocol": "tcp", "fromPort": port, "toPort": port, "cidrIp": fmt.Sprintf("10.%d.0.0/16", c.r.IntN(64))}
	if c.r.IntN(2) == 0 {
		perm = map[string]any{"ipProtocol": "tcp", "fromPort": port, "toPort": port, "groupId": "sg-" + hexID(c.r, 17)}
	}
	req := map[string]any{"groupId": sg, "ipPermissions": perm}
	if o.op == "ModifySecurityGroupRules" {
		req = map[string]any{"groupId": sg, "securityGroupRules": map[string]any{"securityGroupRuleId": "sgr-" + hexID(c.r, 17), "securityGroupRule": perm}}
	}
	who := c.pipeline(ts)
	return c.apiEvent(ts, apiCall{feature: "Management", eventType: "AwsApiCall", classUID: 6003, activity: o.act,
		service: "ec2.amazonaws.com", op: o.op, who: who, srcIP: pick(c.r, c.ent.instances).ip, userAgent: userAgents[4],
		resources: []resource{{fmt.Sprintf("arn:aws:ec2:%s:%s:security-group/%s", c.t.Region, c.ent.account, sg), "AWS::EC2::SecurityGroup"}},
		request:   req, severityID: 1})
}

// routineWrites are changes no rule watches: stack teardowns delete log
// groups, buckets get tags and lifecycle rules, Athena reads through Lake
// Formation, people look at the Security Lake configuration.
var routineWrites = []apiOp{
	{"logs.amazonaws.com", "DeleteLogGroup", 4, "AWS::Logs::LogGroup"},
	{"logs.amazonaws.com", "PutRetentionPolicy", 3, "AWS::Logs::LogGroup"},
	{"s3.amazonaws.com", "PutBucketTagging", 3, "AWS::S3::Bucket"},
	{"s3.amazonaws.com", "PutBucketLifecycle", 3, "AWS::S3::Bucket"},
	{"s3.amazonaws.com", "GetBucketPolicy", 2, "AWS::S3::Bucket"},
	{"kms.amazonaws.com", "DescribeKey", 2, "AWS::KMS::Key"},
	{"lakeformation.amazonaws.com", "GetDataAccess", 2, ""},
	{"securitylake.amazonaws.com", "ListDataLakes", 2, ""},
	{"securitylake.amazonaws.com", "ListLogSources", 2, ""},
	{"iam.amazonaws.com", "TagRole", 3, "AWS::IAM::Role"},
}

// routineWrite is one of routineWrites by the pipeline.
func (c *gctx) routineWrite(ts time.Time) Event {
	op := pick(c.r, routineWrites)
	call := apiCall{feature: "Management", eventType: "AwsApiCall", classUID: 6003, activity: op.activity,
		service: op.service, op: op.op, who: c.pipeline(ts), userAgent: userAgents[4], severityID: 1}
	call.srcIP = pick(c.r, c.ent.instances).ip
	if op.resType != "" {
		call.resources = []resource{c.resourceFor(op.resType)}
	}
	return c.apiEvent(ts, call)
}

// deniedCall is a refused call of an ordinary principal: a script missing a
// permission, a person trying a console page their role does not allow.
func (c *gctx) deniedCall(ts time.Time) Event {
	op := pick(c.r, mgmtOps)
	who := c.ordinaryPrincipal(ts)
	if who.typ == "AWSService" {
		who = c.pipeline(ts)
	}
	call := apiCall{feature: "Management", eventType: "AwsApiCall", classUID: 6003, activity: op.activity,
		service: op.service, op: op.op, who: who, srcIP: c.callerIP(who), userAgent: pick(c.r, userAgents), severityID: 1,
		errCode: "AccessDenied", errMsg: fmt.Sprintf("User: %s is not authorized to perform: %s", who.arn, op.op)}
	if op.service == "ec2.amazonaws.com" {
		call.errCode = "Client.UnauthorizedOperation"
	}
	return c.apiEvent(ts, call)
}

// cloudTrailBackground: what every account does every day whatever the
// volume: one or two mistyped console passwords (isolated, hours apart) and
// a stack teardown deleting its log groups.
func cloudTrailBackground(c *gctx) []Event {
	var out []Event
	for i := 1 + c.r.IntN(2); i > 0; i-- {
		out = append(out, c.consoleLogin(c.at(), pick(c.r, c.ent.users), pick(c.r, c.ent.officeIPs), false, true))
	}
	ts := c.at()
	for i := 1 + c.r.IntN(2); i > 0; i-- {
		who := c.pipeline(ts)
		out = append(out, c.apiEvent(ts.Add(time.Duration(i)*time.Second), apiCall{feature: "Management", eventType: "AwsApiCall", classUID: 6003, activity: 4,
			service: "logs.amazonaws.com", op: "DeleteLogGroup", who: who, srcIP: pick(c.r, c.ent.instances).ip, userAgent: userAgents[4],
			resources: []resource{{fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/aws/lambda/preview-%s", c.t.Region, c.ent.account, hexID(c.r, 6)), "AWS::Logs::LogGroup"}},
			request:   map[string]any{"logGroupName": "/aws/lambda/preview-" + hexID(c.r, 6)}, severityID: 1}))
	}
	return out
}
