// Package localmode is the sdk.Transport of `nango dryrun --local`: a script's nango object
// served from connections.local.yaml (internal/localconn) and the provider's own API
// (internal/proxy) instead of a Nango server. What only a Nango server holds (stored
// records) fails with a message that says so.
package localmode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nango-go/nango/internal/localconn"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/proxy"
	"github.com/nango-go/nango/internal/sdk"
)

// ErrNotLocal is wrapped by calls that need a Nango server.
var ErrNotLocal = errors.New("not available in local mode")

// Transport answers the nango object locally.
type Transport struct {
	File *localconn.File
	// Provider looks a catalog entry up by name (nil result: not in the catalog).
	Provider func(name string) (*providers.Provider, error)
	// EnvVars are nango.getEnvironmentVariables()'s answer (the project's .env).
	EnvVars []nangoapi.EnvironmentVariable
	HTTP    *http.Client
	Now     func() time.Time
	// OnHTTP is told about every provider call (`http [200] GET <url>`, secrets removed).
	OnHTTP sdk.HTTPLogFunc
	// Debug receives the proxy's attempt and retry lines (--debug).
	Debug func(msg string)
	// OnSecret learns every credential value the run may meet, refreshed tokens included,
	// so that output and recordings can hide them.
	OnSecret func(secrets ...string)
	// RunAction runs nango.triggerAction's action from the local files (nil: refused).
	RunAction func(ctx context.Context, pck, connID, action string, input []byte) (*sdk.Response, error)
	// Sleep replaces the retry wait (tests); nil waits.
	Sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	engines map[string]*entry
}

type entry struct {
	conn   *localconn.Connection
	engine *proxy.Engine
}

// Connection returns the file's connection id, checked against its provider's auth mode,
// with its proxy engine (made once per id).
func (t *Transport) connection(id string) (*entry, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.engines[id]; ok {
		return e, nil
	}
	c, err := t.File.Get(id)
	if err != nil {
		return nil, err
	}
	p, err := t.Provider(c.Provider)
	if err != nil {
		return nil, err
	}
	mode := ""
	if p != nil {
		mode = p.AuthMode
	}
	if err := c.CheckAuthMode(mode); err != nil {
		return nil, err
	}
	t.secret(nangoapi.CredentialSecrets(c.Credentials)...)
	t.secret(c.ClientSecret)
	e := &entry{conn: c}
	e.engine = &proxy.Engine{Provider: p, HTTP: t.HTTP, Now: t.Now, Debug: t.Debug, Sleep: t.Sleep,
		Conn: &proxy.Connection{ID: c.ID, Credentials: c.Credentials, ConnectionConfig: c.ConnectionConfig, Metadata: c.Metadata,
			BaseURL: c.BaseURL, ClientID: c.ClientID, ClientSecret: c.ClientSecret,
			Save: func(fields map[string]any) error {
				for _, k := range []string{"access_token", "refresh_token", "token"} {
					if s, ok := fields[k].(string); ok {
						t.secret(s)
					}
				}
				return c.UpdateCredentials(fields)
			}}}
	if t.engines == nil {
		t.engines = map[string]*entry{}
	}
	t.engines[id] = e
	return e, nil
}

func (t *Transport) secret(v ...string) {
	if t.OnSecret != nil {
		t.OnSecret(v...)
	}
}

// Check resolves the connection before the script runs, so that a missing variable or a
// type that does not fit stops the run with nothing written.
func (t *Transport) Check(id string) (*localconn.Connection, error) {
	e, err := t.connection(id)
	if err != nil {
		return nil, err
	}
	return e.conn, nil
}

// Proxy sends the request to the provider.
func (t *Transport) Proxy(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	e, err := t.connection(req.Wire.ConnectionID)
	if err != nil {
		return nil, err
	}
	resp, err := e.engine.Do(ctx, req.Wire)
	if err != nil {
		return nil, err
	}
	if t.OnHTTP != nil {
		method := strings.ToUpper(req.Wire.Method)
		if method == "" {
			method = http.MethodGet
		}
		t.OnHTTP(resp.Status, method, e.engine.URLFor(req.Wire))
	}
	return &sdk.Response{Status: resp.Status, HasStatus: true, HeadersJSON: sdk.HeadersJSON(resp.Header), Body: resp.Body}, nil
}

// GetConnection answers as Nango's GET /connection/:id does, from the file: a token that
// expired is refreshed first (as the server does), and forceRefresh forces that.
func (t *Transport) GetConnection(ctx context.Context, q sdk.ConnectionQuery) ([]byte, error) {
	e, err := t.connection(q.ConnectionID)
	if err != nil {
		return nil, err
	}
	if err := e.engine.Refresh(ctx, q.ForceRefresh); err != nil {
		return nil, err
	}
	c := e.conn
	creds := e.engine.CredentialsCopy()
	if strings.EqualFold(fmt.Sprint(creds["type"]), "OAUTH2") && !q.RefreshToken {
		// The public API leaves the refresh token out unless asked (sdk.ConnectionQuery.RefreshToken).
		delete(creds, "refresh_token")
	}
	pck := q.ProviderConfigKey
	if pck == "" {
		pck = c.Integration
	}
	out := map[string]any{
		"id": 0, "connection_id": c.ID, "provider_config_key": pck, "provider": c.Provider,
		"connection_config": c.ConnectionConfig, "metadata": c.Metadata, "credentials": creds,
		"errors": []any{}, "end_user": nil, "tags": map[string]any{},
	}
	return json.Marshal(out)
}

// SetMetadata writes the metadata into connections.local.yaml: a local run's side effects
// stay on the machine, and the next run sees them, as it would on a server.
func (t *Transport) SetMetadata(_ context.Context, pck, connID string, metadata []byte, update bool) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(metadata, &m); err != nil || m == nil {
		return nil, fmt.Errorf("metadata must be an object")
	}
	e, err := t.connection(connID)
	if err != nil {
		return nil, err
	}
	if err := e.conn.SetMetadata(m, update); err != nil {
		return nil, err
	}
	e.engine.SetMetadata(e.conn.Metadata)
	return json.Marshal(nangoapi.MetadataRequest{Metadata: m, ConnectionID: connID, ProviderConfigKey: pck})
}

// GetEnvironmentVariables lists the project's .env variables (NANGO_* settings left out:
// they configure the CLI, and hold secret keys).
func (t *Transport) GetEnvironmentVariables(context.Context) ([]byte, error) {
	vars := append([]nangoapi.EnvironmentVariable{}, t.EnvVars...)
	sort.Slice(vars, func(i, j int) bool { return vars[i].Name < vars[j].Name })
	return json.Marshal(vars)
}

// GetIntegration describes the integration from the file; there is no webhook URL without a
// Nango server, so getWebhookURL() gives null.
func (t *Transport) GetIntegration(_ context.Context, pck string, include []string) ([]byte, error) {
	provider := pck
	for _, id := range t.File.IDs {
		if t.File.RawIntegration(id) == pck {
			provider = t.File.RawProvider(id)
			break
		}
	}
	out := map[string]any{"unique_key": pck, "provider": provider}
	for _, i := range include {
		if i == "webhook" {
			out["webhook_url"] = nil
		}
	}
	return json.Marshal(out)
}

// TriggerAction runs the action from the local files.
func (t *Transport) TriggerAction(ctx context.Context, pck, connID, action string, input []byte) (*sdk.Response, error) {
	if t.RunAction == nil {
		return nil, fmt.Errorf("triggerAction(…, %q): %w", action, ErrNotLocal)
	}
	return t.RunAction(ctx, pck, connID, action, input)
}

// ListRecords fails: stored records live on a Nango server.
func (t *Transport) ListRecords(_ context.Context, q sdk.RecordsQuery) (*sdk.Response, error) {
	return nil, fmt.Errorf("getRecordsByIds/listRecords(…, %q): %w: records are stored by a Nango server after a sync runs there, "+
		"and a local run has none (dry-run without --local to read them)", q.Model, ErrNotLocal)
}

// Fetch sends nango.uncontrolledFetch's plain request, as a live dry run does.
func (t *Transport) Fetch(ctx context.Context, req *sdk.FetchRequest) (*sdk.FetchResponse, error) {
	return (&sdk.Live{HTTP: t.HTTP, OnHTTP: t.OnHTTP}).Fetch(ctx, req)
}
