package fakenango

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/providers"
)

type call struct {
	method, path, body string
	header             map[string]string
}

func do(t *testing.T, s *Server, c call) (int, map[string]any, string) {
	t.Helper()
	req, err := http.NewRequest(c.method, s.URL+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+DefaultSecretKey)
	req.Header.Set("User-Agent", "nango-cli/0.60.5 (linux/x; nango-go/test)")
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	return resp.StatusCode, m, string(data)
}

func errCode(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func validBody(yaml bool) map[string]any {
	b := map[string]any{
		"flowConfigs": []any{map[string]any{
			"syncName": "fetch", "providerConfigKey": "acme-crm", "models": []any{"Contact"}, "version": "", "runs": "every hour",
			"track_deletes": false, "auto_start": true, "attributes": map[string]any{}, "metadata": map[string]any{"scopes": []any{}},
			"sync_type": "full", "type": "sync", "fileBody": map[string]any{"js": "j", "ts": "t"},
			"model_schema": []any{map[string]any{"name": "Contact", "fields": []any{map[string]any{"name": "id", "value": "string", "tsType": true, "array": false, "optional": false}}}},
			"endpoints":    []any{map[string]any{"method": "GET", "path": "/contacts"}}, "webhookSubscriptions": []any{},
		}},
		"onEventScriptsByProvider": []any{},
		"jsonSchema":               map[string]any{"$schema": "http://json-schema.org/draft-07/schema#", "$comment": "c", "definitions": map[string]any{"Contact": map[string]any{}}},
		"reconcile":                yaml, "debug": false, "singleDeployMode": false, "sdkVersion": "0.60.5-yaml",
	}
	if yaml {
		b["nangoYamlBody"] = "integrations: {}\n"
	}
	return b
}

func enc(v any) string {
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(v)
	return buf.String()
}

func newServer(t *testing.T) *Server {
	s := New()
	t.Cleanup(s.Close)
	s.Dev().AddIntegration("acme-crm", "github")
	return s
}

func TestAuth(t *testing.T) {
	s := newServer(t)
	tests := []struct {
		auth   string
		status int
		code   string
	}{
		{"", 401, "missing_auth_header"},
		{"Bearer ", 401, "malformed_auth_header"},
		{"Basic abc", 401, "malformed_auth_header"},
		{"Bearer undefined", 401, "invalid_secret_key_format"},
		{"Bearer 11111111-2222-4333-8444-555555555555", 500, "unhandled_unknown_user_account"},
		{"Bearer " + strings.ToUpper(DefaultSecretKey), 200, ""},
	}
	for _, tt := range tests {
		status, m, raw := do(t, s, call{method: "GET", path: "/config/acme-crm", header: map[string]string{"Authorization": tt.auth}})
		if status != tt.status || errCode(m) != tt.code {
			t.Errorf("%q: %d %s", tt.auth, status, raw)
		}
	}
}

func TestCLIVersionGate(t *testing.T) {
	s := newServer(t)
	body := enc(validBody(false))
	status, m, _ := do(t, s, call{method: "POST", path: "/sync/deploy/confirmation", body: body, header: map[string]string{"User-Agent": "nango-cli/0.39.24 (x)"}})
	if status != 400 || errCode(m) != "invalid_cli_version" {
		t.Errorf("old CLI: %d %v", status, m)
	}
	status, _, _ = do(t, s, call{method: "POST", path: "/sync/deploy/confirmation", body: body, header: map[string]string{"User-Agent": "curl/8"}})
	if status != 200 {
		t.Errorf("no nango-cli UA skips the gate: %d", status)
	}
	s.EnforceCLIVersion("0.58.0")
	status, m, _ = do(t, s, call{method: "GET", path: "/config/acme-crm"})
	if status != 400 || errCode(m) != "invalid_cli_version" {
		t.Errorf("enforced: %d %v", status, m)
	}
}

func TestContentType(t *testing.T) {
	s := newServer(t)
	status, m, _ := do(t, s, call{method: "POST", path: "/sync/deploy/confirmation", body: enc(validBody(false)), header: map[string]string{"Content-Type": "text/plain"}})
	if status != 415 || errCode(m) != "invalid_content_type" {
		t.Errorf("%d %v", status, m)
	}
}

func TestDeployValidationIsStrict(t *testing.T) {
	s := newServer(t)
	mutate := func(yaml bool, f func(b map[string]any)) string {
		b := validBody(yaml)
		f(b)
		return enc(b)
	}
	flow := func(b map[string]any) map[string]any { return b["flowConfigs"].([]any)[0].(map[string]any) }
	tests := []struct {
		name     string
		path     string
		body     string
		wantPath string
		wantCode string
	}{
		{"yaml forbidden in confirmation", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { b["nangoYamlBody"] = "x" }), "", "unrecognized_keys"},
		{"yaml required in deploy", "/sync/deploy", mutate(true, func(b map[string]any) { delete(b, "nangoYamlBody") }), "nangoYamlBody", "invalid_type"},
		{"unknown flow field", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { flow(b)["extra"] = 1 }), "flowConfigs.0", "unrecognized_keys"},
		{"bad runs", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { flow(b)["runs"] = "every fortnight" }), "flowConfigs.0.runs", "invalid_string"},
		{"runs required", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { delete(flow(b), "runs") }), "flowConfigs.0.runs", "invalid_type"},
		{"number version", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { flow(b)["version"] = 1 }), "flowConfigs.0.version", "invalid_type"},
		{"bad type", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { flow(b)["type"] = "job" }), "flowConfigs.0.type", "invalid_enum_value"},
		{"model_schema required", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { delete(flow(b), "model_schema") }), "flowConfigs.0.model_schema", "invalid_type"},
		{"bad sync name", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { flow(b)["syncName"] = "a b" }), "flowConfigs.0.syncName", "invalid_string"},
		{"bad sdkVersion", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { b["sdkVersion"] = "dev" }), "sdkVersion", "invalid_string"},
		{"reconcile required", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { delete(b, "reconcile") }), "reconcile", "invalid_type"},
		{"bad schema literal", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) { b["jsonSchema"].(map[string]any)["$schema"] = "x" }), "jsonSchema.$schema", "invalid_literal"},
		{"bad on-event", "/sync/deploy/confirmation", mutate(false, func(b map[string]any) {
			b["onEventScriptsByProvider"] = []any{map[string]any{"providerConfigKey": "acme-crm", "scripts": []any{map[string]any{"name": "x", "event": "on-tuesday", "fileBody": map[string]any{"js": "", "ts": ""}}}}}
		}), "onEventScriptsByProvider.0.scripts.0.event", "invalid_enum_value"},
		{"query string", "/sync/deploy/confirmation?env=dev", enc(validBody(false)), "", "unrecognized_keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, m, raw := do(t, s, call{method: "POST", path: tt.path, body: tt.body})
			if status != 400 {
				t.Fatalf("status %d: %s", status, raw)
			}
			issues, _ := m["error"].(map[string]any)["errors"].([]any)
			found := false
			for _, is := range issues {
				im := is.(map[string]any)
				var parts []string
				for _, p := range im["path"].([]any) {
					b, _ := json.Marshal(p)
					parts = append(parts, strings.Trim(string(b), `"`))
				}
				if strings.Join(parts, ".") == tt.wantPath && im["code"] == tt.wantCode {
					found = true
				}
			}
			if !found {
				t.Errorf("want issue %s at %q, got %s", tt.wantCode, tt.wantPath, raw)
			}
		})
	}
	if len(s.Dev().Deployed()) != 0 {
		t.Error("a rejected body changed the state")
	}
}

func TestDeploySemantics(t *testing.T) {
	s := newServer(t)
	dev := s.Dev()
	dev.AddConnection(Connection{ConnectionID: "c1", ProviderConfigKey: "acme-crm"})
	dev.AddConnection(Connection{ConnectionID: "c2", ProviderConfigKey: "acme-crm"})
	dev.AddDeployed(DeployedFlow{Type: "sync", Name: "fetch", ProviderConfigKey: "acme-crm", Models: []string{"Contact", "OldModel"}, Version: "1.0.2", AutoStart: true})
	dev.AddDeployed(DeployedFlow{Type: "sync", Name: "legacy", ProviderConfigKey: "acme-crm", Models: []string{"Legacy"}})
	dev.AddDeployed(DeployedFlow{Type: "action", Name: "old-action", ProviderConfigKey: "acme-crm"})

	status, m, raw := do(t, s, call{method: "POST", path: "/sync/deploy/confirmation", body: enc(validBody(false))})
	if status != 200 {
		t.Fatalf("%d %s", status, raw)
	}
	var d differences
	b, _ := json.Marshal(m)
	_ = json.Unmarshal(b, &d)
	if len(d.NewSyncs) != 0 || len(d.UpdatedSyncs) != 1 || len(d.DeletedSyncs) != 1 || d.DeletedSyncs[0].Name != "legacy" || d.DeletedSyncs[0].Connections != 2 {
		t.Errorf("syncs diff: %s", raw)
	}
	if len(d.DeletedActions) != 1 || strings.Join(d.DeletedModels, ",") != "OldModel" {
		t.Errorf("actions/models diff: %s", raw)
	}

	// single deploy mode deletes nothing
	single := validBody(false)
	single["singleDeployMode"] = true
	_, m, _ = do(t, s, call{method: "POST", path: "/sync/deploy/confirmation", body: enc(single)})
	if del := m["deletedSyncs"].([]any); len(del) != 0 {
		t.Errorf("single mode reports deletions: %v", m)
	}

	status, _, raw = do(t, s, call{method: "POST", path: "/sync/deploy", body: enc(validBody(true))})
	if status != 200 {
		t.Fatalf("%d %s", status, raw)
	}
	var res []deployResult
	_ = json.Unmarshal([]byte(raw), &res)
	if len(res) != 1 || res[0].Version != "1.0.3" {
		t.Errorf("version bump: %s", raw)
	}
	if got := dev.Deployed(); len(got) != 1 || got[0].Name != "fetch" {
		t.Errorf("reconcile should remove the others: %+v", got)
	}

	dev.SetDeployInProgress(true)
	status, m, _ = do(t, s, call{method: "POST", path: "/sync/deploy", body: enc(validBody(true))})
	if status != 409 || errCode(m) != "concurrent_deployment" {
		t.Errorf("409: %d %v", status, m)
	}
}

func TestDeployUnknownIntegrationAndMissingSchema(t *testing.T) {
	s := newServer(t)
	b := validBody(true)
	b["flowConfigs"].([]any)[0].(map[string]any)["providerConfigKey"] = "nope"
	status, m, _ := do(t, s, call{method: "POST", path: "/sync/deploy", body: enc(b)})
	if status != 400 || errCode(m) != "unknown_provider_config" {
		t.Errorf("%d %v", status, m)
	}
	b = validBody(true)
	b["jsonSchema"].(map[string]any)["definitions"] = map[string]any{}
	status, m, _ = do(t, s, call{method: "POST", path: "/sync/deploy", body: enc(b)})
	if status != 400 || errCode(m) != "deploy_missing_json_schema_model" {
		t.Errorf("%d %v", status, m)
	}
}

func TestConnectionsMetadataEnvVars(t *testing.T) {
	s := newServer(t)
	dev := s.Dev()
	dev.AddConnection(Connection{ConnectionID: "c1", ProviderConfigKey: "acme-crm", Metadata: map[string]any{"a": 1.0}})
	dev.SetEnvironmentVariables([]EnvironmentVariable{{Name: "K", Value: "V"}})
	if st, _, raw := do(t, s, call{method: "GET", path: "/connection/c1?provider_config_key=acme-crm&force_refresh=maybe"}); st != 400 || !strings.Contains(raw, "invalid_query_params") {
		t.Errorf("bad query: %d %s", st, raw)
	}
	if st, m, _ := do(t, s, call{method: "GET", path: "/connection/c1?provider_config_key=nope"}); st != 400 || errCode(m) != "unknown_provider_config" {
		t.Errorf("unknown integration: %d %v", st, m)
	}
	if st, m, _ := do(t, s, call{method: "GET", path: "/connection/zz?provider_config_key=acme-crm"}); st != 404 || errCode(m) != "not_found" {
		t.Errorf("unknown connection: %d %v", st, m)
	}
	if st, _, raw := do(t, s, call{method: "PATCH", path: "/connection/metadata", body: `{"metadata":{"b":2},"connection_id":"c1","provider_config_key":"acme-crm"}`}); st != 200 {
		t.Errorf("patch: %d %s", st, raw)
	}
	if got := dev.Connection("acme-crm", "c1").Metadata; got["a"] != 1.0 || got["b"] != 2.0 {
		t.Errorf("merged metadata = %v", got)
	}
	if st, _, raw := do(t, s, call{method: "GET", path: "/environment-variables"}); st != 200 || raw != `[{"name":"K","value":"V"}]` {
		t.Errorf("env vars: %d %s", st, raw)
	}
	reqs := s.Requests()
	if len(reqs) != 5 || reqs[0].Status != 400 || reqs[4].Path != "/environment-variables" {
		t.Errorf("recorded = %+v", reqs)
	}
	line, _ := json.Marshal(reqs[3])
	if !strings.Contains(string(line), `"body":{"connection_id":"c1"`) || !strings.Contains(string(line), `"status":200`) {
		t.Errorf("jsonl shape: %s", line)
	}
}

func TestProxyChecksAndHeaderFiltering(t *testing.T) {
	s := newServer(t)
	s.Dev().AddConnection(Connection{ConnectionID: "c1", ProviderConfigKey: "acme-crm"})
	s.Provider("GET", "/items?page=2", JSON(200, map[string]any{"page": 2}))
	s.Provider("GET", "/items", Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}, "Link": {"<x>; rel=next"}}, Body: []byte(`{"page":1}`)})
	h := map[string]string{"Connection-Id": "c1", "Provider-Config-Key": "acme-crm"}
	_, m, _ := do(t, s, call{method: "GET", path: "/proxy/items?page=2", header: h})
	if m["page"] != 2.0 {
		t.Errorf("query routing: %v", m)
	}
	req, _ := http.NewRequest("GET", s.URL+"/proxy/items", nil)
	req.Header.Set("Authorization", "Bearer "+DefaultSecretKey)
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Link") != "" {
		t.Error("a buffered success answer drops the Link header, as the real server")
	}
	if st, m, _ := do(t, s, call{method: "GET", path: "/proxy/items", header: map[string]string{"Connection-Id": "zz", "Provider-Config-Key": "acme-crm"}}); st != 400 || errCode(m) != "server_error" {
		t.Errorf("unknown connection: %d %v", st, m)
	}
	if st, m, _ := do(t, s, call{method: "GET", path: "/proxy/items", header: map[string]string{"Connection-Id": "c1", "Provider-Config-Key": "nope"}}); st != 404 || errCode(m) != "unknown_provider_config" {
		t.Errorf("unknown integration: %d %v", st, m)
	}
	if st, m, _ := do(t, s, call{method: "GET", path: "/proxy/items", header: map[string]string{"Connection-Id": "c1", "Provider-Config-Key": "acme-crm", "Retry-On": "a,b"}}); st != 400 || errCode(m) != "invalid_headers" {
		t.Errorf("bad retry-on: %d %v", st, m)
	}
}

func TestNextVersion(t *testing.T) {
	for in, want := range map[string]string{"": "1", "1": "2", "1.0.2": "1.0.3", "v2-beta": "v2-beta.1"} {
		if got := nextVersion(in, "1"); got != want {
			t.Errorf("nextVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProviderQuerySubsetAndOrder(t *testing.T) {
	s := newServer(t)
	s.Dev().AddConnection(Connection{ConnectionID: "c1", ProviderConfigKey: "acme-crm"})
	s.Provider("GET", "/v1/contacts?cursor=page2", JSON(200, map[string]any{"page": 2}))
	s.Provider("GET", "/v1/contacts", JSON(200, map[string]any{"page": 1}))
	h := map[string]string{"Connection-Id": "c1", "Provider-Config-Key": "acme-crm"}
	if _, m, _ := do(t, s, call{method: "GET", path: "/proxy/v1/contacts?per_page=2&since=x", header: h}); m["page"] != 1.0 {
		t.Errorf("first page: %v", m)
	}
	if _, m, _ := do(t, s, call{method: "GET", path: "/proxy/v1/contacts?per_page=2&cursor=page2", header: h}); m["page"] != 2.0 {
		t.Errorf("second page: %v", m)
	}
	if st, _, _ := do(t, s, call{method: "POST", path: "/proxy/v1/contacts", header: h}); st != 404 {
		t.Errorf("unscripted method: %d", st)
	}
}

func TestProvidersRoute(t *testing.T) {
	s := New()
	defer s.Close()
	// no catalog: every provider is unknown
	if st, body, _ := do(t, s, call{method: "GET", path: "/providers/github"}); st != 404 || body["error"].(map[string]any)["code"] != "not_found" {
		t.Fatalf("%d %v", st, body)
	}
	cat, err := providers.Load("../../testdata/providers/providers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s.SetProviders(cat)
	st, body, _ := do(t, s, call{method: "GET", path: "/providers/github"})
	data, _ := body["data"].(map[string]any)
	if st != 200 || data["name"] != "github" || data["logo_url"] == nil || data["auth_mode"] != "OAUTH2" {
		t.Fatalf("%d %v", st, body)
	}
	if pg := data["proxy"].(map[string]any)["paginate"].(map[string]any); pg["limit_name_in_request"] != "per_page" {
		t.Errorf("paginate %v", pg)
	}
	if st, _, _ := do(t, s, call{method: "GET", path: "/providers/github?x=1"}); st != 400 {
		t.Errorf("query accepted: %d", st)
	}
	if st, _, _ := do(t, s, call{method: "GET", path: "/providers/github", header: map[string]string{"Authorization": ""}}); st != 401 {
		t.Errorf("no key: %d", st)
	}
}

func TestListConnectionsFiltersAndHidesCredentials(t *testing.T) {
	srv := New()
	defer srv.Close()
	env := srv.Dev()
	env.AddIntegration("a", "github")
	env.AddIntegration("b", "github")
	env.AddConnection(Connection{ProviderConfigKey: "a", ConnectionID: "c1", Credentials: map[string]any{"type": "API_KEY", "apiKey": "secret"}})
	env.AddConnection(Connection{ProviderConfigKey: "b", ConnectionID: "c1"})
	env.AddConnection(Connection{ProviderConfigKey: "b", ConnectionID: "c2"})
	get := func(q string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+"/connections"+q, nil)
		req.Header.Set("Authorization", "Bearer "+DefaultSecretKey)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, body := get("?connectionId=c1")
	if status != 200 || strings.Count(body, `"connection_id":"c1"`) != 2 || strings.Contains(body, "c2") || strings.Contains(body, "secret") {
		t.Errorf("connectionId=c1: %d %s", status, body)
	}
	if _, body := get("?integrationId=b&connectionId=c1"); strings.Count(body, `"provider_config_key":"b"`) != 1 {
		t.Errorf("integrationId=b: %s", body)
	}
	if status, _ := get("?connection_id=c1"); status != 400 {
		t.Errorf("an unknown parameter: %d, want 400", status)
	}
}
