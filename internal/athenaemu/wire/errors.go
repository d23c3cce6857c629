package wire

import "net/http"

// Error is an Athena error response: an HTTP status and a body
// {"__type": Type, "Message": Message}. The SDK maps Type to its modeled
// error types (service/athena/types/errors.go), e.g.
// *types.InvalidRequestException.
type Error struct {
	// Status is the HTTP status, 400 for client errors.
	Status int
	// Type is the __type, e.g. "InvalidRequestException".
	Type string
	// Message is the error message.
	Message string
	// AthenaErrorCode is InvalidRequestException's AthenaErrorCode member
	// (left out when "").
	AthenaErrorCode string
	// Reason is TooManyRequestsException's Reason member (left out when "").
	Reason string
}

// Error implements error.
func (e *Error) Error() string { return e.Type + ": " + e.Message }

// Body is the JSON body of the error response.
func (e *Error) Body() map[string]string {
	b := map[string]string{"__type": e.Type, "Message": e.Message}
	if e.AthenaErrorCode != "" {
		b["AthenaErrorCode"] = e.AthenaErrorCode
	}
	if e.Reason != "" {
		b["Reason"] = e.Reason
	}
	return b
}

// Error constructors, named after the error shapes the SDK models, plus
// the protocol-level ones AWS JSON services send: UnknownOperationException
// for an operation the service lacks, SerializationException for a
// malformed body.

// InvalidRequest is an HTTP 400 InvalidRequestException.
func InvalidRequest(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Type: "InvalidRequestException", Message: msg}
}

// Metadata is an HTTP 400 MetadataException.
func Metadata(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Type: "MetadataException", Message: msg}
}

// TooManyRequests is an HTTP 400 TooManyRequestsException.
func TooManyRequests(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Type: "TooManyRequestsException", Message: msg}
}

// UnknownOperation is an HTTP 400 UnknownOperationException.
func UnknownOperation(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Type: "UnknownOperationException", Message: msg}
}

// Serialization is an HTTP 400 SerializationException.
func Serialization(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Type: "SerializationException", Message: msg}
}

// Internal is an HTTP 500 InternalServerException.
func Internal(msg string) *Error {
	return &Error{Status: http.StatusInternalServerError, Type: "InternalServerException", Message: msg}
}

// Errors Athena answers alike in several operations.

// QueryNotFound is Athena's answer to an unknown QueryExecutionId.
func QueryNotFound(id string) *Error {
	return InvalidRequest("QueryExecution " + id + " was not found")
}

// WorkGroupNotFound is Athena's answer to an unknown workgroup.
func WorkGroupNotFound(name string) *Error {
	return InvalidRequest("WorkGroup " + name + " is not found.")
}

// ResultsReady returns nil when a query in state may be paged by
// GetQueryResults (SUCCEEDED), else Athena's error for a query that failed,
// was cancelled (reason is its StateChangeReason) or has not finished.
func ResultsReady(state, reason string) *Error {
	switch state {
	case StateSucceeded:
		return nil
	case StateFailed, StateCancelled:
		return InvalidRequest("Query did not finish successfully. Final query state: " + state + "\n" + reason)
	}
	return InvalidRequest("Query has not yet finished. Current state: " + state)
}
