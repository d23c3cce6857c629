package lake

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for Cache.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newTestCache() (*Cache, *fakeClock) {
	clk := &fakeClock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	return NewCache(5*time.Minute, WithClock(clk.Now)), clk
}

func TestCacheTTL(t *testing.T) {
	ctx := context.Background()
	cache, clk := newTestCache()
	c := lakeCatalog(awsTables(testRegion, V2))
	cfg := discoverCfg()
	for i := 0; i < 3; i++ {
		if _, err := cache.Get(ctx, c, cfg); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
	}
	if n := c.calls(testDB); n != 1 {
		t.Fatalf("within the TTL: %d discoveries, want 1", n)
	}
	clk.Advance(2 * time.Minute) // 5 minutes after the discovery: expired
	if _, err := cache.Get(ctx, c, cfg); err != nil {
		t.Fatal(err)
	}
	if n := c.calls(testDB); n != 2 {
		t.Fatalf("after the TTL: %d discoveries, want 2", n)
	}
	cache.Invalidate(cfg)
	if _, err := cache.Get(ctx, c, cfg); err != nil {
		t.Fatal(err)
	}
	cache.Purge()
	if _, err := cache.Get(ctx, c, cfg); err != nil {
		t.Fatal(err)
	}
	if n := c.calls(testDB); n != 4 {
		t.Fatalf("after Invalidate and Purge: %d discoveries, want 4", n)
	}
}

func TestCacheKey(t *testing.T) {
	ctx := context.Background()
	cache, _ := newTestCache()
	c := lakeCatalog(awsTables(testRegion, V2))
	a := Config{Region: testRegion, Discover: true, Pins: map[string]string{"waf": "w", "vpc_flow": "v"}}
	b := Config{Region: testRegion, Discover: true, Pins: map[string]string{"vpc_flow": "v", "waf": "w"}}
	if a.cacheKey() != b.cacheKey() {
		t.Error("pin order must not change the key")
	}
	// The default catalog and database are the same key as the explicit ones.
	explicit := Config{Catalog: DefaultCatalog, Region: testRegion, Database: testDB, Discover: true}
	if discoverCfg().cacheKey() != explicit.cacheKey() {
		t.Error("defaults must be normalised in the key")
	}
	for _, cfg := range []Config{a, b, discoverCfg(), {Region: testRegion, Discover: true, Version: V1}} {
		if _, err := cache.Get(ctx, c, cfg); err != nil {
			t.Fatal(err)
		}
	}
	if n := c.calls(testDB); n != 3 {
		t.Errorf("%d discoveries for 3 distinct configs", n)
	}
}

func TestCacheReturnsCopies(t *testing.T) {
	ctx := context.Background()
	cache, _ := newTestCache()
	c := lakeCatalog(awsTables(testRegion, V2))
	inv, _ := cache.Get(ctx, c, discoverCfg())
	inv.Tables[0].Name = "changed"
	again, _ := cache.Get(ctx, c, discoverCfg())
	if again.Tables[0].Name == "changed" {
		t.Error("a caller changed the cached inventory")
	}
}

func TestCacheErrorsAreNotCached(t *testing.T) {
	ctx := context.Background()
	cache, _ := newTestCache()
	c := lakeCatalog(awsTables(testRegion, V2))
	c.tableErr = map[string]error{testDB: errors.New("ThrottlingException")}
	if _, err := cache.Get(ctx, c, discoverCfg()); err == nil {
		t.Fatal("want the error")
	}
	c.mu.Lock()
	c.tableErr = nil
	c.mu.Unlock()
	if _, err := cache.Get(ctx, c, discoverCfg()); err != nil {
		t.Fatalf("a failed discovery must be retried: %v", err)
	}
}

func TestCacheDedupe(t *testing.T) {
	ctx := context.Background()
	cache, _ := newTestCache()
	c := lakeCatalog(awsTables(testRegion, V2))
	c.gate, c.entered = make(chan struct{}), make(chan struct{}, 1)
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inv, err := cache.Get(ctx, c, discoverCfg())
			if err == nil && len(inv.Tables) != 8 {
				err = errors.New("wrong inventory")
			}
			errs <- err
		}()
	}
	<-c.entered // one discovery is in flight; the others wait or hit the cache later
	close(c.gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := c.calls(testDB); got != 1 {
		t.Errorf("%d concurrent discoveries, want 1", got)
	}
}

func TestCacheLeaderCancelled(t *testing.T) {
	cache, _ := newTestCache()
	c := lakeCatalog(awsTables(testRegion, V2))
	c.gate, c.entered = make(chan struct{}), make(chan struct{}, 1)
	leaderCtx, cancel := context.WithCancel(context.Background())
	leaderErr := make(chan error, 1)
	go func() {
		_, err := cache.Get(leaderCtx, c, discoverCfg())
		leaderErr <- err
	}()
	<-c.entered
	waiter := make(chan error, 1)
	go func() {
		inv, err := cache.Get(context.Background(), c, discoverCfg())
		if err == nil && len(inv.Tables) != 8 {
			err = errors.New("wrong inventory")
		}
		waiter <- err
	}()
	cancel()
	if err := <-leaderErr; !errors.Is(err, context.Canceled) {
		t.Errorf("leader: %v", err)
	}
	// The waiter must not inherit the leader's cancellation: it discovers again.
	close(c.gate)
	if err := <-waiter; err != nil {
		t.Errorf("waiter: %v", err)
	}
}

func TestCacheWaiterCancelled(t *testing.T) {
	cache, _ := newTestCache()
	c := lakeCatalog(awsTables(testRegion, V2))
	c.gate, c.entered = make(chan struct{}), make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := cache.Get(context.Background(), c, discoverCfg()); err != nil {
			t.Errorf("leader: %v", err)
		}
	}()
	<-c.entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := cache.Get(ctx, c, discoverCfg()); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled waiter must return at once: %v", err)
	}
	close(c.gate)
	<-done
}

// panicCatalog panics in ListTables, as a buggy client might.
type panicCatalog struct{ fakeCatalog }

func (p *panicCatalog) ListTables(context.Context, string, string) ([]TableMeta, error) {
	panic("boom")
}

func TestCacheSurvivesPanic(t *testing.T) {
	cache, _ := newTestCache()
	p := &panicCatalog{fakeCatalog{dbs: []string{testDB}}}
	func() {
		defer func() { _ = recover() }()
		_, _ = cache.Get(context.Background(), p, discoverCfg())
	}()
	// The flight was cleaned up: a new Get does not hang on it.
	ok := lakeCatalog(awsTables(testRegion, V2))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := cache.Get(ctx, ok, discoverCfg()); err != nil {
		t.Errorf("after a panic: %v", err)
	}
}

func TestNewCacheDefaults(t *testing.T) {
	c := NewCache(0, WithClock(nil))
	if c.ttl != DefaultCacheTTL || c.now == nil {
		t.Errorf("ttl %v", c.ttl)
	}
}

// TestCachePeek: Peek never discovers, and it keeps answering with the last
// inventory after it expires and while a refresh fails.
func TestCachePeek(t *testing.T) {
	ctx := context.Background()
	cache, clk := newTestCache()
	c := lakeCatalog(awsTables(testRegion, V2))
	cfg := discoverCfg()
	if inv, fresh := cache.Peek(cfg); inv != nil || fresh {
		t.Fatalf("cold cache: Peek = %v, %v; want nil, false", inv, fresh)
	}
	if _, err := cache.Get(ctx, c, cfg); err != nil {
		t.Fatal(err)
	}
	inv, fresh := cache.Peek(cfg)
	if inv == nil || !fresh || len(inv.Tables) == 0 {
		t.Fatalf("after discovery: Peek = %v, %v; want the inventory, fresh", inv, fresh)
	}
	inv.Tables = nil // a copy: the cache must not see this
	clk.Advance(6 * time.Minute)
	c.mu.Lock()
	c.tableErr = map[string]error{testDB: errors.New("ThrottlingException")}
	c.mu.Unlock()
	if _, err := cache.Get(ctx, c, cfg); err == nil {
		t.Fatal("want the refresh error")
	}
	inv, fresh = cache.Peek(cfg)
	if inv == nil || fresh || len(inv.Tables) == 0 {
		t.Fatalf("expired, refresh failed: Peek = %v, %v; want the last inventory, not fresh", inv, fresh)
	}
	if n := c.calls(testDB); n != 2 {
		t.Fatalf("discoveries = %d, want 2 (Peek never discovers)", n)
	}
}
