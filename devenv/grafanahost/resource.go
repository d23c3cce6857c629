package grafanahost

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// CheckHealth runs the data source's "Save & test" check.
func (h *Host) CheckHealth(ctx context.Context, ds DS) (*pluginv2.CheckHealthResponse, error) {
	pc, err := h.PluginContext(ctx, ds)
	if err != nil {
		return nil, err
	}
	resp, err := h.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{
		PluginContext: pc,
		Headers:       headersFrom(ctx),
	})
	if err != nil {
		return nil, callErr(ctx, "CheckHealth", err)
	}
	return resp, nil
}

// ResourceRequest is one call to a plugin resource route.
type ResourceRequest struct {
	// Method is the HTTP method; empty means GET.
	Method string
	// Path is the route below the data source's resources/ URL, optionally
	// with a query string, e.g. "tables?db=x". A leading "/" is ignored.
	Path string
	// Headers are request headers, merged over the per-call context headers.
	// A body without Content-Type is sent as application/json, like the
	// frontend's backendSrv does.
	Headers map[string][]string
	// Body is the request body.
	Body []byte
}

// CallResource calls a resource route as the frontend would through
// /api/datasources/uid/<uid>/resources/<path>. The response is server
// streamed; status and headers come from the first message and the body is
// every message's body concatenated.
func (h *Host) CallResource(ctx context.Context, ds DS, method, path string, body []byte) (status int, headers map[string][]string, respBody []byte, err error) {
	chunks, err := h.CallResourceChunks(ctx, ds, ResourceRequest{Method: method, Path: path, Body: body})
	if err != nil {
		return 0, nil, nil, err
	}
	first := chunks[0]
	headers = make(map[string][]string, len(first.GetHeaders()))
	for k, v := range first.GetHeaders() {
		headers[k] = v.GetValues()
	}
	for _, c := range chunks {
		respBody = append(respBody, c.GetBody()...)
	}
	return int(first.GetCode()), headers, respBody, nil
}

// CallResourceChunks is CallResource returning the raw messages, for tests
// that care how the plugin streamed its answer. It never returns an empty
// slice without an error.
func (h *Host) CallResourceChunks(ctx context.Context, ds DS, r ResourceRequest) ([]*pluginv2.CallResourceResponse, error) {
	pc, err := h.PluginContext(ctx, ds)
	if err != nil {
		return nil, err
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	path := strings.TrimPrefix(r.Path, "/")
	route, _, _ := strings.Cut(path, "?")
	hdrs := make(map[string]*pluginv2.StringList, len(r.Headers))
	for k, v := range headersFrom(ctx) {
		hdrs[k] = &pluginv2.StringList{Values: []string{v}}
	}
	for k, v := range r.Headers {
		hdrs[k] = &pluginv2.StringList{Values: append([]string(nil), v...)}
	}
	// The frontend's backendSrv posts JSON; say so unless the test did.
	if !hasHeader(hdrs, "Content-Type") && len(r.Body) > 0 {
		hdrs["Content-Type"] = &pluginv2.StringList{Values: []string{"application/json"}}
	}
	req := &pluginv2.CallResourceRequest{
		PluginContext: pc,
		Method:        method,
		// Grafana sends the route without the prefix in Path and the
		// frontend's full URL (with query string) in Url; the SDK's
		// httpadapter routes on Path and takes the query from Url.
		Path:    route,
		Url:     "/api/datasources/uid/" + pc.GetDataSourceInstanceSettings().GetUid() + "/resources/" + path,
		Headers: hdrs,
		Body:    r.Body,
	}
	stream, err := h.resource.CallResource(ctx, req)
	if err != nil {
		return nil, callErr(ctx, "CallResource", err)
	}
	var chunks []*pluginv2.CallResourceResponse
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, callErr(ctx, "CallResource "+route, err)
		}
		chunks = append(chunks, msg)
	}
	if len(chunks) == 0 {
		return nil, callErr(ctx, "CallResource "+route, errors.New("plugin sent no response"))
	}
	return chunks, nil
}

// hasHeader reports whether hdrs has name in any letter case.
func hasHeader(hdrs map[string]*pluginv2.StringList, name string) bool {
	for k := range hdrs {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}
