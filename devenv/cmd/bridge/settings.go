package main

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

// The config editor saves the settings before it loads a list (catalogs,
// databases, workgroups), with Grafana's
//
//	PUT /api/datasources/uid/<uid>   {jsonData, secureJsonData, …}
//
// The bridge answers like Grafana: the new settings replace the old (the
// secrets sent are added to those kept), the version goes up, and the
// plugin gets a fresh instance for them (grafanahost stamps the settings
// by content). The keys the bridge started with (the -jsondata file's
// too) stay under what the page sends, and the connection is the
// bridge's whatever the page holds (connectionKeys): the page does not
// know the fixture's address, and the fixture accepts only its own keys
// (the browser test tries other auth types without saving them).

// connectionKeys are the jsonData keys a save never changes: the bridge's
// values are kept, and keys it started without are dropped.
var connectionKeys = []string{"authType", "endpoint", "s3Endpoint", "assumeRoleArn", "externalId", "profile"}

// saveRequest is the part of the page's DataSourceSettings the bridge keeps.
type saveRequest struct {
	JSONData       map[string]any    `json:"jsonData"`
	SecureJSONData map[string]string `json:"secureJsonData"`
}

// current is the datasource as last saved.
func (b *bridge) current() grafanahost.DS {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ds
}

func (b *bridge) save(w http.ResponseWriter, r *http.Request) {
	var req saveRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "the body must be the data source settings: " + err.Error()})
		return
	}
	b.mu.Lock()
	if b.base == nil {
		b.base = map[string]any{}
		if m, ok := b.ds.JSONData.(map[string]any); ok {
			maps.Copy(b.base, m)
		}
	}
	jsonData := maps.Clone(b.base)
	maps.Copy(jsonData, req.JSONData)
	for _, k := range connectionKeys {
		if v, ok := b.base[k]; ok {
			jsonData[k] = v
		} else {
			delete(jsonData, k)
		}
	}
	secure := maps.Clone(b.ds.DecryptedSecureJSONData)
	if secure == nil {
		secure = map[string]string{}
	}
	for k, v := range req.SecureJSONData {
		if v != "" {
			secure[k] = v
		}
	}
	b.ds.JSONData = jsonData
	b.ds.DecryptedSecureJSONData = secure
	b.version++
	version := b.version + 1
	ds := b.ds
	b.mu.Unlock()
	// Never echo secrets: the answer carries the non-secret settings only.
	writeJSON(w, http.StatusOK, map[string]any{
		"message":    "Datasource updated",
		"datasource": map[string]any{"uid": ds.UID, "name": ds.Name, "version": version, "jsonData": req.JSONData},
	})
}

// queries lists the fixture's Athena queries (GET /api/bridge/queries):
// the browser test reads whether a stopped query got StopQueryExecution.
func (b *bridge) queries(w http.ResponseWriter, _ *http.Request) {
	if b.fixture == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "no in-process fixture (-endpoint is set)"})
		return
	}
	type query struct {
		SQL     string `json:"sql"`
		State   string `json:"state"`
		Stopped bool   `json:"stopped"`
	}
	out := []query{}
	for _, q := range b.fixture.Queries() {
		out = append(out, query{SQL: q.SQL, State: q.State, Stopped: q.Stopped})
	}
	writeJSON(w, http.StatusOK, out)
}
