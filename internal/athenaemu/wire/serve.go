package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"
)

// Operation returns the operation r calls — its X-Amz-Target without
// TargetPrefix, or the whole header when the prefix is missing — and
// whether r is an Athena JSON 1.1 call at all: a POST whose X-Amz-Target
// has the prefix.
func Operation(r *http.Request) (op string, ok bool) {
	target := r.Header.Get("X-Amz-Target")
	op, ok = strings.CutPrefix(target, TargetPrefix)
	return op, ok && r.Method == http.MethodPost
}

// Handler serves one operation; make it with Handle or HandleContext.
type Handler struct {
	op       string
	newInput func() any
	serve    func(ctx context.Context, input any) (any, *Error)
}

// Handle makes the Handler of the operation whose request is In, an
// aws-sdk-go-v2 service/athena input type; the operation is the type's name
// without "Input" (StartQueryExecutionInput: StartQueryExecution).
// Requests are decoded into a fresh *In: the exported fields of the SDK's
// input types carry the protocol's member names, and the inputs the
// endpoints serve hold only strings, numbers, booleans and lists and
// structs of them — no timestamps, documents or unions, which the SDK
// serializes its own way — so encoding/json fills them exactly and the
// request side cannot drift from the client (TestSDKRequestsDecodeIntoSDKInputs
// checks this round trip). serve returns the response body (a struct of
// this package) or an error.
func Handle[In any](serve func(in *In) (any, *Error)) Handler {
	return HandleContext(func(_ context.Context, in *In) (any, *Error) { return serve(in) })
}

// HandleContext is Handle for a handler that needs the request's context.
func HandleContext[In any](serve func(ctx context.Context, in *In) (any, *Error)) Handler {
	name := reflect.TypeFor[In]().Name()
	op, ok := strings.CutSuffix(name, "Input")
	if !ok || op == "" {
		panic("wire: " + name + " is not an SDK operation input type")
	}
	return Handler{
		op:       op,
		newInput: func() any { return new(In) },
		serve: func(ctx context.Context, input any) (any, *Error) {
			in, ok := input.(*In)
			if !ok {
				return nil, Internal(fmt.Sprintf("wire: %s got a %T request", op, input))
			}
			return serve(ctx, in)
		},
	}
}

// Mux dispatches calls by operation name. It is read-only after NewMux, so
// safe for concurrent use.
type Mux struct {
	handlers map[string]Handler
}

// NewMux returns a Mux serving the handlers' operations. It panics when two
// handlers serve the same operation.
func NewMux(handlers ...Handler) *Mux {
	m := &Mux{handlers: make(map[string]Handler, len(handlers))}
	for _, h := range handlers {
		if _, dup := m.handlers[h.op]; dup {
			panic("wire: two handlers for " + h.op)
		}
		m.handlers[h.op] = h
	}
	return m
}

// NewInput returns a fresh request value for op to decode into, or false
// when the Mux does not serve op.
func (m *Mux) NewInput(op string) (any, bool) {
	h, ok := m.handlers[op]
	if !ok {
		return nil, false
	}
	return h.newInput(), true
}

// Serve answers op with input, a value NewInput(op) returned.
func (m *Mux) Serve(ctx context.Context, op string, input any) (any, *Error) {
	h, ok := m.handlers[op]
	if !ok {
		return nil, Internal("wire: no handler for " + op)
	}
	return h.serve(ctx, input)
}

// DecodeRequest reads a request body of at most MaxBody bytes and decodes
// it into input; an empty body is an empty request. Failures are
// SerializationExceptions, as AWS JSON services answer a malformed body,
// with messages naming server (e.g. "athena-local") and op.
func DecodeRequest(server, op string, body io.Reader, input any) *Error {
	raw, err := io.ReadAll(io.LimitReader(body, MaxBody+1))
	if err != nil {
		return Serialization(server + ": reading request body: " + err.Error())
	}
	if len(raw) > MaxBody {
		return Serialization(fmt.Sprintf("%s: request body exceeds %d MiB", server, MaxBody>>20))
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, input); err != nil {
		return Serialization(server + ": decoding " + op + " request: " + err.Error())
	}
	return nil
}

// Reply is an encoded response, ready to write.
type Reply struct {
	// Status is the HTTP status.
	Status int
	// Err is the error sent, nil on success.
	Err *Error
	// Body is the encoded body.
	Body []byte
}

// NewReply encodes out, or e when it is non-nil. Should encoding fail, the
// reply is an InternalServerException whose message names server.
func NewReply(server string, out any, e *Error) Reply {
	r := Reply{Status: http.StatusOK, Err: e}
	payload := out
	if e != nil {
		r.Status, payload = e.Status, e.Body()
	}
	buf, err := json.Marshal(payload)
	if err != nil {
		r.Err = Internal(server + ": encoding response: " + err.Error())
		r.Status = r.Err.Status
		buf, _ = json.Marshal(r.Err.Body())
	}
	r.Body = buf
	return r
}

// Write sends the reply with the protocol's headers (Content-Type,
// X-Amzn-RequestId and, for an error, X-Amzn-ErrorType) after pausing for
// delay, which ends early when ctx ends or done is closed (nil: never).
func (r Reply) Write(ctx context.Context, w http.ResponseWriter, requestID string, delay time.Duration, done <-chan struct{}) {
	// Pause before writing, so the SDK has finished writing its request
	// before the reply lands; see DefaultResponseDelay.
	Pause(ctx, delay, done)
	if r.Err != nil {
		w.Header().Set("X-Amzn-ErrorType", r.Err.Type)
	}
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("X-Amzn-RequestId", requestID)
	w.WriteHeader(r.Status)
	_, _ = w.Write(r.Body)
}

// Pause waits d unless ctx ends or done is closed first (a nil done never
// is); it reports whether the whole wait elapsed. d <= 0 returns true at
// once.
func Pause(ctx context.Context, d time.Duration, done <-chan struct{}) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-done:
	}
	return false
}
