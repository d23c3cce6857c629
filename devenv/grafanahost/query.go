package grafanahost

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// Grafana's query service defaults for fields a panel leaves out.
const (
	// DefaultInterval is Grafana's intervalMs default (1000).
	DefaultInterval = time.Second
	// DefaultMaxDataPoints is Grafana's maxDataPoints default.
	DefaultMaxDataPoints int64 = 100
	// DefaultRange is the time range used when a Query has none: the
	// dashboard default "Last 1 hour".
	DefaultRange = time.Hour
)

// Query is one panel query in plain Go values.
type Query struct {
	// RefID names the query; empty gets "A", "B", … by position.
	RefID string
	// JSON is the query model: []byte, json.RawMessage and string verbatim,
	// anything else JSON-encoded. If it is an object, the keys Grafana's
	// frontend adds (refId, datasource, intervalMs, maxDataPoints) are filled
	// in where missing, so a plugin reading them from JSON sees them.
	JSON any
	// From and To bound the time range: zero To means now, zero From means
	// an hour before To.
	From, To time.Time
	// Interval is the panel interval; zero means DefaultInterval.
	Interval time.Duration
	// MaxDataPoints is the panel width in points; zero means DefaultMaxDataPoints.
	MaxDataPoints int64
	// QueryType is DataQuery.QueryType.
	QueryType string
}

// Response is one query's answer with its frames decoded.
type Response struct {
	// Frames are the decoded data frames.
	Frames data.Frames
	// Error is the query's error message, empty on success.
	Error string
	// Status is the HTTP-like status the plugin set (0 when unset).
	Status int32
	// ErrorSource is "plugin" or "downstream" for errors, else empty.
	ErrorSource string
}

// QueryData sends queries for ds the way Grafana's query service does and
// decodes every response's frames. A per-query failure is a Response with
// Error set; err is only for transport or decoding failures. Per-call headers
// (e.g. ContextFromAlert) and user come from ctx.
func (h *Host) QueryData(ctx context.Context, ds DS, queries ...Query) (map[string]Response, error) {
	req, err := h.QueryDataRequest(ctx, ds, queries...)
	if err != nil {
		return nil, err
	}
	resp, err := h.data.QueryData(ctx, req)
	if err != nil {
		return nil, callErr(ctx, "QueryData", err)
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) || ctx.Err() != nil {
		// The plugin answered as the deadline passed (it saw the deadline
		// gRPC forwards); Grafana has given up on the request by then.
		cause := ctx.Err()
		if cause == nil {
			cause = context.DeadlineExceeded
		}
		return nil, fmt.Errorf("grafanahost: QueryData: %w", cause)
	}
	return DecodeQueryDataResponse(resp)
}

// QueryDataRequest builds the request QueryData would send, for tests that
// need to tweak it and call Host.Data directly.
func (h *Host) QueryDataRequest(ctx context.Context, ds DS, queries ...Query) (*pluginv2.QueryDataRequest, error) {
	pc, err := h.PluginContext(ctx, ds)
	if err != nil {
		return nil, err
	}
	// One "now" per request, as the dashboard resolves "now-1h" once.
	now := time.Now()
	req := &pluginv2.QueryDataRequest{
		PluginContext: pc,
		Headers:       headersFrom(ctx),
		Queries:       make([]*pluginv2.DataQuery, 0, len(queries)),
	}
	for i, q := range queries {
		dq, err := h.dataQuery(i, q, ds, now)
		if err != nil {
			return nil, err
		}
		req.Queries = append(req.Queries, dq)
	}
	return req, nil
}

func (h *Host) dataQuery(i int, q Query, ds DS, now time.Time) (*pluginv2.DataQuery, error) {
	if q.RefID == "" {
		q.RefID = refID(i)
	}
	if q.To.IsZero() {
		q.To = now
	}
	if q.From.IsZero() {
		q.From = q.To.Add(-DefaultRange)
	}
	if q.Interval <= 0 {
		q.Interval = DefaultInterval
	}
	if q.MaxDataPoints <= 0 {
		q.MaxDataPoints = DefaultMaxDataPoints
	}
	model, err := encodeJSON(q.JSON)
	if err != nil {
		return nil, fmt.Errorf("grafanahost: encode query %s: %w", q.RefID, err)
	}
	model = h.fillQueryModel(model, q, ds)
	return &pluginv2.DataQuery{
		RefId:         q.RefID,
		MaxDataPoints: q.MaxDataPoints,
		IntervalMS:    q.Interval.Milliseconds(),
		TimeRange: &pluginv2.TimeRange{
			FromEpochMS: q.From.UnixMilli(),
			ToEpochMS:   q.To.UnixMilli(),
		},
		Json:      model,
		QueryType: q.QueryType,
	}, nil
}

// fillQueryModel adds the keys Grafana's frontend always puts in a query
// model. Non-object JSON is passed through untouched so that tests can send
// deliberately malformed models.
func (h *Host) fillQueryModel(model []byte, q Query, ds DS) []byte {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(model, &obj); err != nil || obj == nil {
		return model
	}
	set := func(k string, v any) {
		if _, ok := obj[k]; ok {
			return
		}
		if b, err := json.Marshal(v); err == nil {
			obj[k] = b
		}
	}
	set("refId", q.RefID)
	set("datasource", map[string]string{"type": h.cfg.pluginID, "uid": ds.UID})
	set("intervalMs", q.Interval.Milliseconds())
	set("maxDataPoints", q.MaxDataPoints)
	if q.QueryType != "" {
		set("queryType", q.QueryType)
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return model
	}
	return out
}

// refID names the i-th query like Grafana's panel editor: A…Z, then AA, AB…
func refID(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// DecodeQueryDataResponse decodes every response's frames, Arrow or JSON as
// the plugin chose.
func DecodeQueryDataResponse(resp *pluginv2.QueryDataResponse) (map[string]Response, error) {
	out := make(map[string]Response, len(resp.GetResponses()))
	for ref, dr := range resp.GetResponses() {
		frames, err := decodeFrames(dr)
		if err != nil {
			return nil, fmt.Errorf("grafanahost: decode frames of %s: %w", ref, err)
		}
		out[ref] = Response{
			Frames:      frames,
			Error:       dr.GetError(),
			Status:      dr.GetStatus(),
			ErrorSource: dr.GetErrorSource(),
		}
	}
	return out, nil
}

func decodeFrames(dr *pluginv2.DataResponse) (data.Frames, error) {
	if len(dr.GetFrames()) == 0 {
		return nil, nil
	}
	if dr.GetFormat() == pluginv2.DataFrameFormat_JSON {
		frames := make(data.Frames, 0, len(dr.GetFrames()))
		for _, b := range dr.GetFrames() {
			f := &data.Frame{}
			if err := json.Unmarshal(b, f); err != nil {
				return nil, err
			}
			frames = append(frames, f)
		}
		return frames, nil
	}
	return data.UnmarshalArrowFrames(dr.GetFrames())
}
