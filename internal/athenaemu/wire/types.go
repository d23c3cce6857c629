package wire

import (
	"strconv"
	"time"
)

// Response bodies. Field names are the member names of the service model
// (aws-sdk-go-v2 service/athena); omitempty drops members Athena leaves out
// when unset. Only the members the endpoints fill are declared.

// Epoch marshals a time as epoch seconds with millisecond precision, the
// awsJson timestamp format.
type Epoch time.Time

// MarshalJSON implements json.Marshaler.
func (t Epoch) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(time.Time(t).UnixMilli())/1000, 'f', 3, 64), nil
}

// EpochOf returns t as an optional timestamp member: nil (left out) for
// the zero time.
func EpochOf(t time.Time) *Epoch {
	if t.IsZero() {
		return nil
	}
	e := Epoch(t)
	return &e
}

// Empty is the body of operations without output members
// (StopQueryExecution).
type Empty struct{}

// StartQueryExecutionOutput is the StartQueryExecution response.
type StartQueryExecutionOutput struct {
	QueryExecutionId string
}

// GetQueryExecutionOutput is the GetQueryExecution response.
type GetQueryExecutionOutput struct {
	QueryExecution QueryExecution
}

// QueryExecution describes one query execution.
type QueryExecution struct {
	QueryExecutionId         string
	Query                    string
	StatementType            string
	ResultConfiguration      ResultConfiguration
	ResultReuseConfiguration *ResultReuseConfiguration `json:",omitempty"`
	QueryExecutionContext    *QueryExecutionContext    `json:",omitempty"`
	Status                   QueryExecutionStatus
	Statistics               QueryExecutionStatistics
	WorkGroup                string
	EngineVersion            EngineVersion
	ExecutionParameters      []string `json:",omitempty"`
	SubstatementType         string   `json:",omitempty"`
}

// ResultConfiguration is where query results are written.
type ResultConfiguration struct {
	OutputLocation string `json:",omitempty"`
}

// ResultReuseConfiguration is a query's result reuse setting.
type ResultReuseConfiguration struct {
	ResultReuseByAgeConfiguration ResultReuseByAgeConfiguration
}

// ResultReuseByAgeConfiguration enables reuse of results up to an age.
type ResultReuseByAgeConfiguration struct {
	Enabled         bool
	MaxAgeInMinutes *int32 `json:",omitempty"`
}

// QueryExecutionContext is the catalog and database a query runs in.
type QueryExecutionContext struct {
	Catalog  string `json:",omitempty"`
	Database string `json:",omitempty"`
}

// QueryExecutionStatus is a query's state and timing.
type QueryExecutionStatus struct {
	State              string
	StateChangeReason  string       `json:",omitempty"`
	SubmissionDateTime *Epoch       `json:",omitempty"`
	CompletionDateTime *Epoch       `json:",omitempty"`
	AthenaError        *AthenaError `json:",omitempty"`
}

// AthenaError classifies why a query FAILED.
type AthenaError struct {
	// ErrorCategory is 1 (SYSTEM), 2 (USER) or 3 (OTHER).
	ErrorCategory int32
	ErrorType     int32
	Retryable     bool
	ErrorMessage  string `json:",omitempty"`
}

// QueryExecutionStatistics are a query's statistics.
type QueryExecutionStatistics struct {
	DataScannedInBytes            int64
	EngineExecutionTimeInMillis   int64
	QueryQueueTimeInMillis        int64
	QueryPlanningTimeInMillis     int64
	TotalExecutionTimeInMillis    int64
	ServiceProcessingTimeInMillis int64
	ResultReuseInformation        ResultReuseInformation
}

// ResultReuseInformation reports whether a query reused earlier results.
type ResultReuseInformation struct {
	ReusedPreviousResult bool
}

// EngineVersion is the selected and effective Athena engine version.
type EngineVersion struct {
	SelectedEngineVersion  string `json:",omitempty"`
	EffectiveEngineVersion string `json:",omitempty"`
}

// GetQueryResultsOutput is the GetQueryResults response.
type GetQueryResultsOutput struct {
	NextToken   string `json:",omitempty"`
	UpdateCount int64
	ResultSet   ResultSet
}

// ResultSet is one page of a query's results.
type ResultSet struct {
	ResultSetMetadata ResultSetMetadata
	Rows              []Row
}

// ResultSetMetadata describes the result columns.
type ResultSetMetadata struct {
	ColumnInfo []ColumnInfo
}

// ColumnInfo describes one result column.
type ColumnInfo struct {
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

// Row is one result row.
type Row struct {
	Data []Datum
}

// Datum is one result value. VarCharValue is left out for SQL NULL, exactly
// as Athena does.
type Datum struct {
	VarCharValue *string `json:",omitempty"`
}

// ListDataCatalogsOutput is the ListDataCatalogs response.
type ListDataCatalogsOutput struct {
	DataCatalogsSummary []DataCatalogSummary
	NextToken           string `json:",omitempty"`
}

// DataCatalogSummary is one listed data catalog.
type DataCatalogSummary struct {
	CatalogName string
	Type        string
	Status      string `json:",omitempty"`
}

// GetDataCatalogOutput is the GetDataCatalog response.
type GetDataCatalogOutput struct {
	DataCatalog DataCatalog
}

// DataCatalog describes a data catalog.
type DataCatalog struct {
	Name        string
	Type        string
	Description string            `json:",omitempty"`
	Parameters  map[string]string `json:",omitempty"`
	Status      string            `json:",omitempty"`
}

// ListDatabasesOutput is the ListDatabases response.
type ListDatabasesOutput struct {
	DatabaseList []Database
	NextToken    string `json:",omitempty"`
}

// GetDatabaseOutput is the GetDatabase response.
type GetDatabaseOutput struct {
	Database Database
}

// Database describes a database.
type Database struct {
	Name        string
	Description string            `json:",omitempty"`
	Parameters  map[string]string `json:",omitempty"`
}

// ListTableMetadataOutput is the ListTableMetadata response.
type ListTableMetadataOutput struct {
	TableMetadataList []TableMetadata
	NextToken         string `json:",omitempty"`
}

// GetTableMetadataOutput is the GetTableMetadata response.
type GetTableMetadataOutput struct {
	TableMetadata TableMetadata
}

// TableMetadata describes a table as Glue stores it.
type TableMetadata struct {
	Name           string
	TableType      string `json:",omitempty"`
	CreateTime     *Epoch `json:",omitempty"`
	LastAccessTime *Epoch `json:",omitempty"`
	Columns        []Column
	PartitionKeys  []Column
	Parameters     map[string]string `json:",omitempty"`
}

// Column is a table column, its Type in Glue/Hive spelling.
type Column struct {
	Name    string
	Type    string `json:",omitempty"`
	Comment string `json:",omitempty"`
}

// ListWorkGroupsOutput is the ListWorkGroups response.
type ListWorkGroupsOutput struct {
	WorkGroups []WorkGroupSummary
	NextToken  string `json:",omitempty"`
}

// WorkGroupSummary is one listed workgroup.
type WorkGroupSummary struct {
	Name          string
	State         string
	Description   string `json:",omitempty"`
	CreationTime  *Epoch `json:",omitempty"`
	EngineVersion EngineVersion
}

// GetWorkGroupOutput is the GetWorkGroup response.
type GetWorkGroupOutput struct {
	WorkGroup WorkGroup
}

// WorkGroup describes a workgroup.
type WorkGroup struct {
	Name          string
	State         string
	Description   string `json:",omitempty"`
	CreationTime  *Epoch `json:",omitempty"`
	Configuration WorkGroupConfiguration
}

// WorkGroupConfiguration is a workgroup's configuration.
type WorkGroupConfiguration struct {
	ResultConfiguration             *ResultConfiguration `json:",omitempty"`
	EnforceWorkGroupConfiguration   bool
	PublishCloudWatchMetricsEnabled bool
	BytesScannedCutoffPerQuery      *int64 `json:",omitempty"`
	RequesterPaysEnabled            bool
	EngineVersion                   EngineVersion
}
