package plugin

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/athena"
	"github.com/seclake/securitylake-datasource/pkg/frames"
)

// Bounds of the result cache: entries and estimated bytes (the cell text
// of the rows). Past either, the oldest entries go first.
const (
	shareMaxEntries = 100
	shareMaxBytes   = 64 << 20
)

// How a query's answer was obtained (queryOutcome.servedFrom).
const (
	servedCache  = "cache"
	servedShared = "shared"
)

// sharer makes identical SQL run once per datasource instance: callers of
// the same statement while it runs wait for that one run (de-duplication),
// and a successful, complete result is kept resultCacheSeconds for the
// next callers. A written-only-once result is read by every caller:
// toFrame copies the cells into new frame fields and changes nothing.
type sharer struct {
	mu    sync.Mutex
	calls map[string]*sharedCall
	cache map[string]*cachedRun
	order []string // cache keys, oldest first
	bytes int64
}

type sharedCall struct {
	done    chan struct{}
	run     guardedRun
	err     error
	waiters int
	cancel  context.CancelFunc
}

type cachedRun struct {
	run  guardedRun
	at   time.Time
	size int64
}

func newSharer() *sharer {
	return &sharer{calls: map[string]*sharedCall{}, cache: map[string]*cachedRun{}}
}

// shareKey is the SQL (it holds the time range literals) plus the
// settings that change its result, and the Region whose Athena runs it:
// the same SQL in two Regions reads two databases (with a pinned database
// name, even the same text does).
func (d *Datasource) shareKey(g guardedSQL) string {
	s := d.settings
	region := g.region
	if region == "" {
		region = s.HomeRegion()
	}
	return strings.Join([]string{region, s.Workgroup, s.Catalog, s.Database, strconv.Itoa(s.RowLimit), strconv.FormatBool(g.typed), g.sql}, "\x00")
}

// runShared is runGuarded behind the cache and the de-duplication: the one
// real run still goes through admission and every guard. A caller whose
// ctx ends stops waiting; the run is cancelled (and so stopped in Athena)
// only when no caller waits for it any more. servedFrom is "" for the
// caller that started the run.
func (d *Datasource) runShared(ctx context.Context, g guardedSQL) (run guardedRun, servedFrom string, age time.Duration, err error) {
	s := d.share
	key := d.shareKey(g)
	ttl := d.settings.ResultCacheTTL()
	s.mu.Lock()
	if e, ok := s.cache[key]; ok {
		if age = d.now().Sub(e.at); age < ttl && age >= 0 {
			s.mu.Unlock()
			d.tel.m.cacheHits.Inc()
			out := e.run
			out.waited = 0
			return out, servedCache, age, nil
		}
		s.drop(key)
	}
	c, joined := s.calls[key]
	if !joined {
		runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		c = &sharedCall{done: make(chan struct{}), cancel: cancel}
		s.calls[key] = c
		go d.runCall(runCtx, key, g, c, ttl)
	} else {
		d.tel.m.dedupShared.Inc()
		servedFrom = servedShared
	}
	c.waiters++
	s.mu.Unlock()
	select {
	case <-c.done:
		return c.run, servedFrom, 0, c.err
	case <-ctx.Done():
		s.mu.Lock()
		c.waiters--
		last := c.waiters == 0
		if last && s.calls[key] == c {
			// A later caller must start afresh, not join a cancelled run.
			delete(s.calls, key)
		}
		s.mu.Unlock()
		if !last {
			return guardedRun{}, servedFrom, 0, ctx.Err()
		}
		// The last waiter stops the run and waits for the stop, as a
		// caller running alone would: the Athena query is stopped (or
		// counted abandoned) before the request ends.
		c.cancel()
		<-c.done
		err := c.err
		if err == nil || errors.Is(err, context.Canceled) {
			// The caller's reason (cancelled or timed out) is the one
			// that counts, not the detached run's own cancellation.
			err = fmt.Errorf("%w", ctx.Err())
			if c.run.ran && c.run.rep.QueryID != "" {
				err = fmt.Errorf("query %s: %w", c.run.rep.QueryID, ctx.Err())
			}
		}
		return c.run, servedFrom, 0, err
	}
}

// runCall is the one real run of a shared call.
func (d *Datasource) runCall(ctx context.Context, key string, g guardedSQL, c *sharedCall, ttl time.Duration) {
	defer c.cancel()
	c.run, c.err = d.runGuarded(ctx, g)
	s := d.share
	s.mu.Lock()
	if s.calls[key] == c {
		delete(s.calls, key)
	}
	if c.err == nil && ttl > 0 && c.run.res != nil && !c.run.res.Truncated {
		s.put(key, c.run, d.now())
	}
	s.mu.Unlock()
	close(c.done)
}

// put stores a run, evicting the oldest entries past the bounds. s.mu held.
func (s *sharer) put(key string, run guardedRun, at time.Time) {
	size := resultSize(run.res)
	if size > shareMaxBytes {
		return
	}
	s.drop(key)
	s.cache[key] = &cachedRun{run: run, at: at, size: size}
	s.order = append(s.order, key)
	s.bytes += size
	for len(s.order) > shareMaxEntries || s.bytes > shareMaxBytes {
		s.drop(s.order[0])
	}
}

// drop removes a cache entry. s.mu held.
func (s *sharer) drop(key string) {
	e, ok := s.cache[key]
	if !ok {
		return
	}
	delete(s.cache, key)
	s.bytes -= e.size
	for i, k := range s.order {
		if k == key {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// resultSize estimates a result's memory: its typed columns, or its cell
// text plus a pointer per cell.
func resultSize(r *athena.Result) int64 {
	if r == nil {
		return 0
	}
	if b, ok := r.Sink.(*frames.Builder); ok {
		return b.Bytes()
	}
	var n int64
	for _, row := range r.Rows {
		for _, c := range row {
			n += 16
			if c != nil {
				n += int64(len(*c))
			}
		}
	}
	return n
}

// cacheNotice is the frame notice of an answer served from the cache.
func cacheNotice(age time.Duration) string {
	return fmt.Sprintf("Served from the plugin's cache, %d s old (resultCacheSeconds).", int(age.Seconds()))
}
