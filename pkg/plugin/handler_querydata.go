package plugin

import (
	"context"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// QueryData runs the queries of one request in parallel, all at once: a
// dashboard's panels arrive as separate requests, but one panel (or one
// alert rule) may hold several queries. The only bound is the datasource's
// admission control (maxInFlightQueries, admission.go), which every query
// of every request shares, so a panel is never held below it by a
// per-request cap (the old maxConcurrentQueries is ignored).
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	if req.Headers[backend.FromAlertHeaderName] != "" {
		ctx = withAlertEvaluation(ctx)
	}
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for _, q := range req.Queries {
		wg.Add(1)
		go func(q backend.DataQuery) {
			defer wg.Done()
			r := d.runQuery(ctx, q)
			mu.Lock()
			resp.Responses[q.RefID] = r
			mu.Unlock()
		}(q)
	}
	wg.Wait()
	// After the answers, not before: the refresh neither delays this
	// request's Athena calls nor competes with them.
	d.refreshLake(ctx)
	d.checkResultReuse()
	return resp, nil
}

// alertKey marks a context as an alert rule evaluation.
type alertKey struct{}

// withAlertEvaluation marks ctx as an alert evaluation: Grafana sets the
// FromAlert header on the QueryDataRequest of every rule it evaluates.
func withAlertEvaluation(ctx context.Context) context.Context {
	return context.WithValue(ctx, alertKey{}, true)
}

// isAlertEvaluation reports a context marked by withAlertEvaluation.
func isAlertEvaluation(ctx context.Context) bool {
	v, _ := ctx.Value(alertKey{}).(bool)
	return v
}
