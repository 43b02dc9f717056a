package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/pkg/jsjson"
)

// Live sends every call to a Nango server with nangoapi.
type Live struct {
	Client *nangoapi.Client
	// IsSync marks requests as a sync's (Nango-Is-Sync), as the reference node client does.
	IsSync bool
	// PluralConnections makes getConnection/getMetadata ask as the 0.70+ node client does
	// (zero-yaml projects): GET /connections/:id (nangoapi.ConnectionRequest.Plural).
	PluralConnections bool
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
	method, ep := w.Target()
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
		ForScript: true, IsSync: l.IsSync, ForceRefresh: q.ForceRefresh, RefreshToken: q.RefreshToken, Plural: l.PluralConnections})
	status := 200
	if err != nil {
		status = statusOf(err)
	}
	l.logHTTP(status, http.MethodGet, l.Client.Host()+nangoapi.ConnectionPath(q.ConnectionID, l.PluralConnections))
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
