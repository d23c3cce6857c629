package athenaemu

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/seclake/securitylake-datasource/internal/athenaemu/wire"
)

// The S3 side: GetObject of a query's result file, path style
// (GET /<bucket>/<key>, as the SDK's S3 client sends it with a custom
// endpoint and UsePathStyle), the file being <OutputLocation><id>.csv.

// objectQuery returns the id of the query whose result file is
// s3://bucket/key ("" if none).
func (s *Server) objectQuery(bucket, key string) string {
	base := key[strings.LastIndexByte(key, '/')+1:]
	id, ok := strings.CutSuffix(base, ".csv")
	if !ok {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.execs[id]; ok && outputFile(e) == "s3://"+bucket+"/"+key {
		return id
	}
	return ""
}

// serveObject answers GET (and HEAD) /<bucket>/<key>.
func (s *Server) serveObject(w http.ResponseWriter, r *http.Request) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	req := ObjectRequest{Bucket: bucket, Key: key, Range: r.Header.Get("Range")}
	call := s.beginCall("GetObject", req, r)
	plan := s.faults.take("GetObject", call.SQL)
	s.calls.setFault(call.Seq, plan.String())
	reqID := fmt.Sprintf("%s-%d", s.name, call.Seq)
	status, code := s.writeObject(r.Context(), w, r, call.QueryID, plan, reqID)
	s.calls.update(call.Seq, func(c *Call) { c.Status, c.ErrorType = status, code })
}

// writeObject writes the object (or the error the plan asks for) and
// returns the status and S3 error code sent.
func (s *Server) writeObject(ctx context.Context, w http.ResponseWriter, r *http.Request, id string, plan faultPlan, reqID string) (int, string) {
	if !wire.Pause(ctx, plan.delay+max(s.responseDelay(), 0), s.closed) {
		return 0, ""
	}
	fail := func(status int, code, msg string) (int, string) {
		writeS3Error(w, r, status, code, msg, reqID)
		return status, code
	}
	if e := plan.s3Error(); e != nil {
		if plan.action == ActHang {
			<-mergeDone(ctx, s.closed)
			return 0, ""
		}
		return fail(e.Status, e.Type, e.Message)
	}
	if id == "" {
		return fail(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
	}
	var res *ResultSet
	var modified time.Time
	s.mu.Lock()
	if e, ok := s.execs[id]; ok {
		s.refresh(e, false)
		if e.cur.State == wire.StateSucceeded && e.res != nil && !e.res.evicted {
			res, modified = e.res.ResultSet, e.done
		}
	}
	s.mu.Unlock()
	if res == nil { // Athena writes the file when the query succeeds
		return fail(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
	}
	file := s.csv.file(res)
	body := file.body
	h := w.Header()
	h.Set("Content-Type", "text/csv")
	h.Set("ETag", file.etag)
	h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	h.Set("Accept-Ranges", "bytes")
	h.Set("x-amz-request-id", reqID)
	status := http.StatusOK
	if rng := r.Header.Get("Range"); rng != "" {
		lo, hi, ok := parseRange(rng, len(body))
		if !ok {
			return fail(http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable")
		}
		if hi >= 0 {
			h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", lo, hi-1, len(body)))
			body, status = body[lo:hi], http.StatusPartialContent
		}
	}
	switch plan.action {
	case ActMalformed:
		body = append([]byte(`"`), body...) // an unterminated quoted field
	case ActTruncated:
		h.Set("Content-Length", strconv.Itoa(len(body)))
		body = body[:len(body)/2]
	}
	if plan.action != ActTruncated {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
	if plan.action == ActTruncated {
		abort(w)
	}
	return status, ""
}

// parseRange reads a single byte range "bytes=a-b", "bytes=a-" or
// "bytes=-n" of a size-byte object into [lo, hi). A header it cannot
// read is ignored, as S3 does (hi = -1: the whole object); ok is false
// for a range past the end.
func parseRange(h string, size int) (lo, hi int, ok bool) {
	spec, found := strings.CutPrefix(h, "bytes=")
	a, b, dash := strings.Cut(spec, "-")
	if !found || !dash || strings.Contains(spec, ",") {
		return 0, -1, true
	}
	if a == "" { // the last n bytes
		n, err := strconv.Atoi(b)
		if err != nil || n < 0 {
			return 0, -1, true
		}
		if n == 0 || size == 0 {
			return 0, 0, false
		}
		return max(size-n, 0), size, true
	}
	first, err := strconv.Atoi(a)
	if err != nil || first < 0 {
		return 0, -1, true
	}
	last := size - 1
	if b != "" {
		if last, err = strconv.Atoi(b); err != nil || last < first {
			return 0, -1, true
		}
	}
	if first >= size {
		return 0, 0, false
	}
	return first, min(last, size-1) + 1, true
}

// s3Error is the plan's error response to an S3 call (Type: the Code),
// nil when the object is sent (maybe mangled). ActHang comes back as an
// error too, for the caller to hold.
func (p faultPlan) s3Error() *wire.Error {
	f := p.rule
	e := &wire.Error{}
	switch p.action {
	case ActThrottle, ActTooManyRequests:
		e.Status, e.Type, e.Message = http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate."
	case ActServerError:
		e.Status, e.Type, e.Message = http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again."
	case ActAccessDenied:
		e.Status, e.Type, e.Message = http.StatusForbidden, "AccessDenied", "Access Denied"
	case ActError:
		e.Status, e.Type, e.Message = http.StatusBadRequest, f.Type, f.Message
	case ActHang:
		return e
	default:
		return nil
	}
	return f.override(e)
}

// writeS3Error writes S3's XML error document.
func writeS3Error(w http.ResponseWriter, r *http.Request, status int, code, msg, reqID string) {
	body, _ := xml.Marshal(struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string
		Message   string
		Resource  string
		RequestID string `xml:"RequestId"`
	}{Code: code, Message: msg, Resource: r.URL.Path, RequestID: reqID})
	body = append([]byte(xml.Header), body...)
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("x-amz-request-id", reqID)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// WriteCSV writes r as Athena writes a query's result file: the header
// row (when r has one), then the rows; every value in double quotes with
// embedded quotes doubled, NULL as an empty unquoted field, lines ended
// by "\n". Values are the rendered text GetQueryResults returns.
func WriteCSV(w io.Writer, r *ResultSet) error {
	var b bytes.Buffer
	line := func(cells []*string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			if c != nil {
				b.WriteByte('"')
				b.WriteString(strings.ReplaceAll(*c, `"`, `""`))
				b.WriteByte('"')
			}
		}
		b.WriteByte('\n')
	}
	if names := headerOf(r); names != nil {
		cells := make([]*string, len(names))
		for i := range names {
			cells[i] = &names[i]
		}
		line(cells)
	}
	for _, row := range r.Rows {
		line(row)
		if b.Len() >= 64<<10 {
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
			b.Reset()
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}
