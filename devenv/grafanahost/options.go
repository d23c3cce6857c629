package grafanahost

import (
	"io"
	"maps"
	"time"

	hclog "github.com/hashicorp/go-hclog"
)

// Defaults used when no Option overrides them. They describe a stock Grafana
// OSS server on localhost, which is what a developer's docker-compose runs.
const (
	// DefaultGrafanaVersion is reported to the plugin as GF_VERSION and in the
	// User-Agent. It matches the @grafana/* frontend packages the project uses.
	DefaultGrafanaVersion = "13.1.1"
	// DefaultAppURL is Grafana's root_url as sent in GF_APP_URL.
	DefaultAppURL = "http://localhost:3000/"
	// DefaultOrgID is the organisation every request is made in.
	DefaultOrgID int64 = 1
	// DefaultStartTimeout bounds the plugin's start and handshake when the
	// context given to Start has no earlier deadline. A healthy plugin
	// handshakes in ~20 ms, so this only matters for broken binaries.
	DefaultStartTimeout = 20 * time.Second
	// DefaultLogLimit caps Host.Logs so that long benchmarks cannot grow the
	// buffer without bound; the oldest output is dropped first.
	DefaultLogLimit = 4 << 20
)

// DefaultUser is the signed-in user sent with every request unless
// ContextWithUser or WithUser says otherwise: Grafana's built-in admin.
var DefaultUser = User{Login: "admin", Name: "admin", Email: "admin@localhost", Role: "Admin"}

// Option customises how Start launches the plugin and what the Host sends it.
type Option func(*config)

// config is the resolved set of options. It is kept private so that options
// can grow without breaking callers.
type config struct {
	pluginID       string
	pluginJSONPath string
	pluginVersion  string
	grafanaVersion string
	appURL         string
	orgID          int64
	user           *User
	startTimeout   time.Duration
	env            []string
	cleanEnv       bool
	grafanaConfig  map[string]string
	awsForwarding  bool
	logLevel       hclog.Level
	logOutputs     []io.Writer
	logLimit       int
}

func defaultConfig() *config {
	u := DefaultUser
	return &config{
		grafanaVersion: DefaultGrafanaVersion,
		appURL:         DefaultAppURL,
		orgID:          DefaultOrgID,
		user:           &u,
		startTimeout:   DefaultStartTimeout,
		awsForwarding:  true,
		logLevel:       hclog.Debug,
		logLimit:       DefaultLogLimit,
	}
}

// WithPluginID sets the plugin ID sent in every PluginContext. It wins over
// WithPluginJSON and over a plugin.json found next to the binary.
func WithPluginID(id string) Option {
	return func(c *config) { c.pluginID = id }
}

// WithPluginJSON reads the plugin ID (and info.version, unless
// WithPluginVersion is given) from a plugin.json, the way Grafana learns them.
// Without it Start looks for plugin.json beside the binary (Grafana's layout).
func WithPluginJSON(path string) Option {
	return func(c *config) { c.pluginJSONPath = path }
}

// WithPluginVersion sets PluginContext.PluginVersion.
func WithPluginVersion(v string) Option {
	return func(c *config) { c.pluginVersion = v }
}

// WithGrafanaVersion sets the Grafana version reported in GF_VERSION and in
// the User-Agent, for plugins that branch on the host's version.
func WithGrafanaVersion(v string) Option {
	return func(c *config) { c.grafanaVersion = v }
}

// WithAppURL sets GF_APP_URL in the Grafana config sent with each request.
func WithAppURL(u string) Option {
	return func(c *config) { c.appURL = u }
}

// WithOrgID sets PluginContext.OrgId.
func WithOrgID(id int64) Option {
	return func(c *config) { c.orgID = id }
}

// WithUser sets the default signed-in user; nil sends no user, as for
// requests Grafana makes on its own behalf. ContextWithUser overrides it per call.
func WithUser(u *User) Option {
	return func(c *config) {
		if u == nil {
			c.user = nil
			return
		}
		cp := *u
		c.user = &cp
	}
}

// WithStartTimeout bounds the start and handshake. The context passed to
// Start bounds it too; whichever ends first wins.
func WithStartTimeout(d time.Duration) Option {
	return func(c *config) { c.startTimeout = d }
}

// WithEnv adds "KEY=VALUE" entries to the plugin's environment. They win over
// the inherited environment and over the harness's Grafana variables, which
// is how tests point the plugin at local fakes (e.g. AWS_ENDPOINT_URL).
func WithEnv(kv ...string) Option {
	return func(c *config) { c.env = append(c.env, kv...) }
}

// WithCleanEnv stops the plugin inheriting the test process's environment.
// Only HOME, PATH, TMPDIR and the proxy variables pass through, like Grafana
// with skip_host_env_vars (which passes only the proxy variables; HOME is kept
// because the AWS SDK looks up ~/.aws from it). Use it to keep a developer's
// AWS_PROFILE or credentials out of a test.
func WithCleanEnv() Option {
	return func(c *config) { c.cleanEnv = true }
}

// WithGrafanaConfig merges entries into the Grafana config map sent in every
// PluginContext (and mirrored into the process env for the AWS keys). An
// empty value removes a default key.
func WithGrafanaConfig(m map[string]string) Option {
	return func(c *config) {
		if c.grafanaConfig == nil {
			c.grafanaConfig = map[string]string{}
		}
		maps.Copy(c.grafanaConfig, m)
	}
}

// WithoutAWSSettings simulates a Grafana whose [aws] forward_settings_to_plugins
// does not list this plugin: no AWS_AUTH_* keys are sent, so grafana-aws-sdk
// falls back to its own defaults.
func WithoutAWSSettings() Option {
	return func(c *config) { c.awsForwarding = false }
}

// WithLogLevel sets the lowest level ("trace", "debug", "info", "warn",
// "error") of plugin log lines kept in Host.Logs. Default "debug".
func WithLogLevel(level string) Option {
	return func(c *config) {
		if l := hclog.LevelFromString(level); l != hclog.NoLevel {
			c.logLevel = l
		}
	}
}

// WithLogOutput also copies the plugin's logs (as the host logger formats
// them) to w, e.g. os.Stderr while debugging a test.
func WithLogOutput(w io.Writer) Option {
	return func(c *config) {
		if w != nil {
			c.logOutputs = append(c.logOutputs, w)
		}
	}
}

// WithLogLimit caps the bytes kept by Host.Logs (oldest dropped first).
func WithLogLimit(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.logLimit = n
		}
	}
}
