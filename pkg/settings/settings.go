// Package settings reads the datasource configuration Grafana stores
// (jsonData plus the decrypted secrets) and validates it. It sits beside the
// plugin, not in the pure core: the AWS part is loaded by grafana-aws-sdk,
// which links the AWS and plugin SDKs. The core packages (sqlbuild, macros,
// ...) take plain values such as a row limit, never a Settings.
package settings

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/grafana/grafana-aws-sdk/pkg/awsds"
	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/models"
)

// Defaults applied by Load, and bounds Validate checks.
const (
	DefaultCatalog   = "AwsDataCatalog"
	DefaultWorkgroup = "primary"
	// DefaultRowLimit is the query model's row cap (one value for the
	// builder and the settings).
	DefaultRowLimit             = models.DefaultRowLimit
	MaxRowLimit                 = 1000000
	DefaultResultReuseMaxAgeMin = 60
	// MaxResultReuseMaxAgeMin is Athena's limit (7 days).
	MaxResultReuseMaxAgeMin     = 10080
	DefaultQueryTimeoutSeconds  = 300
	DefaultMaxConcurrentQueries = 4
	// DefaultMaxInFlightQueries bounds the Athena queries one datasource
	// runs at once, across all requests (panels, alert rules, variables,
	// health checks). Athena's default quota of active DML queries is 20
	// per account and Region in most Regions (25 in some, lower in a few
	// newer ones); 16 leaves room for other clients of the account
	// (the console, other Grafana instances, ETL) without queueing a
	// typical dashboard.
	DefaultMaxInFlightQueries = 16
	// MaxMaxInFlightQueries is the largest bound accepted: accounts with a
	// raised quota (hundreds of active queries) may use it.
	MaxMaxInFlightQueries = 1000
	// DefaultMaxTimeRangeDays refuses a query over more than 90 days unless
	// the datasource allows more: a quarter covers investigations and trend
	// panels, and a year of a busy lake is terabytes.
	DefaultMaxTimeRangeDays = 90
	// MaxMaxTimeRangeDays is the largest range a datasource may allow (ten
	// years; Security Lake keeps data as long as its retention says).
	MaxMaxTimeRangeDays = 3660
	// DefaultMaxBytesScanned stops a query that has scanned 1 TB (USD 5 at
	// Athena's price): partition predicates keep dashboards far below it,
	// and a runaway raw query costs at most that.
	DefaultMaxBytesScanned int64 = 1_000_000_000_000
)

// LakeVersion setting values.
const (
	LakeVersionAuto = "auto"
	LakeVersion1    = "1"
	LakeVersion2    = "2"
)

// Settings is the datasource configuration: jsonData plus decrypted secrets.
// AWS authentication (authType, assumeRoleARN, externalId, endpoint,
// defaultRegion, profile, secret keys) is read by grafana-aws-sdk, so the
// keys are the ones @grafana/aws-sdk's config editor writes.
type Settings struct {
	// AWS holds the connection and credentials; its secrets are tagged
	// json:"-" and never marshalled.
	AWS awsds.AWSDatasourceSettings `json:"-"`

	// Catalog is the Athena data catalog (default AwsDataCatalog).
	Catalog string `json:"catalog,omitempty"`
	// Database pins the Security Lake database (or a resource-link database);
	// empty = amazon_security_lake_glue_db_<region>.
	Database string `json:"database,omitempty"`
	// Tables pins table names per source ("vpc_flow" → "my_link_vpc_flow",
	// or "db.table"), for subscriber resource links with custom names.
	Tables map[string]string `json:"tables,omitempty"`
	// LakeVersion is "auto" (discover), "1" or "2".
	LakeVersion string `json:"lakeVersion,omitempty"`
	// DisableDiscovery stops the plugin from listing tables; only
	// conventional or pinned names are used then.
	DisableDiscovery bool `json:"disableDiscovery,omitempty"`
	// Workgroup and OutputLocation are sent with every StartQueryExecution.
	Workgroup      string `json:"workgroup,omitempty"`
	OutputLocation string `json:"outputLocation,omitempty"`
	// ResultReuseEnabled turns Athena query result reuse on (true) or off
	// (false) for up to ResultReuseMaxAgeMinutes. Absent means on where
	// the workgroup allows it (engine version 3), which the plugin checks
	// once per instance (see ResultReuse).
	ResultReuseEnabled       *bool `json:"resultReuseEnabled,omitempty"`
	ResultReuseMaxAgeMinutes int   `json:"resultReuseMaxAgeMinutes,omitempty"`
	// RowLimit caps the rows a query returns (a notice says when it cut).
	RowLimit int `json:"rowLimit,omitempty"`
	// MaxTimeRangeDays refuses builder/macro queries over a longer range (0 = no limit).
	MaxTimeRangeDays int `json:"maxTimeRangeDays,omitempty"`
	// MaxBytesScanned stops a query that scans more (0 = no limit).
	MaxBytesScanned int64 `json:"maxBytesScanned,omitempty"`
	// QueryTimeoutSeconds bounds one query, including paging.
	QueryTimeoutSeconds int `json:"queryTimeoutSeconds,omitempty"`
	// MaxConcurrentQueries is read from old configurations but no longer
	// used: the queries of a request all start at once, and MaxInFlightQueries
	// (per datasource, across requests) is the only bound.
	//
	// Deprecated: MaxInFlightQueries governs.
	MaxConcurrentQueries int `json:"maxConcurrentQueries,omitempty"`
	// MaxInFlightQueries bounds the Athena queries this datasource runs at
	// once across all requests; further queries wait in line (first come,
	// first served) until one finishes or their request is cancelled.
	MaxInFlightQueries int `json:"maxInFlightQueries,omitempty"`
	// STSEndpoint is the STS endpoint for assume role (a VPC endpoint, for
	// example). Empty uses the AWS default for the Region. The AWS
	// section's endpoint applies to Athena only.
	STSEndpoint string `json:"stsEndpoint,omitempty"`
	// AllowNonReadStatements lets raw SQL run statements other than
	// SELECT, WITH, VALUES, SHOW, DESCRIBE and EXPLAIN (DDL, INSERT,
	// UNLOAD, …). Off by default: a dashboard should never change the lake,
	// and not every datasource runs with a read-only role.
	AllowNonReadStatements bool `json:"allowNonReadStatements,omitempty"`
	// ResultCacheSeconds keeps a complete, successful result this long for
	// identical SQL (same range literals, workgroup, catalog, database and
	// row limit). Absent means DefaultResultCacheSeconds; 0 turns the
	// cache off (identical queries running at once still share one run).
	ResultCacheSeconds *int `json:"resultCacheSeconds,omitempty"`
	// LakeRegions are the Regions the lake spans (regions.go). Empty: the
	// Default Region only. More than one without RollupRegion: every query
	// runs in each selected Region's Athena and the answers are merged.
	LakeRegions []string `json:"lakeRegions,omitempty"`
	// RollupRegion, one of LakeRegions, is the Security Lake rollup Region:
	// queries run there once, with a Region predicate.
	RollupRegion string `json:"rollupRegion,omitempty"`
	// RegionEndpoints are Athena endpoints by Region (interface VPC
	// endpoints, an emulator); a Region without one uses the AWS endpoint.
	RegionEndpoints map[string]string `json:"regionEndpoints,omitempty"`
	// RegionOutputLocations are query result locations by Region: Athena
	// writes results only to a bucket in the query's Region.
	RegionOutputLocations map[string]string `json:"regionOutputLocations,omitempty"`
	// ReadResultsFromS3: see ResultsFromS3 (absent means on).
	ReadResultsFromS3 *bool `json:"resultsFromS3,omitempty"`
	// S3Endpoint overrides the S3 endpoint the result files are read from
	// (an S3 VPC endpoint, or an emulator); empty means the Region's.
	S3Endpoint string `json:"s3Endpoint,omitempty"`
}

// ResultsFromS3 reads a result larger than one page from its result
// file in S3 (one GetObject, needs s3:GetObject on the results location)
// instead of GetQueryResults pages. Absent means on; false reads pages
// only. When the read is denied the plugin falls back to pages.
func (s Settings) ResultsFromS3() bool { return s.ReadResultsFromS3 == nil || *s.ReadResultsFromS3 }

// DefaultResultCacheSeconds is the result cache's TTL when unset: long
// enough for the panels, variables and rules of one refresh, short next to
// how fresh Security Lake data is.
const DefaultResultCacheSeconds = 60

// ResultCacheTTL is how long a result stays cached (0: off).
func (s Settings) ResultCacheTTL() time.Duration {
	if s.ResultCacheSeconds == nil {
		return DefaultResultCacheSeconds * time.Second
	}
	return time.Duration(*s.ResultCacheSeconds) * time.Second
}

// Region is the Region queries run in (defaultRegion of the AWS settings).
func (s Settings) Region() string { return s.AWS.Region }

// ResultReuse tells how result reuse is configured: on and explicit
// (resultReuseEnabled true: always requested), or on by default (absent:
// requested once the workgroup is known to support it); off when
// resultReuseEnabled is false.
func (s Settings) ResultReuse() (on, explicit bool) {
	if s.ResultReuseEnabled == nil {
		return true, false
	}
	return *s.ResultReuseEnabled, true
}

// ResultReuseMaybe reports whether result reuse may be requested (on,
// explicitly or by default).
func (s Settings) ResultReuseMaybe() bool {
	on, _ := s.ResultReuse()
	return on
}

// ResultReuseMaxAge is the reuse window as a duration.
func (s Settings) ResultReuseMaxAge() time.Duration {
	return time.Duration(s.ResultReuseMaxAgeMinutes) * time.Minute
}

// QueryTimeout is the per-query bound as a duration.
func (s Settings) QueryTimeout() time.Duration {
	return time.Duration(s.QueryTimeoutSeconds) * time.Second
}

// PinnedVersion returns the configured lake version, or 0 for auto.
func (s Settings) PinnedVersion() lake.Version {
	switch s.LakeVersion {
	case LakeVersion1:
		return lake.V1
	case LakeVersion2:
		return lake.V2
	}
	return 0
}

// LakeDatabase is the pinned database or the Region's Security Lake database.
func (s Settings) LakeDatabase() string {
	if s.Database != "" {
		return s.Database
	}
	return lake.DatabaseName(s.Region())
}

// Load reads instance settings and applies defaults. It does not validate;
// call Validate for user-facing messages.
func Load(cfg backend.DataSourceInstanceSettings) (Settings, error) {
	var s Settings
	if len(cfg.JSONData) > 1 {
		if err := json.Unmarshal(cfg.JSONData, &s); err != nil {
			return s, fmt.Errorf("the datasource settings are not valid JSON: %s", models.JSONErrorText(err))
		}
	}
	if err := s.AWS.Load(cfg); err != nil {
		// awsds wraps the decoder error, which can quote jsonData but never
		// secrets (those are read from DecryptedSecureJSONData separately).
		return s, fmt.Errorf("the AWS settings are not valid: %w", err)
	}
	s.applyDefaults()
	return s, nil
}

func (s *Settings) applyDefaults() {
	if s.Catalog == "" {
		s.Catalog = DefaultCatalog
	}
	if s.Workgroup == "" {
		s.Workgroup = DefaultWorkgroup
	}
	if s.LakeVersion == "" {
		s.LakeVersion = LakeVersionAuto
	}
	if s.RowLimit == 0 {
		s.RowLimit = DefaultRowLimit
	}
	if s.ResultReuseMaybe() && s.ResultReuseMaxAgeMinutes == 0 {
		s.ResultReuseMaxAgeMinutes = DefaultResultReuseMaxAgeMin
	}
	if s.QueryTimeoutSeconds == 0 {
		s.QueryTimeoutSeconds = DefaultQueryTimeoutSeconds
	}
	if s.MaxConcurrentQueries == 0 {
		s.MaxConcurrentQueries = DefaultMaxConcurrentQueries
	}
	if s.MaxInFlightQueries == 0 {
		s.MaxInFlightQueries = DefaultMaxInFlightQueries
	}
	if s.MaxTimeRangeDays == 0 {
		s.MaxTimeRangeDays = DefaultMaxTimeRangeDays
	}
	if s.MaxBytesScanned == 0 {
		s.MaxBytesScanned = DefaultMaxBytesScanned
	}
}

var (
	// Glue names: lower-case letters, digits and underscores (we also accept
	// upper case; Athena folds it).
	glueNameRe = regexp.MustCompile(`^[A-Za-z0-9_]{1,255}$`)
	// Athena workgroup names: letters, digits, '.', '_' and '-', up to 128.
	workgroupRe = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)
	catalogRe   = regexp.MustCompile(`^[A-Za-z0-9_@-]{1,256}$`)
)

// ValidGlueName reports whether s is a plain Glue database or table name.
func ValidGlueName(s string) bool { return glueNameRe.MatchString(s) }

// Validate returns the first problem with the settings, phrased for the
// person filling in the config page.
func (s Settings) Validate() error {
	var problems []string
	add := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if s.Region() == "" {
		add("choose the Default Region where Security Lake runs (for example us-east-1)")
	} else if !lake.ValidRegion(s.Region()) {
		add("the Default Region %q is not an AWS Region code (for example us-east-1)", truncate(s.Region(), 40))
	}
	if !catalogRe.MatchString(s.Catalog) {
		add("the catalog %q is not a valid Athena data catalog name", truncate(s.Catalog, 40))
	}
	if s.Database != "" && !ValidGlueName(s.Database) {
		add("the lake database %q may contain only letters, digits and underscores", truncate(s.Database, 60))
	}
	for src, name := range s.Tables {
		if _, ok := lake.LookupSource(src); !ok && !strings.HasPrefix(src, "ext_") {
			add("tables: %q is neither an AWS source (%s) nor a custom source starting with ext_", truncate(src, 40), sourceNames())
		}
		db, tbl, found := strings.Cut(name, ".")
		if !found {
			db, tbl = "", name
		}
		if (found && !ValidGlueName(db)) || !ValidGlueName(tbl) {
			add("tables: the name %q for %s must be table or database.table, with letters, digits and underscores", truncate(name, 80), truncate(src, 40))
		}
	}
	switch s.LakeVersion {
	case LakeVersionAuto, LakeVersion1, LakeVersion2:
	default:
		add("lake version must be auto, 1 or 2 (got %q)", truncate(s.LakeVersion, 20))
	}
	if !workgroupRe.MatchString(s.Workgroup) {
		add("the workgroup %q may contain only letters, digits, '.', '_' and '-' (at most 128)", truncate(s.Workgroup, 40))
	}
	if s.OutputLocation != "" && !strings.HasPrefix(s.OutputLocation, "s3://") {
		add("the output location must be an S3 URI such as s3://my-athena-results/grafana/ (got %q)", truncate(s.OutputLocation, 80))
	}
	if s.ResultReuseMaybe() && (s.ResultReuseMaxAgeMinutes < 1 || s.ResultReuseMaxAgeMinutes > MaxResultReuseMaxAgeMin) {
		add("result reuse max age must be between 1 and %d minutes (got %d)", MaxResultReuseMaxAgeMin, s.ResultReuseMaxAgeMinutes)
	}
	if s.RowLimit < 1 || s.RowLimit > MaxRowLimit {
		add("row limit must be between 1 and %d (got %d)", MaxRowLimit, s.RowLimit)
	}
	if s.MaxTimeRangeDays < 1 || s.MaxTimeRangeDays > MaxMaxTimeRangeDays {
		add("maximum time range must be between 1 and %d days (got %d; empty means %d)", MaxMaxTimeRangeDays, s.MaxTimeRangeDays, DefaultMaxTimeRangeDays)
	}
	if s.MaxBytesScanned < 1 {
		add("maximum bytes scanned must be a positive number of bytes (got %d; empty means %d, 1 TB)", s.MaxBytesScanned, DefaultMaxBytesScanned)
	}
	if s.QueryTimeoutSeconds < 1 || s.QueryTimeoutSeconds > 3600 {
		add("query timeout must be between 1 and 3600 seconds (got %d)", s.QueryTimeoutSeconds)
	}
	// MaxConcurrentQueries is not validated: it is ignored, and an old
	// value must not make a working datasource fail.
	if s.MaxInFlightQueries < 1 || s.MaxInFlightQueries > MaxMaxInFlightQueries {
		add("maximum in-flight queries must be between 1 and %d (got %d; empty means %d)", MaxMaxInFlightQueries, s.MaxInFlightQueries, DefaultMaxInFlightQueries)
	}
	if c := s.ResultCacheSeconds; c != nil && (*c < 0 || *c > 3600) {
		add("the result cache must keep results between 0 and 3600 seconds (got %d; 0 turns it off, empty means %d)", *c, DefaultResultCacheSeconds)
	}
	if s.S3Endpoint != "" && !strings.HasPrefix(s.S3Endpoint, "https://") && !strings.HasPrefix(s.S3Endpoint, "http://") {
		add("the S3 endpoint must be a URL such as https://s3.us-east-1.amazonaws.com (got %q)", truncate(s.S3Endpoint, 80))
	}
	if s.STSEndpoint != "" && !strings.HasPrefix(s.STSEndpoint, "https://") && !strings.HasPrefix(s.STSEndpoint, "http://") {
		add("the STS endpoint must be a URL such as https://sts.us-east-1.amazonaws.com (got %q)", truncate(s.STSEndpoint, 80))
	}
	s.validateRegions(add)
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("invalid settings: %s", strings.Join(problems, "; "))
}

func sourceNames() string {
	names := make([]string, len(lake.Sources))
	for i, s := range lake.Sources {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
