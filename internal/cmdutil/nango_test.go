package cmdutil

import (
	"net/http"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

func testFactory(t *testing.T, env map[string]string, built *int) *Factory {
	dir := t.TempDir()
	ios, _, _, _ := iostreams.Test()
	return &Factory{IOStreams: ios, WorkDir: func() (string, error) { return dir, nil },
		Getenv:     func(k string) string { return env[k] },
		HttpClient: func() (*http.Client, error) { *built++; return &http.Client{}, nil }}
}

// The Nango client is built once per process: dryrun and deploy share this one path, and a
// dry run's triggered syncs reuse the client instead of reading .env and asking again.
func TestNangoClientBuiltOnce(t *testing.T) {
	built := 0
	f := testFactory(t, map[string]string{"NANGO_SECRET_KEY_PROD": "sk-prod", "NANGO_HOSTPORT": "http://127.0.0.1:1"}, &built)
	c1, err := f.NangoClient("prod", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := f.NangoClient("prod", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if c1 != c2 || built != 1 {
		t.Errorf("built %d times (same client: %v)", built, c1 == c2)
	}
	if c1.SecretKey != "sk-prod" {
		t.Errorf("key %q", c1.SecretKey)
	}
	env, err := f.DotEnv()
	if err != nil || env.Host() != "http://127.0.0.1:1" {
		t.Errorf("DotEnv: %v %v", env, err)
	}
}

func TestNangoClientWithoutKeyIsAnAuthError(t *testing.T) {
	built := 0
	f := testFactory(t, map[string]string{}, &built)
	_, err := f.NangoClient("dev", time.Second)
	if exitcode.Of(err) != exitcode.Auth || exitcode.HintOf(err) == "" {
		t.Fatalf("got %v (exit %d)", err, exitcode.Of(err))
	}
}
