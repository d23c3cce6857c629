package athena

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"
)

// earlyPage is the first GetQueryResults page asked for together with the
// first status call (Options.EarlyFirstPage). A query that has SUCCEEDED
// by then (a reused result, an instant query) is answered in two round
// trips, start and status with page, instead of three; for a query still
// running Athena refuses the call (InvalidRequestException), the answer is
// dropped and the pages are asked for as usual once the query has ended.
type earlyPage struct {
	done   chan struct{}
	out    *athenasdk.GetQueryResultsOutput
	err    error
	cancel context.CancelFunc
}

// startEarlyPage sends the first page's GetQueryResults in the background,
// with the MaxResults fetch would send first. It is not retried: a refusal
// is the common case for a running query, and fetch asks again.
func (e *Executor) startEarlyPage(ctx context.Context, queryID string) *earlyPage {
	ctx, cancel := context.WithCancel(ctx)
	p := &earlyPage{done: make(chan struct{}), cancel: cancel}
	in := &athenasdk.GetQueryResultsInput{
		QueryExecutionId: aws.String(queryID),
		MaxResults:       aws.Int32(e.pageSize(e.opts.RowLimit, 0, true)),
	}
	go func() {
		defer close(p.done)
		p.out, p.err = e.api.GetQueryResults(ctx, in, func(o *athenasdk.Options) { o.RetryMaxAttempts = 1 })
	}()
	return p
}

// take returns the early page when the call succeeded, or nil: it was
// refused (the query was still running), failed, or there was none. It
// waits for the call to end; by the time the status says SUCCEEDED it has,
// or is about to.
func (p *earlyPage) take(ctx context.Context) *athenasdk.GetQueryResultsOutput {
	if p == nil {
		return nil
	}
	select {
	case <-p.done:
	case <-ctx.Done():
		p.cancel()
		<-p.done
	}
	p.cancel()
	if p.err != nil || p.out == nil || p.out.ResultSet == nil {
		return nil
	}
	return p.out
}

// drop abandons the early page (the run failed or started over).
func (p *earlyPage) drop() {
	if p != nil {
		p.cancel()
	}
}
