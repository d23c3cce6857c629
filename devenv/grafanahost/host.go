package grafanahost

import (
	"context"
	"errors"
	"fmt"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	plugin "github.com/hashicorp/go-plugin"
)

// Host is a running plugin process driven the way Grafana drives it. Its
// methods are safe for concurrent use.
type Host struct {
	cfg      *config
	gfConfig map[string]string
	binary   string
	client   *plugin.Client
	logs     *logBuffer
	pid      int
	// cancelProc kills the process through exec.CommandContext; Stop uses it
	// as the last resort after go-plugin's graceful Kill.
	cancelProc context.CancelFunc
	stopOnce   sync.Once

	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
	data        grpcplugin.DataClient
	stream      grpcplugin.StreamClient
}

// Handshake is the go-plugin handshake Grafana uses for backend plugins. The
// SDK keeps its own copy unexported, so it is rebuilt from the exported parts.
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  grpcplugin.ProtocolVersion,
	MagicCookieKey:   grpcplugin.MagicCookieKey,
	MagicCookieValue: grpcplugin.MagicCookieValue,
}

// pluginSet is what Grafana dispenses: the client halves of the SDK's plugin
// types. (Grafana also lists admission and conversion, which data sources
// do not serve.)
func pluginSet() map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{
		grpcplugin.ProtocolVersion: {
			"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
			"resource":    &grpcplugin.ResourceGRPCPlugin{},
			"data":        &grpcplugin.DataGRPCPlugin{},
			"stream":      &grpcplugin.StreamGRPCPlugin{},
		},
	}
}

// Start launches binaryPath as a Grafana backend plugin, completes the
// go-plugin handshake over gRPC and dispenses its clients. ctx bounds only
// the start: once Start returns, the process lives until Stop.
func Start(ctx context.Context, binaryPath string, opts ...Option) (*Host, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(cfg)
	}
	abs, err := checkBinary(binaryPath)
	if err != nil {
		return nil, err
	}
	if err := cfg.resolvePluginIdentity(abs); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("grafanahost: start %s: %w", abs, err)
	}

	h := &Host{cfg: cfg, binary: abs, logs: newLogBuffer(cfg.logLimit)}
	h.gfConfig = cfg.grafanaConfigMap()

	// CommandContext gives a kill switch usable while go-plugin's Start holds
	// its lock (its own Kill would wait for Start, i.e. for the timeout).
	procCtx, cancelProc := context.WithCancel(context.Background())
	h.cancelProc = cancelProc
	cmd := exec.CommandContext(procCtx, abs)
	// No cmd.Dir: Grafana leaves the plugin in Grafana's own working
	// directory, so plugins must not rely on it; neither do we.
	cmd.Env = cfg.processEnv(h.gfConfig)
	setProcAttrs(cmd)

	h.client = plugin.NewClient(&plugin.ClientConfig{
		Cmd:              cmd,
		HandshakeConfig:  Handshake,
		VersionedPlugins: pluginSet(),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Logger:           newHostLogger(h.logs, cfg.logLevel, cfg.logOutputs),
		// Not shortened to ctx's deadline: go-plugin's timer would race the
		// ctx watcher and report a generic timeout instead of ctx's error.
		StartTimeout: cfg.startTimeout,
		SkipHostEnv:  true,
	})

	if err := h.startAndDispense(ctx); err != nil {
		h.Stop()
		return nil, fmt.Errorf("grafanahost: start %s: %w%s", abs, err, h.logTail())
	}
	return h, nil
}

// startAndDispense runs go-plugin's blocking Start in a goroutine so that ctx
// cancellation can abort it by killing the process.
func (h *Host) startAndDispense(ctx context.Context) error {
	done := make(chan error, 1)
	go func() {
		_, err := h.client.Start()
		done <- err
	}()
	var err error
	select {
	case err = <-done:
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("%w (%w)", ctx.Err(), err)
		}
	case <-ctx.Done():
		h.cancelProc()
		startErr := <-done
		err = ctx.Err()
		if startErr != nil {
			err = fmt.Errorf("%w (%w)", ctx.Err(), startErr)
		}
	}
	if err != nil {
		return err
	}
	if rc := h.client.ReattachConfig(); rc != nil {
		h.pid = rc.Pid
	}
	proto, err := h.client.Client()
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	if h.diagnostics, err = dispense[grpcplugin.DiagnosticsClient](proto, "diagnostics"); err != nil {
		return err
	}
	if h.resource, err = dispense[grpcplugin.ResourceClient](proto, "resource"); err != nil {
		return err
	}
	if h.data, err = dispense[grpcplugin.DataClient](proto, "data"); err != nil {
		return err
	}
	if h.stream, err = dispense[grpcplugin.StreamClient](proto, "stream"); err != nil {
		return err
	}
	return nil
}

// dispense returns the named plugin's client as the SDK client type T.
func dispense[T any](proto plugin.ClientProtocol, name string) (T, error) {
	var zero T
	raw, err := proto.Dispense(name)
	if err != nil {
		return zero, fmt.Errorf("dispense %q: %w", name, err)
	}
	c, ok := raw.(T)
	if !ok {
		return zero, fmt.Errorf("dispense %q: unexpected client type %T", name, raw)
	}
	return c, nil
}

// checkBinary fails fast, with a clear message, on the mistakes that would
// otherwise surface as an opaque exec error.
func checkBinary(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("grafanahost: plugin binary %q: %w", path, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("grafanahost: plugin binary %s does not exist (build it first, e.g. BuildPlugin): %w", abs, err)
	case err != nil:
		return "", fmt.Errorf("grafanahost: plugin binary %s: %w", abs, err)
	case fi.IsDir():
		return "", fmt.Errorf("grafanahost: plugin binary %s is a directory", abs)
	case runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0:
		return "", fmt.Errorf("grafanahost: plugin binary %s is not executable (mode %v)", abs, fi.Mode().Perm())
	}
	return abs, nil
}

// logTail formats the end of the captured logs for an error message: the
// plugin's own output is usually the only clue to why it did not start.
func (h *Host) logTail() string {
	s := h.logs.String()
	if s == "" {
		return ""
	}
	return "\nlast plugin log lines:\n" + lastLines(s, 15)
}

// Stop ends the plugin: go-plugin's Kill closes the connection so the plugin
// can exit gracefully (force-killed after 2 s), then the process is reaped.
// Safe to call more than once and on a Host whose Start failed.
func (h *Host) Stop() {
	if h == nil {
		return
	}
	h.stopOnce.Do(func() {
		if h.client != nil {
			h.client.Kill()
		}
		if h.cancelProc != nil {
			h.cancelProc()
		}
	})
}

// Exited reports whether the plugin process has ended (crashed or stopped).
func (h *Host) Exited() bool { return h.client.Exited() }

// Pid is the plugin process's ID.
func (h *Host) Pid() int { return h.pid }

// Binary is the absolute path of the running plugin binary.
func (h *Host) Binary() string { return h.binary }

// PluginID is the plugin ID sent in every PluginContext.
func (h *Host) PluginID() string { return h.cfg.pluginID }

// GrafanaConfig returns a copy of the Grafana config map sent with requests.
func (h *Host) GrafanaConfig() map[string]string {
	return maps.Clone(h.gfConfig)
}

// Logs returns the captured log output: the plugin's stderr lines (as
// go-plugin re-emits them) and the host side's own messages.
func (h *Host) Logs() string { return h.logs.String() }

// WaitForLog blocks until Logs contains substr or ctx ends. Plugin log lines
// arrive asynchronously, so asserting on Logs right after a call races.
func (h *Host) WaitForLog(ctx context.Context, substr string) error {
	return h.logs.waitFor(ctx, substr)
}

// Diagnostics is the raw diagnostics client (CheckHealth, CollectMetrics).
func (h *Host) Diagnostics() grpcplugin.DiagnosticsClient { return h.diagnostics }

// Resource is the raw resource client (CallResource).
func (h *Host) Resource() grpcplugin.ResourceClient { return h.resource }

// Data is the raw data client (QueryData, QueryChunkedData).
func (h *Host) Data() grpcplugin.DataClient { return h.data }

// Stream is the raw streaming client (SubscribeStream, RunStream, PublishStream).
func (h *Host) Stream() grpcplugin.StreamClient { return h.stream }

// callErr wraps a gRPC error; when ctx has ended it also wraps ctx.Err() so
// that errors.Is(err, context.DeadlineExceeded) works, which gRPC's status
// errors alone do not support.
func callErr(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("grafanahost: %s: %w (%w)", op, ctxErr, err)
	}
	// gRPC sends the deadline to the plugin, whose side can end the stream
	// a moment before this side's timer fires: the status says which.
	switch status.Code(err) {
	case codes.DeadlineExceeded:
		return fmt.Errorf("grafanahost: %s: %w (%w)", op, context.DeadlineExceeded, err)
	case codes.Canceled:
		return fmt.Errorf("grafanahost: %s: %w (%w)", op, context.Canceled, err)
	}
	return fmt.Errorf("grafanahost: %s: %w", op, err)
}
