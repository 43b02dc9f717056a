package sdk

import (
	"context"
	"fmt"
	"strings"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/pkg/jsjson"
)

// Recording is a Live transport that writes what the script receives as mocks: every
// proxied answer, failed ones included, and the connection, into the mocks/ layout
// (--save-responses, mocks.Recorder) or a zero-yaml tests/<name>.test.json (--save,
// mocks.TestRecorder).
type Recording struct {
	Live     Transport
	Recorder mocks.RunRecorder
}

// Proxy sends the call and records its answer under the request's identity.
func (r *Recording) Proxy(ctx context.Context, req *Request) (*Response, error) {
	resp, err := r.Live.Proxy(ctx, req)
	if err != nil {
		return nil, err
	}
	headers, err := jsjson.Parse(resp.HeadersJSON)
	if err != nil {
		return nil, err
	}
	if _, err := r.Recorder.RecordResponse(req.Identity, resp.Status, headers, recordedData(resp.Body, req.ResponseType)); err != nil {
		return nil, fmt.Errorf("record the response of %s %s: %w", strings.ToUpper(req.Wire.Method), req.Wire.Endpoint, err)
	}
	return resp, nil
}

// recordedData is the body as the script receives it, as a JSON value: parsed JSON, else the
// text (binary answers as base64 text, which is what JSON can hold).
func recordedData(body []byte, responseType string) jsjson.Value {
	switch responseType {
	case "arraybuffer", "blob", "stream":
		return jsjson.StringValue(base64Std(body))
	case "text":
		return jsjson.StringValue(string(body))
	}
	if v, err := jsjson.Parse(body); err == nil {
		return v
	}
	return jsjson.StringValue(string(body))
}

// GetConnection fetches the connection and records what replay needs of it (never its
// credentials).
func (r *Recording) GetConnection(ctx context.Context, q ConnectionQuery) ([]byte, error) {
	raw, err := r.Live.GetConnection(ctx, q)
	if err != nil {
		return nil, err
	}
	if v, perr := jsjson.Parse(raw); perr == nil {
		r.Recorder.Scrubber().AddConnection(v)
		r.Recorder.RecordConnection(v)
	}
	return raw, nil
}

func (r *Recording) SetMetadata(ctx context.Context, pck, connID string, metadata []byte, update bool) ([]byte, error) {
	return r.Live.SetMetadata(ctx, pck, connID, metadata, update)
}

func (r *Recording) GetEnvironmentVariables(ctx context.Context) ([]byte, error) {
	return r.Live.GetEnvironmentVariables(ctx)
}

func (r *Recording) GetIntegration(ctx context.Context, pck string, include []string) ([]byte, error) {
	return r.Live.GetIntegration(ctx, pck, include)
}

func (r *Recording) TriggerAction(ctx context.Context, pck, connID, action string, input []byte) (*Response, error) {
	return r.Live.TriggerAction(ctx, pck, connID, action, input)
}

// ListRecords reads stored records from the server; nothing is recorded (the reference's
// layout has no place for them).
func (r *Recording) ListRecords(ctx context.Context, q RecordsQuery) (*Response, error) {
	return r.Live.ListRecords(ctx, q)
}

// Fetch sends the request: the reference does not record uncontrolledFetch either, so a
// replay of this script will fail at this call.
func (r *Recording) Fetch(ctx context.Context, req *FetchRequest) (*FetchResponse, error) {
	return r.Live.Fetch(ctx, req)
}
