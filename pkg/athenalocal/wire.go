package athenalocal

import (
	"net/http"
	"strconv"
	"time"

	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
)

// Requests are decoded into the SDK's own *Input types (their exported
// fields carry the wire member names), so the request side cannot drift
// from the client. Responses use the small structs below instead: the SDK's
// output types marshal timestamps as RFC 3339 and nil members as null, while
// the awsJson1_1 protocol wants epoch seconds and absent members.
type (
	startInput          = athenasdk.StartQueryExecutionInput
	getExecutionInput   = athenasdk.GetQueryExecutionInput
	getResultsInput     = athenasdk.GetQueryResultsInput
	stopInput           = athenasdk.StopQueryExecutionInput
	listCatalogsInput   = athenasdk.ListDataCatalogsInput
	getCatalogInput     = athenasdk.GetDataCatalogInput
	listDatabasesInput  = athenasdk.ListDatabasesInput
	getDatabaseInput    = athenasdk.GetDatabaseInput
	listTablesInput     = athenasdk.ListTableMetadataInput
	getTableInput       = athenasdk.GetTableMetadataInput
	listWorkGroupsInput = athenasdk.ListWorkGroupsInput
	getWorkGroupInput   = athenasdk.GetWorkGroupInput
)

// inputFor returns a fresh input value for a supported operation.
func inputFor(op string) (any, bool) {
	switch op {
	case "StartQueryExecution":
		return &startInput{}, true
	case "GetQueryExecution":
		return &getExecutionInput{}, true
	case "GetQueryResults":
		return &getResultsInput{}, true
	case "StopQueryExecution":
		return &stopInput{}, true
	case "ListDataCatalogs":
		return &listCatalogsInput{}, true
	case "GetDataCatalog":
		return &getCatalogInput{}, true
	case "ListDatabases":
		return &listDatabasesInput{}, true
	case "GetDatabase":
		return &getDatabaseInput{}, true
	case "ListTableMetadata":
		return &listTablesInput{}, true
	case "GetTableMetadata":
		return &getTableInput{}, true
	case "ListWorkGroups":
		return &listWorkGroupsInput{}, true
	case "GetWorkGroup":
		return &getWorkGroupInput{}, true
	}
	return nil, false
}

// epoch marshals a time as epoch seconds with milliseconds, the awsJson
// timestamp format.
type epoch time.Time

// MarshalJSON implements json.Marshaler.
func (t epoch) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(time.Time(t).UnixMilli())/1000, 'f', 3, 64), nil
}

func epochPtr(t time.Time) *epoch {
	if t.IsZero() {
		return nil
	}
	e := epoch(t)
	return &e
}

type startOutput struct {
	QueryExecutionId string
}

type getExecutionOutput struct {
	QueryExecution queryExecution
}

type queryExecution struct {
	QueryExecutionId         string
	Query                    string
	StatementType            string
	ResultConfiguration      resultConfiguration
	ResultReuseConfiguration *resultReuseConfiguration `json:",omitempty"`
	QueryExecutionContext    *executionContext         `json:",omitempty"`
	Status                   status
	Statistics               statistics
	WorkGroup                string
	EngineVersion            engineVersion
	ExecutionParameters      []string `json:",omitempty"`
	SubstatementType         string   `json:",omitempty"`
}

type resultConfiguration struct {
	OutputLocation string `json:",omitempty"`
}

type resultReuseConfiguration struct {
	ResultReuseByAgeConfiguration reuseByAge
}

type reuseByAge struct {
	Enabled         bool
	MaxAgeInMinutes int32
}

type executionContext struct {
	Catalog  string `json:",omitempty"`
	Database string `json:",omitempty"`
}

type status struct {
	State              string
	StateChangeReason  string       `json:",omitempty"`
	SubmissionDateTime *epoch       `json:",omitempty"`
	CompletionDateTime *epoch       `json:",omitempty"`
	AthenaError        *athenaError `json:",omitempty"`
}

type athenaError struct {
	ErrorCategory int32
	ErrorType     int32
	Retryable     bool
	ErrorMessage  string `json:",omitempty"`
}

type statistics struct {
	DataScannedInBytes            int64
	EngineExecutionTimeInMillis   int64
	QueryQueueTimeInMillis        int64
	QueryPlanningTimeInMillis     int64
	TotalExecutionTimeInMillis    int64
	ServiceProcessingTimeInMillis int64
	ResultReuseInformation        reuseInfo
}

type reuseInfo struct {
	ReusedPreviousResult bool
}

type engineVersion struct {
	SelectedEngineVersion  string
	EffectiveEngineVersion string
}

type getResultsOutput struct {
	NextToken   string `json:",omitempty"`
	UpdateCount int64
	ResultSet   resultSet
}

type resultSet struct {
	ResultSetMetadata resultSetMetadata
	Rows              []row
}

type resultSetMetadata struct {
	ColumnInfo []columnInfo
}

type columnInfo struct {
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

type row struct {
	Data []datum
}

// datum leaves VarCharValue out for SQL NULL, exactly as Athena does.
type datum struct {
	VarCharValue *string `json:",omitempty"`
}

type listCatalogsOutput struct {
	DataCatalogsSummary []catalogSummary
	NextToken           string `json:",omitempty"`
}

type catalogSummary struct {
	CatalogName string
	Type        string
	Status      string `json:",omitempty"`
}

type getCatalogOutput struct {
	DataCatalog dataCatalog
}

type dataCatalog struct {
	Name        string
	Type        string
	Description string            `json:",omitempty"`
	Parameters  map[string]string `json:",omitempty"`
	Status      string            `json:",omitempty"`
}

type listDatabasesOutput struct {
	DatabaseList []database
	NextToken    string `json:",omitempty"`
}

type getDatabaseOutput struct {
	Database database
}

type database struct {
	Name        string
	Description string            `json:",omitempty"`
	Parameters  map[string]string `json:",omitempty"`
}

type listTablesOutput struct {
	TableMetadataList []tableMetadata
	NextToken         string `json:",omitempty"`
}

type getTableOutput struct {
	TableMetadata tableMetadata
}

type tableMetadata struct {
	Name           string
	TableType      string
	CreateTime     *epoch `json:",omitempty"`
	LastAccessTime *epoch `json:",omitempty"`
	Columns        []column
	PartitionKeys  []column
	Parameters     map[string]string `json:",omitempty"`
}

type column struct {
	Name    string
	Type    string `json:",omitempty"`
	Comment string `json:",omitempty"`
}

type listWorkGroupsOutput struct {
	WorkGroups []workGroupSummary
	NextToken  string `json:",omitempty"`
}

type workGroupSummary struct {
	Name          string
	State         string
	Description   string `json:",omitempty"`
	CreationTime  *epoch `json:",omitempty"`
	EngineVersion engineVersion
}

type getWorkGroupOutput struct {
	WorkGroup workGroup
}

type workGroup struct {
	Name          string
	State         string
	Description   string `json:",omitempty"`
	CreationTime  *epoch `json:",omitempty"`
	Configuration workGroupConfiguration
}

type workGroupConfiguration struct {
	ResultConfiguration             resultConfiguration
	EnforceWorkGroupConfiguration   bool
	PublishCloudWatchMetricsEnabled bool
	BytesScannedCutoffPerQuery      *int64 `json:",omitempty"`
	RequesterPaysEnabled            bool
	EngineVersion                   engineVersion
}

// empty is the body of operations without output members.
type empty struct{}

// apiError is an Athena error response: HTTP status, __type and Message.
type apiError struct {
	status int
	typ    string
	msg    string
	// athenaCode is InvalidRequestException's AthenaErrorCode.
	athenaCode string
	// reason is TooManyRequestsException's Reason.
	reason string
}

func (e *apiError) body() map[string]string {
	b := map[string]string{"__type": e.typ, "Message": e.msg}
	if e.athenaCode != "" {
		b["AthenaErrorCode"] = e.athenaCode
	}
	if e.reason != "" {
		b["Reason"] = e.reason
	}
	return b
}

// Error constructors, named after the error shapes the SDK models
// (service/athena types/errors.go), plus the protocol-level
// SerializationException that AWS JSON services send for a malformed body.
func errInvalidRequest(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "InvalidRequestException", msg: msg}
}

func errMetadata(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "MetadataException", msg: msg}
}

func errResourceNotFound(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "ResourceNotFoundException", msg: msg}
}

func errInternal(msg string) *apiError {
	return &apiError{status: http.StatusInternalServerError, typ: "InternalServerException", msg: msg}
}

func errSerialization(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "SerializationException", msg: msg}
}

func errThrottled(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "TooManyRequestsException", msg: msg}
}
