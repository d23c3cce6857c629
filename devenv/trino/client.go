// Package trino is the Athena emulator's client for Trino's client REST
// protocol (POST /v1/statement, then follow nextUri; DELETE nextUri cancels),
// written on net/http.
//
// Everything else in the proving ground that talks to Trino (the replica
// seeder) uses the official driver, github.com/trinodb/trino-go-client,
// through database/sql. This package stays because the emulator needs what
// that driver does not give: the query id and state as soon as the statement
// is submitted (StartQueryExecution answers before any row exists), every
// page's statistics including the final physicalInputBytes (the driver's
// progress callback drops updates when its consumer is busy), Trino's exact
// type text and signature, the raw JSON of each value (the driver decodes a
// page into Go maps, losing the order of map entries, and converts
// timestamps and doubles, losing Trino's text), and cancellation of a query
// from another goroutine with Trino's USER_CANCELED state
// (StopQueryExecution). docs/design/libraries.md has the details.
//
// Typical use:
//
//	c, err := trino.New("http://127.0.0.1:8080", "seclake", trino.WithSource("athena-local"))
//	…
//	q, err := c.Submit(ctx, sql, trino.Session{Catalog: "awsdatacatalog", Schema: "db"})
//	for err == nil {
//		use(q.Columns(), q.RawRows()) // rows of the current page, maybe none
//		var more bool
//		if more, err = q.Next(ctx); !more {
//			break
//		}
//	}
//
// Exec and QueryAll run a statement to its end in the default session (tests
// and checks). Rows decodes each row with json.Decoder.UseNumber, so numbers
// stay exact json.Number text (bigint beyond 2^53, doubles as Trino printed
// them); RawRows keeps the undecoded JSON, which preserves the order of map
// entries.
package trino

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Session is the per-query context sent as X-Trino-* headers. An empty
// TimeZone means UTC, Athena's session zone.
type Session struct {
	Catalog  string
	Schema   string
	TimeZone string
	// Properties are session properties (X-Trino-Session: k=v,…), e.g.
	// {"query_max_run_time": "5m"}; catalog properties as "catalog.name".
	Properties map[string]string
}

// withDefaults fills what Trino needs and the caller left empty.
func (s Session) withDefaults() Session {
	if s.TimeZone == "" {
		s.TimeZone = "UTC"
	}
	return s
}

// RetryPolicy says how often and how patiently a request is retried when
// Trino (or a proxy in front of it) answers 429, 502, 503 or 504 — the
// statuses the protocol documents as "try again" — or the connection fails
// before a response on a nextUri GET.
type RetryPolicy struct {
	// MaxAttempts counts the first attempt too; 1 disables retries.
	MaxAttempts int
	// BaseDelay is the first backoff (the protocol suggests 50–100 ms); it
	// doubles per retry up to MaxDelay. A Retry-After header wins when it
	// asks for longer (capped at MaxDelay).
	BaseDelay, MaxDelay time.Duration
}

// DefaultRetryPolicy rides out a few seconds of an overloaded or restarting
// coordinator: 8 attempts, 50 ms doubling to 2 s (≈ 6 s in all).
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 8, BaseDelay: 50 * time.Millisecond, MaxDelay: 2 * time.Second}

// Client submits statements to one Trino coordinator as one user. It is safe
// for concurrent use.
type Client struct {
	base   string // scheme://host[:port][/prefix], no trailing slash
	user   string
	source string
	hc     *http.Client
	retry  RetryPolicy
}

// Option configures a Client.
type Option func(*Client)

// WithSource sets X-Trino-Source (default "seclake"), which names the client
// in Trino's UI and system.runtime.queries.
func WithSource(source string) Option { return func(c *Client) { c.source = source } }

// WithRetry replaces DefaultRetryPolicy; zero fields keep the default.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) {
		if p.MaxAttempts > 0 {
			c.retry.MaxAttempts = p.MaxAttempts
		}
		if p.BaseDelay > 0 {
			c.retry.BaseDelay = p.BaseDelay
		}
		if p.MaxDelay > 0 {
			c.retry.MaxDelay = p.MaxDelay
		}
	}
}

// New returns a client for the coordinator at baseURL (e.g.
// "http://127.0.0.1:8080") acting as user (X-Trino-User; any name works
// without authentication).
func New(baseURL, user string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil {
		return nil, fmt.Errorf("trino: base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("trino: base URL %q: want http(s)://host:port", baseURL)
	}
	if user == "" {
		return nil, errors.New("trino: user is required (X-Trino-User)")
	}
	c := &Client{
		base:   strings.TrimRight(u.String(), "/"),
		user:   user,
		source: "seclake",
		retry:  DefaultRetryPolicy,
	}
	for _, o := range opts {
		o(c)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// athena-local polls many queries at once; the default of 2 idle
	// connections per host would open and close one per GET. No overall
	// timeout: contexts bound each call, and nextUri GETs long-poll.
	tr.MaxIdleConnsPerHost = 32
	c.hc = &http.Client{Transport: tr}
	return c, nil
}

// BaseURL returns the coordinator URL the client was made with.
func (c *Client) BaseURL() string { return c.base }

// Submit starts sql (one statement, no trailing semicolon) and returns the
// query positioned on Trino's first response page, which may already hold
// rows, the final state or the error. It fails only when the statement could
// not be submitted; a query that Trino rejects (syntax error, missing table)
// is reported by Query.Err and by Next/Wait.
func (c *Client) Submit(ctx context.Context, sql string, s Session) (*Query, error) {
	s = s.withDefaults()
	hdr := http.Header{}
	hdr.Set("X-Trino-User", c.user)
	hdr.Set("X-Trino-Source", c.source)
	hdr.Set("X-Trino-Time-Zone", s.TimeZone)
	// Without this capability Trino rounds every timestamp to milliseconds
	// and reports timestamp(6) columns as "timestamp" (its compatibility
	// mode for old clients); with it, values and types are exact.
	hdr.Set("X-Trino-Client-Capabilities", "PARAMETRIC_DATETIME")
	if s.Catalog != "" {
		hdr.Set("X-Trino-Catalog", s.Catalog)
	}
	if s.Schema != "" {
		hdr.Set("X-Trino-Schema", s.Schema)
	}
	for k, v := range s.Properties {
		hdr.Add("X-Trino-Session", k+"="+url.QueryEscape(v))
	}
	hdr.Set("Content-Type", "text/plain; charset=utf-8")
	res, err := c.roundTrip(ctx, http.MethodPost, c.base+"/v1/statement", hdr, sql)
	if err != nil {
		return nil, err
	}
	q := &Query{c: c}
	q.apply(res)
	return q, nil
}

// Exec runs sql in an empty session (UTC, no catalog) to completion and discards any rows
// (DDL, INSERT, CALL). It returns the query's error, a *Error when Trino
// failed it. If ctx ends first, the query is cancelled in Trino.
func (c *Client) Exec(ctx context.Context, sql string) error {
	q, err := c.Submit(ctx, sql, Session{})
	if err != nil {
		return err
	}
	return q.Wait(ctx)
}

// QueryAll runs sql in an empty session (UTC, no catalog) and returns every row, decoded as
// Query.Rows does, with the final statistics. Meant for small results
// (metadata, checks); large ones belong to Submit and a page loop. If ctx
// ends first, the query is cancelled in Trino.
func (c *Client) QueryAll(ctx context.Context, sql string) ([]Column, [][]any, Stats, error) {
	q, err := c.Submit(ctx, sql, Session{})
	if err != nil {
		return nil, nil, Stats{}, err
	}
	var rows [][]any
	for {
		rows = append(rows, q.Rows()...)
		more, err := q.Next(ctx)
		if err != nil {
			q.cancelOnDone(ctx)
			return q.Columns(), rows, q.Stats(), err
		}
		if !more {
			return q.Columns(), rows, q.Stats(), nil
		}
	}
}

// HTTPError is a response status the protocol does not allow (anything but
// 200, or the retryable statuses after the last attempt).
type HTTPError struct {
	Method, URL string
	StatusCode  int
	// Body is the start of the response body (Trino explains 4xx in text).
	Body string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("trino: %s %s: HTTP %d: %s", e.Method, e.URL, e.StatusCode, e.Body)
}

// retryable reports whether the protocol says to try a status again.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// roundTrip sends one protocol request with retries and decodes the
// QueryResults body. Only GETs are retried after a transport error: a POST
// that failed mid-flight may have created a query, and a second one would
// run the statement twice.
func (c *Client) roundTrip(ctx context.Context, method, target string, hdr http.Header, body string) (*queryResults, error) {
	p := c.retry
	var last error
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("trino: %w", err)
		}
		req.Header = hdr.Clone()
		resp, err := c.hc.Do(req)
		var wait time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			last = fmt.Errorf("trino: %s %s: %w", method, target, err)
			if method == http.MethodPost && !isDialError(err) {
				return nil, last
			}
		case resp.StatusCode == http.StatusOK:
			res, derr := decodeResults(resp.Body)
			drain(resp)
			if derr != nil {
				return nil, fmt.Errorf("trino: %s %s: decoding response: %w", method, target, derr)
			}
			return res, nil
		default:
			snippet := readSnippet(resp.Body)
			drain(resp)
			last = &HTTPError{Method: method, URL: target, StatusCode: resp.StatusCode, Body: snippet}
			if !retryable(resp.StatusCode) {
				return nil, last
			}
			wait = retryAfter(resp.Header.Get("Retry-After"))
		}
		if attempt >= p.MaxAttempts {
			return nil, last
		}
		wait = max(wait, backoff(p, attempt))
		wait = min(wait, p.MaxDelay)
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// isDialError reports a connection that was never established, after which
// even a POST is safe to retry.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func backoff(p RetryPolicy, attempt int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < attempt && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// retryAfter parses a Retry-After header in seconds (the HTTP-date form is
// not worth supporting for a local coordinator); 0 when absent or invalid.
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(min(n, 3600)) * time.Second
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func readSnippet(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 512))
	return strings.TrimSpace(string(b))
}

// drain reads what is left (bounded) so the connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}
