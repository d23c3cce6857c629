package grafanahost

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	hclog "github.com/hashicorp/go-hclog"
)

// logBuffer keeps the most recent plugin log output. go-plugin writes to it
// from its stderr-reading goroutine while tests read it, hence the mutex; the
// changed channel lets WaitForLog block without polling.
type logBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	limit int
	// changed is closed and replaced on every write, waking WaitForLog.
	changed chan struct{}
}

func newLogBuffer(limit int) *logBuffer {
	return &logBuffer{limit: limit, changed: make(chan struct{})}
}

// Write appends p, dropping the oldest half of the buffer when over the limit
// so that trimming is amortised rather than done on every line.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if b.limit > 0 && b.buf.Len() > b.limit {
		keep := b.buf.Bytes()[b.buf.Len()-b.limit/2:]
		// Restart at a line boundary so no half line leads the buffer.
		if i := bytes.IndexByte(keep, '\n'); i >= 0 {
			keep = keep[i+1:]
		}
		tail := append([]byte(nil), keep...)
		b.buf.Reset()
		b.buf.Write(tail)
	}
	close(b.changed)
	b.changed = make(chan struct{})
	return len(p), nil
}

// String returns a copy of the current contents.
func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor blocks until the buffer contains substr or ctx ends.
func (b *logBuffer) waitFor(ctx context.Context, substr string) error {
	for {
		b.mu.Lock()
		found := strings.Contains(b.buf.String(), substr)
		changed := b.changed
		b.mu.Unlock()
		if found {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("grafanahost: log line %q not seen: %w", substr, ctx.Err())
		}
	}
}

// newHostLogger builds the hclog logger handed to go-plugin. go-plugin parses
// the plugin's JSON log lines from stderr and re-emits them through this
// logger (named after the binary), exactly as Grafana's wrapper receives them.
func newHostLogger(buf *logBuffer, level hclog.Level, extra []io.Writer) hclog.Logger {
	var out io.Writer = buf
	if len(extra) > 0 {
		// The copies first: writing buf wakes WaitForLog, and a caller that
		// waited for a line must find it in the copies too.
		out = io.MultiWriter(append(append([]io.Writer{}, extra...), buf)...)
	}
	return hclog.New(&hclog.LoggerOptions{
		Name:       "grafanahost",
		Level:      level,
		Output:     out,
		TimeFormat: time.RFC3339Nano,
		// The plugin's own lines arrive concurrently with the host's.
		Mutex: &sync.Mutex{},
	})
}

// lastLines returns up to n trailing lines of s, for error messages.
func lastLines(s string, n int) string {
	s = strings.TrimRight(s, "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
