package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// userError marks a mistake in the query or the settings: Grafana shows it
// as a downstream (not plugin) error with status 400.
type userError struct{ err error }

func (e userError) Error() string { return e.err.Error() }
func (e userError) Unwrap() error { return e.err }

// badQuery wraps err as a user error.
func badQuery(err error) error { return userError{err} }

// errorResponse decides status and error source in one place, so every
// handler classifies errors the same way.
func errorResponse(err error, timeoutSeconds int) backend.DataResponse {
	var ue userError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream,
			fmt.Sprintf("the query did not finish within %d s (queryTimeoutSeconds); narrow the time range or add filters. %s", timeoutSeconds, err.Error()))
	case errors.Is(err, context.Canceled):
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, "the query was cancelled")
	case errors.As(err, &ue), athena.IsUserError(err), backend.IsDownstreamError(err):
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	default:
		return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, err.Error())
	}
}
