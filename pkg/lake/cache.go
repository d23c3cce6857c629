package lake

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultCacheTTL is how long a discovered inventory is reused. Tables
// change rarely (a source is enabled, a version migrated), while every
// discovery costs catalog calls, so minutes are fine; Invalidate serves the
// "refresh" cases.
const DefaultCacheTTL = 5 * time.Minute

// Cache memoises Discover per Config for a TTL and runs at most one discovery
// per Config at a time: concurrent callers wait for the one in flight.
// Errors are not cached. A Cache belongs to one datasource instance (one set
// of credentials): the key is the Config only. Safe for concurrent use.
type Cache struct {
	ttl time.Duration
	now func() time.Time

	mu       sync.Mutex
	entries  map[string]cacheEntry
	inflight map[string]*flight
}

type cacheEntry struct {
	inv     *Inventory
	expires time.Time
}

// flight is one discovery in progress; inv and err are set before done closes.
type flight struct {
	done chan struct{}
	inv  *Inventory
	err  error
}

// CacheOption configures a Cache.
type CacheOption func(*Cache)

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) CacheOption {
	return func(c *Cache) {
		if now != nil {
			c.now = now
		}
	}
}

// NewCache returns a cache whose entries live for ttl (DefaultCacheTTL if ttl <= 0).
func NewCache(ttl time.Duration, opts ...CacheOption) *Cache {
	if ttl <= 0 {
		ttl = DefaultCacheTTL
	}
	c := &Cache{ttl: ttl, now: time.Now, entries: map[string]cacheEntry{}, inflight: map[string]*flight{}}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Get returns the cached inventory for cfg or discovers it. The result is a
// copy the caller may modify. If the discovery a caller waits for fails
// because its starter's context ended, a caller whose context is still live
// starts a new one instead of inheriting that error.
func (c *Cache) Get(ctx context.Context, cat Catalog, cfg Config) (*Inventory, error) {
	key := cfg.cacheKey()
	for {
		c.mu.Lock()
		if e, ok := c.entries[key]; ok && c.now().Before(e.expires) {
			c.mu.Unlock()
			return e.inv.Clone(), nil
		}
		if f, ok := c.inflight[key]; ok {
			c.mu.Unlock()
			select {
			case <-f.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if f.err != nil {
				if isContextErr(f.err) && ctx.Err() == nil {
					continue
				}
				return nil, f.err
			}
			return f.inv.Clone(), nil
		}
		f := &flight{done: make(chan struct{})}
		c.inflight[key] = f
		c.mu.Unlock()
		c.run(ctx, cat, cfg, key, f)
		if f.err != nil {
			return nil, f.err
		}
		return f.inv.Clone(), nil
	}
}

// run performs one discovery and publishes it; the deferred cleanup keeps
// waiters from hanging even if the Catalog implementation panics.
func (c *Cache) run(ctx context.Context, cat Catalog, cfg Config, key string, f *flight) {
	f.err = errors.New("lake discovery did not complete")
	defer func() {
		c.mu.Lock()
		delete(c.inflight, key)
		if f.err == nil {
			now := c.now()
			for k, e := range c.entries {
				if !now.Before(e.expires) {
					delete(c.entries, k)
				}
			}
			c.entries[key] = cacheEntry{inv: f.inv, expires: now.Add(c.ttl)}
		}
		c.mu.Unlock()
		close(f.done)
	}()
	f.inv, f.err = Discover(ctx, cat, cfg)
}

// Peek returns the last discovered inventory of cfg without discovering:
// a copy of the entry, even an expired one (fresh false), or nil when there
// is none. Queries use it to avoid waiting for a discovery they can do
// without; a failed refresh keeps the expired entry for them.
func (c *Cache) Peek(cfg Config) (inv *Inventory, fresh bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[cfg.cacheKey()]
	if !ok {
		return nil, false
	}
	return e.inv.Clone(), c.now().Before(e.expires)
}

// Invalidate drops the entry of cfg, e.g. after a TABLE_NOT_FOUND or when
// the user presses "Save & test".
func (c *Cache) Invalidate(cfg Config) {
	c.mu.Lock()
	delete(c.entries, cfg.cacheKey())
	c.mu.Unlock()
}

// Purge drops every entry.
func (c *Cache) Purge() {
	c.mu.Lock()
	c.entries = map[string]cacheEntry{}
	c.mu.Unlock()
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// cacheKey is a canonical form of the config; NUL cannot occur in names.
func (cfg Config) cacheKey() string {
	var b strings.Builder
	for _, s := range []string{cfg.CatalogName(), cfg.Region, cfg.DatabaseName(), strconv.Itoa(int(cfg.Version)), strconv.FormatBool(cfg.Discover)} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	srcs := cfg.pinSources()
	sort.Strings(srcs)
	for _, s := range srcs {
		b.WriteString(s)
		b.WriteByte('=')
		b.WriteString(cfg.Pins[s])
		b.WriteByte(0)
	}
	return b.String()
}
