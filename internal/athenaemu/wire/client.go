package wire

import (
	"context"
	"io"
	"net/http"
	"strings"
)

// Call sends one raw, unsigned request to the Athena endpoint at url —
// method, X-Amz-Target target (none when "") and body — and returns the
// HTTP status and the reply body. It is for tests and probes that need what
// the SDK client never sends: malformed bodies, unknown operations, other
// methods.
func Call(ctx context.Context, method, url, target, body string) (status int, reply []byte, err error) {
	req, err := http.NewRequestWithContext(ctx, method, url+"/", strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	req.Header.Set("Content-Type", ContentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	reply, err = io.ReadAll(resp.Body)
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	return resp.StatusCode, reply, err
}
