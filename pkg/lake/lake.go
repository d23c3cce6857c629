// Package lake holds the facts of Amazon Security Lake that the plugin builds
// on: the two table versions and their partition schemes, the AWS log
// sources, and how databases and tables are named per Region. Discovery of
// what really exists in an account lives in discovery.go.
//
// Sources: https://docs.aws.amazon.com/security-lake/latest/userguide/subscriber-query-examples1.html (v1),
// https://docs.aws.amazon.com/security-lake/latest/userguide/subscriber-query-examples2.html (v2),
// https://docs.aws.amazon.com/security-lake/latest/APIReference/API_AwsLogSourceResource.html (source names).
package lake

import (
	"fmt"
	"regexp"
	"strings"
)

// Version is a Security Lake source version: 1 (OCSF 1.0.0-rc.2, Hive tables)
// or 2 (OCSF 1.1.0, Apache Iceberg tables).
type Version int

// The Security Lake source versions.
const (
	V1 Version = 1
	V2 Version = 2
)

// Layout is the physical table layout, which decides the partition predicates.
type Layout string

const (
	// Hive tables (v1 and every custom source) are partitioned by the string
	// columns region, accountid and eventday ('YYYYMMDD', UTC).
	Hive Layout = "hive"
	// Iceberg tables (v2) are partitioned by asl_version, region, accountid and
	// the hidden day(time_dt) transform; a time_dt range prunes days.
	Iceberg Layout = "iceberg"
)

// Partition column names, lower-case as Glue stores them.
const (
	ColRegion     = "region"
	ColAccountID  = "accountid"
	ColEventDay   = "eventday"
	ColASLVersion = "asl_version"
	ColTime       = "time"
	ColTimeDT     = "time_dt"
)

// EventDayFormat is the Go layout of the v1 eventday partition value (8 chars,
// UTC). The AWS examples that use '%Y%m%d%H' are wrong for this column.
const EventDayFormat = "20060102"

// DefaultCatalog is the Athena data catalog that holds the Glue databases
// Security Lake creates.
const DefaultCatalog = "AwsDataCatalog"

// Source is one AWS log source of Security Lake.
type Source struct {
	// Name is the lower-case source key used in queries and table suffixes,
	// e.g. "cloud_trail_mgmt".
	Name string
	// APIName is the sourceName of the Security Lake API, e.g. "CLOUD_TRAIL_MGMT".
	APIName string
	// Title is a human-readable name for editors and messages.
	Title string
	// Versions lists the source versions that have this source.
	Versions []Version
}

// Sources are the AWS log sources in the order editors show them.
// EKS audit and WAF exist only in version 2.
var Sources = []Source{
	{Name: "cloud_trail_mgmt", APIName: "CLOUD_TRAIL_MGMT", Title: "CloudTrail management events", Versions: []Version{V1, V2}},
	{Name: "lambda_execution", APIName: "LAMBDA_EXECUTION", Title: "CloudTrail Lambda data events", Versions: []Version{V1, V2}},
	{Name: "s3_data", APIName: "S3_DATA", Title: "CloudTrail S3 data events", Versions: []Version{V1, V2}},
	{Name: "vpc_flow", APIName: "VPC_FLOW", Title: "VPC Flow Logs", Versions: []Version{V1, V2}},
	{Name: "route53", APIName: "ROUTE53", Title: "Route 53 Resolver query logs", Versions: []Version{V1, V2}},
	{Name: "sh_findings", APIName: "SH_FINDINGS", Title: "Security Hub findings", Versions: []Version{V1, V2}},
	{Name: "eks_audit", APIName: "EKS_AUDIT", Title: "EKS audit logs", Versions: []Version{V2}},
	{Name: "waf", APIName: "WAF", Title: "AWS WAF logs", Versions: []Version{V2}},
}

// LookupSource returns the AWS source with the given name.
func LookupSource(name string) (Source, bool) {
	for _, s := range Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}

// Has reports whether the source exists in version v.
func (s Source) Has(v Version) bool {
	for _, x := range s.Versions {
		if x == v {
			return true
		}
	}
	return false
}

// Suffix is the table-name suffix of the source in version v, e.g. "vpc_flow_2_0".
func (s Source) Suffix(v Version) string {
	return fmt.Sprintf("%s_%d_0", s.Name, int(v))
}

// regionRe matches AWS Region codes such as us-east-1 or us-gov-west-1.
var regionRe = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)

// ValidRegion reports whether r looks like an AWS Region code.
func ValidRegion(r string) bool { return regionRe.MatchString(r) }

// regionPart is the Region as it appears in Glue names: dashes become underscores.
func regionPart(region string) string { return strings.ReplaceAll(region, "-", "_") }

// DatabaseName is the Glue database Security Lake creates in a Region,
// e.g. amazon_security_lake_glue_db_us_east_1.
func DatabaseName(region string) string {
	return "amazon_security_lake_glue_db_" + regionPart(region)
}

// TableName is the Glue table of an AWS source in a Region and version,
// e.g. amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0.
func TableName(region string, s Source, v Version) string {
	return "amazon_security_lake_table_" + regionPart(region) + "_" + s.Suffix(v)
}

// Table is a resolved Security Lake table that a query reads.
type Table struct {
	// Catalog is the Athena data catalog, normally "AwsDataCatalog".
	Catalog string `json:"catalog"`
	// Database and Name are the Glue database and table (or resource links).
	Database string `json:"database"`
	Name     string `json:"name"`
	// Source is the AWS source name ("vpc_flow") or the custom source name
	// with its "ext_" prefix ("ext_windows_sysmon").
	Source string `json:"source"`
	// Version is the source version; custom sources report the lake version
	// they were found beside but always use the Hive layout.
	Version Version `json:"version"`
	// Layout decides the partition predicates.
	Layout Layout `json:"layout"`
	// Custom marks third-party (ext_) sources.
	Custom bool `json:"custom,omitempty"`
	// Pinned marks a table named in the datasource settings rather than
	// found by discovery; a pin wins over discovery for its source.
	Pinned bool `json:"pinned,omitempty"`
}

// AWSTable returns the conventional table of an AWS source, before discovery.
func AWSTable(catalog, region string, s Source, v Version) Table {
	layout := Hive
	if v == V2 {
		layout = Iceberg
	}
	return Table{Catalog: catalog, Database: DatabaseName(region), Name: TableName(region, s, v), Source: s.Name, Version: v, Layout: layout}
}

// HasTimeDT reports whether the table has the v2 timestamp column time_dt.
func (t Table) HasTimeDT() bool { return t.Layout == Iceberg }
