package fakenango

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Stored records (GET /records) and deployed actions' answers (POST /action/trigger): what a
// script's nango.getRecordsByIds() and nango.triggerAction() reach during a dry run.

// recordsDefaultLimit and recordsMaxLimit bound a /records page as on the real server.
const (
	recordsDefaultLimit = 100
	recordsMaxLimit     = 10000
)

type recordsKey struct{ pck, conn, model string }

type actionKey struct{ pck, name string }

// SetRecords replaces the records the server holds for a connection's model (the full
// model name: `Model` or `Model::variant`), as if a sync had saved them. Each record must
// have an `id` (string or number); the server adds `_nango_metadata` when it answers.
func (e *Environment) SetRecords(providerConfigKey, connectionID, model string, records []map[string]any) {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	if e.records == nil {
		e.records = map[recordsKey][]map[string]any{}
	}
	cp := make([]map[string]any, len(records))
	for i, r := range records {
		cp[i], _ = cloneJSON(r).(map[string]any)
	}
	e.records[recordsKey{providerConfigKey, connectionID, model}] = cp
}

// SetActionResult scripts what POST /action/trigger answers for a deployed action (the
// action is marked deployed when it is not yet): the status and body stand for the action's
// run on the server, e.g. JSON(200, output) or an error such as
// JSON(500, {"error":{"code":"action_script_failure",…}}).
func (e *Environment) SetActionResult(providerConfigKey, action string, r Response) {
	if r.Status == 0 {
		r.Status = http.StatusOK
	}
	deployed := false
	e.s.mu.Lock()
	deployed = e.flow("action", providerConfigKey, action) != nil
	e.s.mu.Unlock()
	if !deployed {
		e.AddDeployed(DeployedFlow{Type: "action", ProviderConfigKey: providerConfigKey, Name: action})
	}
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	if e.actionResults == nil {
		e.actionResults = map[actionKey]Response{}
	}
	e.actionResults[actionKey{providerConfigKey, action}] = r
}

// requiredHeaders checks the Connection-Id and Provider-Config-Key headers of the SDK routes.
func requiredHeaders(r *http.Request) (string, string, *answer) {
	connID, key := r.Header.Get("Connection-Id"), r.Header.Get("Provider-Config-Key")
	var issues []issue
	if connID == "" {
		issues = append(issues, issue{Code: "invalid_type", Message: "Required", Path: []any{"connection-id"}})
	}
	if key == "" {
		issues = append(issues, issue{Code: "invalid_type", Message: "Required", Path: []any{"provider-config-key"}})
	}
	if len(issues) > 0 {
		a := jsonAnswer(400, zodError("invalid_headers", issues))
		return "", "", &a
	}
	return connID, key, nil
}

var recordsQueryKeys = map[string]bool{"model": true, "delta": true, "modified_after": true, "limit": true, "filter": true, "cursor": true, "ids": true}

// listRecords answers GET /records: query validated first, then headers, then the
// connection, as the real server orders its checks.
func (s *Server) listRecords(env *Environment, r *http.Request) answer {
	q := r.URL.Query()
	var issues []issue
	var extra []string
	for _, k := range sortedKeys(q) {
		if !recordsQueryKeys[k] {
			extra = append(extra, "'"+k+"'")
		}
	}
	if !q.Has("model") {
		issues = append(issues, issue{Code: "invalid_type", Message: "Required", Path: []any{"model"}})
	}
	limit := recordsDefaultLimit
	if v := q.Get("limit"); q.Has("limit") {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			issues = append(issues, issue{Code: "invalid_type", Message: "Expected number, received nan", Path: []any{"limit"}})
		case n < 1:
			issues = append(issues, issue{Code: "too_small", Message: "Number must be greater than or equal to 1", Path: []any{"limit"}})
		case n > recordsMaxLimit:
			issues = append(issues, issue{Code: "too_big", Message: fmt.Sprintf("Number must be less than or equal to %d", recordsMaxLimit), Path: []any{"limit"}})
		default:
			limit = n
		}
	}
	offset := 0
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		n, aerr := strconv.Atoi(strings.TrimPrefix(string(b), "offset:"))
		if err != nil || aerr != nil || !strings.HasPrefix(string(b), "offset:") || n < 0 {
			issues = append(issues, issue{Code: "custom", Message: "invalid cursor", Path: []any{"cursor"}})
		}
		offset = n
	}
	if len(extra) > 0 {
		issues = append(issues, issue{Code: "unrecognized_keys", Message: "Unrecognized key(s) in object: " + strings.Join(extra, ", "), Path: []any{}})
	}
	if len(issues) > 0 {
		return jsonAnswer(400, zodError("invalid_query_params", issues))
	}
	connID, key, fail := requiredHeaders(r)
	if fail != nil {
		return *fail
	}
	if env.connection(key, connID) == nil {
		return jsonAnswer(400, errorBody("unknown_connection", "Provided ConnectionId and ProviderConfigKey does not match a valid connection"))
	}
	want := map[string]bool{}
	for _, id := range q["ids"] {
		want[id] = true
	}
	var matched []map[string]any
	for _, rec := range env.records[recordsKey{key, connID, q.Get("model")}] {
		if len(want) > 0 && !want[idString(rec["id"])] {
			continue
		}
		matched = append(matched, rec)
	}
	page := []any{}
	for i := offset; i < len(matched) && i < offset+limit; i++ {
		out, _ := cloneJSON(matched[i]).(map[string]any)
		out["_nango_metadata"] = map[string]any{
			"first_seen_at": "2025-01-01T00:00:00.000Z", "last_modified_at": "2025-01-01T00:00:00.000Z",
			"last_action": "ADDED", "deleted_at": nil, "cursor": cursorAt(i + 1),
		}
		page = append(page, out)
	}
	var next any
	if offset+limit < len(matched) {
		next = cursorAt(offset + limit)
	}
	return jsonAnswer(200, map[string]any{"records": page, "next_cursor": next})
}

func cursorAt(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

// idString is a record id as the records store keys it (numbers without a fraction).
func idString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	}
	return fmt.Sprint(v)
}

// triggerAction answers POST /action/trigger: body {action_name, input?}, headers, then
// connection, integration and deployed action, then the scripted result.
func (s *Server) triggerAction(env *Environment, r *http.Request, body []byte) answer {
	var x any
	if err := json.Unmarshal(body, &x); err != nil {
		x = nil
	}
	v := &validator{}
	m := v.object([]any{}, x, len(body) > 0, "action_name", "input")
	var name string
	if m != nil {
		name, _ = v.str([]any{}, m, "action_name", true, 1, 255, nil)
	}
	if len(v.issues) > 0 {
		return jsonAnswer(400, zodError("invalid_body", v.issues))
	}
	connID, key, fail := requiredHeaders(r)
	if fail != nil {
		return *fail
	}
	if env.connection(key, connID) == nil {
		return jsonAnswer(400, map[string]any{"error": map[string]any{"code": "unknown_connection", "message": "Failed to find connection"}})
	}
	if env.integration(key) == nil {
		return jsonAnswer(400, map[string]any{"error": map[string]any{"code": "unknown_provider", "message": "Failed to find provider"}})
	}
	if env.flow("action", key, name) == nil {
		return jsonAnswer(404, map[string]any{"error": map[string]any{"code": "not_found", "message": "Action not found"}})
	}
	res, ok := env.actionResults[actionKey{key, name}]
	if !ok {
		return jsonAnswer(500, map[string]any{"error": map[string]any{"code": "fake_nango_unscripted",
			"message": fmt.Sprintf("fake nango: no result scripted for action %q of %q (SetActionResult / `fakenango action-result`)", name, key)}})
	}
	h := res.Header
	if h == nil && json.Valid(res.Body) {
		h = http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	}
	return answer{status: res.Status, header: h, body: res.Body, delay: res.Delay, drop: res.Drop}
}
