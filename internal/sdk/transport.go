package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/pkg/jsjson"
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

// Live sends every call to a Nango server with nangoapi.
type Live struct {
	Client *nangoapi.Client
	// IsSync marks requests as a sync's (Nango-Is-Sync), as the reference node client does.
	IsSync bool
	// OnHTTP, when set, is told about every call.
	OnHTTP HTTPLogFunc
	// HTTP sends nango.uncontrolledFetch's requests (nil: a default client). It never carries
	// the secret key.
	HTTP *http.Client
}

func (l *Live) logHTTP(status int, method, u string) {
	if l.OnHTTP != nil {
		l.OnHTTP(status, method, u)
	}
}

// Proxy sends req to <host>/proxy<endpoint>. A provider's error status is an answer, not an
// error; the Nango server's own refusals (bad key, unknown connection) are errors with their
// exit codes.
func (l *Live) Proxy(ctx context.Context, req *Request) (*Response, error) {
	w := req.Wire
	w.IsSync = l.IsSync
	resp, err := l.Client.Proxy(ctx, w)
	if err != nil {
		return nil, err
	}
	method := strings.ToUpper(w.Method)
	if method == "" {
		method = http.MethodGet
	}
	ep := w.Endpoint
	if !strings.HasPrefix(ep, "/") {
		ep = "/" + ep
	}
	l.logHTTP(resp.Status, method, l.Client.Host()+"/proxy"+ep)
	if err := l.Client.ServerError(method, ep, resp); err != nil {
		return nil, err
	}
	return &Response{Status: resp.Status, HasStatus: true, HeadersJSON: headersJSON(resp.Header), Body: resp.Body}, nil
}

// headersJSON is the answer's headers as axios gives them: lower-case names, repeated
// headers joined with ", ", in name order.
func headersJSON(h http.Header) []byte {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	buf := []byte{'{'}
	for i, k := range names {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = jsjson.AppendQuoted(buf, strings.ToLower(k))
		buf = append(buf, ':')
		buf = jsjson.AppendQuoted(buf, strings.Join(h[k], ", "))
	}
	return append(buf, '}')
}

// GetConnection asks the server for the connection the way a script's
// nango.getConnection() does.
func (l *Live) GetConnection(ctx context.Context, q ConnectionQuery) ([]byte, error) {
	conn, err := l.Client.GetConnection(ctx, nangoapi.ConnectionRequest{ConnectionID: q.ConnectionID, ProviderConfigKey: q.ProviderConfigKey,
		ForScript: true, IsSync: l.IsSync, ForceRefresh: q.ForceRefresh, RefreshToken: q.RefreshToken})
	status := 200
	if err != nil {
		status = statusOf(err)
	}
	l.logHTTP(status, http.MethodGet, l.Client.Host()+"/connection/"+url.PathEscape(q.ConnectionID))
	if err != nil {
		return nil, err
	}
	return conn.Raw, nil
}

func statusOf(err error) int {
	if e, ok := nangoapi.IsAPIError(err); ok {
		return e.Status
	}
	return 0
}

// SetMetadata writes the metadata on the server (POST or PATCH /connection/metadata): a dry
// run's side effects are real, as the reference's.
func (l *Live) SetMetadata(ctx context.Context, pck, connID string, metadata []byte, update bool) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(metadata, &m); err != nil || m == nil {
		return nil, fmt.Errorf("metadata must be an object")
	}
	err := l.Client.SetMetadata(ctx, nangoapi.MetadataRequest{Metadata: m, ConnectionID: connID, ProviderConfigKey: pck}, update)
	method, status := http.MethodPost, 201
	if update {
		method, status = http.MethodPatch, 200
	}
	if err != nil {
		status = statusOf(err)
	}
	l.logHTTP(status, method, l.Client.Host()+"/connection/metadata")
	if err != nil {
		return nil, err
	}
	body, _ := json.Marshal(nangoapi.MetadataRequest{Metadata: m, ConnectionID: connID, ProviderConfigKey: pck})
	return body, nil
}

// GetEnvironmentVariables asks the server for the environment's variables.
func (l *Live) GetEnvironmentVariables(ctx context.Context) ([]byte, error) {
	vars, err := l.Client.GetEnvironmentVariables(ctx)
	status := 200
	if err != nil {
		status = statusOf(err)
	}
	l.logHTTP(status, http.MethodGet, l.Client.Host()+"/environment-variables")
	if err != nil {
		return nil, err
	}
	if vars == nil {
		vars = []nangoapi.EnvironmentVariable{}
	}
	return json.Marshal(vars)
}

// GetIntegration asks the server for the integration (GET /integrations/:key).
func (l *Live) GetIntegration(ctx context.Context, pck string, include []string) ([]byte, error) {
	webhook := false
	for _, i := range include {
		webhook = webhook || i == "webhook"
	}
	in, err := l.Client.GetIntegration(ctx, pck, webhook)
	status := 200
	if err != nil {
		status = statusOf(err)
	}
	l.logHTTP(status, http.MethodGet, l.Client.Host()+"/integrations/"+url.PathEscape(pck))
	if err != nil {
		return nil, err
	}
	out := map[string]any{"unique_key": in.UniqueKey, "provider": in.Provider}
	if in.DisplayName != "" {
		out["display_name"] = in.DisplayName
	}
	if webhook {
		out["webhook_url"] = nilIfEmpty(in.WebhookURL)
	}
	return json.Marshal(out)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TriggerAction runs the deployed action on the server (POST /action/trigger with
// Connection-Id, Provider-Config-Key and {action_name, input}), as the reference's dry run
// does: the local file of that action is not used. A failed action is an answer (the
// script sees an axios error); a refused key stops the run.
func (l *Live) TriggerAction(ctx context.Context, pck, connID, action string, input []byte) (*Response, error) {
	resp, err := l.Client.TriggerAction(ctx, nangoapi.TriggerActionRequest{ConnectionID: connID, ProviderConfigKey: pck, Action: action, Input: input})
	if err != nil {
		return nil, err
	}
	l.logHTTP(resp.Status, http.MethodPost, l.Client.Host()+"/action/trigger")
	if err := l.Client.KeyRefused(http.MethodPost, "/action/trigger", resp); err != nil {
		return nil, err
	}
	return &Response{Status: resp.Status, HasStatus: true, HeadersJSON: headersJSON(resp.Header), Body: resp.Body}, nil
}

// ListRecords asks the server for stored records (GET /records/?model=…&ids=…), as the
// reference's dry run does for nango.getRecordsByIds().
func (l *Live) ListRecords(ctx context.Context, q RecordsQuery) (*Response, error) {
	resp, err := l.Client.ListRecords(ctx, nangoapi.RecordsRequest{ConnectionID: q.ConnectionID, ProviderConfigKey: q.ProviderConfigKey,
		Model: q.Model, IDs: q.IDs, Cursor: q.Cursor})
	if err != nil {
		return nil, err
	}
	l.logHTTP(resp.Status, http.MethodGet, l.Client.Host()+"/records/?model="+url.QueryEscape(q.Model))
	if err := l.Client.KeyRefused(http.MethodGet, "/records/", resp); err != nil {
		return nil, err
	}
	return &Response{Status: resp.Status, HasStatus: true, HeadersJSON: headersJSON(resp.Header), Body: resp.Body}, nil
}

// Fetch sends the script's plain request (nango.uncontrolledFetch) to its URL, with the
// run's context (its timeout and cancellation).
func (l *Live) Fetch(ctx context.Context, req *FetchRequest) (*FetchResponse, error) {
	resp, err := fetch(ctx, l.HTTP, req)
	status := 0
	if resp != nil {
		status = resp.Status
	}
	l.logHTTP(status, req.Method, req.URL)
	return resp, err
}

// Recording is a Live transport that writes what the script receives as mocks
// (--save-responses): every proxied answer, failed ones included, and the connection.
type Recording struct {
	Live     Transport
	Recorder *mocks.Recorder
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

// ListRecords fails: the mocks layout has no recording of a connection's stored records
// (replay-mocks.md §1), so replay cannot say what the server holds.
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
