package main

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// queryModel is the test plugin's query JSON.
type queryModel struct {
	// Fail makes the query fail with this message.
	Fail string `json:"fail"`
	// Status is the status for a failing query (default 400).
	Status int `json:"status"`
	// Downstream marks the failure as the downstream service's fault.
	Downstream bool `json:"downstream"`
	// SleepMS delays the answer, honouring cancellation, for timeout tests.
	SleepMS int `json:"sleepMs"`
	// Crash makes the plugin process exit, for crash tests.
	Crash bool `json:"crash"`
}

// QueryData answers each query with an "echo" frame of what it received.
func (i *instance) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		resp.Responses[q.RefID] = i.query(ctx, req, q)
	}
	return resp, nil
}

func (i *instance) query(ctx context.Context, req *backend.QueryDataRequest, q backend.DataQuery) backend.DataResponse {
	var m queryModel
	if err := json.Unmarshal(q.JSON, &m); err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, "testplugin: bad query JSON: "+err.Error())
	}
	if m.Crash {
		backend.Logger.Error("testplugin crashing on request")
		os.Exit(3)
	}
	if m.SleepMS > 0 {
		select {
		case <-time.After(time.Duration(m.SleepMS) * time.Millisecond):
		case <-ctx.Done():
			backend.Logger.Info("testplugin query cancelled", "refId", q.RefID)
			return backend.ErrDataResponse(backend.StatusTimeout, "testplugin: cancelled: "+ctx.Err().Error())
		}
	}
	if m.Fail != "" {
		status := backend.Status(m.Status)
		if status == 0 {
			status = backend.StatusBadRequest
		}
		src := backend.ErrorSourcePlugin
		if m.Downstream {
			src = backend.ErrorSourceDownstream
		}
		return backend.ErrDataResponseWithSource(status, src, m.Fail)
	}
	frame := data.NewFrame("echo",
		data.NewField("time", nil, []time.Time{q.TimeRange.From, q.TimeRange.To}),
		data.NewField("refId", nil, []string{q.RefID, q.RefID}),
		data.NewField("json", nil, []string{string(q.JSON), string(q.JSON)}),
		data.NewField("queryType", nil, []string{q.QueryType, q.QueryType}),
		data.NewField("intervalMs", nil, []int64{q.Interval.Milliseconds(), q.Interval.Milliseconds()}),
		data.NewField("maxDataPoints", nil, []int64{q.MaxDataPoints, q.MaxDataPoints}),
		data.NewField("fromAlert", nil, []string{req.Headers["FromAlert"], req.Headers["FromAlert"]}),
		data.NewField("uid", nil, []string{i.settings.UID, i.settings.UID}),
	)
	frame.RefID = q.RefID
	return backend.DataResponse{Frames: data.Frames{frame}}
}
