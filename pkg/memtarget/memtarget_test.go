package memtarget

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimit(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name              string
		live, other, want int64
	}{
		{"little live: the floor", 20 * mib, 10 * mib, 192 * mib},
		{"just under the floor", 140 * mib, 15 * mib, 192 * mib},
		{"a large answer: live plus a quarter", 160 * mib, 12 * mib, 212 * mib},
		{"several large answers: follows the live heap up", 600 * mib, 20 * mib, 770 * mib},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Limit(tc.live, tc.other, DefaultFloor, DefaultHeadroom); got != tc.want {
				t.Fatalf("Limit(%d MiB live, %d MiB other) = %d MiB, want %d MiB", tc.live/mib, tc.other/mib, got/mib, tc.want/mib)
			}
		})
	}
}

func TestStartKeepsTheOperatorsLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	before := debug.SetMemoryLimit(-1)
	if tu := Start(1<<20, 0.25); tu != nil {
		tu.Stop()
		t.Fatal("Start tuned although GOMEMLIMIT is set")
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Fatalf("the limit changed from %d to %d", before, got)
	}
}

// TestTunerFollowsTheLiveHeap holds a large live allocation across a
// collection and checks that the limit set afterwards covers it with the
// headroom, then that it comes down once the allocation is gone.
func TestTunerFollowsTheLiveHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	const floor = 8 << 20
	tu := Start(floor, 0.25)
	if tu == nil {
		t.Fatal("Start returned nil without GOMEMLIMIT")
	}
	defer tu.Stop()

	func() {
		hold := make([]byte, 96<<20)
		for i := range hold {
			hold[i] = byte(i)
		}
		waitFor(t, func() bool { return tu.Current() >= 120<<20 }, "the limit to cover 96 MiB live with a quarter's headroom")
		if got := debug.SetMemoryLimit(-1); got != tu.Current() {
			t.Fatalf("runtime limit %d, tuner says %d", got, tu.Current())
		}
		runtime.KeepAlive(hold)
	}()
	waitFor(t, func() bool { return tu.Current() < 64<<20 }, "the limit to come down once the 96 MiB are garbage")
	tu.Stop()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("after Stop the limit is %d, want none", got)
	}
}

// waitFor runs collections until ok (the tuner runs after each one, on the
// finalizer goroutine) or fails after 5 s.
func waitFor(t *testing.T, ok func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (limit %d MiB)", what, debug.SetMemoryLimit(-1)>>20)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
