package fakenango

import (
	"strings"
	"testing"
)

// zeroBody is a valid zero-yaml (reference 0.71) deploy body: deployMode, per-flow
// models_json_schema and features, source on deploys, no model_schema/jsonSchema.
func zeroBody(deploy bool) map[string]any {
	b := map[string]any{
		"flowConfigs": []any{map[string]any{
			"syncName": "fetch", "providerConfigKey": "acme-crm", "models": []any{"Contact"}, "version": "", "runs": "every hour",
			"track_deletes": false, "auto_start": false, "attributes": map[string]any{}, "metadata": map[string]any{"scopes": []any{}},
			"sync_type": "full", "type": "sync", "fileBody": map[string]any{"js": "j", "ts": "t"}, "endpoints": []any{},
			"webhookSubscriptions": []any{}, "models_json_schema": map[string]any{"definitions": map[string]any{"Contact": map[string]any{"type": "object"}}},
			"features": []any{"checkpoints"},
		}},
		"onEventScriptsByProvider": []any{map[string]any{"providerConfigKey": "acme-crm", "scripts": []any{
			map[string]any{"name": "check", "fileBody": map[string]any{"js": "j", "ts": "t"}, "event": "validate-connection"}}}},
		"deployMode": "all", "reconcile": false, "debug": false, "sdkVersion": "0.71.10-zero",
	}
	if deploy {
		b["reconcile"], b["nangoYamlBody"], b["source"] = true, "", "repo"
	}
	return b
}

func TestZeroDeployBodies(t *testing.T) {
	flow := func(b map[string]any) map[string]any { return b["flowConfigs"].([]any)[0].(map[string]any) }
	tests := []struct {
		name   string
		path   string
		mutate func(map[string]any)
		// want is a substring of the 400 answer; "" means accepted.
		want string
	}{
		{"confirmation", "/sync/deploy/confirmation", nil, ""},
		{"deploy", "/sync/deploy", nil, ""},
		{"source only on deploys", "/sync/deploy/confirmation", func(b map[string]any) { b["source"] = "repo" }, "'source'"},
		{"bad source", "/sync/deploy", func(b map[string]any) { b["source"] = "laptop" }, `"source"`},
		{"deployMode required", "/sync/deploy/confirmation", func(b map[string]any) { delete(b, "deployMode") }, `"deployMode"`},
		{"bad deployMode", "/sync/deploy/confirmation", func(b map[string]any) { b["deployMode"] = "some" }, `"deployMode"`},
		{"no singleDeployMode", "/sync/deploy/confirmation", func(b map[string]any) { b["singleDeployMode"] = false }, "'singleDeployMode'"},
		{"no jsonSchema", "/sync/deploy/confirmation", func(b map[string]any) { b["jsonSchema"] = map[string]any{} }, "'jsonSchema'"},
		{"no model_schema", "/sync/deploy/confirmation", func(b map[string]any) { flow(b)["model_schema"] = []any{} }, "'model_schema'"},
		{"models_json_schema required", "/sync/deploy/confirmation", func(b map[string]any) { delete(flow(b), "models_json_schema") }, `"models_json_schema"`},
		{"unknown feature", "/sync/deploy/confirmation", func(b map[string]any) { flow(b)["features"] = []any{"teleport"} }, "teleport"},
		{"model without schema", "/sync/deploy", func(b map[string]any) { flow(b)["models"] = []any{"Contact", "Company"} }, "deploy_missing_json_schema_model"},
		{"yaml-era body keeps its checks", "/sync/deploy/confirmation", func(b map[string]any) { b["sdkVersion"] = "0.60.5-yaml" }, "'deployMode'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			b := zeroBody(tt.path == "/sync/deploy")
			if tt.mutate != nil {
				tt.mutate(b)
			}
			status, _, raw := do(t, s, call{method: "POST", path: tt.path, body: enc(b)})
			if tt.want == "" {
				if status != 200 {
					t.Fatalf("status %d: %s", status, raw)
				}
				return
			}
			if status != 400 || !strings.Contains(raw, tt.want) {
				t.Errorf("want a 400 naming %s, got %d %s", tt.want, status, raw)
			}
		})
	}
}

// A zero-yaml deploy of one integration (deployMode "integration") removes nothing else, as
// singleDeployMode did.
func TestZeroDeployModeIntegrationKeepsOthers(t *testing.T) {
	s := newServer(t)
	s.Dev().AddDeployed(DeployedFlow{Type: "sync", Name: "other", ProviderConfigKey: "acme-crm", Models: []string{"X"}, Version: "1"})
	b := zeroBody(true)
	b["deployMode"] = "integration"
	if status, _, raw := do(t, s, call{method: "POST", path: "/sync/deploy", body: enc(b)}); status != 200 {
		t.Fatalf("status %d: %s", status, raw)
	}
	if n := len(s.Dev().Deployed()); n != 2 {
		t.Errorf("%d flows deployed, want 2 (the other sync kept)", n)
	}
	b["deployMode"] = "all"
	if status, _, raw := do(t, s, call{method: "POST", path: "/sync/deploy", body: enc(b)}); status != 200 {
		t.Fatalf("status %d: %s", status, raw)
	}
	if n := len(s.Dev().Deployed()); n != 1 {
		t.Errorf("%d flows deployed, want 1 (deployMode all reconciles)", n)
	}
}
