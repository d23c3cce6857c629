// Package memtarget keeps the plugin process's memory close to what it
// actually holds.
//
// Why: a large answer is copied four times on its way to Grafana (our frame,
// the SDK's Arrow arrays, the Arrow IPC buffer, the protobuf message), and
// each copy becomes garbage in turn. With the Go runtime's default pacing
// (GOGC=100) the heap may grow to twice what was live at the last collection
// before the next one runs, so a 100,000-row answer whose live peak is about
// 160 MiB drove the process to about 290 MiB resident. A fixed soft memory
// limit (GOMEMLIMIT) fixes that case but turns into a collection storm when
// several large answers are legitimately live at once. This package sets the
// soft limit after every collection to what is live plus a headroom, never
// below a floor: below the floor the runtime paces as usual; above it the
// heap may only grow by the headroom (like a lower GOGC), and the limit
// follows the live heap up and down, so it never sits below what is needed.
//
// An operator who sets GOMEMLIMIT in the plugin's environment keeps it: the
// package then does nothing.
package memtarget

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// Defaults of Start, measured with the benchmark (docs/performance.md).
const (
	// DefaultFloor is the limit when little is live: an idle plugin uses
	// about 40 MiB, a panel of ordinary queries far less than this.
	DefaultFloor int64 = 192 << 20
	// DefaultHeadroom is the share of the live heap the heap may grow by
	// before the next collection once the floor is passed.
	DefaultHeadroom = 0.25
)

// Limit is the soft memory limit for a heap with live bytes reachable after
// the last collection and other bytes of runtime memory that are not heap
// objects (stacks, metadata, free spans not yet returned): the larger of
// floor and other + live × (1 + headroom).
func Limit(live, other, floor int64, headroom float64) int64 {
	want := other + live + int64(float64(live)*headroom)
	return max(want, floor)
}

// Tuner re-sets the soft memory limit after each garbage collection.
type Tuner struct {
	floor    int64
	headroom float64
	stopped  atomic.Bool
	last     atomic.Int64
	samples  []metrics.Sample
}

// Start begins tuning with the given floor and headroom and returns the
// tuner, or nil when GOMEMLIMIT is set in the environment (the operator's
// limit wins). Stop it with Stop; it stops by itself when the process exits.
func Start(floor int64, headroom float64) *Tuner {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return nil
	}
	t := &Tuner{floor: floor, headroom: headroom, samples: []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}}
	t.tune()
	t.arm()
	return t
}

// Stop ends the tuning and puts back the runtime's default (no limit).
func (t *Tuner) Stop() {
	if t == nil || t.stopped.Swap(true) {
		return
	}
	debug.SetMemoryLimit(math.MaxInt64)
}

// Current is the limit the tuner set last, in bytes.
func (t *Tuner) Current() int64 {
	if t == nil {
		return 0
	}
	return t.last.Load()
}

// arm hangs a finalizer on a fresh object: the collector runs it once the
// object is unreachable, i.e. after the next collection, and the finalizer
// re-tunes and re-arms. Go has no other hook for "a collection finished".
func (t *Tuner) arm() {
	sentinel := new([16]byte)
	runtime.SetFinalizer(sentinel, func(*[16]byte) {
		if t.stopped.Load() {
			return
		}
		t.tune()
		t.arm()
	})
}

// tune reads the heap after the last collection and sets the limit. The
// part of runtime memory that is not heap objects or heap spans (stacks,
// GC metadata, other runtime structures) is counted on top, since the soft
// limit covers all of it; returned (released) memory is not.
func (t *Tuner) tune() {
	metrics.Read(t.samples)
	live := int64(value(t.samples[0]))
	total := int64(value(t.samples[1]))
	objects := int64(value(t.samples[2]))
	released := int64(value(t.samples[3]))
	unused := int64(value(t.samples[4]))
	other := max(total-objects-released-unused, 0)
	limit := Limit(live, other, t.floor, t.headroom)
	debug.SetMemoryLimit(limit)
	t.last.Store(limit)
}

// value is a sample's value as an unsigned count (0 when the runtime does not
// know the metric, which only an old runtime would do).
func value(s metrics.Sample) uint64 {
	if s.Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}
