package fakenango

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// errorBody is the server's generic error shape.
func errorBody(code, message string) map[string]any {
	return map[string]any{"error": map[string]any{"message": message, "code": code, "payload": map[string]any{}}}
}

func zodError(code string, issues []issue) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "errors": issues}}
}

type answer struct {
	status int
	header http.Header
	body   []byte
	delay  time.Duration
	drop   bool
	stream int64
}

func jsonAnswer(status int, v any) answer {
	data, _ := json.Marshal(v)
	return answer{status: status, header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, body: data}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}

	s.mu.Lock()
	idx := len(s.requests)
	s.requests = append(s.requests, rec)
	var a answer
	if o := pick(s.overrides, r.Method, r.URL.Path, r.URL.Query()); o != nil {
		a = answer{status: o.Status, header: o.Header, body: o.Body, delay: o.Delay, drop: o.Drop, stream: o.Stream}
	} else {
		a = s.route(r, body)
	}
	s.mu.Unlock()

	if a.delay > 0 {
		select {
		case <-time.After(a.delay):
		case <-r.Context().Done():
		}
	}
	if a.drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	s.mu.Lock()
	s.requests[idx].Status = a.status
	s.mu.Unlock()
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
	if a.stream > 0 {
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		for left := a.stream; left > 0; left -= int64(len(chunk)) {
			if left < int64(len(chunk)) {
				chunk = chunk[:left]
			}
			if _, err := w.Write(chunk); err != nil {
				return // the client stopped reading
			}
		}
	}
}

var uuidV4 = regexp.MustCompile(`(?i)^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

// authenticate resolves the environment from the secret key, or answers as the server does.
func (s *Server) authenticate(r *http.Request) (*Environment, *answer) {
	h, ok := r.Header["Authorization"]
	if !ok || len(h) == 0 {
		a := jsonAnswer(401, errorBody("missing_auth_header", "Authentication failed. The request is missing the Authorization header."))
		return nil, &a
	}
	key := strings.TrimSpace(strings.TrimPrefix(h[0], "Bearer "))
	if !strings.HasPrefix(h[0], "Bearer ") || key == "" {
		a := jsonAnswer(401, errorBody("malformed_auth_header", "Authentication failed. The Authorization header is malformed."))
		return nil, &a
	}
	if !uuidV4.MatchString(key) {
		a := jsonAnswer(401, errorBody("invalid_secret_key_format", "Authentication failed. The provided secret key is not a UUID v4."))
		return nil, &a
	}
	for _, e := range s.envs {
		if strings.EqualFold(e.secretKey, key) {
			return e, nil
		}
	}
	// Servers up to at least v0.63 answer an unknown but well-formed key with a 500.
	a := jsonAnswer(500, errorBody("unhandled_unknown_user_account", "An unhandled error of type 'unknown_user_account' with payload '{}' has occurred"))
	return nil, &a
}

var cliVersionRe = regexp.MustCompile(`nango-cli/([0-9.]+)`)

// compareVersions compares dotted numeric versions.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func invalidCLIVersion(msg string) *answer {
	a := jsonAnswer(400, map[string]any{"error": map[string]any{"code": "invalid_cli_version", "message": msg}})
	return &a
}

func (s *Server) versionGate(r *http.Request, minVersion string) *answer {
	m := cliVersionRe.FindStringSubmatch(r.Header.Get("User-Agent"))
	if m == nil {
		return nil
	}
	v := strings.Trim(m[1], ".")
	if s.enforceCLIVersion != "" && compareVersions(v, s.enforceCLIVersion) > 0 {
		return invalidCLIVersion(fmt.Sprintf("You are using a SDK version greater than the API version (SDK: %s, API: %s)", v, s.enforceCLIVersion))
	}
	if minVersion != "" && compareVersions(v, minVersion) < 0 {
		return invalidCLIVersion(fmt.Sprintf("This endpoint requires a CLI version >= %s (current: nango-cli/%s)", minVersion, v))
	}
	return nil
}

var jsonRoutes = []string{"/config", "/connection", "/connections", "/environment-variables", "/sync", "/records", "/integrations", "/action"}

func (s *Server) route(r *http.Request, body []byte) answer {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/proxy/") && p != "/proxy" {
		for _, jr := range jsonRoutes {
			if p == jr || strings.HasPrefix(p, jr+"/") {
				if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
					return jsonAnswer(415, errorBody("invalid_content_type", "Content-Type header must be application/json"))
				}
				break
			}
		}
	}
	env, fail := s.authenticate(r)
	if fail != nil {
		return *fail
	}
	isDeploy := p == "/sync/deploy" || p == "/sync/deploy/confirmation"
	minV := ""
	if isDeploy {
		minV = MinDeployCLIVersion
	}
	if fail := s.versionGate(r, minV); fail != nil {
		return *fail
	}
	switch {
	case r.Method == http.MethodPost && isDeploy:
		return s.deploy(env, r, body, p == "/sync/deploy")
	case r.Method == http.MethodGet && p == "/environment-variables":
		vars := env.envVars
		if vars == nil {
			vars = []EnvironmentVariable{}
		}
		return jsonAnswer(200, vars)
	case (r.Method == http.MethodPost || r.Method == http.MethodPatch) && p == "/connection/metadata":
		return s.metadata(env, r, body)
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/connection/"):
		return s.getConnection(env, r, strings.TrimPrefix(p, "/connection/"), false)
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/connections/"):
		return s.getConnection(env, r, strings.TrimPrefix(p, "/connections/"), true)
	case r.Method == http.MethodGet && p == "/connections":
		return s.listConnections(env, r)
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/config/"):
		return s.getConfig(env, strings.TrimPrefix(p, "/config/"))
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/integrations/"):
		return s.getIntegration(env, r, strings.TrimPrefix(p, "/integrations/"))
	case r.Method == http.MethodGet && (p == "/records" || p == "/records/"):
		return s.listRecords(env, r)
	case r.Method == http.MethodPost && p == "/action/trigger":
		return s.triggerAction(env, r, body)
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/providers/"):
		return s.getProvider(r, strings.TrimPrefix(p, "/providers/"))
	case strings.HasPrefix(p, "/proxy/"):
		return s.proxy(env, r, body)
	}
	return jsonAnswer(404, errorBody("not_found", fmt.Sprintf("fake nango: unknown route %s %s", r.Method, p)))
}

var connectionIDRe = regexp.MustCompile(`^[a-zA-Z0-9,.;:=+~\[\]|@${}"'\\/_ -]+$`)

// getConnection answers GET /connection/:id and (plural, the 0.70+ node client's) GET
// /connections/:id, which also takes refresh_github_app_jwt_token.
func (s *Server) getConnection(env *Environment, r *http.Request, id string, plural bool) answer {
	if !connectionIDRe.MatchString(id) || len(id) > 255 {
		return jsonAnswer(400, zodError("invalid_uri_params", []issue{{Code: "invalid_string", Message: "Invalid", Path: []any{"connectionId"}}}))
	}
	q := r.URL.Query()
	var issues []issue
	var extra []string
	for _, k := range sortedKeys(q) {
		switch k {
		case "provider_config_key":
		case "refresh_token", "force_refresh", "refresh_github_app_jwt_token":
			if k == "refresh_github_app_jwt_token" && !plural {
				extra = append(extra, "'"+k+"'")
				continue
			}
			if v := q.Get(k); v != "true" && v != "false" && v != "" {
				issues = append(issues, issue{Code: "invalid_enum_value", Message: fmt.Sprintf("Invalid enum value. Expected 'true' | 'false' | '', received '%s'", v), Path: []any{k}})
			}
		default:
			extra = append(extra, "'"+k+"'")
		}
	}
	if !q.Has("provider_config_key") {
		issues = append(issues, issue{Code: "invalid_type", Message: "Required", Path: []any{"provider_config_key"}})
	} else if !providerConfigKeyRe.MatchString(q.Get("provider_config_key")) {
		issues = append(issues, issue{Code: "invalid_string", Message: "Invalid", Path: []any{"provider_config_key"}})
	}
	if len(extra) > 0 {
		issues = append(issues, issue{Code: "unrecognized_keys", Message: "Unrecognized key(s) in object: " + strings.Join(extra, ", "), Path: []any{}})
	}
	if len(issues) > 0 {
		return jsonAnswer(400, zodError("invalid_query_params", issues))
	}
	key := q.Get("provider_config_key")
	integ := env.integration(key)
	if integ == nil {
		return jsonAnswer(400, errorBody("unknown_provider_config", "Provider does not exists"))
	}
	c := env.connection(key, id)
	if c == nil {
		return jsonAnswer(404, errorBody("not_found", "Failed to find connection"))
	}
	return jsonAnswer(200, c.apiJSON(q.Get("refresh_token") == "true", integ.Provider))
}

// listConnections answers GET /connections: the environment's connections (no credentials),
// filtered by connectionId, integrationId and search, as the server's listing does.
func (s *Server) listConnections(env *Environment, r *http.Request) answer {
	q := r.URL.Query()
	var extra []string
	for _, k := range sortedKeys(q) {
		switch k {
		case "connectionId", "integrationId", "search", "endUserId", "endUserOrganizationId", "limit", "page":
		default:
			extra = append(extra, "'"+k+"'")
		}
	}
	if len(extra) > 0 {
		return jsonAnswer(400, zodError("invalid_query_params", []issue{{Code: "unrecognized_keys",
			Message: "Unrecognized key(s) in object: " + strings.Join(extra, ", "), Path: []any{}}}))
	}
	list := []any{}
	for _, c := range env.connections {
		if id := q.Get("connectionId"); id != "" && c.ConnectionID != id {
			continue
		}
		if key := q.Get("integrationId"); key != "" && c.ProviderConfigKey != key {
			continue
		}
		if term := q.Get("search"); term != "" && !strings.Contains(c.ConnectionID, term) {
			continue
		}
		provider := ""
		if integ := env.integration(c.ProviderConfigKey); integ != nil {
			provider = integ.Provider
		}
		list = append(list, map[string]any{"id": c.ID, "connection_id": c.ConnectionID, "provider_config_key": c.ProviderConfigKey,
			"provider": provider, "errors": []any{}, "end_user": nil, "metadata": cloneJSON(c.Metadata),
			"created": "2025-01-01T00:00:00.000Z"})
	}
	return jsonAnswer(200, map[string]any{"connections": list})
}

func (s *Server) getConfig(env *Environment, key string) answer {
	integ := env.integration(key)
	if integ == nil {
		return jsonAnswer(400, errorBody("unknown_provider_config", "There is no Provider Configuration matching this key. Please make sure this value exists in the Nango dashboard"))
	}
	syncs, actions := []any{}, []any{}
	for _, f := range env.flows {
		if f.ProviderConfigKey != key {
			continue
		}
		item := map[string]any{"name": f.Name, "created_at": "2025-01-01T00:00:00.000Z", "updated_at": "2025-01-01T00:00:00.000Z", "description": nil}
		if f.Type == "sync" {
			syncs = append(syncs, item)
		} else {
			actions = append(actions, item)
		}
	}
	return jsonAnswer(200, map[string]any{"config": map[string]any{"unique_key": integ.UniqueKey, "provider": integ.Provider, "syncs": syncs, "actions": actions}})
}

func (s *Server) getIntegration(env *Environment, r *http.Request, key string) answer {
	integ := env.integration(key)
	if integ == nil {
		return jsonAnswer(404, errorBody("not_found", fmt.Sprintf("Integration %q does not exist", key)))
	}
	data := map[string]any{"unique_key": integ.UniqueKey, "provider": integ.Provider, "display_name": integ.Provider,
		"logo":       "https://app.nango.dev/images/template-logos/" + integ.Provider + ".svg",
		"created_at": "2025-01-01T00:00:00.000Z", "updated_at": "2025-01-01T00:00:00.000Z"}
	for _, inc := range r.URL.Query()["include"] {
		if inc == "webhook" {
			data["webhook_url"] = s.URL + "/webhook/" + env.name + "/" + integ.UniqueKey
		}
	}
	return jsonAnswer(200, map[string]any{"data": data})
}

func (s *Server) metadata(env *Environment, r *http.Request, body []byte) answer {
	var x any
	if err := json.Unmarshal(body, &x); err != nil {
		return jsonAnswer(400, zodError("invalid_body", []issue{{Code: "invalid_type", Message: "Expected object, received " + typeName(nil), Path: []any{}}}))
	}
	v := &validator{}
	m := v.object([]any{}, x, true, "metadata", "connection_id", "provider_config_key")
	var meta map[string]any
	var ids []string
	if m != nil {
		meta = v.object([]any{"metadata"}, m["metadata"], hasKey(m, "metadata"))
		switch c := m["connection_id"].(type) {
		case string:
			ids = []string{c}
		case []any:
			for _, e := range c {
				if s, ok := e.(string); ok {
					ids = append(ids, s)
				}
			}
		default:
			v.typeErr([]any{"connection_id"}, "string", c, hasKey(m, "connection_id"))
		}
		v.str([]any{}, m, "provider_config_key", true, 0, 255, providerConfigKeyRe)
	}
	if len(v.issues) > 0 {
		return jsonAnswer(400, zodError("invalid_body", v.issues))
	}
	key, _ := m["provider_config_key"].(string)
	for _, id := range ids {
		if env.connection(key, id) == nil {
			return jsonAnswer(404, errorBody("unknown_connection", fmt.Sprintf("Connection with connection id %s and provider config key %s not found. Please make sure the connection exists in the Nango dashboard", id, key)))
		}
	}
	for _, id := range ids {
		c := env.connection(key, id)
		if r.Method == http.MethodPost || c.Metadata == nil {
			c.Metadata = cloneJSON(meta).(map[string]any)
		} else {
			for k, val := range meta {
				c.Metadata[k] = cloneJSON(val)
			}
		}
	}
	status := 200
	if r.Method == http.MethodPost {
		status = 201
	}
	return jsonAnswer(status, x)
}

var retryOnRe = regexp.MustCompile(`^\d+(,\d+)*$`)

// forwardedOnSuccess are the provider headers a buffered proxy answer keeps.
var forwardedOnSuccess = []string{"Content-Type", "Mcp-Session-Id", "X-Request-Id", "X-Correlation-Id"}

func (s *Server) proxy(env *Environment, r *http.Request, body []byte) answer {
	var issues []issue
	if v := r.Header.Get("Retries"); v != "" {
		if _, err := strconv.Atoi(v); err != nil {
			issues = append(issues, issue{Code: "invalid_type", Message: "Expected number, received nan", Path: []any{"retries"}})
		}
	}
	if v, ok := r.Header["Retry-On"]; ok && !retryOnRe.MatchString(v[0]) {
		issues = append(issues, issue{Code: "invalid_string", Message: "Invalid", Path: []any{"retry-on"}})
	}
	connID, key := r.Header.Get("Connection-Id"), r.Header.Get("Provider-Config-Key")
	if connID == "" {
		issues = append(issues, issue{Code: "invalid_type", Message: "Required", Path: []any{"connection-id"}})
	}
	if key == "" {
		issues = append(issues, issue{Code: "invalid_type", Message: "Required", Path: []any{"provider-config-key"}})
	}
	if len(issues) > 0 {
		return jsonAnswer(400, zodError("invalid_headers", issues))
	}
	if env.integration(key) == nil {
		return jsonAnswer(404, errorBody("unknown_provider_config", "Provider config not found for the given provider config key. Please make sure the provider config exists in the Nango dashboard."))
	}
	if env.connection(key, connID) == nil {
		return jsonAnswer(400, errorBody("server_error", "Failed to get connection"))
	}
	endpoint := strings.TrimPrefix(r.URL.Path, "/proxy")
	retries, _ := strconv.Atoi(r.Header.Get("Retries"))
	retryOn := map[int]bool{}
	if v := r.Header.Get("Retry-On"); v != "" {
		for _, part := range strings.Split(v, ",") {
			n, _ := strconv.Atoi(part)
			retryOn[n] = true
		}
	}
	q := r.URL.Query()
	var resp *Response
	for attempt := 0; ; attempt++ {
		resp = pick(s.providers, r.Method, endpoint, q)
		if resp == nil {
			resp = &Response{Status: 404, Header: http.Header{"Content-Type": {"application/json"}},
				Body: []byte(fmt.Sprintf(`{"error":"fake provider: no response scripted for %s %s"}`, r.Method, endpoint+queryPart(r.URL)))}
		}
		retryable := resp.Drop || resp.Status >= 500 || resp.Status == 429 || retryOn[resp.Status]
		if !retryable || attempt >= retries {
			break
		}
	}
	if resp.Drop {
		return answer{delay: resp.Delay, drop: true}
	}
	a := answer{status: resp.Status, header: http.Header{}, body: resp.Body, delay: resp.Delay, stream: resp.Stream}
	if resp.Status >= 400 || s.forwardAllHeaders {
		for k, v := range resp.Header {
			a.header[k] = v
		}
	} else {
		for _, k := range forwardedOnSuccess {
			if v, ok := resp.Header[http.CanonicalHeaderKey(k)]; ok {
				a.header[k] = v
			}
		}
	}
	if resp.Status == http.StatusNoContent {
		a.body = nil
	}
	return a
}

func queryPart(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}
