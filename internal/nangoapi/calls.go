package nangoapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Connection is the answer of GET /connection/:id (the fields the CLI and scripts use; Raw
// holds the whole answer for scripts that read more).
type Connection struct {
	ID                int64          `json:"id"`
	ConnectionID      string         `json:"connection_id"`
	ProviderConfigKey string         `json:"provider_config_key"`
	Provider          string         `json:"provider"`
	Metadata          map[string]any `json:"metadata"`
	ConnectionConfig  map[string]any `json:"connection_config"`
	Credentials       map[string]any `json:"credentials"`
	CreatedAt         string         `json:"created_at"`
	UpdatedAt         string         `json:"updated_at"`
	// Raw is the answer as received. It contains credentials: never print it.
	Raw json.RawMessage `json:"-"`
}

// ConnectionRequest selects a connection and says who asks for it.
type ConnectionRequest struct {
	ConnectionID      string
	ProviderConfigKey string
	// ForScript makes the request a script's `nango.getConnection()` sends (node-client
	// User-Agent, force_refresh/refresh_token query, Content-Type); otherwise it is the dry
	// run's own lookup (Nango-Is-Sync: true, no extra query).
	ForScript bool
	// IsSync sends Nango-Is-Sync: true on a script's request (syncs only, as the reference).
	IsSync       bool
	ForceRefresh bool
	RefreshToken bool
	// Plural asks as the 0.70+ node client does (zero-yaml projects): GET /connections/:id
	// with refresh_github_app_jwt_token=false too, instead of 0.60's GET /connection/:id.
	Plural bool
}

// GetConnection fetches a connection: GET /connection/:id?provider_config_key=…
func (c *Client) GetConnection(ctx context.Context, r ConnectionRequest) (*Connection, error) {
	q := "provider_config_key=" + url.QueryEscape(r.ProviderConfigKey)
	h := http.Header{}
	h.Set("Nango-Is-Dry-Run", "true")
	req := request{method: http.MethodGet, header: h, integration: r.ProviderConfigKey,
		what: "connection " + strconv.Quote(r.ConnectionID) + " of integration " + strconv.Quote(r.ProviderConfigKey)}
	if r.ForScript {
		q += "&force_refresh=" + strconv.FormatBool(r.ForceRefresh) + "&refresh_token=" + strconv.FormatBool(r.RefreshToken)
		if r.Plural {
			q += "&refresh_github_app_jwt_token=false"
		}
		h.Set("Content-Type", "application/json")
		if r.IsSync {
			h.Set("Nango-Is-Sync", "true")
		}
		req.caller = callerSDK
	} else {
		h.Set("Nango-Is-Sync", "true")
	}
	req.path = ConnectionPath(r.ConnectionID, r.ForScript && r.Plural) + "?" + q
	var raw json.RawMessage
	if err := c.call(ctx, req, &raw); err != nil {
		return nil, err
	}
	conn := &Connection{Raw: raw}
	if err := json.Unmarshal(raw, conn); err != nil {
		return nil, c.wrap(&APIError{Method: req.method, Path: pathOnly(req.path), Status: 200, Kind: KindUnavailable,
			Message: "the Nango server sent a connection that is not the expected JSON"})
	}
	return conn, nil
}

// ConnectionPath is the path of one connection: /connections/:id (plural, the 0.70+ node
// client's) or /connection/:id.
func ConnectionPath(connectionID string, plural bool) string {
	if plural {
		return "/connections/" + url.PathEscape(connectionID)
	}
	return "/connection/" + url.PathEscape(connectionID)
}

// ConnectionSummary is one entry of GET /connections (no credentials).
type ConnectionSummary struct {
	ID                int64  `json:"id"`
	ConnectionID      string `json:"connection_id"`
	ProviderConfigKey string `json:"provider_config_key"`
	Provider          string `json:"provider"`
}

// ListConnections lists the connections with this connection id, whatever their integration
// (GET /connections?connectionId=…), as the 0.71 dry run does to infer a script's integration.
func (c *Client) ListConnections(ctx context.Context, connectionID string) ([]ConnectionSummary, error) {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	var out struct {
		Connections []ConnectionSummary `json:"connections"`
	}
	err := c.call(ctx, request{method: http.MethodGet, path: "/connections", query: url.Values{"connectionId": {connectionID}},
		header: h, caller: callerNodeClient, what: "connections " + strconv.Quote(connectionID)}, &out)
	return out.Connections, err
}

// Integration is the answer of GET /config/:key (`config`) or GET /integrations/:key (`data`).
type Integration struct {
	UniqueKey string `json:"unique_key"`
	// Provider is the provider template name (e.g. "github"), which pagination defaults and
	// the dry-run log line use.
	Provider    string          `json:"provider"`
	DisplayName string          `json:"display_name,omitempty"`
	WebhookURL  string          `json:"webhook_url,omitempty"`
	Syncs       json.RawMessage `json:"syncs,omitempty"`
	Actions     json.RawMessage `json:"actions,omitempty"`
}

// GetConfig fetches an integration the way the yaml-era dry run does: GET /config/:key.
func (c *Client) GetConfig(ctx context.Context, providerConfigKey string) (*Integration, error) {
	var out struct {
		Config Integration `json:"config"`
	}
	err := c.call(ctx, request{method: http.MethodGet, path: "/config/" + url.PathEscape(providerConfigKey),
		what: "integration " + strconv.Quote(providerConfigKey)}, &out)
	if err != nil {
		return nil, err
	}
	return &out.Config, nil
}

// GetIntegrationForCLI fetches an integration the way the 0.71 dry run does before it runs a
// zero-yaml function (GET /integrations/:key, the CLI's own call; replaces GET /config/:key).
func (c *Client) GetIntegrationForCLI(ctx context.Context, providerConfigKey string) (*Integration, error) {
	var out struct {
		Data *Integration `json:"data"`
	}
	err := c.call(ctx, request{method: http.MethodGet, path: "/integrations/" + url.PathEscape(providerConfigKey),
		what: "integration " + strconv.Quote(providerConfigKey), integration: providerConfigKey}, &out)
	if err != nil {
		return nil, err
	}
	if out.Data == nil {
		return nil, c.wrap(&APIError{Method: http.MethodGet, Path: "/integrations/" + providerConfigKey, Status: 200, Kind: KindUnavailable,
			Message: "the Nango server's answer has no integration (`data`)"})
	}
	return out.Data, nil
}

// GetIntegration fetches an integration for a script (`nango.getIntegration()`,
// `getWebhookURL()`): GET /integrations/:key[?include=webhook].
func (c *Client) GetIntegration(ctx context.Context, providerConfigKey string, includeWebhook bool) (*Integration, error) {
	p := "/integrations/" + url.PathEscape(providerConfigKey)
	if includeWebhook {
		p += "?include=webhook"
	}
	var out struct {
		Data Integration `json:"data"`
	}
	err := c.call(ctx, request{method: http.MethodGet, path: p, caller: callerSDK,
		what: "integration " + strconv.Quote(providerConfigKey)}, &out)
	if err != nil {
		return nil, err
	}
	return &out.Data, nil
}

// EnvironmentVariable is one entry of GET /environment-variables.
type EnvironmentVariable struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// GetEnvironmentVariables fetches the environment's variables for a script.
func (c *Client) GetEnvironmentVariables(ctx context.Context) ([]EnvironmentVariable, error) {
	var out []EnvironmentVariable
	err := c.call(ctx, request{method: http.MethodGet, path: "/environment-variables", caller: callerSDK}, &out)
	return out, err
}

// MetadataRequest is the body of POST/PATCH /connection/metadata.
type MetadataRequest struct {
	Metadata          map[string]any `json:"metadata"`
	ConnectionID      string         `json:"connection_id"`
	ProviderConfigKey string         `json:"provider_config_key"`
}

// SetMetadata replaces a connection's metadata (POST /connection/metadata); update merges
// it instead (PATCH). A dry run really writes: the reference does the same.
func (c *Client) SetMetadata(ctx context.Context, m MetadataRequest, update bool) error {
	body, err := jsonBody(m)
	if err != nil {
		return err
	}
	method := http.MethodPost
	if update {
		method = http.MethodPatch
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return c.call(ctx, request{method: method, path: "/connection/metadata", header: h, body: body, caller: callerSDK, integration: m.ProviderConfigKey,
		what: "connection " + strconv.Quote(m.ConnectionID) + " of integration " + strconv.Quote(m.ProviderConfigKey)}, nil)
}

// HeaderField is one header, name kept as written (the server forwards `Nango-Proxy-<name>`
// to the provider with <name> as is).
type HeaderField struct {
	Name  string
	Value string
}

// ProxyRequest is what a script's proxy call becomes on the wire, as the reference's node
// client sends it: /proxy<endpoint> with Connection-Id, Provider-Config-Key and the
// Nango-Is-Sync / Nango-Is-Dry-Run headers (see Proxy).
type ProxyRequest struct {
	// Method defaults to GET.
	Method string
	// Endpoint is the provider path with its query (a leading "/" is added when missing).
	Endpoint          string
	ConnectionID      string
	ProviderConfigKey string
	// BaseURLOverride is sent as Base-Url-Override (empty when unset, as the reference).
	BaseURLOverride string
	// IsSync sends Nango-Is-Sync: true (syncs; actions send nothing).
	IsSync bool
	// ActivityLogID is sent as Nango-Activity-Log-Id ("" in dry runs).
	ActivityLogID string
	// Headers are the script's headers, each forwarded as Nango-Proxy-<Name>.
	Headers []HeaderField
	// ContentType, when set, is also sent as the request's own Content-Type.
	ContentType string
	// Retries is sent when > 0; RetryOn (comma-joined) when non-empty; Decompress when true.
	Retries    int
	RetryOn    []int
	Decompress bool
	// Body is sent as is (nil: no body).
	Body []byte
}

// Response is an HTTP answer passed through without interpretation.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Proxy sends req to /proxy<endpoint> and returns the answer whatever its status: a
// provider's 4xx/5xx is data for the script, not an error. Only a call that got no answer
// returns an error (ExitUnavailable or ExitCancel). ServerError tells Nango's own refusals
// from the provider's answers.
func (c *Client) Proxy(ctx context.Context, req ProxyRequest) (*Response, error) {
	method, ep := req.Target()
	h := http.Header{}
	set := func(k, v string) { h[k] = []string{v} }
	set("Connection-Id", req.ConnectionID)
	set("Provider-Config-Key", req.ProviderConfigKey)
	set("Base-Url-Override", req.BaseURLOverride)
	if req.IsSync {
		set("Nango-Is-Sync", "true")
	}
	set("Nango-Is-Dry-Run", "true")
	set("Nango-Activity-Log-Id", req.ActivityLogID)
	for _, f := range req.Headers {
		h["Nango-Proxy-"+f.Name] = append(h["Nango-Proxy-"+f.Name], f.Value)
	}
	if req.ContentType != "" {
		set("Content-Type", req.ContentType)
	}
	if req.Retries > 0 {
		set("Retries", strconv.Itoa(req.Retries))
	}
	if len(req.RetryOn) > 0 {
		parts := make([]string, len(req.RetryOn))
		for i, n := range req.RetryOn {
			parts[i] = strconv.Itoa(n)
		}
		set("Retry-On", strings.Join(parts, ","))
	}
	if req.Decompress {
		set("Decompress", "true")
	}
	return c.Raw(ctx, method, "/proxy"+ep, h, req.Body)
}

// Raw sends a request on behalf of a script (node-client User-Agent, secret key) and
// returns the answer whatever its status. For SDK endpoints without a typed call
// (e.g. /records, /action/trigger).
func (c *Client) Raw(ctx context.Context, method, pathAndQuery string, header http.Header, body []byte) (*Response, error) {
	resp, data, err := c.do(ctx, request{method: method, path: pathAndQuery, header: header, body: body, caller: callerSDK})
	if err != nil {
		return nil, err
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// nangoErrorCodes are the codes with which the Nango server itself (not the provider behind
// the proxy) refuses a request.
var nangoErrorCodes = map[string]bool{
	"missing_auth_header": true, "malformed_auth_header": true, "invalid_secret_key_format": true,
	"unhandled_unknown_user_account": true, "unknown_account": true, "unknown_provider_config": true,
	"invalid_headers": true, "base_url_override_disabled": true, "base_url_override_not_allowed": true,
	"plan_limit": true, "invalid_content_type": true, "invalid_cli_version": true, "connection_refresh_backoff": true,
}

// Target is the call's method and provider path as sent, logged and named in messages: the
// method upper-cased (GET when empty), the endpoint with a leading "/" (its query kept).
func (r ProxyRequest) Target() (method, path string) {
	method = strings.ToUpper(r.Method)
	if method == "" {
		method = http.MethodGet
	}
	path = r.Endpoint
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return method, path
}

// ServerError is ServerErrorOf for a call known by its method and endpoint only.
func (c *Client) ServerError(method, endpoint string, r *Response) error {
	return c.ServerErrorOf(ProxyRequest{Method: method, Endpoint: endpoint}, r)
}

// ServerErrorOf returns the error the Nango server itself answered a proxy call with (bad
// key, unknown integration or connection, invalid headers), or nil when the answer is the
// provider's. The classification and exit codes are those of the typed calls; messages name
// the request's connection and integration.
func (c *Client) ServerErrorOf(req ProxyRequest, r *Response) error {
	if r == nil || r.Status < 400 {
		return nil
	}
	var env serverError
	if json.Unmarshal(r.Body, &env) != nil || len(env.Error) == 0 {
		return nil
	}
	var body serverErrorBody
	if json.Unmarshal(env.Error, &body) != nil {
		return nil
	}
	unknownConnection := r.Status == 400 && body.Code == "server_error" && body.Message == "Failed to get connection"
	if !nangoErrorCodes[body.Code] && !unknownConnection {
		return nil
	}
	method, ep := req.Target()
	conn := "the connection"
	if req.ConnectionID != "" {
		conn = "connection " + strconv.Quote(req.ConnectionID) + " of integration " + strconv.Quote(req.ProviderConfigKey)
	}
	err := c.statusError(request{method: method, path: "/proxy" + ep, what: conn, integration: req.ProviderConfigKey}, r.Status, r.Body)
	if unknownConnection {
		// "Failed to get connection" comes with 400: an unknown connection, not a bad request.
		if e, ok := IsAPIError(err); ok {
			e.Kind = KindNotFound
			e.Message = fmt.Sprintf("%s does not exist on the Nango server: %s /proxy%s answered 400 (server_error: Failed to get connection)", conn, method, pathOnly(ep))
			return c.wrap(e)
		}
	}
	return err
}
