package replica

import (
	"fmt"
	"time"
)

// Planted situations of the change detections added with the realistic
// background: a burst of refused calls from one stolen access key, a bucket
// made public, a KMS key scheduled for deletion, and the lake itself
// changed (a log source removed, Lake Formation permissions granted and
// revoked). The background never makes these calls.

const deniedIP = attackerNet + "51"

func changeSpecs() []spec {
	return []spec{
		{name: "unauthorized_api_burst", source: "cloud_trail_mgmt", versions: both, daysAgo: 13, account: 1, region: 0, count: 30,
			alert: "Unauthorized API call burst", facts: map[string]string{"user": "ci-bot", "src_ip": deniedIP, "window_start": "04:20", "window_minutes": "10"},
			where: sameFor(and(eq("src_endpoint.ip", deniedIP), in("api.response.error", "AccessDenied", "Client.UnauthorizedOperation"))),
			make:  plantDeniedBurst},
		{name: "s3_bucket_exposure", source: "cloud_trail_mgmt", versions: both, daysAgo: 15, account: 2, region: 1, count: 3,
			alert: "S3 bucket policy, ACL or public access change", facts: map[string]string{"operations": "DeleteBucketPublicAccessBlock,PutBucketPolicy,PutBucketAcl"},
			where: sameFor(in("api.operation", "DeleteBucketPublicAccessBlock", "PutBucketPolicy", "PutBucketAcl")),
			make:  plantBucketExposure},
		{name: "kms_key_deletion", source: "cloud_trail_mgmt", versions: both, daysAgo: 16, account: 0, region: 0, count: 2,
			alert: "KMS key disabled or scheduled for deletion", facts: map[string]string{"operations": "DisableKey,ScheduleKeyDeletion"},
			where: sameFor(in("api.operation", "DisableKey", "ScheduleKeyDeletion")),
			make:  plantKMS},
		{name: "security_lake_change", source: "cloud_trail_mgmt", versions: both, daysAgo: 17, account: 1, region: 1, count: 3,
			alert: "Security Lake or Lake Formation change", facts: map[string]string{"operations": "DeleteAwsLogSource,GrantPermissions,RevokePermissions"},
			where: sameFor(in("api.operation", "DeleteAwsLogSource", "GrantPermissions", "RevokePermissions")),
			make:  plantLakeChange},
	}
}

// plantDeniedBurst: a leaked access key of the ci-bot user enumerates the
// account from outside: 30 refused calls in ten minutes.
func plantDeniedBurst(c *gctx) []Event {
	who := principal{typ: "IAMUser", name: "ci-bot", arn: c.ent.userARN("ci-bot"), principalID: "AIDA" + upperHex(c, 16), accessKey: "AKIA" + upperHex(c, 16)}
	ops := []apiOp{{"iam.amazonaws.com", "ListUsers", 2, ""}, {"secretsmanager.amazonaws.com", "ListSecrets", 2, ""},
		{"ec2.amazonaws.com", "DescribeInstances", 2, ""}, {"s3.amazonaws.com", "ListBuckets", 2, ""}, {"iam.amazonaws.com", "GetAccountAuthorizationDetails", 2, ""}}
	out := make([]Event, 0, 30)
	for i := 0; i < 30; i++ {
		op := ops[i%len(ops)]
		call := apiCall{feature: "Management", eventType: "AwsApiCall", classUID: 6003, activity: op.activity, service: op.service, op: op.op,
			who: who, srcIP: deniedIP, userAgent: "python-requests/2.31.0", severityID: 1,
			errCode: "AccessDenied", errMsg: fmt.Sprintf("User: %s is not authorized to perform: %s", who.arn, op.op)}
		if op.service == "ec2.amazonaws.com" {
			call.errCode = "Client.UnauthorizedOperation"
		}
		out = append(out, c.apiEvent(c.within(c.clock(4, 20), 10*time.Minute), call))
	}
	return out
}

func plantBucketExposure(c *gctx) []Event {
	bucket := c.ent.buckets[2]
	res := resource{"arn:aws:s3:::" + bucket, "AWS::S3::Bucket"}
	return []Event{
		c.change(c.clock(15, 1), 6003, 4, "s3.amazonaws.com", "DeleteBucketPublicAccessBlock", res, map[string]any{"bucketName": bucket}),
		c.change(c.clock(15, 3), 6003, 3, "s3.amazonaws.com", "PutBucketPolicy", res, map[string]any{"bucketName": bucket,
			"bucketPolicy": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": res.uid + "/*"}}}}),
		c.change(c.clock(15, 4), 6003, 3, "s3.amazonaws.com", "PutBucketAcl", res, map[string]any{"bucketName": bucket, "x-amz-acl": "public-read"}),
	}
}

func plantKMS(c *gctx) []Event {
	key := resource{fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", c.t.Region, c.ent.account, c.uuid()), "AWS::KMS::Key"}
	return []Event{
		c.change(c.clock(18, 30), 6003, 3, "kms.amazonaws.com", "DisableKey", key, map[string]any{"keyId": key.uid}),
		c.change(c.clock(18, 32), 6003, 4, "kms.amazonaws.com", "ScheduleKeyDeletion", key, map[string]any{"keyId": key.uid, "pendingWindowInDays": 7}),
	}
}

func plantLakeChange(c *gctx) []Event {
	lakeRes := resource{fmt.Sprintf("arn:aws:securitylake:%s:%s:data-lake/default", c.t.Region, c.ent.account), "AWS::SecurityLake::DataLake"}
	db := resource{fmt.Sprintf("arn:aws:glue:%s:%s:database/amazon_security_lake_glue_db_%s", c.t.Region, c.ent.account, c.t.Region), "AWS::Glue::Database"}
	return []Event{
		c.change(c.clock(21, 10), 6003, 4, "securitylake.amazonaws.com", "DeleteAwsLogSource", lakeRes,
			map[string]any{"sources": []any{map[string]any{"sourceName": "VPC_FLOW", "regions": []string{c.t.Region}}}}),
		c.change(c.clock(21, 12), 6003, 1, "lakeformation.amazonaws.com", "GrantPermissions", db,
			map[string]any{"principal": "arn:aws:iam::999988887777:root", "permissions": []string{"SELECT", "DESCRIBE"}}),
		c.change(c.clock(21, 13), 6003, 4, "lakeformation.amazonaws.com", "RevokePermissions", db,
			map[string]any{"principal": c.ent.roleARN("SecurityAuditRole"), "permissions": []string{"SELECT"}}),
	}
}
