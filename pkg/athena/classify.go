package athena

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Kind says who caused an error and how a caller should answer it. Every
// kind but KindInternal is downstream: Athena, AWS, the network, the
// caller or the user's query caused it, not the plugin.
type Kind int

// Kinds, with the HTTP status Status gives them.
const (
	// KindInternal is the plugin's own fault (500).
	KindInternal Kind = iota
	// KindUser is the user's query or settings: a FAILED query in Athena's
	// USER category, syntax and validation errors, missing tables, access
	// denied, bad credentials, the scan guard (400).
	KindUser
	// KindThrottled is Athena asking the caller to slow down, after the
	// retry policy gave up (429).
	KindThrottled
	// KindUnavailable is Athena saying it cannot serve now (HTTP 503,
	// ServiceUnavailable, a FAILED query Athena marks retryable that failed
	// again) (503).
	KindUnavailable
	// KindBadGateway is Athena failing (5xx, a FAILED query in its SYSTEM
	// category), answering something that does not parse or breaks off,
	// or the network in between failing (502).
	KindBadGateway
	// KindTimeout is a deadline that passed (504).
	KindTimeout
	// KindCancelled is the caller's context cancelled (the panel closed,
	// Grafana dropped the request), or the query cancelled in Athena by
	// someone else (400).
	KindCancelled
)

// Status is the HTTP status that answers an error of kind k.
func (k Kind) Status() int {
	switch k {
	case KindUser, KindCancelled:
		return http.StatusBadRequest
	case KindThrottled:
		return http.StatusTooManyRequests
	case KindUnavailable:
		return http.StatusServiceUnavailable
	case KindBadGateway:
		return http.StatusBadGateway
	case KindTimeout:
		return http.StatusGatewayTimeout
	}
	return http.StatusInternalServerError
}

// Downstream reports whether k is caused outside the plugin.
func (k Kind) Downstream() bool { return k != KindInternal }

// String names k for logs.
func (k Kind) String() string {
	return [...]string{"internal", "user", "throttled", "unavailable", "bad_gateway", "timeout", "cancelled"}[k]
}

// Classify decides the Kind of err, in one place for queries, health checks
// and editor routes. Errors it does not recognise are KindInternal: only
// the plugin's own faults should end up there.
func Classify(err error) Kind {
	var (
		qe   *QueryError
		api  smithy.APIError
		resp *smithyhttp.ResponseError
	)
	switch {
	case err == nil:
		return KindInternal
	case errors.Is(err, context.DeadlineExceeded):
		return KindTimeout
	case errors.Is(err, context.Canceled), errors.Is(err, ErrQueryCancelled):
		return KindCancelled
	case errors.Is(err, ErrScanLimit), errors.Is(err, ErrEmptyQuery):
		return KindUser
	case errors.As(err, &qe):
		return classifyFailed(qe)
	case isThrottleCode(err):
		return KindThrottled
	case errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusServiceUnavailable:
		return KindUnavailable
	case errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusTooManyRequests:
		return KindThrottled
	case errors.As(err, &resp) && resp.HTTPStatusCode() >= 500:
		return KindBadGateway
	case errors.As(err, &api):
		// Athena answered with a 4xx error: it rejected the request as
		// made (invalid, denied, not found), which the user can act on.
		switch api.ErrorCode() {
		case "InternalServerException", "InternalFailure", "InternalError":
			return KindBadGateway
		case "ServiceUnavailable", "ServiceUnavailableException":
			return KindUnavailable
		}
		return KindUser
	case IsGarbled(err):
		return KindBadGateway
	case isNetwork(err):
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return KindTimeout
		}
		return KindBadGateway
	}
	return KindInternal
}

// classifyFailed classifies a FAILED or CANCELLED query by Athena's own
// error category.
func classifyFailed(qe *QueryError) Kind {
	if qe.State == stateCancelled {
		return KindCancelled
	}
	switch qe.ErrorCategory {
	case ErrorCategoryUser:
		return KindUser
	case ErrorCategorySystem:
		if qe.Retryable {
			return KindUnavailable
		}
		return KindBadGateway
	}
	if looksLikeUserMessage(qe.Reason) {
		return KindUser
	}
	if qe.Retryable {
		return KindUnavailable
	}
	return KindBadGateway
}

// isThrottleCode is IsThrottle without the bare HTTP 503, which Classify
// reports as KindUnavailable.
func isThrottleCode(err error) bool {
	var resp *smithyhttp.ResponseError
	if errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusServiceUnavailable {
		var api smithy.APIError
		if !errors.As(err, &api) || !strings.Contains(strings.ToLower(api.ErrorCode()), "throttl") && api.ErrorCode() != "SlowDown" {
			return false
		}
	}
	return IsThrottle(err)
}

// IsGarbled reports whether err is an answer that arrived but could not be
// read: a body that does not parse (malformed) or that broke off halfway
// (truncated). Reads are safe to ask again once when that happens.
func IsGarbled(err error) bool {
	var de *smithy.DeserializationError
	return errors.As(err, &de) || errors.Is(err, io.ErrUnexpectedEOF)
}

// isNetwork reports a failure to reach Athena or to get its answer.
func isNetwork(err error) bool {
	var (
		send *smithyhttp.RequestSendError
		ne   net.Error
	)
	return errors.As(err, &send) || errors.As(err, &ne) || errors.Is(err, io.EOF)
}
