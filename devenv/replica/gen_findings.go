package replica

import (
	"fmt"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// Security Hub findings. v2 (OCSF 1.1.0) splits them into Vulnerability
// Finding 2002 (Inspector), Compliance Finding 2003 (Security Hub controls)
// and Detection Finding 2004 (GuardDuty) with finding_info.* and status; v1
// (rc.2) has one Security Finding class 2001 with finding.* and state/state_id
// (docs/design/security-lake.md). Ordinary findings are at most Medium, or High but
// already Resolved, so "new High/Critical finding" (alert 11) fires only
// where planted.

// finding is one Security Hub finding before it is written in a version's paths.
type finding struct {
	classUID   int // v2 class
	product    string
	title      string
	desc       string
	control    string // compliance control id
	types      []string
	severityID int
	status     string // New, In Progress, Suppressed, Resolved
	activity   int    // 1 Create, 2 Update, 3 Close
	resType    string
	resUID     string
	cve        *cveInfo
	compliance string // PASSED / FAILED
	created    time.Time
	confidence int
	uid        string // set for updates of a standing finding; new findings get a fresh one
}

type cveInfo struct {
	id                  string
	score               float64
	pkg, version, fixed string
}

var controls = []struct{ id, title, resType string }{
	{"S3.8", "S3 general purpose buckets should block public access", "AwsS3Bucket"},
	{"EC2.19", "Security groups should not allow unrestricted access to ports with high risk", "AwsEc2SecurityGroup"},
	{"IAM.3", "IAM users' access keys should be rotated every 90 days or less", "AwsIamUser"},
	{"CloudTrail.2", "CloudTrail should have encryption at-rest enabled", "AwsCloudTrailTrail"},
	{"EC2.8", "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)", "AwsEc2Instance"},
	{"RDS.3", "RDS DB instances should have encryption at-rest enabled", "AwsRdsDbInstance"},
}

var mediumCVEs = []cveInfo{
	{"CVE-2023-48795", 5.9, "openssh", "8.7p1-34", "8.7p1-38"},
	{"CVE-2024-0727", 5.5, "openssl", "3.0.7-24", "3.0.7-27"},
	{"CVE-2023-5678", 5.3, "openssl", "3.0.7-24", "3.0.7-25"},
	{"CVE-2024-28182", 5.3, "nghttp2", "1.43.0-5", "1.43.0-6"},
	{"CVE-2023-4806", 5.9, "glibc", "2.34-60", "2.34-83"},
}

var highCVEs = []cveInfo{
	{"CVE-2023-44487", 7.5, "nghttp2", "1.43.0-5", "1.43.0-6"},
	{"CVE-2024-6387", 8.1, "openssh", "8.7p1-34", "8.7p1-38"},
}

var detections = []struct {
	typ        string
	severityID int
}{
	{"Recon:EC2/PortProbeUnprotectedPort", 2},
	{"UnauthorizedAccess:EC2/SSHBruteForce", 2},
	{"Recon:IAMUser/MaliciousIPCaller", 3},
	{"Discovery:S3/AnomalousBehavior", 2},
}

func genFinding(c *gctx) Event {
	ts := c.at()
	inst := pick(c.r, c.ent.instances)
	f := finding{created: ts.Add(-time.Duration(c.r.IntN(72)) * time.Hour), activity: 1 + c.r.IntN(2),
		status: pick(c.r, []string{"New", "New", "In Progress", "Suppressed", "Resolved"})}
	switch c.r.IntN(3) {
	case 0:
		k := pick(c.r, controls)
		f.classUID, f.product, f.control, f.title, f.resType = 2003, "Security Hub", k.id, k.id+" "+k.title, k.resType
		f.resUID = c.findingResource(k.resType)
		f.types = []string{"Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"}
		f.compliance, f.severityID = "FAILED", pick(c.r, []int{1, 2, 3})
		if c.r.IntN(3) == 0 {
			f.compliance, f.severityID, f.status, f.activity = "PASSED", 1, "Resolved", 3
		}
	case 1:
		v := pick(c.r, mediumCVEs)
		f.severityID = 3
		if c.r.IntN(4) == 0 {
			v, f.severityID, f.status, f.activity = pick(c.r, highCVEs), 4, "Resolved", 3
		}
		f.classUID, f.product, f.cve, f.resType, f.resUID = 2002, "Inspector", &v, "AwsEc2Instance", inst.id
		f.title = fmt.Sprintf("%s - %s", v.id, v.pkg)
		f.types = []string{"Software and Configuration Checks/Vulnerabilities/CVE"}
	default:
		d := pick(c.r, detections)
		f.classUID, f.product, f.severityID, f.resType, f.resUID = 2004, "GuardDuty", d.severityID, "AwsEc2Instance", inst.id
		f.title = d.typ
		f.types = []string{"TTPs/" + d.typ}
		f.confidence = 50 + c.r.IntN(40)
	}
	f.desc = f.title + " (" + c.ent.alias + ")"
	switch n := c.r.IntN(100); {
	case n < 12:
		// A standing High vulnerability, re-imported on every scan: an
		// update of the same finding (same uid), still New.
		v := pick(c.r, highCVEs)
		f = finding{classUID: 2002, product: "Inspector", cve: &v, resType: "AwsEc2Instance", resUID: inst.id, severityID: 4,
			status: "New", activity: 2, title: fmt.Sprintf("%s - %s", v.id, v.pkg), types: []string{"Software and Configuration Checks/Vulnerabilities/CVE"}}
		f.desc = f.title + " (" + c.ent.alias + ")"
		fallthrough
	case n < 40:
		// An update of a finding first seen days ago.
		f.activity = 2
		f.created = c.day.Add(-time.Duration(2+hashKey(f.title, f.resUID)%20) * 24 * time.Hour)
		f.uid = fmt.Sprintf("arn:aws:securityhub:%s:%s:finding/%016x", c.t.Region, c.ent.account, hashKey(c.ent.account, c.t.Region, f.title, f.resUID))
	}
	return c.findingEvent(ts, f)
}

// v1SecurityFinding is Security Finding in OCSF 1.0.0-rc.2.
const v1SecurityFinding = 2001

func (c *gctx) findingEvent(ts time.Time, f finding) Event {
	class := f.classUID
	if !c.isV2() {
		class = v1SecurityFinding
	}
	ev := c.newEvent(class, f.activity, f.severityID, ts)
	uid := f.uid
	if uid == "" {
		uid = fmt.Sprintf("arn:aws:securityhub:%s:%s:finding/%s", c.t.Region, c.ent.account, c.uuid())
	}
	ev.Set("metadata.product.name", f.product)
	ev.Set("metadata.product.uid", fmt.Sprintf("arn:aws:securityhub:%s::product/aws/%s", c.t.Region, slug(f.product)))
	ev.Set("metadata.product.version", "2018-10-08")
	ev.Set("metadata.product.feature.name", f.product)
	ev.Set("metadata.product.feature.uid", "aws/"+slug(f.product))
	c.opt(ev, "message", f.title)
	res := map[string]any{"type": f.resType, "uid": f.resUID, "region": c.t.Region, "cloud_partition": "aws"}
	statusID := statusIDOf(f.status)
	if c.isV2() {
		ev.Set("metadata.processed_time_dt", tsString(ts))
		ev.Set("finding_info.uid", uid)
		ev.Set("finding_info.title", f.title)
		ev.Set("finding_info.desc", f.desc)
		ev.Set("finding_info.types", f.types)
		ev.Set("finding_info.created_time_dt", tsString(f.created))
		ev.Set("finding_info.first_seen_time_dt", tsString(f.created))
		ev.Set("finding_info.last_seen_time_dt", tsString(ts))
		ev.Set("finding_info.modified_time_dt", tsString(ts))
		ev.Set("finding_info.src_url", "https://console.aws.amazon.com/securityhub/home?region="+c.t.Region+"#/findings?search=Id%3D"+uid)
		ev["status"] = f.status
		res["owner"] = map[string]any{"account": map[string]any{"uid": c.ent.account}}
		if f.confidence > 0 {
			ev["confidence_score"] = f.confidence
		}
		if f.control != "" {
			ev.Set("compliance.control", f.control)
			ev.Set("compliance.status", f.compliance)
			ev.Set("compliance.standards", []string{"standards/aws-foundational-security-best-practices/v/1.0.0"})
			ev.Set("remediation.desc", "For information on how to correct this issue, consult the AWS Security Hub controls documentation.")
			ev.Set("remediation.references", []string{"https://docs.aws.amazon.com/console/securityhub/" + f.control + "/remediation"})
		}
		if v := f.cve; v != nil {
			ev["vulnerabilities"] = []map[string]any{{
				"cve": map[string]any{"uid": v.id, "cvss": []map[string]any{{"base_score": v.score, "version": "3.1",
					"vector_string": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"}}},
				"affected_packages": []map[string]any{{"name": v.pkg, "version": v.version, "fixed_in_version": v.fixed, "package_manager": "OS"}},
				"is_fix_available":  true, "vendor_name": "NVD",
			}}
		}
	} else {
		ev.Set("finding.uid", uid)
		ev.Set("finding.title", f.title)
		ev.Set("finding.desc", f.desc)
		ev.Set("finding.types", f.types)
		ev.Set("finding.created_time", f.created.UnixMilli())
		ev.Set("finding.first_seen_time", f.created.UnixMilli())
		ev.Set("finding.last_seen_time", ts.UnixMilli())
		ev.Set("finding.modified_time", ts.UnixMilli())
		ev.Set("finding.src_url", "https://console.aws.amazon.com/securityhub/home?region="+c.t.Region)
		ev["state"] = f.status
		ev["state_id"] = statusID
		if f.confidence > 0 {
			ev["confidence"] = f.confidence
		}
		if f.control != "" {
			ev.Set("compliance.status", f.compliance)
			ev.Set("compliance.requirements", []string{"AWS Foundational Security Best Practices " + f.control})
			ev.Set("finding.remediation.desc", "For information on how to correct this issue, consult the AWS Security Hub controls documentation.")
		}
		if v := f.cve; v != nil {
			ev["vulnerabilities"] = []map[string]any{{
				"cve":      map[string]any{"uid": v.id, "cvss": map[string]any{"base_score": v.score, "version": "3.1"}},
				"packages": []map[string]any{{"name": v.pkg, "version": v.version}}, "vendor_name": "NVD",
			}}
		}
	}
	ev["resources"] = []map[string]any{res}
	ev["unmapped"] = map[string]string{"ProductName": f.product, "CompanyName": "AWS", "RecordState": "ACTIVE"}
	c.setObservables(ev, observable("resources.uid", f.resUID, 10))
	return ev
}

// statusIDOf maps a finding status caption to its id (pkg/ocsf FindingStatus).
func statusIDOf(caption string) int {
	for _, v := range ocsf.FindingStatus.Values {
		if v.Caption == caption {
			return v.ID
		}
	}
	panic("replica: unknown finding status " + caption)
}

// findingResource is the ARN of a resource of an ASFF resource type.
func (c *gctx) findingResource(resType string) string {
	e, arn := c.ent, "arn:aws:%s:"+c.t.Region+":"+c.ent.account+":%s"
	switch resType {
	case "AwsS3Bucket":
		return "arn:aws:s3:::" + pick(c.r, e.buckets)
	case "AwsIamUser":
		return e.userARN(pick(c.r, e.users))
	case "AwsEc2SecurityGroup":
		return fmt.Sprintf(arn, "ec2", "security-group/sg-"+hexID(c.r, 17))
	case "AwsCloudTrailTrail":
		return fmt.Sprintf(arn, "cloudtrail", "trail/management-events")
	case "AwsRdsDbInstance":
		return fmt.Sprintf(arn, "rds", "db:"+e.alias+"-db")
	}
	return fmt.Sprintf(arn, "ec2", "instance/"+pick(c.r, e.instances).id)
}

// slug lower-cases s and turns spaces into dashes ("Security Hub" → "security-hub").
func slug(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "-") }
