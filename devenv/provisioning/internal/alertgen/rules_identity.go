package alertgen

// The CloudTrail rules (cloud_trail_mgmt). Windows: rules that fire on any
// matching event look back one hour with no offset, so an event delivered
// up to an hour late still alerts; the burst rules count 15 minutes ending
// 15 minutes ago, because CloudTrail delivers most events within 5 to 15
// minutes and a window ending at "now" would mostly be empty.

// deniedErrors are the CloudTrail error codes of refused calls (as on the
// Identity dashboard's "AccessDenied by principal" panel).
var deniedErrors = []string{"AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation", "UnauthorizedOperation", "Client.AuthFailure"}

var iamOps = []string{
	"PutUserPolicy", "PutRolePolicy", "PutGroupPolicy", "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy",
	"DetachUserPolicy", "DetachRolePolicy", "DetachGroupPolicy", "DeleteUserPolicy", "DeleteRolePolicy", "DeleteGroupPolicy",
	"CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion",
	"UpdateAssumeRolePolicy", "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
	"CreateUser", "CreateRole", "AddUserToGroup", "CreateSAMLProvider", "UpdateSAMLProvider", "CreateOpenIDConnectProvider",
	"CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile", "DeactivateMFADevice", "DeleteVirtualMFADevice",
}

var loggingOps = []string{
	"StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors",
	"StopConfigurationRecorder", "DeleteConfigurationRecorder", "DeleteDeliveryChannel", "DeleteFlowLogs",
	"DeleteAwsLogSource", "DeleteCustomLogSource", "DeleteDataLake",
}

var s3ExposureOps = []string{
	"PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl", "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock",
	"PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock",
}

var lakeOps = []string{
	"CreateSubscriber", "UpdateSubscriber", "DeleteSubscriber", "CreateSubscriberNotification", "UpdateDataLake",
	"CreateDataLakeExceptionSubscription", "DeleteDataLakeExceptionSubscription", "RegisterDataLakeDelegatedAdministrator",
	"DeregisterDataLakeDelegatedAdministrator", "DeleteDataLakeOrganizationConfiguration",
	"GrantPermissions", "RevokePermissions", "BatchGrantPermissions", "BatchRevokePermissions", "PutDataLakeSettings",
	"RegisterResource", "DeregisterResource",
}

// ct is a CloudTrail builder query of a version.
func ct(v int, class int, alias string, groupBy []string, filters ...string) Query {
	src := "cloud_trail_mgmt"
	if v == 1 {
		src += "@1"
	}
	return Query{Source: src, ClassUID: class, Filters: filters, GroupBy: groupBy, Alias: alias}
}

// both is the query of both versions when their fields agree.
func both(v2, v1 Query) (Query, *Query) { return v2, &v1 }

func identityRules() []Rule {
	byAccount := []string{"accountid"}
	byUser := []string{"accountid", "actor.user.name"}
	noErr := f("api.response.error", "is-null", nil)
	rule := func(uid, title, why, sev, alias string, groupBy []string, summary, desc, anchor string, filters ...string) Rule {
		r := Rule{UID: uid, Title: title, Why: why, Severity: sev, Class: "API Activity", From: 3600, Reducer: "sum",
			Summary: summary, Description: desc, Anchor: anchor}
		r.V2, r.V1 = both(ct(2, 0, alias, groupBy, filters...), ct(1, 0, alias, groupBy, filters...))
		return r
	}
	root := rule("seclake-root-account-use", "Root account used",
		"CIS AWS Foundations 4.3: any use of the root user that no AWS service made on its behalf.", "critical", "events", byAccount,
		`Root account used in account {{ index .Labels "accountid" }}`,
		"The root user of the account made calls in the last hour. Root should only be used for the few tasks that need it; check who holds the root credentials and MFA device.",
		"root-account-used", f("actor.user.type", "=", "Root"), f("actor.invoked_by", "is-null", nil))

	noMFA := Rule{UID: "seclake-console-login-no-mfa", Title: "Console login without MFA", Severity: "high", Class: "Authentication",
		Why: `CIS 4.2: successful console sign-in of an IAM user without MFA. Only IAM users: IAM Identity Center and SAML
sign-ins are assumed roles that CloudTrail records without MFA (the identity provider enforces it), and in
OCSF 1.1 their actor.idp.name is empty, so filtering on the provider would not leave them out.`,
		From: 3600, Reducer: "sum", Anchor: "console-login-without-mfa",
		Summary:     `Console login without MFA by {{ index .Labels "actor.user.name" }} in account {{ index .Labels "accountid" }}`,
		Description: "An IAM user signed in to the console without MFA. Require MFA for console users or move them to IAM Identity Center."}
	noMFA.V2, noMFA.V1 = both(
		ct(2, 3002, "logins", byUser, f("api.operation", "=", "ConsoleLogin"), f("status", "=", "Success"), f("is_mfa", "=", false), f("actor.user.type", "=", "IAMUser")),
		ct(1, 3002, "logins", byUser, f("api.operation", "=", "ConsoleLogin"), f("status", "=", "Success"), f("mfa", "=", false), f("actor.user.type", "=", "IAMUser")))

	failures := rule("seclake-console-login-failures", "Console login failures",
		`Five or more failed console sign-ins of one user in 15 minutes (the window ends 15 minutes ago for
CloudTrail's delivery lag). A single mistyped password is ordinary; five in a quarter hour is guessing.`, "high", "failures", byUser,
		`{{ index .Values "B" }} failed console logins for {{ index .Labels "actor.user.name" }} in account {{ index .Labels "accountid" }}`,
		"Repeated console sign-in failures for one user: password guessing or a broken script. Check the source IPs in Investigation.",
		"console-login-failures", f("api.operation", "=", "ConsoleLogin"), f("status", "=", "Failure"))
	failures.Class, failures.V2.ClassUID, failures.V1.ClassUID, failures.From, failures.To, failures.Above = "Authentication", 3002, 3002, 1800, 900, 4

	denied := rule("seclake-unauthorized-api-burst", "Unauthorized API call burst",
		`CIS 4.1 counts every refused call, which any account makes all day (scripts missing a permission, people
trying console pages). This rule fires on more than 10 refused calls by one principal in 15 minutes (ending
15 minutes ago): a stolen key enumerating what it can do.`, "high", "denied", byUser,
		`{{ index .Values "B" }} refused API calls by {{ index .Labels "actor.user.name" }} in account {{ index .Labels "accountid" }}`,
		"One principal made many calls that were refused. Check its source IPs and user agent; a leaked access key probing permissions looks like this.",
		"unauthorized-api-call-burst", f("api.response.error", "in", deniedErrors))
	denied.From, denied.To, denied.Above = 1800, 900, 10

	iam := rule("seclake-iam-policy-change", "IAM policy, trust or principal change",
		`CIS 4.4 and more: policy changes, role trust policies (who may assume a role), new users, roles and
identity providers, access keys, login profiles and MFA removal, when the call succeeded.`, "high", "changes", byAccount,
		`IAM policy, trust or principal change in account {{ index .Labels "accountid" }}`,
		"An IAM policy, role trust policy, principal or credential changed in the last hour. Compare with your change records.",
		"iam-policy-trust-or-principal-change", f("api.service.name", "=", "iam.amazonaws.com"), f("api.operation", "in", iamOps), noErr)

	logging := rule("seclake-cloudtrail-tampering", "Logging stopped or changed",
		`CIS 4.5/4.9: a trail stopped, deleted or narrowed, AWS Config stopped, flow logs deleted, or a Security Lake
log source removed (Security Lake's CloudTrail feed needs no trail: removing the source is how it stops).
Log group deletions are left out: stacks delete their log groups every day.`, "critical", "calls", []string{"accountid", "api.operation"},
		`{{ index .Labels "api.operation" }} in account {{ index .Labels "accountid" }}`,
		"Logging was stopped or changed in the last hour. Re-enable it first, then find who did it; attackers stop logging before they act.",
		"logging-stopped-or-changed", f("api.operation", "in", loggingOps), noErr)

	s3 := rule("seclake-s3-bucket-exposure", "S3 bucket policy, ACL or public access change",
		`CIS 4.8 narrowed to exposure: bucket policies, ACLs and Block Public Access settings of a bucket or the
account. Tags, lifecycle and reads are left out.`, "high", "changes", []string{"accountid", "api.operation"},
		`{{ index .Labels "api.operation" }} in account {{ index .Labels "accountid" }}`,
		"A bucket policy, ACL or Block Public Access setting changed in the last hour. Check that the bucket is not readable by everyone.",
		"s3-bucket-policy-acl-or-public-access-change", f("api.service.name", "=", "s3.amazonaws.com"), f("api.operation", "in", s3ExposureOps), noErr)

	kms := rule("seclake-kms-key-deletion", "KMS key disabled or scheduled for deletion",
		"CIS 4.7: a customer managed key disabled or scheduled for deletion makes the data it encrypts unreadable.", "high", "changes",
		[]string{"accountid", "api.operation"},
		`{{ index .Labels "api.operation" }} in account {{ index .Labels "accountid" }}`,
		"A KMS key was disabled or scheduled for deletion. Cancel the deletion (CancelKeyDeletion) if it was not planned.",
		"kms-key-disabled-or-scheduled-for-deletion", f("api.service.name", "=", "kms.amazonaws.com"), f("api.operation", "in", []string{"DisableKey", "ScheduleKeyDeletion"}), noErr)

	lake := rule("seclake-security-lake-change", "Security Lake or Lake Formation change",
		`Changes to the lake itself: subscribers, the data lake configuration (retention, Regions), the delegated
administrator, and Lake Formation grants that decide who reads the tables. Reads are left out, and so are
removed log sources (the logging rule alerts on those).`, "high", "changes", []string{"accountid", "api.operation"},
		`{{ index .Labels "api.operation" }} on the lake in account {{ index .Labels "accountid" }}`,
		"Security Lake or its Lake Formation permissions changed in the last hour. Check who now reads the lake.",
		"security-lake-or-lake-formation-change",
		f("api.service.name", "in", []string{"securitylake.amazonaws.com", "lakeformation.amazonaws.com"}), f("api.operation", "in", lakeOps), noErr)

	return []Rule{root, noMFA, failures, denied, iam, logging, s3, kms, lake}
}
