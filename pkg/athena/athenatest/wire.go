package athenatest

import (
	"strconv"
	"time"
)

// Response bodies of the Athena JSON 1.1 protocol. Field names follow the
// member names of the service model (aws-sdk-go-v2 service/athena/schemas);
// omitempty drops members Athena leaves out when unset. Requests are decoded
// into the SDK's own *Input types instead (see inputFor), so the call log
// speaks the types tests already know.

// epoch marshals a time as epoch seconds with millisecond precision, the
// awsJson timestamp format.
type epoch time.Time

// MarshalJSON implements json.Marshaler.
func (t epoch) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', 3, 64), nil
}

func epochPtr(t time.Time) *epoch {
	if t.IsZero() {
		return nil
	}
	e := epoch(t)
	return &e
}

type wireStartQueryExecutionOutput struct {
	QueryExecutionId string
}

type wireGetQueryExecutionOutput struct {
	QueryExecution wireQueryExecution
}

type wireQueryExecution struct {
	QueryExecutionId         string
	Query                    string
	StatementType            string
	ResultConfiguration      *wireResultConfiguration      `json:",omitempty"`
	ResultReuseConfiguration *wireResultReuseConfiguration `json:",omitempty"`
	QueryExecutionContext    *wireQueryExecutionContext    `json:",omitempty"`
	Status                   wireStatus
	Statistics               wireStatistics
	WorkGroup                string
	EngineVersion            wireEngineVersion
}

type wireResultConfiguration struct {
	OutputLocation string `json:",omitempty"`
}

type wireResultReuseConfiguration struct {
	ResultReuseByAgeConfiguration wireReuseByAge
}

type wireReuseByAge struct {
	Enabled         bool
	MaxAgeInMinutes *int32 `json:",omitempty"`
}

type wireQueryExecutionContext struct {
	Catalog  string `json:",omitempty"`
	Database string `json:",omitempty"`
}

type wireStatus struct {
	State              string
	StateChangeReason  string           `json:",omitempty"`
	SubmissionDateTime *epoch           `json:",omitempty"`
	CompletionDateTime *epoch           `json:",omitempty"`
	AthenaError        *wireAthenaError `json:",omitempty"`
}

type wireAthenaError struct {
	ErrorCategory int32
	ErrorType     int32
	Retryable     bool
	ErrorMessage  string `json:",omitempty"`
}

type wireStatistics struct {
	DataScannedInBytes            int64
	EngineExecutionTimeInMillis   int64
	QueryQueueTimeInMillis        int64
	QueryPlanningTimeInMillis     int64
	TotalExecutionTimeInMillis    int64
	ServiceProcessingTimeInMillis int64
	ResultReuseInformation        wireReuseInfo
}

type wireReuseInfo struct {
	ReusedPreviousResult bool
}

type wireEngineVersion struct {
	SelectedEngineVersion  string `json:",omitempty"`
	EffectiveEngineVersion string `json:",omitempty"`
}

type wireGetQueryResultsOutput struct {
	NextToken   string `json:",omitempty"`
	UpdateCount int64
	ResultSet   wireResultSet
}

type wireResultSet struct {
	ResultSetMetadata wireResultSetMetadata
	Rows              []wireRow
}

type wireResultSetMetadata struct {
	ColumnInfo []wireColumnInfo
}

type wireColumnInfo struct {
	CatalogName   string
	SchemaName    string
	TableName     string
	Name          string
	Label         string
	Type          string
	Precision     int32
	Scale         int32
	Nullable      string
	CaseSensitive bool
}

type wireRow struct {
	Data []wireDatum
}

// wireDatum leaves VarCharValue out for SQL NULL, exactly as Athena does.
type wireDatum struct {
	VarCharValue *string `json:",omitempty"`
}

type wireListDataCatalogsOutput struct {
	DataCatalogsSummary []wireDataCatalogSummary
	NextToken           string `json:",omitempty"`
}

type wireDataCatalogSummary struct {
	CatalogName string
	Type        string
}

type wireListDatabasesOutput struct {
	DatabaseList []wireDatabase
	NextToken    string `json:",omitempty"`
}

type wireDatabase struct {
	Name        string
	Description string            `json:",omitempty"`
	Parameters  map[string]string `json:",omitempty"`
}

type wireListTableMetadataOutput struct {
	TableMetadataList []wireTableMetadata
	NextToken         string `json:",omitempty"`
}

type wireGetTableMetadataOutput struct {
	TableMetadata wireTableMetadata
}

type wireTableMetadata struct {
	Name           string
	TableType      string `json:",omitempty"`
	CreateTime     *epoch `json:",omitempty"`
	LastAccessTime *epoch `json:",omitempty"`
	Columns        []wireColumn
	PartitionKeys  []wireColumn
	Parameters     map[string]string `json:",omitempty"`
}

type wireColumn struct {
	Name    string
	Type    string `json:",omitempty"`
	Comment string `json:",omitempty"`
}

type wireListWorkGroupsOutput struct {
	WorkGroups []wireWorkGroupSummary
	NextToken  string `json:",omitempty"`
}

type wireWorkGroupSummary struct {
	Name          string
	State         string
	Description   string `json:",omitempty"`
	CreationTime  *epoch `json:",omitempty"`
	EngineVersion wireEngineVersion
}

type wireGetWorkGroupOutput struct {
	WorkGroup wireWorkGroup
}

type wireWorkGroup struct {
	Name          string
	State         string
	Description   string `json:",omitempty"`
	CreationTime  *epoch `json:",omitempty"`
	Configuration wireWorkGroupConfiguration
}

type wireWorkGroupConfiguration struct {
	ResultConfiguration             *wireResultConfiguration `json:",omitempty"`
	EnforceWorkGroupConfiguration   bool
	PublishCloudWatchMetricsEnabled bool
	BytesScannedCutoffPerQuery      *int64 `json:",omitempty"`
	RequesterPaysEnabled            bool
	EngineVersion                   wireEngineVersion
}

// wireEmpty is the body of operations that return no members
// (StopQueryExecution).
type wireEmpty struct{}
