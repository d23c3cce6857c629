package athena

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/smithy-go"
)

// RetryPolicy is the one place that decides how Athena calls are retried.
// It is applied as the SDK client's retryer (NewClient), so every call —
// start, poll, page, stop and the listings — gets the same treatment and the
// executor does not stack a second retry loop on top (6×6 attempts).
type RetryPolicy struct {
	// MaxAttempts is the total number of attempts per call, the first included.
	MaxAttempts int
	// BaseDelay is the backoff before the first retry; it doubles per retry.
	BaseDelay time.Duration
	// MaxDelay caps a single backoff.
	MaxDelay time.Duration
}

// DefaultRetryPolicy gives up after 6 attempts, i.e. after about 8 s of
// backoff in the worst case, which fits inside a dashboard's patience and
// outlasts the short bursts in which Athena's per-account API rate limits
// ("Rate exceeded") trip when many panels refresh at once.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 6, BaseDelay: 250 * time.Millisecond, MaxDelay: 8 * time.Second}

// WithRetryPolicy returns a client option installing p as the retryer; tests
// use it with millisecond delays.
func WithRetryPolicy(p RetryPolicy) func(*athenasdk.Options) {
	return func(o *athenasdk.Options) { applyRetryPolicy(o, p) }
}

// applyRetryPolicy installs p and clears RetryMaxAttempts, which the SDK
// would otherwise copy from aws.Config (AWS_MAX_ATTEMPTS, shared config) and
// wrap around p, silently changing the attempt count.
func applyRetryPolicy(o *athenasdk.Options, p RetryPolicy) {
	o.Retryer = p.Retryer()
	o.RetryMaxAttempts = 0
}

// Retryer returns an SDK retryer implementing p. It keeps the SDK's standard
// classification (connection errors, 5xx, throttling codes, no retry on a
// cancelled context) and adds Athena's throttling disguised as
// InvalidRequestException. The SDK's client-side retry token bucket is
// disabled: throttling is the normal failure mode here, and an emptied bucket
// would turn a burst of throttles into immediate "retry quota exceeded"
// failures for every later panel sharing the client.
func (p RetryPolicy) Retryer() aws.Retryer {
	p = p.withDefaults()
	throttle := func(err error) aws.Ternary {
		if IsThrottle(err) {
			return aws.TrueTernary
		}
		return aws.UnknownTernary
	}
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = p.MaxAttempts
		o.MaxBackoff = p.MaxDelay
		o.Backoff = p
		o.Retryables = append(o.Retryables, retry.IsErrorRetryableFunc(throttle))
		o.Throttles = append(o.Throttles, retry.IsErrorThrottleFunc(throttle))
		o.RateLimiter = ratelimit.None
	})
}

// BackoffDelay implements retry.BackoffDelayer: exponential backoff with
// "equal jitter" (half fixed, half random), so concurrent panels that were
// throttled together do not retry in lockstep, yet no retry is immediate.
// attempt is 1 for the first retry.
func (p RetryPolicy) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	p = p.withDefaults()
	d := p.MaxDelay
	if attempt >= 1 && attempt < 32 {
		if exp := p.BaseDelay << (attempt - 1); exp > 0 && exp < p.MaxDelay {
			d = exp
		}
	}
	half := d / 2
	return half + rand.N(d-half+1), nil
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultRetryPolicy.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultRetryPolicy.BaseDelay
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	return p
}

// IsThrottle reports whether err is Athena (or the HTTP layer in front of it)
// asking the caller to slow down: ThrottlingException, TooManyRequestsException,
// HTTP 429/503, or an InvalidRequestException whose message or
// AthenaErrorCode says the rate was exceeded.
func IsThrottle(err error) bool {
	if err == nil {
		return false
	}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) {
		switch status.HTTPStatusCode() {
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			return true
		}
	}
	var api smithy.APIError
	if !errors.As(err, &api) {
		return false
	}
	switch api.ErrorCode() {
	case "ThrottlingException", "TooManyRequestsException", "Throttling",
		"ThrottledException", "RequestLimitExceeded", "SlowDown":
		return true
	case "InvalidRequestException":
		var ire *types.InvalidRequestException
		if errors.As(err, &ire) && mentionsRateLimit(aws.ToString(ire.AthenaErrorCode)) {
			return true
		}
		return mentionsRateLimit(api.ErrorMessage())
	}
	return false
}

// mentionsRateLimit matches the wording Athena uses when it rejects a call
// for rate rather than content ("Rate exceeded", "Throttling: …").
func mentionsRateLimit(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "rate exceeded") || strings.Contains(s, "throttl") ||
		strings.Contains(s, "too many requests")
}
