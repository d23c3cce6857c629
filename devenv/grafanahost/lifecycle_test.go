package grafanahost_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seclake/securitylake-datasource/devenv/grafanahost"
)

// processAlive reports whether pid exists (reaped processes do not).
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return p.Signal(syscall.Signal(0)) == nil
}

func TestStartHandshakesAndStopKillsProcess(t *testing.T) {
	h := startTestPlugin(t)
	pid := h.Pid()
	if pid <= 0 || !processAlive(pid) {
		t.Fatalf("pid %d should be a live process", pid)
	}
	if h.Exited() {
		t.Fatal("plugin reported exited right after start")
	}
	// go-plugin logs the negotiated protocol; version 2 is Grafana's.
	if err := h.WaitForLog(t.Context(), "using plugin: version=2"); err != nil {
		t.Fatalf("%v\nlogs:\n%s", err, h.Logs())
	}

	h.Stop()
	if processAlive(pid) {
		t.Fatalf("plugin pid %d still alive after Stop", pid)
	}
	if !h.Exited() {
		t.Error("Exited() should be true after Stop")
	}
	h.Stop() // idempotent
	if _, err := h.CheckHealth(t.Context(), grafanahost.DS{UID: "x"}); err == nil {
		t.Error("CheckHealth after Stop should fail")
	}
}

func TestStartMissingBinaryFailsFast(t *testing.T) {
	start := time.Now()
	_, err := grafanahost.Start(t.Context(), filepath.Join(t.TempDir(), "gpx_nope"), grafanahost.WithPluginID("x"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("want a 'does not exist' error, got %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

func TestStartNonExecutableFailsFast(t *testing.T) {
	p := filepath.Join(t.TempDir(), "gpx_plain")
	if err := os.WriteFile(p, []byte("data"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := grafanahost.Start(t.Context(), p, grafanahost.WithPluginID("x"))
	if err == nil || !strings.Contains(err.Error(), "not executable") {
		t.Fatalf("want a 'not executable' error, got %v", err)
	}
}

func TestStartNotAPluginFailsFastWithClearError(t *testing.T) {
	// exec, so that no grandchild keeps the pipes open after the kill.
	cases := map[string]struct{ script, want string }{
		// Prints something that is not a go-plugin handshake line.
		"prints garbage": {`echo "hello, I am not a plugin"; exec sleep 30`, "Unrecognized remote plugin message: hello, I am not a plugin"},
		// Exits before the handshake, like a plugin that dies at init; its
		// stderr is in the error because that is where the reason is.
		"exits at once": {`echo "boom: missing config" >&2; exit 1`, "boom: missing config"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, err := grafanahost.Start(t.Context(), writeScript(t, c.script), grafanahost.WithPluginID("x"))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want error containing %q, got %v", c.want, err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("failing took %v; should be quick", d)
			}
		})
	}
}

func TestStartHonoursContextDeadline(t *testing.T) {
	// Says nothing and never handshakes: only the context can end the wait.
	script := writeScript(t, `echo $$ > "$(dirname "$0")/pid"; exec sleep 60`)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := grafanahost.Start(ctx, script, grafanahost.WithPluginID("x"),
		grafanahost.WithStartTimeout(time.Minute))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want DeadlineExceeded, got %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Start returned after %v; the 300ms deadline should end it", d)
	}
	b, rerr := os.ReadFile(filepath.Join(filepath.Dir(script), "pid"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	var pid int
	for _, r := range strings.TrimSpace(string(b)) {
		pid = pid*10 + int(r-'0')
	}
	if processAlive(pid) {
		t.Errorf("timed-out process %d still alive", pid)
	}
}

func TestStartTimeoutOption(t *testing.T) {
	start := time.Now()
	_, err := grafanahost.Start(context.Background(), writeScript(t, "exec sleep 60"),
		grafanahost.WithPluginID("x"), grafanahost.WithStartTimeout(300*time.Millisecond))
	if err == nil || !strings.Contains(err.Error(), "timeout while waiting for plugin to start") {
		t.Fatalf("want go-plugin's start timeout, got %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestStartHonoursCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	_, err := grafanahost.Start(ctx, writeScript(t, "exec sleep 60"), grafanahost.WithPluginID("x"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want Canceled, got %v", err)
	}
}

func TestStartNeedsPluginID(t *testing.T) {
	bin := testPluginBinary(t)
	_, err := grafanahost.Start(t.Context(), bin)
	if err == nil || !strings.Contains(err.Error(), "plugin ID") {
		t.Fatalf("want plugin ID error, got %v", err)
	}

	// Grafana's layout: plugin.json next to the binary names the plugin.
	dir := t.TempDir()
	link := filepath.Join(dir, filepath.Base(bin))
	if err := os.Symlink(bin, link); err != nil {
		t.Fatal(err)
	}
	pj := `{"id":"` + testPluginID + `","executable":"gpx_x","info":{"version":"1.2.3"}}`
	if err := os.WriteFile(filepath.Join(dir, "plugin.json"), []byte(pj), 0o644); err != nil {
		t.Fatal(err)
	}
	h := grafanahost.StartTest(t, link)
	if h.PluginID() != testPluginID {
		t.Errorf("plugin ID %q", h.PluginID())
	}
	res, err := h.CheckHealth(t.Context(), grafanahost.DS{UID: "u"})
	if err != nil {
		t.Fatal(err)
	}
	if d := decodeDetails(t, res.JsonDetails); d.PluginVersion != "1.2.3" || d.PluginID != testPluginID {
		t.Errorf("plugin.json not applied: id %q version %q", d.PluginID, d.PluginVersion)
	}
}

func TestPluginCrashIsReported(t *testing.T) {
	h := startTestPlugin(t)
	_, err := h.QueryData(t.Context(), grafanahost.DS{UID: "c"}, grafanahost.Query{JSON: `{"crash":true}`})
	if err == nil {
		t.Fatal("a query that kills the plugin should fail")
	}
	deadline := time.Now().Add(5 * time.Second)
	for !h.Exited() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !h.Exited() {
		t.Fatal("Exited() should report the crash")
	}
	if err := h.WaitForLog(t.Context(), "testplugin crashing on request"); err != nil {
		t.Errorf("%v\nlogs:\n%s", err, h.Logs())
	}
}

func TestLogsAreCaptured(t *testing.T) {
	mirror := &syncWriter{b: &strings.Builder{}}
	h := startTestPlugin(t, grafanahost.WithLogOutput(mirror))
	if _, err := h.CheckHealth(t.Context(), grafanahost.DS{UID: "logs-ds"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	// The plugin's own structured log line, re-emitted with its key/values.
	if err := h.WaitForLog(ctx, "testplugin CheckHealth: uid=logs-ds"); err != nil {
		t.Fatalf("%v\nlogs:\n%s", err, h.Logs())
	}
	if !strings.Contains(h.Logs(), "testplugin instance created") {
		t.Errorf("instance log missing:\n%s", h.Logs())
	}
	mirror.mu.Lock()
	defer mirror.mu.Unlock()
	if !strings.Contains(mirror.b.String(), "testplugin CheckHealth") {
		t.Errorf("WithLogOutput got no copy of the logs")
	}
}
