package plugin

import (
	"context"
	"time"
)

// admission bounds the Athena queries one datasource instance runs at once,
// across all requests: QueryData (panels, alert rules), the values route and
// the health check's probes. Athena counts active queries per account and
// Region (20 DML queries by default in most Regions) and refuses more with
// TooManyRequestsException, so a dashboard of many panels plus alert rules
// must queue in the plugin instead of failing in Athena.
//
// The slots are a buffered channel: goroutines blocked sending on a channel
// are woken in arrival order, so the queue is first come, first served, and
// a waiter whose context ends leaves the queue without taking a slot.
type admission struct {
	slots chan struct{}
	m     *metrics
}

func newAdmission(limit int, m *metrics) *admission {
	if limit < 1 {
		limit = 1
	}
	return &admission{slots: make(chan struct{}, limit), m: m}
}

// limit is the number of slots.
func (a *admission) limit() int { return cap(a.slots) }

// acquire takes a slot, waiting while all are busy. It returns how long
// the caller waited (0 when a slot was free) and a release function to
// call once the query has finished, or ctx's error when ctx ended first.
func (a *admission) acquire(ctx context.Context) (time.Duration, func(), error) {
	release := func() {
		<-a.slots
		a.m.inFlight.Dec()
	}
	select {
	case a.slots <- struct{}{}:
		a.m.inFlight.Inc()
		a.m.admissionWait.Observe(0)
		return 0, release, nil
	default:
	}
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}
	a.m.queued.Inc()
	a.m.waiting.Inc()
	defer a.m.waiting.Dec()
	began := time.Now()
	select {
	case a.slots <- struct{}{}:
		waited := time.Since(began)
		a.m.inFlight.Inc()
		a.m.admissionWait.Observe(waited.Seconds())
		return waited, release, nil
	case <-ctx.Done():
		a.m.admissionTimeouts.Inc()
		return time.Since(began), nil, ctx.Err()
	}
}
