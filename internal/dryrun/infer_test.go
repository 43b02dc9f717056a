package dryrun

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

func TestIntegrationFilter(t *testing.T) {
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	env := srv.Dev()
	env.AddIntegration("crm", "github")
	env.AddIntegration("erp", "github")
	env.AddConnection(fakenango.Connection{ProviderConfigKey: "crm", ConnectionID: "c1"})
	env.AddConnection(fakenango.Connection{ProviderConfigKey: "erp", ConnectionID: "c1"})
	calls := 0
	client := func() (*nangoapi.Client, string, error) {
		calls++
		return nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: fakenango.DefaultSecretKey, HTTPClient: srv.Client()}), fakenango.DefaultSecretKey, nil
	}
	zero, yaml := &project.Project{Format: project.FormatZero}, &project.Project{Format: project.FormatYAML}
	for _, tc := range []struct {
		name string
		o    Options
		p    *project.Project
		want string
		reqs int
	}{
		{"zero: the server's integrations", Options{ConnectionID: "c1"}, zero, "[crm erp]", 1},
		{"zero: an unknown connection searches everything", Options{ConnectionID: "zz"}, zero, "[]", 1},
		{"zero: --integration-id asks nothing", Options{ConnectionID: "c1", IntegrationID: "crm"}, zero, "[crm]", 0},
		{"nango.yaml asks nothing, as 0.60", Options{ConnectionID: "c1"}, yaml, "[]", 0},
		{"a replay asks nothing", Options{ConnectionID: "c1", Replay: true}, zero, "[]", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.ResetRequests()
			tc.o.Client = client
			keys, err := tc.o.integrationFilter(context.Background(), tc.p)
			if err != nil || fmt.Sprint(keys) != tc.want || len(srv.Requests()) != tc.reqs {
				t.Errorf("keys %v, err %v, %d requests; want %s and %d", keys, err, len(srv.Requests()), tc.want, tc.reqs)
			}
		})
	}
	if calls != 2 {
		t.Errorf("the client was made %d times for 2 runs that asked", calls)
	}
}

// TestLocalConnectionCheckedWithIntegrationID: --local reads the connection before anything
// is compiled, --integration-id or not.
func TestLocalConnectionCheckedWithIntegrationID(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "connections.local.yaml"), []byte("connections:\n  a:\n    integration: crm\n    provider: x\n    credentials: {type: API_KEY, apiKey: k}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := Options{Dir: dir, Local: true, ConnectionID: "nope", IntegrationID: "crm", Getenv: func(string) string { return "" }}
	if _, err := o.integrationFilter(context.Background(), &project.Project{}); err == nil {
		t.Fatal("an unknown local connection was not refused")
	}
	o.ConnectionID, o.IntegrationID = "a", ""
	if keys, err := o.integrationFilter(context.Background(), &project.Project{}); err != nil || fmt.Sprint(keys) != "[crm]" {
		t.Fatalf("keys %v, err %v", keys, err)
	}
}
