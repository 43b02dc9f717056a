package sdk

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/nangoapi"
)

// Request is one proxied call of a script (nango.proxy/get/post/..., every page of
// nango.paginate): what goes on the wire to the Nango server, and what identifies the call
// in recordings.
type Request struct {
	Wire     nangoapi.ProxyRequest
	Identity mocks.Request
	// ResponseType is the script's responseType ("" for axios' default, JSON when it parses).
	ResponseType string
}

// Response is a proxied call's answer as the transport got it.
type Response struct {
	Status int
	// HasStatus is false for a legacy recording (the script sees status undefined).
	HasStatus bool
	// HeadersJSON is the headers object (lower-case names) as JSON text; nil when the answer
	// has no headers (a legacy recording, after which replayed pagination stops).
	HeadersJSON []byte
	// Body is the raw body of a live answer.
	Body []byte
	// DataJSON, when set, is the data as a JSON value (a recorded answer); Body is unused.
	DataJSON []byte
	// DataUndefined is a recorded answer whose data is undefined.
	DataUndefined bool
}

// ConnectionQuery selects the connection of nango.getConnection().
type ConnectionQuery struct {
	ProviderConfigKey string
	ConnectionID      string
	ForceRefresh      bool
	RefreshToken      bool
}

// Transport is the one path by which a script's nango object reaches the outside. Three
// implementations: Live (the Nango server), Recording (Live, writing what it sees as mocks)
// and Replay (recorded mocks only: no server, no network).
type Transport interface {
	Proxy(ctx context.Context, req *Request) (*Response, error)
	// GetConnection returns the connection as JSON text (credentials included: the script
	// may read them; the caller keeps them out of output).
	GetConnection(ctx context.Context, q ConnectionQuery) ([]byte, error)
	// SetMetadata replaces (update false) or merges the connection's metadata, given as JSON
	// text, and returns the server's answer as JSON text ("" for none).
	SetMetadata(ctx context.Context, providerConfigKey, connectionID string, metadata []byte, update bool) ([]byte, error)
	// GetEnvironmentVariables returns [{name, value}] as JSON text.
	GetEnvironmentVariables(ctx context.Context) ([]byte, error)
	// GetIntegration returns the integration object as JSON text.
	GetIntegration(ctx context.Context, providerConfigKey string, include []string) ([]byte, error)
	// TriggerAction runs a deployed action (input: JSON text, nil for none) and returns the
	// answer whatever its status (the output on success; a failure is an HTTP error for the
	// script); an error only for what stops the run.
	TriggerAction(ctx context.Context, providerConfigKey, connectionID, action string, input []byte) (*Response, error)
	// ListRecords reads one page of the connection's stored records (GET /records): the
	// answer whatever its status (a failure is an HTTP error for the script); an error only
	// for what stops the run (no answer, a refused key, nothing recorded).
	ListRecords(ctx context.Context, q RecordsQuery) (*Response, error)
	// Fetch sends nango.uncontrolledFetch's plain HTTP request: no Nango server, no credential
	// injection, no retries. A non-2xx status is an answer; an error is a request that got no
	// answer (or a transport that cannot send one, as replay).
	Fetch(ctx context.Context, req *FetchRequest) (*FetchResponse, error)
}

// FetchRequest is nango.uncontrolledFetch's request.
type FetchRequest struct {
	URL    string
	Method string
	// Header holds the script's headers as given (nothing added but what Go's client adds:
	// Host, User-Agent when unset, Content-Length, Accept-Encoding).
	Header http.Header
	// Body is sent when HasBody (a string or bytes from the script).
	Body    []byte
	HasBody bool
}

// FetchResponse is what a WHATWG Response exposes of the answer.
type FetchResponse struct {
	Status     int
	StatusText string
	// URL is the final URL (after redirects); Redirected tells whether it changed.
	URL        string
	Redirected bool
	Header     http.Header
	Body       []byte
}

// fetch sends req with client: redirects followed as fetch() does (Go's client drops
// Authorization and Cookie on a redirect to another host).
func fetch(ctx context.Context, client *http.Client, req *FetchRequest) (*FetchResponse, error) {
	if client == nil {
		client = &http.Client{}
	}
	var body io.Reader
	if req.HasBody {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return nil, fmt.Errorf("uncontrolledFetch %s %s: %w", req.Method, req.URL, err)
	}
	for k, vs := range req.Header {
		hr.Header[k] = vs
	}
	resp, err := client.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("uncontrolledFetch %s %s: no answer: %w", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	// Bounded as every answer from a server is (nangoapi.MaxResponseBody).
	data, err := nangoapi.ReadBody(resp.Body, nangoapi.MaxResponseBody)
	if err != nil {
		return nil, fmt.Errorf("uncontrolledFetch %s %s: reading the answer: %w", req.Method, req.URL, err)
	}
	final := req.URL
	if resp.Request != nil && resp.Request.URL != nil {
		final = resp.Request.URL.String()
	}
	return &FetchResponse{Status: resp.StatusCode, StatusText: strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode))),
		URL: final, Redirected: final != req.URL, Header: resp.Header, Body: data}, nil
}

// RecordsQuery selects stored records for nango.getRecordsByIds().
type RecordsQuery struct {
	ProviderConfigKey string
	ConnectionID      string
	// Model is the full model name (`Model::variant` for a variant).
	Model  string
	IDs    []string
	Cursor string
}

// MetadataSource is implemented by transports that answer nango.getMetadata() themselves
// (replay reads nango/getMetadata.json) instead of through the connection.
type MetadataSource interface {
	GetMetadata(ctx context.Context) ([]byte, error)
}

// HTTPLogFunc receives one line per call made to the Nango server, as the reference prints
// them (`http [200] GET <url>`).
type HTTPLogFunc func(status int, method, url string)
