package localmode

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/envfile"
	"github.com/nango-go/nango/internal/localconn"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/sdk"
)

const file = `connections:
  c1:
    integration: acme
    credentials: { type: OAUTH2, access_token: tok_abc, refresh_token: rt_abc }
    metadata: { a: 1 }
`

func transport(t *testing.T) (*Transport, string) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, localconn.FileName), []byte(file), 0o600)
	f, err := localconn.Load(dir, envfile.FromMap(nil))
	if err != nil {
		t.Fatal(err)
	}
	var secrets []string
	tr := &Transport{File: f, Provider: func(string) (*providers.Provider, error) { return &providers.Provider{AuthMode: "OAUTH2"}, nil },
		EnvVars:  []nangoapi.EnvironmentVariable{{Name: "B", Value: "2"}, {Name: "A", Value: "1"}},
		OnSecret: func(v ...string) { secrets = append(secrets, v...) }}
	t.Cleanup(func() {
		if !strings.Contains(strings.Join(secrets, " "), "rt_abc") {
			t.Errorf("the refresh token was not reported as a secret: %v", secrets)
		}
	})
	return tr, dir
}

func TestConnectionMetadataAndWhatIsNotLocal(t *testing.T) {
	tr, dir := transport(t)
	ctx := context.Background()
	raw, err := tr.GetConnection(ctx, sdk.ConnectionQuery{ConnectionID: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	var conn struct {
		ProviderConfigKey string         `json:"provider_config_key"`
		Credentials       map[string]any `json:"credentials"`
	}
	json.Unmarshal(raw, &conn)
	if conn.ProviderConfigKey != "acme" || conn.Credentials["access_token"] != "tok_abc" || conn.Credentials["refresh_token"] != nil {
		t.Fatalf("connection %s", raw)
	}
	raw, _ = tr.GetConnection(ctx, sdk.ConnectionQuery{ConnectionID: "c1", RefreshToken: true})
	if !strings.Contains(string(raw), "rt_abc") {
		t.Fatal("refreshToken: true leaves the refresh token out")
	}
	if _, err := tr.SetMetadata(ctx, "acme", "c1", []byte(`{"b":2}`), true); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, localconn.FileName))
	if !strings.Contains(string(data), "b: 2") || !strings.Contains(string(data), "a: 1") {
		t.Fatalf("metadata not merged into the file:\n%s", data)
	}
	vars, _ := tr.GetEnvironmentVariables(ctx)
	if string(vars) != `[{"name":"A","value":"1"},{"name":"B","value":"2"}]` {
		t.Fatalf("vars %s", vars)
	}
	integ, _ := tr.GetIntegration(ctx, "acme", []string{"webhook"})
	if string(integ) != `{"provider":"acme","unique_key":"acme","webhook_url":null}` {
		t.Fatalf("integration %s", integ)
	}
	if _, err := tr.ListRecords(ctx, sdk.RecordsQuery{Model: "M"}); !errors.Is(err, ErrNotLocal) {
		t.Fatalf("ListRecords: %v", err)
	}
	if _, err := tr.TriggerAction(ctx, "acme", "c1", "x", nil); !errors.Is(err, ErrNotLocal) {
		t.Fatalf("TriggerAction without RunAction: %v", err)
	}
	if _, err := tr.GetConnection(ctx, sdk.ConnectionQuery{ConnectionID: "nope"}); err == nil {
		t.Fatal("unknown connection accepted")
	}
}
