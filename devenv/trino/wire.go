package trino

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Column is a result column as Trino describes it.
type Column struct {
	Name string `json:"name"`
	// Type is Trino's full type text, e.g. "varchar(15)", "timestamp(6)",
	// "row(ip varchar, port integer)", "map(varchar, array(bigint))".
	Type string `json:"type"`
	// TypeSignature is the structured type as sent (rawType plus
	// arguments); ParsedType decodes it.
	TypeSignature json.RawMessage `json:"typeSignature,omitempty"`
}

// ParsedType returns the column type as a tree, from the type signature when
// Trino sent one (it carries row field names unambiguously), else from the
// type text.
func (c Column) ParsedType() (*Type, error) {
	if len(bytes.TrimSpace(c.TypeSignature)) > 0 && !bytes.Equal(bytes.TrimSpace(c.TypeSignature), []byte("null")) {
		if t, err := ParseSignature(c.TypeSignature); err == nil {
			return t, nil
		}
	}
	return ParseType(c.Type)
}

// Stats are the query statistics of a response page (client
// StatementStats). Trino updates them on every page; the final page has the
// totals. physicalInputBytes is what Athena bills as data scanned.
type Stats struct {
	// State is Trino's query state: QUEUED, WAITING_FOR_RESOURCES,
	// DISPATCHING, PLANNING, STARTING, RUNNING, FINISHING, FINISHED, FAILED.
	State              string   `json:"state"`
	Queued             bool     `json:"queued"`
	Scheduled          bool     `json:"scheduled"`
	Nodes              int64    `json:"nodes"`
	TotalSplits        int64    `json:"totalSplits"`
	QueuedSplits       int64    `json:"queuedSplits"`
	RunningSplits      int64    `json:"runningSplits"`
	CompletedSplits    int64    `json:"completedSplits"`
	CPUTimeMillis      int64    `json:"cpuTimeMillis"`
	WallTimeMillis     int64    `json:"wallTimeMillis"`
	QueuedTimeMillis   int64    `json:"queuedTimeMillis"`
	ElapsedTimeMillis  int64    `json:"elapsedTimeMillis"`
	ProcessedRows      int64    `json:"processedRows"`
	ProcessedBytes     int64    `json:"processedBytes"`
	PhysicalInputBytes int64    `json:"physicalInputBytes"`
	PeakMemoryBytes    int64    `json:"peakMemoryBytes"`
	SpilledBytes       int64    `json:"spilledBytes"`
	ProgressPercentage *float64 `json:"progressPercentage,omitempty"`
}

// Error is a query failure reported by Trino (QueryResults.error).
type Error struct {
	// Message is Trino's text, e.g. "line 1:8: mismatched input 'FROM'…".
	Message  string `json:"message"`
	SQLState string `json:"sqlState,omitempty"`
	// ErrorCode is the numeric code, ErrorName its name (SYNTAX_ERROR,
	// TABLE_NOT_FOUND, USER_CANCELED, …).
	ErrorCode int    `json:"errorCode"`
	ErrorName string `json:"errorName"`
	// ErrorType is USER_ERROR, INTERNAL_ERROR, INSUFFICIENT_RESOURCES or
	// EXTERNAL.
	ErrorType     string         `json:"errorType"`
	ErrorLocation *ErrorLocation `json:"errorLocation,omitempty"`
	// FailureInfo is the raw failure tree (stack traces), kept for logs.
	FailureInfo json.RawMessage `json:"failureInfo,omitempty"`
}

// ErrorLocation points into the statement text (1-based).
type ErrorLocation struct {
	LineNumber   int `json:"lineNumber"`
	ColumnNumber int `json:"columnNumber"`
}

// Error implements error as "trino: ERROR_NAME: message".
func (e *Error) Error() string {
	if e.ErrorName == "" {
		return "trino: " + e.Message
	}
	return fmt.Sprintf("trino: %s: %s", e.ErrorName, e.Message)
}

// queryResults is one response page of the protocol (client QueryResults).
type queryResults struct {
	ID          string              `json:"id"`
	NextURI     string              `json:"nextUri"`
	Columns     []Column            `json:"columns"`
	Data        [][]json.RawMessage `json:"data"`
	Stats       Stats               `json:"stats"`
	Error       *Error              `json:"error"`
	UpdateType  string              `json:"updateType"`
	UpdateCount *int64              `json:"updateCount"`
}

// decodeResults reads one page. Rows stay raw here; Query.Rows decodes them
// on demand, so a caller that re-renders values (athena-local) parses each
// value once.
func decodeResults(r io.Reader) (*queryResults, error) {
	var res queryResults
	dec := json.NewDecoder(r)
	if err := dec.Decode(&res); err != nil {
		return nil, err
	}
	return &res, nil
}

// DecodeValue decodes one raw JSON value with UseNumber: numbers become
// json.Number, arrays []any, objects map[string]any, null nil.
func DecodeValue(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}
