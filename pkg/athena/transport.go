package athena

import (
	"bytes"
	"io"
	"net/http"

	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
)

// bufferedBodyClient gives net/http a private copy of each request body.
//
// Why: aws-sdk-go-v2 hands net/http a body wrapper that reports io.EOF as an
// error once the SDK has closed it, and the SDK closes it as soon as the
// response has arrived. If the response beats net/http's write loop — which
// reads the body once more after Content-Length bytes to check for extra
// data — the write loop sees that error and closes the connection while the
// response body is still being read: "deserialization failed … use of
// closed network connection", retried after a backoff
// (aws/aws-sdk-go-v2#2737, #1825). It strikes fast endpoints and loaded
// hosts: against the Athena emulator with no response delay, 141 of 1,200
// full GetQueryResults pages failed that way on a busy 2-core machine; with
// this wrapper none did. Athena request bodies are small JSON (a query is
// at most 256 KiB), so the copy costs nothing measurable.
type bufferedBodyClient struct {
	next athenasdk.HTTPClient
}

// Do implements athenasdk.HTTPClient.
func (c bufferedBodyClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return c.next.Do(req)
	}
	body, err := io.ReadAll(req.Body)
	_ = req.Body.Close() // what net/http would have done after sending it
	if err != nil {
		return nil, err
	}
	// The SDK builds a new *http.Request for every attempt, so replacing
	// its body here affects only this attempt.
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return c.next.Do(req)
}
