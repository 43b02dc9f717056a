package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/pkg/jsjson"
)

// Replay answers every call from a script's recordings: no server, no network. A request
// that was not recorded fails with a *mocks.MissingRecordingError naming the file that should
// exist and the request identity.
type Replay struct {
	Replayer *mocks.Replayer
	// ProviderConfigKey and Provider describe the integration for getIntegration().
	ProviderConfigKey string
	Provider          string
	// OnHTTP, when set, is told about every replayed call (status 0 for a legacy recording);
	// the URL is the recording's file.
	OnHTTP HTTPLogFunc
}

// WebhookURL is what nango.getWebhookURL() returns during replay, as in Nango's test harness.
const WebhookURL = "https://example.com/webhook"

// ErrNotRecorded is wrapped by calls that recordings cannot answer.
var ErrNotRecorded = errors.New("not available in replay")

func (r *Replay) Proxy(_ context.Context, req *Request) (*Response, error) {
	rec, err := r.Replayer.Lookup(req.Identity)
	if err != nil {
		return nil, err
	}
	out := &Response{Status: rec.Status, HasStatus: rec.HasStatus}
	if rec.HasHeaders {
		out.HeadersJSON = jsjson.MustStringify(rec.Headers)
	}
	if text, ok := jsjson.Stringify(rec.Data); ok {
		out.DataJSON = text
	} else {
		out.DataUndefined = true
	}
	if r.OnHTTP != nil {
		r.OnHTTP(rec.Status, strings.ToUpper(req.Identity.Method), rec.File)
	}
	return out, nil
}

func (r *Replay) GetConnection(context.Context, ConnectionQuery) ([]byte, error) {
	v, err := r.Replayer.Layout.ReadConnection()
	if err != nil {
		return nil, err
	}
	return jsjson.MustStringify(v), nil
}

// GetMetadata reads nango/getMetadata.json.
func (r *Replay) GetMetadata(context.Context) ([]byte, error) {
	v, err := r.Replayer.Layout.ReadMetadata()
	if err != nil {
		return nil, err
	}
	return jsjson.MustStringify(v), nil
}

// SetMetadata does nothing during replay (Nango's harness ignores it too).
func (r *Replay) SetMetadata(context.Context, string, string, []byte, bool) ([]byte, error) {
	return nil, nil
}

// GetEnvironmentVariables has nothing recorded to answer with: the list is empty.
func (r *Replay) GetEnvironmentVariables(context.Context) ([]byte, error) {
	return []byte("[]"), nil
}

func (r *Replay) GetIntegration(_ context.Context, pck string, include []string) ([]byte, error) {
	out := map[string]any{"unique_key": pck, "provider": r.Provider}
	for _, i := range include {
		if i == "webhook" {
			out["webhook_url"] = WebhookURL
		}
	}
	return json.Marshal(out)
}

func (r *Replay) TriggerAction(_ context.Context, _, _, action string, _ []byte) (*Response, error) {
	return nil, fmt.Errorf("triggerAction(…, %q): %w: it runs the deployed action on the Nango server and the mocks layout has no recording of it "+
		"(dry-run without --replay)", action, ErrNotRecorded)
}

// ListRecords fails: the mocks layout (internal/mocks/layout.go) has no recording of a
// connection's stored records, so replay cannot say what the server holds.
func (r *Replay) ListRecords(_ context.Context, q RecordsQuery) (*Response, error) {
	return nil, fmt.Errorf("getRecordsByIds(…, %q): %w: the mocks layout has no recording of the records the Nango server stores "+
		"(the records live on the Nango server: dry-run without --replay to read them)", q.Model, ErrNotRecorded)
}

// Fetch fails: uncontrolledFetch goes around the Nango proxy, so nothing recorded it (the
// reference does not record it either) and replay never reaches the network.
func (r *Replay) Fetch(_ context.Context, req *FetchRequest) (*FetchResponse, error) {
	return nil, fmt.Errorf("uncontrolledFetch(%s %s): %w: it bypasses the Nango proxy, so no recording holds its answer "+
		"(dry-run without --replay, or fetch through nango.proxy to make it recordable)", req.Method, req.URL, ErrNotRecorded)
}
