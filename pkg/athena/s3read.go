package athena

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// ObjectAPI is the one S3 call the executor makes: GetObject of a query's
// result file (permission s3:GetObject on the results location).
type ObjectAPI interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

var _ ObjectAPI = (*s3.Client)(nil)

// NewObjectClient builds the S3 client that reads result files, from the
// same aws.Config (credentials, region, HTTP client) as the Athena client
// and with the same retry policy, so a 503 SlowDown is retried like an
// Athena throttle. A non-empty endpoint (an S3 VPC endpoint, or the Athena
// emulator, which serves result files too) is used with path-style
// addressing, which such endpoints expect.
func NewObjectClient(cfg aws.Config, endpoint string, optFns ...func(*s3.Options)) *s3.Client {
	fns := make([]func(*s3.Options), 0, len(optFns)+1)
	fns = append(fns, func(o *s3.Options) {
		o.Retryer = DefaultRetryPolicy.Retryer()
		o.RetryMaxAttempts = 0
		// Athena's result files carry no S3 checksum to validate; without
		// these the SDK logs a line per read to the process's stderr.
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		o.DisableLogOutputChecksumValidationSkipped = true
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
			o.UsePathStyle = true
		}
	})
	fns = append(fns, optFns...)
	return s3.NewFromConfig(cfg, fns...)
}

// WithObjectRetryPolicy is WithRetryPolicy for the S3 client (tests).
func WithObjectRetryPolicy(p RetryPolicy) func(*s3.Options) {
	return func(o *s3.Options) {
		o.Retryer = p.Retryer()
		o.RetryMaxAttempts = 0
	}
}

// Where a result's rows came from (Report.ResultSource).
const (
	SourcePages = "pages"
	SourceS3    = "s3"
)

// splitS3URI splits s3://bucket/key.
func splitS3URI(uri string) (bucket, key string, ok bool) {
	rest, found := strings.CutPrefix(uri, "s3://")
	if !found {
		return "", "", false
	}
	bucket, key, _ = strings.Cut(rest, "/")
	return bucket, key, bucket != "" && key != ""
}

// readObject reads the rows of a SELECT's result file at uri (the header
// row skipped) and hands each to emit, at most limit of them when limit > 0;
// truncated reports that the file holds more. The body is parsed as it
// arrives and closed early once enough rows are read.
func (e *Executor) readObject(ctx context.Context, uri string, ncols, limit int, rep *Report,
	emit func(cr *csvReader, vals []string, null []bool) error, hint func(more int)) (truncated bool, err error) {
	ctx, span := e.startSpan(ctx, spanObject, rep)
	n := 0
	defer func() { endSpan(span, rep, err, attrRows.Int(n)) }()
	bucket, key, ok := splitS3URI(uri)
	if !ok {
		return false, fmt.Errorf("result location %q is not an s3:// object", uri)
	}
	rep.ObjectReads++
	out, err := e.opts.Objects.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return false, err
	}
	defer func() { _ = out.Body.Close() }()
	body := &countingReader{r: out.Body}
	cr := newCSVReader(body, ncols)
	if _, _, err := cr.next(); err != nil { // the header row
		return false, headerError(err)
	}
	for {
		vals, null, err := cr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return false, err
		}
		if limit > 0 && n == limit {
			return true, nil
		}
		if err := emit(cr, vals, null); err != nil {
			return false, err
		}
		n++
		if n == growAfter && hint != nil {
			estimateRest(cr, body, aws.ToInt64(out.ContentLength), n, limit, hint)
		}
		if n%1024 == 0 && ctx.Err() != nil {
			return false, ctx.Err()
		}
	}
	if n := aws.ToInt64(out.ContentLength); n > 0 && body.n != n {
		return false, fmt.Errorf("result file: read %d of %d bytes: %w", body.n, n, errTruncatedCSV)
	}
	return false, nil
}

// growAfter is the row after which readObject estimates the file's rows.
const growAfter = 1024

// estimateRest tells hint how many more rows the file holds after n,
// estimated from the bytes per row so far and the file's length (with 2 %
// to spare), so a sink that can make room in advance (the frame builder)
// does.
func estimateRest(cr *csvReader, body *countingReader, length int64, n, limit int, hint func(int)) {
	if length <= 0 {
		return
	}
	read := body.n - int64(cr.r.Buffered())
	if read <= 0 {
		return
	}
	more := int(float64(length-read) / float64(read) * float64(n) * 1.02)
	if limit > 0 {
		more = min(more, limit-n)
	}
	if more > 0 {
		hint(more)
	}
}

func headerError(err error) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("result file is empty: %w", errTruncatedCSV)
	}
	return err
}

// countingReader counts the bytes read, to check them against
// Content-Length.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// objectErrorCode is the S3 error code of err ("AccessDenied", "SlowDown",
// …), or a short description for a failure without one.
func objectErrorCode(err error) string {
	var ae smithy.APIError
	switch {
	case errors.As(err, &ae) && ae.ErrorCode() != "":
		return ae.ErrorCode()
	case errors.Is(err, errTruncatedCSV), errors.Is(err, io.ErrUnexpectedEOF):
		return "TruncatedBody"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "Cancelled"
	}
	return "ReadError"
}

// isObjectAccessDenied reports whether the S3 read failed for lack of
// permission (the fallback notice then names s3:GetObject).
func isObjectAccessDenied(code string) bool {
	return code == "AccessDenied" || code == "Forbidden" || code == "AllAccessDisabled"
}

// fallbackNotice is the text shown when a large result was read from
// GetQueryResults pages because the result file could not be read.
func fallbackNotice(code string) string {
	if isObjectAccessDenied(code) {
		return "The result was read page by page (slower) because reading the query's result file from S3 was denied " +
			"(" + code + "): grant the datasource's role s3:GetObject on the Athena results location."
	}
	return "The result was read page by page (slower) because reading the query's result file from S3 failed (" + code + ")."
}
