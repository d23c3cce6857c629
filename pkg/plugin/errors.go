package plugin

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/clip"
)

// userError marks a mistake in the query or the settings: Grafana shows it
// as a downstream (not plugin) error with status 400.
type userError struct{ err error }

func (e userError) Error() string { return e.err.Error() }
func (e userError) Unwrap() error { return e.err }

// badQuery wraps err as a user error.
func badQuery(err error) error { return userError{err} }

// maxErrorText bounds an error message shown to the user: Athena's own
// words plus the few values quoted in it, each already clipped, never the
// whole of a huge input.
const maxErrorText = 900

// classify is the one decision of status and error source for queries and
// editor routes: downstream for everything the user, Athena, AWS, the
// network or the caller caused, with the status that names it (400, 429,
// 502, 503, 504), and a plugin error (500) only for the plugin's own
// faults (see athena.Classify).
func classify(err error) (backend.Status, backend.ErrorSource) {
	var ue userError
	if errors.As(err, &ue) {
		return backend.StatusBadRequest, backend.ErrorSourceDownstream
	}
	k := athena.Classify(err)
	if k == athena.KindInternal && backend.IsDownstreamError(err) {
		// Settings and credential errors the executor could not reach
		// Athena with: the datasource's configuration is at fault.
		return backend.StatusBadRequest, backend.ErrorSourceDownstream
	}
	if !k.Downstream() {
		return backend.StatusInternal, backend.ErrorSourcePlugin
	}
	return backend.Status(k.Status()), backend.ErrorSourceDownstream
}

// errorText is err's message for the user, bounded, with a hint for the
// kinds where the user can do something.
func errorText(err error, timeoutSeconds int) string {
	msg := clip.N(err.Error(), maxErrorText)
	switch athena.Classify(err) {
	case athena.KindTimeout:
		return fmt.Sprintf("the query did not finish within %d s (queryTimeoutSeconds); narrow the time range or add filters. %s", timeoutSeconds, msg)
	case athena.KindThrottled:
		return "Athena is throttling requests (too many at once); retry in a moment or lower maxConcurrentQueries. " + msg
	}
	return msg
}

// errorResponse is the DataResponse of a failed query.
func errorResponse(err error, timeoutSeconds int) backend.DataResponse {
	status, source := classify(err)
	return backend.ErrDataResponseWithSource(status, source, errorText(err, timeoutSeconds))
}

// httpStatus is classify's status for an editor route.
func httpStatus(err error) int {
	status, _ := classify(err)
	if status == 0 {
		return http.StatusInternalServerError
	}
	return int(status)
}
