package grafanahost

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// DS is one data source instance as Grafana stores it and sends it to the
// plugin in PluginContext.DataSourceInstanceSettings.
type DS struct {
	// UID identifies the instance; the SDK's instance manager caches per UID.
	UID string
	// Name is the display name.
	Name string
	// ID is the legacy numeric ID.
	ID int64
	// URL is the data source's URL field (unused by most AWS plugins).
	URL string
	// JSONData is the non-secret settings: []byte, json.RawMessage and string
	// are sent verbatim, nil as "{}", anything else is JSON-encoded.
	JSONData any
	// DecryptedSecureJSONData is the secret settings, already decrypted, as
	// Grafana hands them to the plugin.
	DecryptedSecureJSONData map[string]string
	// Updated is when the settings were last saved. When zero, a stable stamp
	// is derived from the settings' content: as in Grafana, where saving
	// bumps it, changed settings for one UID then get a fresh plugin instance
	// and identical settings reuse the cached one.
	Updated time.Time
}

// User is the signed-in Grafana user a request is made for.
type User struct {
	// Login is the user's login name.
	Login string
	// Name is the display name.
	Name string
	// Email is the e-mail address.
	Email string
	// Role is the org role: "Viewer", "Editor" or "Admin".
	Role string
}

// FromAlertHeader is the header Grafana's alerting engine adds to queries,
// mirrored by the SDK's backend.FromAlertHeaderName.
const FromAlertHeader = "FromAlert"

// callMetaKey keys per-call metadata in a context.
type callMetaKey struct{}

// callMeta is per-call request metadata. It travels in the context because
// the call signatures (e.g. QueryData's variadic queries) leave no room for
// per-call options.
type callMeta struct {
	headers map[string]string
	userSet bool
	user    *User
}

func metaFrom(ctx context.Context) callMeta {
	m, _ := ctx.Value(callMetaKey{}).(callMeta)
	return m
}

// ContextWithHeaders returns a context whose calls carry these request
// headers (merged with any already set), as Grafana forwards them.
func ContextWithHeaders(ctx context.Context, headers map[string]string) context.Context {
	m := metaFrom(ctx)
	merged := make(map[string]string, len(m.headers)+len(headers))
	maps.Copy(merged, m.headers)
	maps.Copy(merged, headers)
	m.headers = merged
	return context.WithValue(ctx, callMetaKey{}, m)
}

// ContextFromAlert marks calls made with the returned context as coming from
// Grafana's alerting engine (header FromAlert: true).
func ContextFromAlert(ctx context.Context) context.Context {
	return ContextWithHeaders(ctx, map[string]string{FromAlertHeader: "true"})
}

// ContextWithUser overrides the signed-in user for calls made with the
// returned context; nil sends no user.
func ContextWithUser(ctx context.Context, u *User) context.Context {
	m := metaFrom(ctx)
	m.userSet = true
	m.user = nil
	if u != nil {
		cp := *u
		m.user = &cp
	}
	return context.WithValue(ctx, callMetaKey{}, m)
}

// PluginContext builds the PluginContext Grafana would send for ds with the
// host's configuration and ctx's per-call user. Exposed for tests that call
// the raw clients (Host.Data and friends) directly.
func (h *Host) PluginContext(ctx context.Context, ds DS) (*pluginv2.PluginContext, error) {
	jsonData, err := encodeJSON(ds.JSONData)
	if err != nil {
		return nil, fmt.Errorf("grafanahost: encode jsonData of %q: %w", ds.UID, err)
	}
	updated := ds.Updated.UnixMilli()
	if ds.Updated.IsZero() {
		updated = contentStamp(ds, jsonData)
	}
	user := h.cfg.user
	if m := metaFrom(ctx); m.userSet {
		user = m.user
	}
	pc := &pluginv2.PluginContext{
		OrgId:    h.cfg.orgID,
		PluginId: h.cfg.pluginID,
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id:                      ds.ID, //nolint:staticcheck // SA1019: Grafana still sends the numeric id; so does a faithful host
			Uid:                     ds.UID,
			Name:                    ds.Name,
			Url:                     ds.URL,
			JsonData:                jsonData,
			DecryptedSecureJsonData: maps.Clone(ds.DecryptedSecureJSONData),
			LastUpdatedMS:           updated,
		},
		GrafanaConfig: maps.Clone(h.gfConfig),
		PluginVersion: h.cfg.pluginVersion,
		UserAgent:     h.cfg.userAgent(),
	}
	if user != nil {
		pc.User = &pluginv2.User{Login: user.Login, Name: user.Name, Email: user.Email, Role: user.Role}
	}
	return pc, nil
}

// headersFrom returns a copy of the per-call headers in ctx.
func headersFrom(ctx context.Context) map[string]string {
	return maps.Clone(metaFrom(ctx).headers)
}

// encodeJSON turns a JSON-ish value into bytes; empty means "{}" because
// Grafana always sends an object and plugins json.Unmarshal it unguarded.
func encodeJSON(v any) ([]byte, error) {
	var b []byte
	switch t := v.(type) {
	case nil:
	case []byte:
		b = t
	case json.RawMessage:
		b = t
	case string:
		b = []byte(t)
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			return nil, err
		}
	}
	if len(b) == 0 {
		return []byte("{}"), nil
	}
	return b, nil
}

// stampBase keeps derived stamps in a plausible range (2020 onwards).
var stampBase = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

// contentStamp derives a stable LastUpdatedMS from the settings' content.
func contentStamp(ds DS, jsonData []byte) int64 {
	h := fnv.New64a()
	write := func(s []byte) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write(s)
	}
	write([]byte(ds.Name))
	write([]byte(ds.URL))
	write(jsonData)
	for _, k := range sortedKeys(ds.DecryptedSecureJSONData) {
		write([]byte(k))
		write([]byte(ds.DecryptedSecureJSONData[k]))
	}
	// 2^40 ms is ~35 years: stays a sane timestamp whatever the hash.
	return stampBase + int64(h.Sum64()%(1<<40))
}
