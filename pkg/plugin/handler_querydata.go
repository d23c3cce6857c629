package plugin

import (
	"context"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// QueryData runs the queries of one request in parallel, at most
// MaxConcurrentQueries at a time: a dashboard's panels arrive as separate
// requests, but one panel (or one alert rule) may hold several queries.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	limit := d.settings.MaxConcurrentQueries
	if limit < 1 {
		limit = 1
	}
	sem := make(chan struct{}, limit)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for _, q := range req.Queries {
		wg.Add(1)
		go func(q backend.DataQuery) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				mu.Lock()
				resp.Responses[q.RefID] = errorResponse(ctx.Err(), d.settings.QueryTimeoutSeconds)
				mu.Unlock()
				return
			}
			r := d.runQuery(ctx, q)
			mu.Lock()
			resp.Responses[q.RefID] = r
			mu.Unlock()
		}(q)
	}
	wg.Wait()
	return resp, nil
}
