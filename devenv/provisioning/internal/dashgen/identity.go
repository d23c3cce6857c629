package dashgen

import (
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
)

// deniedErrors are the CloudTrail error codes of refused calls
// (docs/design/dashboards-alerts-design.md: refused API calls).
var deniedErrors = []any{"AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation", "UnauthorizedOperation", "Client.AuthFailure"}

// SensitiveOperations are the CloudTrail operations the sensitive-change
// annotation marks: IAM, logging and network perimeter changes (CIS
// AWS Foundations 4.4–4.14). The alert rules use the same lists.
var SensitiveOperations = []string{
	"PutUserPolicy", "PutRolePolicy", "PutGroupPolicy", "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy",
	"DetachUserPolicy", "DetachRolePolicy", "DetachGroupPolicy", "CreatePolicyVersion", "SetDefaultPolicyVersion",
	"CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile", "DeactivateMFADevice", "DeleteVirtualMFADevice",
	"StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "StopConfigurationRecorder", "DeleteDeliveryChannel",
	"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress",
	"CreateSecurityGroup", "DeleteSecurityGroup", "CreateNetworkAclEntry", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry",
	"CreateNetworkAcl", "DeleteNetworkAcl", "ReplaceNetworkAclAssociation",
}

// sqlList writes strings as a SQL IN list.
func sqlList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}

// changesAnnotation marks sensitive CloudTrail changes on the time axis.
func changesAnnotation(name string, ops []string) annotation {
	return annotation{Name: name, Color: "orange", Target: sql(models.FormatTable,
		`SELECT time_dt AS "time", api.operation AS "title",
  concat(coalesce(actor.user.name, actor.user.uid, '?'), ' called ', api.operation, ' on ', api.service.name, ' from ', coalesce(src_endpoint.ip, '?'), ' in ', accountid) AS "text",
  api.service.name AS "tags"
FROM $__optionalTable(cloud_trail_mgmt@2) WHERE $__partitionFilter AND api.operation IN (`+sqlList(ops)+`)
ORDER BY 1 DESC LIMIT 200`)}
}

func identity() Dashboard {
	ct := versioned("cloud_trail_mgmt")
	return Dashboard{
		File: "identity.json", UID: "seclake-identity", Title: "Security Lake: Identity & API activity (CloudTrail, Lambda)",
		Description: "Console logins, root activity, API operations and errors, refused calls by principal, IAM changes and Lambda invocations.",
		Tags:        []string{"cloudtrail", "identity"}, Versioned: true, VarSource: "cloud_trail_mgmt",
		Annotations: []annotation{changesAnnotation("Sensitive changes (IAM, logging, network)", SensitiveOperations)},
		Rows: [][]Panel{
			{
				{Type: "timeseries", Title: "Console logins by result and MFA", W: 12, H: 8,
					Description: "ConsoleLogin events (Authentication, class 3002) by status and is_mfa. Uses the lake version 2 field is_mfa (version 1 calls it mfa).",
					Targets: []models.Query{builder("cloud_trail_mgmt@2", models.FormatTimeSeries, class(3002),
						where("api.operation", models.OpEq, "ConsoleLogin"), group("status", "is_mfa"), count("logins"))}},
				{Type: "table", Title: "Root account activity", W: 12, H: 8, Links: []string{"src_endpoint.ip"},
					Description: "Every call by the root user that no AWS service made on its behalf (CIS 4.3).",
					Targets: []models.Query{builder(ct, models.FormatTable, where("actor.user.type", models.OpEq, "Root"),
						where("actor.invoked_by", models.OpIsNull), limit(100))}},
			},
			{
				{Type: "table", Title: "Top API operations", W: 8, H: 9,
					Targets: []models.Query{builder(ct, models.FormatTable, group("api.service.name", "api.operation"), count("calls"), limit(20))}},
				{Type: "barchart", Title: "Top error codes", W: 8, H: 9,
					Targets: []models.Query{builder(ct, models.FormatTable, where("api.response.error", models.OpNotNull),
						group("api.response.error"), count("errors"), limit(15))}},
				{Type: "table", Title: "AccessDenied by principal", W: 8, H: 9, Links: []string{"actor.user.name", "src_endpoint.ip"},
					Description: "Calls refused with AccessDenied, UnauthorizedOperation or AuthFailure, by principal and source IP (CIS 4.1).",
					Targets: []models.Query{builder(ct, models.FormatTable, where("api.response.error", models.OpIn, deniedErrors...),
						group("actor.user.name", "actor.user.type", "src_endpoint.ip"), count("denied"), limit(25))}},
			},
			{
				{Type: "table", Title: "IAM changes", W: 12, H: 9, Links: []string{"actor.user.name", "src_endpoint.ip"},
					Description: "Writes to IAM (create, delete, put, attach, detach, update, …) in the time range.",
					Targets: []models.Query{builder(ct, models.FormatTable, where("api.service.name", models.OpEq, "iam.amazonaws.com"),
						where("api.operation", models.OpRegex, "^(Create|Delete|Put|Attach|Detach|Update|Add|Remove|Set|Change|Enable|Deactivate|Upload|Reset|Tag|Untag)"),
						limit(200))}},
				{Type: "table", Title: "Console logins without MFA", W: 12, H: 9, Links: []string{"actor.user.name", "src_endpoint.ip"},
					Description: "Successful console sign-ins without MFA by IAM users (CIS 4.2). IAM Identity Center and SAML sign-ins are assumed roles recorded without MFA (the identity provider enforces it) and are left out. Lake version 2 field is_mfa.",
					Targets: []models.Query{builder("cloud_trail_mgmt@2", models.FormatTable, class(3002),
						where("api.operation", models.OpEq, "ConsoleLogin"), where("status", models.OpEq, "Success"),
						where("is_mfa", models.OpEq, false), where("actor.user.type", models.OpEq, "IAMUser"),
						fields("time_dt", "accountid", "region", "actor.user.name", "src_endpoint.ip", "http_request.user_agent"), limit(100))}},
			},
			{
				{Type: "timeseries", Title: "Lambda invocations", W: 12, H: 8,
					Description: "CloudTrail Lambda data events (Invoke) by caller type.",
					Targets: []models.Query{builder(versioned("lambda_execution"), models.FormatTimeSeries,
						where("api.operation", models.OpEq, "Invoke"), group("actor.user.type"), count("invocations"))}},
				{Type: "table", Title: "Lambda invocations by function and principal", W: 12, H: 8,
					Description: "Functions (resources[].uid) by the principal or service that invoked them.",
					Targets: []models.Query{sql(models.FormatTable, `SELECT r.uid AS "function", coalesce(l.actor.user.name, l.actor.invoked_by, l.actor.user.uid) AS "principal",
  count(*) AS "invocations", count_if(l.api.response.error IS NOT NULL) AS "errors"
FROM $__optionalTable(lambda_execution@${version}) AS l CROSS JOIN UNNEST(l.resources) AS r
WHERE $__partitionFilter(l) AND l.api.operation = 'Invoke'
GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 25`)}},
			},
			{
				{Type: "logs", Title: "CloudTrail events", W: 24, H: 12,
					Targets: []models.Query{builder(ct, models.FormatLogs, limit(200))}},
			},
		},
	}
}
