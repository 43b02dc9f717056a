package proxy

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/nangoapi"
)

// build makes the provider request from the script's (in the proxy's order: URL, body,
// headers). It reads the credentials as they are now, so a retry after a refresh carries
// the new token.
func (e *Engine) build(ctx context.Context, req nangoapi.ProxyRequest) (*http.Request, error) {
	e.mu.Lock()
	data := e.templateData()
	typ := e.credType()
	e.mu.Unlock()
	u, err := e.url(req, data)
	if err != nil {
		return nil, err
	}
	method := strings.ToUpper(req.Method)
	if method == "" {
		method = http.MethodGet
	}
	body := e.body(method, req.Body, data)
	hr, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return nil, exitcode.Errorf(exitcode.Usage, "proxy %s %s: %v", method, req.Endpoint, err)
	}
	if body == nil {
		hr.Body, hr.GetBody, hr.ContentLength = http.NoBody, nil, 0
	}
	if err := e.authHeader(hr.Header, typ, data); err != nil {
		return nil, err
	}
	providerUA := false
	if p := e.Provider; p != nil {
		for _, name := range sortedKeys(p.Proxy.Headers) {
			// A header whose placeholders do not all resolve is left out (reference v0.71).
			if v, ok := interpolate(p.Proxy.Headers[name], data); ok {
				hr.Header.Set(name, v)
				providerUA = providerUA || strings.EqualFold(name, "user-agent")
			}
		}
	}
	for _, f := range req.Headers {
		if providerUA && strings.EqualFold(f.Name, "user-agent") {
			continue
		}
		hr.Header.Set(f.Name, f.Value)
	}
	if req.ContentType != "" {
		hr.Header.Set("Content-Type", req.ContentType)
	} else if body != nil && hr.Header.Get("Content-Type") == "" && json.Valid(body) {
		hr.Header.Set("Content-Type", "application/json")
	}
	return hr, nil
}

// templateData is what the catalog's templates may name: connectionConfig.*, metadata.*,
// credentials.* and the credential fields themselves, and accessToken for token types.
// Callers hold e.mu.
func (e *Engine) templateData() map[string]any {
	c := e.Conn
	data := map[string]any{}
	for k, v := range c.Credentials {
		data[k] = v
	}
	data["connectionConfig"] = c.ConnectionConfig
	data["connection_config"] = c.ConnectionConfig
	data["metadata"] = c.Metadata
	data["connection_id"] = c.ID
	data["credentials"] = c.Credentials
	switch e.credType() {
	case "OAUTH2", "APP":
		data["accessToken"] = c.Credentials["access_token"]
		data["clientId"], data["clientSecret"] = c.ClientID, c.ClientSecret
	case "OAUTH2_CC", "JWT", "SIGNATURE", "TWO_STEP":
		data["accessToken"] = c.Credentials["token"]
	}
	return data
}

func (e *Engine) credType() string {
	t, _ := e.Conn.Credentials["type"].(string)
	return strings.ToUpper(t)
}

// url joins the base URL and the endpoint (one slash between them) and adds the catalog's
// proxy.query entries that resolve.
func (e *Engine) url(req nangoapi.ProxyRequest, data map[string]any) (string, error) {
	base := req.BaseURLOverride
	if base == "" {
		base = e.Conn.BaseURL
	}
	if base == "" && e.Provider != nil {
		base = e.Provider.Proxy.BaseURL
	}
	if base == "" {
		return "", exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "the provider of connection %q has no proxy base URL in the catalog", e.Conn.ID),
			"set base_url for this connection in connections.local.yaml, or pass baseUrlOverride in the script")
	}
	base, _ = interpolate(base, data)
	base = strings.TrimRight(base, "/")
	ep := req.Endpoint
	if strings.HasPrefix(ep, base+"/") || ep == base {
		ep = strings.TrimPrefix(ep, base)
	}
	ep = strings.TrimLeft(ep, "/")
	u := base + "/" + ep
	if e.Provider == nil {
		return u, nil
	}
	var extra []string
	for _, k := range sortedKeys(e.Provider.Proxy.Query) {
		if v, ok := interpolate(e.Provider.Proxy.Query[k], data); ok {
			extra = append(extra, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	if len(extra) > 0 {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + strings.Join(extra, "&")
	}
	return u, nil
}

// body merges the catalog's proxy.body into a JSON object body of the methods that carry
// one; a GET never has a body (axios drops it).
func (e *Engine) body(method string, body []byte, data map[string]any) []byte {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return nil
	}
	if e.Provider == nil || len(e.Provider.Proxy.Body) == 0 {
		return body
	}
	obj := map[string]any{}
	if len(body) > 0 {
		if obj = jsonObject(body); obj == nil {
			return body
		}
	}
	for k, v := range e.Provider.Proxy.Body {
		if _, set := obj[k]; set {
			continue
		}
		if s, ok := v.(string); ok {
			if r, ok := interpolate(s, data); ok {
				obj[k] = r
			}
			continue
		}
		obj[k] = v
	}
	out, _ := json.Marshal(obj)
	return out
}

// authHeader sets the default Authorization of the credential type (Bearer or Basic);
// API_KEY and the template-driven types get theirs from the catalog's proxy.headers/query.
func (e *Engine) authHeader(h http.Header, typ string, data map[string]any) error {
	str := func(k string) string { s, _ := data[k].(string); return s }
	switch typ {
	case "OAUTH2", "APP":
		h.Set("Authorization", "Bearer "+str("access_token"))
	case "OAUTH2_CC", "JWT", "SIGNATURE", "TWO_STEP":
		if t := str("token"); t != "" {
			h.Set("Authorization", "Bearer "+t)
		}
	case "BASIC":
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(str("username")+":"+str("password"))))
	case "API_KEY", "NONE", "CUSTOM", "BILL", "":
	default:
		return exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "connection %q: credentials of type %s cannot sign requests in local mode", e.Conn.ID, typ),
			"local mode injects OAUTH2, OAUTH2_CC, API_KEY, BASIC, APP, JWT, SIGNATURE and TWO_STEP credentials; run this script against a Nango server instead")
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
