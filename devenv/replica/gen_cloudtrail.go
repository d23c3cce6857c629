package replica

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// CloudTrail-family sources: management events (API Activity, Authentication,
// Account Change), Lambda and S3 data events (API Activity). API Activity is
// class 6003 in OCSF 1.1.0 (v2) and 3005 in 1.0.0-rc.2 (v1)
// (docs/design/security-lake.md).

// apiOp is an ordinary API operation; activity is the API Activity id
// (1 Create, 2 Read, 3 Update, 4 Delete, 99 Other).
type apiOp struct {
	service, op string
	activity    int
	resType     string
}

// mgmtOps are ordinary management calls. None of them is a sensitive change
// the alert rules look for (IAM policy, logging, network perimeter, S3 policy,
// KMS key deletion), so those appear only where planted.
var mgmtOps = []apiOp{
	{"ec2.amazonaws.com", "DescribeInstances", 2, "AWS::EC2::Instance"},
	{"ec2.amazonaws.com", "DescribeSecurityGroups", 2, "AWS::EC2::SecurityGroup"},
	{"ec2.amazonaws.com", "DescribeVolumes", 2, "AWS::EC2::Volume"},
	{"ec2.amazonaws.com", "DescribeImages", 2, "AWS::EC2::Image"},
	{"ec2.amazonaws.com", "CreateTags", 1, "AWS::EC2::Instance"},
	{"ec2.amazonaws.com", "RunInstances", 1, "AWS::EC2::Instance"},
	{"s3.amazonaws.com", "ListBuckets", 2, "AWS::S3::Bucket"},
	{"s3.amazonaws.com", "GetBucketLocation", 2, "AWS::S3::Bucket"},
	{"s3.amazonaws.com", "GetBucketAcl", 2, "AWS::S3::Bucket"},
	{"iam.amazonaws.com", "GetUser", 2, "AWS::IAM::User"},
	{"iam.amazonaws.com", "ListRoles", 2, "AWS::IAM::Role"},
	{"iam.amazonaws.com", "GetRole", 2, "AWS::IAM::Role"},
	{"iam.amazonaws.com", "GetAccountSummary", 2, ""},
	{"sts.amazonaws.com", "AssumeRole", 99, "AWS::IAM::Role"},
	{"sts.amazonaws.com", "GetCallerIdentity", 2, ""},
	{"kms.amazonaws.com", "Decrypt", 99, "AWS::KMS::Key"},
	{"kms.amazonaws.com", "GenerateDataKey", 1, "AWS::KMS::Key"},
	{"cloudtrail.amazonaws.com", "DescribeTrails", 2, "AWS::CloudTrail::Trail"},
	{"cloudtrail.amazonaws.com", "LookupEvents", 2, ""},
	{"logs.amazonaws.com", "DescribeLogGroups", 2, "AWS::Logs::LogGroup"},
	{"logs.amazonaws.com", "CreateLogStream", 1, "AWS::Logs::LogStream"},
	{"lambda.amazonaws.com", "ListFunctions20150331", 2, "AWS::Lambda::Function"},
	{"eks.amazonaws.com", "DescribeCluster", 2, "AWS::EKS::Cluster"},
	{"rds.amazonaws.com", "DescribeDBInstances", 2, "AWS::RDS::DBInstance"},
	{"ssm.amazonaws.com", "GetParameter", 2, "AWS::SSM::Parameter"},
	{"ssm.amazonaws.com", "UpdateInstanceInformation", 3, "AWS::EC2::Instance"},
	{"securityhub.amazonaws.com", "GetFindings", 2, ""},
	{"config.amazonaws.com", "DescribeConfigRules", 2, "AWS::Config::ConfigRule"},
}

var userAgents = []string{
	"aws-cli/2.17.20 Python/3.11.9 Linux/6.1.97 exe/x86_64.amzn.2023",
	"Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#6.1.97 lang/python#3.12.4",
	"aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.171.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
	"terraform-provider-aws/5.60.0 (+https://registry.terraform.io) aws-sdk-go-v2/1.30.3",
}

const consoleUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36"

// principal is the CloudTrail userIdentity of a call.
type principal struct {
	typ, name, arn, principalID, accessKey, invokedBy, issuer string
	mfa                                                       bool
	sessionStart                                              time.Time
}

// apiCall is one CloudTrail record before it is written in a version's paths.
type apiCall struct {
	feature    string // metadata.product.feature.name: Management or Data
	eventType  string // metadata.event_code: AwsApiCall, AwsConsoleSignIn
	classUID   int    // v2 uid; mapped to rc.2 for v1 API Activity
	activity   int
	service    string
	op         string
	who        principal
	srcIP      string
	userAgent  string
	errCode    string
	errMsg     string
	resources  []resource
	target     string // user.name of Authentication / Account Change
	mfaLogin   *bool  // is_mfa of Authentication
	request    map[string]any
	severityID int
}

type resource struct{ uid, typ string }

// ordinaryPrincipal picks a human user, a role session or an AWS service.
func (c *gctx) ordinaryPrincipal(ts time.Time) principal {
	e := c.ent
	switch n := c.r.IntN(10); {
	case n < 4:
		u := pick(c.r, e.users)
		return principal{typ: "IAMUser", name: u, arn: e.userARN(u), principalID: "AIDA" + upperHex(c, 16),
			accessKey: "AKIA" + upperHex(c, 16), mfa: true, sessionStart: ts.Add(-time.Duration(c.r.IntN(8*3600)) * time.Second)}
	case n < 8:
		role := pick(c.r, e.roles)
		sess := pick(c.r, e.users)
		return principal{typ: "AssumedRole", name: role, arn: fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", e.account, role, sess),
			principalID: "AROA" + upperHex(c, 16) + ":" + sess, accessKey: "ASIA" + upperHex(c, 16), issuer: e.roleARN(role),
			mfa: c.r.IntN(2) == 0, sessionStart: ts.Add(-time.Duration(c.r.IntN(3600)) * time.Second)}
	default:
		svc := pick(c.r, []string{"cloudformation.amazonaws.com", "autoscaling.amazonaws.com", "config.amazonaws.com", "lambda.amazonaws.com"})
		return principal{typ: "AWSService", invokedBy: svc}
	}
}

func upperHex(c *gctx, n int) string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[c.r.IntN(len(digits))]
	}
	return string(b)
}

// callerIP is the source of an ordinary call: office, instance or internet.
func (c *gctx) callerIP(p principal) string {
	if p.typ == "AWSService" {
		return p.invokedBy
	}
	switch c.r.IntN(3) {
	case 0:
		return pick(c.r, c.ent.officeIPs)
	case 1:
		return pick(c.r, c.ent.instances).ip
	}
	return pick(c.r, c.ent.publicIPs)
}

// genManagement: console sign-ins (IAM users with MFA, some failing;
// Identity Center / SAML sign-ins), account changes, security group edits,
// routine writes, refused calls, and ordinary API calls (the rest).
func genManagement(c *gctx) Event {
	ts := c.at()
	switch n := c.r.IntN(100); {
	case n < 6:
		u := pick(c.r, c.ent.users)
		ok := c.r.IntN(100) >= 15 // mistyped passwords: isolated failures, never a burst
		return c.consoleLogin(ts, u, pick(c.r, c.ent.officeIPs), ok, true)
	case n < 11:
		return c.ssoLogin(ts)
	case n < 14:
		return c.accountChange(ts)
	case n < 18:
		return c.securityGroupEdit(ts)
	case n < 21:
		return c.routineWrite(ts)
	case n < 24:
		return c.deniedCall(ts)
	}
	op := pick(c.r, mgmtOps)
	who := c.ordinaryPrincipal(ts)
	call := apiCall{feature: "Management", eventType: "AwsApiCall", classUID: 6003, activity: op.activity,
		service: op.service, op: op.op, who: who, srcIP: c.callerIP(who), userAgent: pick(c.r, userAgents), severityID: 1}
	if op.resType != "" {
		call.resources = []resource{c.resourceFor(op.resType)}
	}
	return c.apiEvent(ts, call)
}

// consoleLogin is an Authentication (3002) Logon by an IAM user.
func (c *gctx) consoleLogin(ts time.Time, user, ip string, success, mfa bool) Event {
	who := principal{typ: "IAMUser", name: user, arn: c.ent.userARN(user), principalID: "AIDA" + upperHex(c, 16), mfa: mfa}
	call := apiCall{feature: "Management", eventType: "AwsConsoleSignIn", classUID: 3002, activity: 1,
		service: "signin.amazonaws.com", op: "ConsoleLogin", who: who, srcIP: ip, userAgent: consoleUA,
		target: user, mfaLogin: &mfa, severityID: 1}
	if !success {
		call.errCode, call.errMsg, call.severityID = "Failed authentication", "Failed authentication", 3
	}
	return c.apiEvent(ts, call)
}

// accountChange is an ordinary Account Change (3001): passwords changed,
// MFA enabled, users tagged — none of them an alert-rule operation.
func (c *gctx) accountChange(ts time.Time) Event {
	ops := []struct {
		op  string
		act int
	}{{"TagUser", 99}, {"ChangePassword", 3}, {"EnableMFADevice", 2}}
	o := pick(c.r, ops)
	target := pick(c.r, c.ent.users)
	who := c.ordinaryPrincipal(ts)
	if who.typ == "AWSService" {
		who = principal{typ: "AssumedRole", name: "AdminRole", arn: fmt.Sprintf("arn:aws:sts::%s:assumed-role/AdminRole/%s", c.ent.account, target),
			principalID: "AROA" + upperHex(c, 16), accessKey: "ASIA" + upperHex(c, 16), issuer: c.ent.roleARN("AdminRole"), mfa: true}
	}
	return c.apiEvent(ts, apiCall{feature: "Management", eventType: "AwsApiCall", classUID: 3001, activity: o.act,
		service: "iam.amazonaws.com", op: o.op, who: who, srcIP: pick(c.r, c.ent.officeIPs), userAgent: pick(c.r, userAgents),
		target: target, resources: []resource{{c.ent.userARN(target), "AWS::IAM::User"}}, severityID: 1})
}

// genLambda: Invoke data events on the account's functions.
func genLambda(c *gctx) Event {
	ts := c.at()
	fn := pick(c.r, c.ent.functions)
	who := principal{typ: "AWSService", invokedBy: pick(c.r, []string{"apigateway.amazonaws.com", "events.amazonaws.com", "s3.amazonaws.com"})}
	if c.r.IntN(4) == 0 {
		who = c.ordinaryPrincipal(ts)
	}
	return c.apiEvent(ts, apiCall{feature: "Data", eventType: "AwsApiCall", classUID: 6003, activity: 99,
		service: "lambda.amazonaws.com", op: "Invoke", who: who, srcIP: c.callerIP(who), userAgent: pick(c.r, userAgents),
		resources: []resource{{fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", c.t.Region, c.ent.account, fn), "AWS::Lambda::Function"}},
		request:   map[string]any{"functionName": fn}, severityID: 1})
}

// genS3: object-level data events.
func genS3(c *gctx) Event {
	ts := c.at()
	ops := []struct {
		op  string
		act int
	}{{"GetObject", 2}, {"GetObject", 2}, {"HeadObject", 2}, {"PutObject", 1}, {"DeleteObject", 4}}
	o := pick(c.r, ops)
	bucket := pick(c.r, c.ent.buckets)
	key := fmt.Sprintf("%s/%04d/%s.json", pick(c.r, []string{"orders", "images", "exports", "tmp"}), c.r.IntN(10000), hexID(c.r, 8))
	who := c.ordinaryPrincipal(ts)
	call := apiCall{feature: "Data", eventType: "AwsApiCall", classUID: 6003, activity: o.act,
		service: "s3.amazonaws.com", op: o.op, who: who, srcIP: c.callerIP(who), userAgent: pick(c.r, userAgents),
		resources: []resource{{"arn:aws:s3:::" + bucket, "AWS::S3::Bucket"}, {"arn:aws:s3:::" + bucket + "/" + key, "AWS::S3::Object"}},
		request:   map[string]any{"bucketName": bucket, "key": key}, severityID: 1}
	if c.r.IntN(50) == 0 {
		call.errCode, call.errMsg = "AccessDenied", "Access Denied"
	}
	return c.apiEvent(ts, call)
}

func (c *gctx) resourceFor(typ string) resource {
	e := c.ent
	switch typ {
	case "AWS::EC2::Instance":
		return resource{pick(c.r, e.instances).id, typ}
	case "AWS::S3::Bucket":
		return resource{"arn:aws:s3:::" + pick(c.r, e.buckets), typ}
	case "AWS::IAM::User":
		return resource{e.userARN(pick(c.r, e.users)), typ}
	case "AWS::IAM::Role":
		return resource{e.roleARN(pick(c.r, e.roles)), typ}
	case "AWS::Lambda::Function":
		return resource{fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", e.region, e.account, pick(c.r, e.functions)), typ}
	}
	return resource{fmt.Sprintf("arn:aws:%s:%s:%s:%s", serviceOf(typ), e.region, e.account, hexID(c.r, 12)), typ}
}

// serviceOf turns "AWS::KMS::Key" into "kms".
func serviceOf(typ string) string {
	parts := strings.Split(typ, "::")
	if len(parts) < 2 {
		return "aws"
	}
	return strings.ToLower(parts[1])
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
