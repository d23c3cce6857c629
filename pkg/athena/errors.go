package athena

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"
)

// Values of AthenaError.ErrorCategory, as documented for
// types.AthenaError: 1 = system, 2 = user, 3 = other.
const (
	ErrorCategorySystem int32 = 1
	ErrorCategoryUser   int32 = 2
	ErrorCategoryOther  int32 = 3
)

var (
	// ErrScanLimit is wrapped by the error Run returns when the query was
	// stopped because it scanned more than Options.MaxBytesScanned.
	ErrScanLimit = errors.New("athena: bytes-scanned limit exceeded")
	// ErrQueryCancelled is wrapped by the *QueryError Run returns when Athena
	// reports the query CANCELLED by someone else (console, CLI, workgroup
	// admin); a cancellation through ctx returns ctx.Err() instead.
	ErrQueryCancelled = errors.New("athena: query was cancelled")
	// ErrEmptyQuery is returned for a blank SQL string, before any call.
	ErrEmptyQuery = errors.New("athena: empty query")
	// errNoAPI guards against a zero Executor instead of panicking.
	errNoAPI = errors.New("athena: executor has no API client")
)

// QueryError is a query that Athena ran and that ended FAILED or CANCELLED.
// Its fields come from QueryExecution.Status so the plugin can show Athena's
// own words and decide who is at fault.
type QueryError struct {
	QueryID string
	// State is "FAILED" or "CANCELLED".
	State string
	// Reason is Status.StateChangeReason (falling back to
	// AthenaError.ErrorMessage), verbatim.
	Reason string
	// ErrorCategory is AthenaError.ErrorCategory (ErrorCategorySystem,
	// ErrorCategoryUser, ErrorCategoryOther; 0 when absent).
	ErrorCategory int32
	// ErrorType is AthenaError.ErrorType, Athena's finer error code.
	ErrorType int32
	// Retryable is AthenaError.Retryable: Athena thinks running the same
	// query again may succeed.
	Retryable bool
}

// Error keeps Athena's reason verbatim after a short prefix naming the query,
// because users search for and report the exact Athena message.
func (e *QueryError) Error() string {
	if e.State == stateCancelled {
		if e.Reason != "" {
			return fmt.Sprintf("athena query %s was cancelled: %s", e.QueryID, e.Reason)
		}
		return fmt.Sprintf("athena query %s was cancelled", e.QueryID)
	}
	if e.Reason == "" {
		return fmt.Sprintf("athena query %s ended in state %s without a reason", e.QueryID, e.State)
	}
	return fmt.Sprintf("athena query %s failed: %s", e.QueryID, e.Reason)
}

// Unwrap lets errors.Is(err, ErrQueryCancelled) recognise external
// cancellation.
func (e *QueryError) Unwrap() error {
	if e.State == stateCancelled {
		return ErrQueryCancelled
	}
	return nil
}

// ScanLimitError reports a query stopped by the bytes-scanned guard. It wraps
// ErrScanLimit.
type ScanLimitError struct {
	QueryID string
	// Limit is Options.MaxBytesScanned.
	Limit int64
	// Scanned is the running DataScannedInBytes that crossed the limit.
	Scanned int64
}

// Error names both numbers in human and exact form, so the user can tell how
// far over the limit the query was and pick a narrower time range.
func (e *ScanLimitError) Error() string {
	return fmt.Sprintf("athena query %s stopped: it had scanned %s (%d bytes), more than the limit of %s (%d bytes); narrow the time range or add partition filters",
		e.QueryID, humanBytes(e.Scanned), e.Scanned, humanBytes(e.Limit), e.Limit)
}

// Unwrap returns ErrScanLimit.
func (e *ScanLimitError) Unwrap() error { return ErrScanLimit }

// humanBytes renders n with binary units (Athena bills per MB scanned, the
// console shows binary units).
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// IsUserError reports whether err was caused by the query or the
// configuration rather than by the plugin or AWS: a FAILED query in Athena's
// USER category, syntax errors, missing tables, access denied and Lake
// Formation permission errors, invalid requests, bad credentials, and the
// scan guard. The plugin marks these as downstream errors. Throttling and
// system-category failures are not user errors.
func IsUserError(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrScanLimit) || errors.Is(err, ErrEmptyQuery) {
		return true
	}
	var qe *QueryError
	if errors.As(err, &qe) {
		switch qe.ErrorCategory {
		case ErrorCategoryUser:
			return true
		case ErrorCategorySystem:
			return false
		}
		return looksLikeUserMessage(qe.Reason)
	}
	if IsThrottle(err) {
		return false
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "InvalidRequestException", "ValidationException", "ResourceNotFoundException",
			"AccessDeniedException", "AccessDenied", "UnrecognizedClientException",
			"InvalidSignatureException", "ExpiredTokenException", "InvalidClientTokenId":
			return true
		}
		return looksLikeUserMessage(api.ErrorMessage())
	}
	return false
}

// userMessageMarkers are fragments of Athena/Trino/Glue/Lake Formation
// messages that point at the query or at permissions, lower-cased.
var userMessageMarkers = []string{
	"syntax_error", "mismatched input", "access denied", "accessdenied",
	"not authorized", "insufficient lake formation permission", "insufficient permissions",
	"permission denied", "table_not_found", "column_not_found", "schema_not_found",
	"does not exist", "cannot be resolved", "not found",
}

func looksLikeUserMessage(msg string) bool {
	msg = strings.ToLower(msg)
	for _, m := range userMessageMarkers {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}
