package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
	"github.com/seclake/securitylake-datasource/internal/athenaemu"
)

// maxBody bounds request bodies, like Grafana's own limits on these routes.
const maxBody = 4 << 20

// pluginHost is the part of grafanahost.Host the bridge uses.
type pluginHost interface {
	CallResourceChunks(ctx context.Context, ds grafanahost.DS, r grafanahost.ResourceRequest) ([]*pluginv2.CallResourceResponse, error)
	CheckHealth(ctx context.Context, ds grafanahost.DS) (*pluginv2.CheckHealthResponse, error)
	QueryDataRequest(ctx context.Context, ds grafanahost.DS, queries ...grafanahost.Query) (*pluginv2.QueryDataRequest, error)
	Data() grpcplugin.DataClient
}

// bridge serves Grafana's HTTP API routes a datasource's frontend calls,
// answered by the plugin binary over the plugin protocol:
//
//	GET|POST /api/datasources/uid/<uid>/resources/<path>  → CallResource
//	GET      /api/datasources/uid/<uid>/health            → CheckHealth
//	PUT      /api/datasources/uid/<uid>                   → new settings (settings.go)
//	POST     /api/ds/query                                → QueryData
//	GET      /api/bridge/queries                          → the fixture's Athena queries
//
// and the test page's static files at /.
type bridge struct {
	host    pluginHost
	static  string
	verbose bool
	// fixture is the in-process Athena emulator (nil with -endpoint).
	fixture *athenaemu.CannedServer

	mu sync.Mutex
	// ds is the datasource as last saved (settings.go); base is the
	// jsonData the bridge started with; version counts saves from 1.
	ds      grafanahost.DS
	base    map[string]any
	version int
}

func (b *bridge) handler() http.Handler {
	mux := http.NewServeMux()
	prefix := "/api/datasources/uid/" + b.ds.UID
	mux.HandleFunc(prefix+"/resources/{path...}", b.resource)
	mux.HandleFunc("GET "+prefix+"/health", b.health)
	mux.HandleFunc("PUT /api/datasources/uid/"+b.ds.UID, b.save)
	mux.HandleFunc("POST /api/ds/query", b.query)
	mux.HandleFunc("GET /api/bridge/queries", b.queries)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "the bridge does not serve " + r.URL.Path})
	})
	if b.static != "" {
		files := http.FileServer(http.Dir(b.static))
		mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			files.ServeHTTP(w, r)
		}))
	}
	return b.logRequests(mux)
}

// logRequests logs method, path and duration with -v; never bodies, so
// nothing the page sends can leak into logs.
func (b *bridge) logRequests(next http.Handler) http.Handler {
	if !b.verbose {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		log.Printf("%s %s (%s)", r.Method, r.URL.Path, time.Since(start).Round(time.Millisecond))
	})
}

// resource forwards a resource call; status, headers and body come from the
// plugin's (streamed) answer.
func (b *bridge) resource(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
		return
	}
	path := r.PathValue("path")
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	headers := map[string][]string{}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		headers["Content-Type"] = []string{ct}
	}
	chunks, err := b.host.CallResourceChunks(r.Context(), b.current(), grafanahost.ResourceRequest{Method: r.Method, Path: path, Headers: headers, Body: body})
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"message": "plugin: " + err.Error()})
		return
	}
	for k, vs := range chunks[0].GetHeaders() {
		for _, v := range vs.GetValues() {
			w.Header().Add(k, v)
		}
	}
	status := int(chunks[0].GetCode())
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	for _, c := range chunks {
		_, _ = w.Write(c.GetBody())
	}
}

// health answers like Grafana's health route: 200 with {status, message}
// when OK, 400 otherwise.
func (b *bridge) health(w http.ResponseWriter, r *http.Request) {
	res, err := b.host.CheckHealth(r.Context(), b.current())
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"status": "ERROR", "message": "plugin: " + err.Error()})
		return
	}
	status := http.StatusOK
	if res.GetStatus() != pluginv2.CheckHealthResponse_OK {
		status = http.StatusBadRequest
	}
	body := map[string]any{"status": res.GetStatus().String(), "message": res.GetMessage()}
	if len(res.GetJsonDetails()) > 0 {
		body["details"] = json.RawMessage(res.GetJsonDetails())
	}
	writeJSON(w, status, body)
}

// queryRequest is the body of POST /api/ds/query as DataSourceWithBackend
// sends it: each query is the panel's model plus datasource, intervalMs and
// maxDataPoints; from and to are epoch milliseconds as strings.
type queryRequest struct {
	Queries []json.RawMessage `json:"queries"`
	From    string            `json:"from"`
	To      string            `json:"to"`
}

// queryMeta is what the bridge reads from each query model.
type queryMeta struct {
	RefID         string  `json:"refId"`
	IntervalMs    float64 `json:"intervalMs"`
	MaxDataPoints int64   `json:"maxDataPoints"`
	QueryType     string  `json:"queryType"`
}

// parseQueryRequest turns the HTTP body into grafanahost queries.
func parseQueryRequest(raw []byte, now time.Time) ([]grafanahost.Query, error) {
	var req queryRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, fmt.Errorf("the body must be {queries, from, to}: %w", err)
	}
	if len(req.Queries) == 0 {
		return nil, errors.New("no queries")
	}
	to, err := epochMs(req.To, now)
	if err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	from, err := epochMs(req.From, to.Add(-time.Hour))
	if err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	out := make([]grafanahost.Query, 0, len(req.Queries))
	for i, q := range req.Queries {
		var m queryMeta
		if err := json.Unmarshal(q, &m); err != nil {
			return nil, fmt.Errorf("query %d: %w", i, err)
		}
		out = append(out, grafanahost.Query{RefID: m.RefID, JSON: q, From: from, To: to,
			Interval: time.Duration(m.IntervalMs * float64(time.Millisecond)), MaxDataPoints: m.MaxDataPoints, QueryType: m.QueryType})
	}
	return out, nil
}

// epochMs parses Grafana's from/to (epoch milliseconds); empty means def.
func epochMs(s string, def time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return def, fmt.Errorf("%q is not epoch milliseconds (relative times such as now-1h are resolved by the frontend)", s)
	}
	return time.UnixMilli(ms).UTC(), nil
}

// query runs QueryData and answers in Grafana's JSON shape
// ({"results": {"A": {"status", "frames", "error", "errorSource"}}}), written
// by the SDK's own QueryDataResponse marshalling. As in Grafana without the
// multi-status feature, the status is 400 when any query failed.
func (b *bridge) query(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
		return
	}
	queries, err := parseQueryRequest(raw, time.Now())
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
		return
	}
	req, err := b.host.QueryDataRequest(r.Context(), b.current(), queries...)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
		return
	}
	resp, err := b.host.Data().QueryData(r.Context(), req)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"message": "plugin: " + err.Error()})
		return
	}
	qdr, err := backend.FromProto().QueryDataResponse(resp)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "decoding frames: " + err.Error()})
		return
	}
	status := http.StatusOK
	for _, dr := range qdr.Responses {
		if dr.Error != nil {
			status = http.StatusBadRequest
		}
	}
	body, err := json.Marshal(qdr)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "encoding frames: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
