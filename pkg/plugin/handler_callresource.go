package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"
)

// CallResource serves the editor's routes (resources.go). Routes never run
// SQL from the browser: the editor sends a typed request, the backend writes
// the (bounded, partition-filtered) SQL.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return httpadapter.New(d.routes()).CallResource(ctx, req, sender)
}

func (d *Datasource) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /regions", d.handle(d.regions))
	mux.HandleFunc("GET /lake", d.handle(d.lakeInfo))
	mux.HandleFunc("GET /sources", d.handle(d.sources))
	mux.HandleFunc("GET /classes", d.handle(d.classes))
	mux.HandleFunc("GET /fields", d.handle(d.fields))
	mux.HandleFunc("GET /macros", d.handle(d.macroList))
	mux.HandleFunc("POST /sql", d.handle(d.previewSQL))
	mux.HandleFunc("GET /values", d.handle(d.values))
	mux.HandleFunc("GET /catalogs", d.handle(d.catalogs))
	mux.HandleFunc("GET /databases", d.handle(d.databases))
	mux.HandleFunc("GET /workgroups", d.handle(d.workgroups))
	return mux
}

// routeFunc returns a JSON-encodable body or an error.
type routeFunc func(ctx context.Context, r *http.Request) (any, error)

// handle writes JSON; an error becomes {"error": message} with the status
// errors.go gives it (400 for the user's mistakes, 429/502/503/504 for
// Athena's, 500 only for the plugin's own).
func (d *Datasource) handle(f routeFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		body, err := f(r.Context(), r)
		if err != nil {
			w.WriteHeader(httpStatus(err))
			_ = json.NewEncoder(w).Encode(map[string]string{"error": errorText(err, d.settings.QueryTimeoutSeconds)})
			return
		}
		_ = json.NewEncoder(w).Encode(body)
	}
}

// rangeParams reads from/to (epoch ms) with a default of the last 24 hours.
func (d *Datasource) rangeParams(r *http.Request) (time.Time, time.Time, error) {
	to := d.now().UTC()
	from := to.Add(-24 * time.Hour)
	parse := func(key string, def time.Time) (time.Time, error) {
		v := r.URL.Query().Get(key)
		if v == "" {
			return def, nil
		}
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return def, badQuery(fmt.Errorf("%s must be epoch milliseconds", key))
		}
		return time.UnixMilli(ms).UTC(), nil
	}
	var err error
	if from, err = parse("from", from); err != nil {
		return from, to, err
	}
	to, err = parse("to", to)
	return from, to, err
}

// intParam reads a bounded integer parameter.
func intParam(r *http.Request, key string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badQuery(fmt.Errorf("%s must be a whole number from %d to %d", key, lo, hi))
	}
	return n, nil
}
