package localconn

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/envfile"
	"github.com/nango-go/nango/internal/exitcode"
)

const sample = `# my local connections
connections:
  my-github:
    integration: github   # the nango.yaml key
    credentials:
      type: OAUTH2
      access_token: ${GH_TOKEN}
      refresh_token: r1
    connection_config: { subdomain: acme }
    metadata: { lists: [vip] }
  other:
    integration: stripe
    provider: stripe
    credentials:
      type: API_KEY
      apiKey: ${UNSET_KEY}
integrations:
  github: { client_id: cid, client_secret: ${GH_SECRET} }
`

func write(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestGetResolvesVariablesFromEnvAndDotenv(t *testing.T) {
	dir := write(t, sample)
	os.WriteFile(filepath.Join(dir, ".env"), []byte("GH_SECRET=from-dotenv\n"), 0o600)
	env, err := envfile.Load(dir, func(k string) string { return map[string]string{"GH_TOKEN": "tok"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	f, err := Load(dir, env)
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.Get("my-github")
	if err != nil {
		t.Fatal(err)
	}
	if c.Credentials["access_token"] != "tok" || c.ClientSecret != "from-dotenv" || c.Provider != "github" || c.ConnectionConfig["subdomain"] != "acme" {
		t.Fatalf("got %+v", c)
	}
	if l, _ := c.Metadata["lists"].([]any); len(l) != 1 || l[0] != "vip" {
		t.Fatalf("metadata %v", c.Metadata)
	}
	if err := c.CheckAuthMode("OAUTH2"); err != nil {
		t.Fatal(err)
	}
}

func TestErrorsArePositionedUsageErrors(t *testing.T) {
	env := envfile.FromMap(map[string]string{"GH_TOKEN": "tok", "GH_SECRET": "s"})
	cases := []struct {
		name, text, id, authMode, want string
	}{
		{"unset variable", sample, "other", "", "connections.local.yaml:16:15: ${UNSET_KEY} is not set"},
		{"unknown field", "connections:\n  a:\n    integration: x\n    credentails: {}\n", "", "", ":4:5: unknown field \"credentails\""},
		{"unknown top-level", "connection:\n  a: {}\n", "", "", ":1:1: unknown field \"connection\""},
		{"no integration", "connections:\n  a:\n    credentials: {type: BASIC, username: u}\n", "", "", ":2:3: connection \"a\" has no `integration:`"},
		{"no type", "connections:\n  a:\n    integration: x\n    credentials: {username: u}\n", "", "", ":4:18: credentials of connection \"a\" have no `type:`"},
		{"type does not fit", sample, "my-github", "API_KEY", ":6:13: credentials type OAUTH2 does not fit provider \"github\", whose auth mode is API_KEY"},
		{"missing field", "connections:\n  a:\n    integration: x\n    credentials: {type: API_KEY}\n", "a", "API_KEY", "need apiKey"},
		{"unknown id", sample, "nope", "", "no connection \"nope\""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := write(t, tc.text)
			f, err := Load(dir, env)
			if err == nil && tc.id != "" {
				var c *Connection
				c, err = f.Get(tc.id)
				if err == nil {
					err = c.CheckAuthMode(tc.authMode)
				}
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if exitcode.Of(err) != exitcode.Usage {
				t.Fatalf("exit code %d, want usage", exitcode.Of(err))
			}
		})
	}
}

func TestMissingFileIsUsageError(t *testing.T) {
	_, err := Load(t.TempDir(), envfile.FromMap(nil))
	if err == nil || exitcode.Of(err) != exitcode.Usage || !strings.Contains(err.Error(), FileName) {
		t.Fatalf("got %v", err)
	}
	var pe *PosError
	if errors.As(err, &pe) {
		t.Fatal("a missing file has no position")
	}
}

func TestWriteBackKeepsCommentsAndOrder(t *testing.T) {
	dir := write(t, sample)
	f, err := Load(dir, envfile.FromMap(map[string]string{"GH_TOKEN": "tok", "GH_SECRET": "s"}))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := f.Get("my-github")
	if err := c.UpdateCredentials(map[string]any{"access_token": "new-token", "expires_at": "2030-01-01T00:00:00Z"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetMetadata(map[string]any{"cursor": "c1"}, true); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, FileName))
	text := string(data)
	for _, want := range []string{"# my local connections", "# the nango.yaml key", "access_token: new-token", "expires_at: \"2030-01-01T00:00:00Z\"", "cursor: c1", "${UNSET_KEY}"} {
		if !strings.Contains(text, want) {
			t.Errorf("file lacks %q:\n%s", want, text)
		}
	}
	if strings.Index(text, "my-github") > strings.Index(text, "other:") {
		t.Error("order changed")
	}
	f2, _ := Load(dir, envfile.FromMap(map[string]string{"GH_SECRET": "s"}))
	c2, err := f2.Get("my-github")
	if err != nil {
		t.Fatal(err)
	}
	if c2.Credentials["access_token"] != "new-token" || c2.Metadata["cursor"] != "c1" || len(c2.Metadata["lists"].([]any)) != 1 {
		t.Fatalf("reloaded %+v", c2)
	}
}
