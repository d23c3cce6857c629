package grafanahost

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
)

// Grafana config keys the harness sends. They are spelled out rather than
// imported so the harness does not drag grafana-aws-sdk into every test
// binary; harness tests check them against the SDK constants.
const (
	// KeyAppURL is backend.AppURL.
	KeyAppURL = "GF_APP_URL"
	// KeySQLRowLimit is backend.SQLRowLimit ([dataproxy] row_limit).
	KeySQLRowLimit = "GF_SQL_ROW_LIMIT"
	// KeySQLMaxOpenConns is backend.SQLMaxOpenConnsDefault.
	KeySQLMaxOpenConns = "GF_SQL_MAX_OPEN_CONNS_DEFAULT"
	// KeySQLMaxIdleConns is backend.SQLMaxIdleConnsDefault.
	KeySQLMaxIdleConns = "GF_SQL_MAX_IDLE_CONNS_DEFAULT"
	// KeySQLMaxConnLifetime is backend.SQLMaxConnLifetimeSecondsDefault.
	KeySQLMaxConnLifetime = "GF_SQL_MAX_CONN_LIFETIME_SECONDS_DEFAULT"
	// KeyAWSAllowedAuthProviders is awsds.AllowedAuthProvidersEnvVarKeyName.
	KeyAWSAllowedAuthProviders = "AWS_AUTH_AllowedAuthProviders"
	// KeyAWSAssumeRoleEnabled is awsds.AssumeRoleEnabledEnvVarKeyName.
	KeyAWSAssumeRoleEnabled = "AWS_AUTH_AssumeRoleEnabled"
	// KeyAWSSessionDuration is awsds.SessionDurationEnvVarKeyName.
	KeyAWSSessionDuration = "AWS_AUTH_SESSION_DURATION"
	// KeyAWSListMetricsPageLimit is awsds.ListMetricsPageLimitKeyName.
	KeyAWSListMetricsPageLimit = "AWS_CW_LIST_METRICS_PAGE_LIMIT"
	// KeyAWSExternalID is awsds.GrafanaAssumeRoleExternalIdKeyName; not sent
	// by default (Grafana sends it only when [aws] external_id is set).
	KeyAWSExternalID = "AWS_AUTH_EXTERNAL_ID"
)

// awsKeys are the [aws] settings Grafana sends, both in the per-request config
// and as process env, but only to plugins named in forward_settings_to_plugins.
var awsKeys = []string{
	KeyAWSAllowedAuthProviders, KeyAWSAssumeRoleEnabled, KeyAWSSessionDuration,
	KeyAWSListMetricsPageLimit, KeyAWSExternalID,
}

// permittedHostEnv is what WithCleanEnv lets through: Grafana's own list
// (the proxy variables) plus HOME, PATH and TMPDIR.
var permittedHostEnv = []string{
	"HOME", "PATH", "TMPDIR",
	"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy",
}

// grafanaConfigMap is the map Grafana's RequestConfigProvider builds for each
// request, with Grafana's defaults.ini values.
func (c *config) grafanaConfigMap() map[string]string {
	m := map[string]string{
		KeyAppURL:             c.appURL,
		KeySQLRowLimit:        "1000000",
		KeySQLMaxOpenConns:    "100",
		KeySQLMaxIdleConns:    "100",
		KeySQLMaxConnLifetime: "14400",
	}
	if c.awsForwarding {
		// Grafana omits AssumeRoleEnabled when it is true; grafana-aws-sdk
		// then defaults to true, so sending "true" is equivalent and visible.
		m[KeyAWSAllowedAuthProviders] = "default,keys,credentials,ec2_iam_role"
		m[KeyAWSAssumeRoleEnabled] = "true"
		m[KeyAWSSessionDuration] = "15m"
		m[KeyAWSListMetricsPageLimit] = "500"
	}
	maps.Copy(m, c.grafanaConfig)
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}

// processEnv builds the plugin's environment. go-plugin is told to skip the
// host env because it would append os.Environ() after ours, and exec keeps
// the last duplicate: the host would silently override WithEnv.
func (c *config) processEnv(gfConfig map[string]string) []string {
	var env []string
	if c.cleanEnv {
		for _, k := range permittedHostEnv {
			if v, ok := os.LookupEnv(k); ok {
				env = append(env, k+"="+v)
			}
		}
	} else {
		env = append(env, os.Environ()...)
	}
	// What Grafana's PluginEnvVarsProvider sets for an OSS server.
	env = append(env, "GF_VERSION="+c.grafanaVersion, "GF_EDITION=Open Source")
	if c.awsForwarding {
		for _, k := range awsKeys {
			if v, ok := gfConfig[k]; ok {
				env = append(env, k+"="+v)
			}
		}
	}
	return append(env, c.env...)
}

// userAgent is the User-Agent Grafana puts in PluginContext.
func (c *config) userAgent() string {
	return fmt.Sprintf("Grafana/%s (%s; %s)", c.grafanaVersion, runtime.GOOS, runtime.GOARCH)
}

// PluginJSON is the part of a plugin.json the harness reads.
type PluginJSON struct {
	// ID is the plugin ID, e.g. "org-name-datasource".
	ID string `json:"id"`
	// Executable is the backend binary's base name ("gpx_x").
	Executable string `json:"executable"`
	// Info.Version is the plugin's version.
	Info struct {
		Version string `json:"version"`
	} `json:"info"`
}

// ReadPluginJSON parses the plugin.json at path.
func ReadPluginJSON(path string) (PluginJSON, error) {
	var p PluginJSON
	b, err := os.ReadFile(path)
	if err != nil {
		return p, fmt.Errorf("grafanahost: read plugin.json: %w", err)
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("grafanahost: parse %s: %w", path, err)
	}
	return p, nil
}

// resolvePluginIdentity fills pluginID and pluginVersion from the options,
// then plugin.json, failing clearly rather than guessing an ID, because a
// wrong ID makes plugins that check it fail in confusing ways.
func (c *config) resolvePluginIdentity(binaryPath string) error {
	jsonPath := c.pluginJSONPath
	if jsonPath == "" {
		candidate := filepath.Join(filepath.Dir(binaryPath), "plugin.json")
		if _, err := os.Stat(candidate); err == nil {
			jsonPath = candidate
		}
	}
	if jsonPath != "" && (c.pluginID == "" || c.pluginVersion == "") {
		p, err := ReadPluginJSON(jsonPath)
		if err != nil {
			return err
		}
		if c.pluginID == "" {
			c.pluginID = p.ID
		}
		if c.pluginVersion == "" {
			c.pluginVersion = p.Info.Version
		}
	}
	if c.pluginID == "" {
		return errors.New("grafanahost: unknown plugin ID: pass WithPluginID or WithPluginJSON, " +
			"or put plugin.json next to the binary")
	}
	return nil
}

// sortedKeys returns m's keys in order, for deterministic output.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
