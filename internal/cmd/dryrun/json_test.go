package dryrun

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/dryrun"
	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/runner"
)

// TestJSONResultStreamedAsEncoded checks that the streamed --json document is byte for byte
// what encoding the whole document writes: HTML escaping, U+2028, nesting, empty values,
// several batches and models, and secrets redacted inside records.
func TestJSONResultStreamedAsEncoded(t *testing.T) {
	srv := fakenango.New()
	defer srv.Close()
	srv.Dev().AddIntegration("acme-crm", "acme")
	srv.Dev().AddConnection(fakenango.Connection{ProviderConfigKey: "acme-crm", ConnectionID: "conn-1",
		Credentials: map[string]any{"type": "API_KEY", "apiKey": "sk-live-very-secret"}})
	dir := t.TempDir()
	files := map[string]string{
		"nango.yaml": `integrations:
  acme-crm:
    syncs:
      tricky:
        runs: every day
        output:
          - Row
          - Other
        endpoint:
          - GET /rows
          - GET /others
models:
  Row:
    id: string
  Other:
    id: string
`,
		"acme-crm/syncs/tricky.ts": `import type { NangoSync } from '../../models';
export default async function fetchData(nango: NangoSync): Promise<void> {
    const { apiKey } = await nango.getToken() as { apiKey: string };
    await nango.batchSave([
        { id: '1', html: '<b>&amp;</b>', sep: 'a\u2028b\u2029c', nested: { a: [1, { b: null }], e: {}, f: [] }, emoji: 'é😀', token: apiKey },
        { id: '2', n: -0, big: 1e21, d: new Date(0) },
    ], 'Row');
    await nango.batchSave([{ id: 'o1' }], 'Other');
    await nango.batchDelete([{ id: '2' }], 'Row');
    await nango.batchUpdate([{ id: '1', x: 'key=' + apiKey }], 'Row');
}
`,
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"NANGO_HOSTPORT": srv.URL, "NANGO_SECRET_KEY_DEV": fakenango.DefaultSecretKey, "XDG_CACHE_HOME": t.TempDir(), "HOME": t.TempDir()}
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, WorkDir: func() (string, error) { return dir, nil }, Getenv: func(k string) string { return env[k] },
		HttpClient: func() (*http.Client, error) { return srv.Client(), nil }}
	rep, err := dryrun.DryRun(context.Background(), dryrun.Options{Dir: dir, ScriptName: "tricky", ConnectionID: "conn-1",
		Getenv: f.Getenv, HTTPClient: srv.Client(), Client: nangoClient(f, "dev", time.Minute),
		Runner: runner.Options{Now: time.Now, Timeout: time.Minute}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Outcome.OK() {
		t.Fatalf("run failed: %s", rep.Outcome.Failure.Message)
	}
	var want, got bytes.Buffer
	if err := cmdutil.WriteJSON(&want, jsonResult(rep)); err != nil {
		t.Fatal(err)
	}
	if err := writeJSONResult(&got, rep); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("streamed document differs:\n got %s\nwant %s", got.String(), want.String())
	}
	for _, s := range []string{`\u003cb\u003e\u0026amp;\u003c/b\u003e`, `\u2028`, `"token": "<redacted>"`, `"deleted": 1`} {
		if !strings.Contains(got.String(), s) && !strings.Contains(got.String(), strings.ReplaceAll(s, `\u003c`, "<")) {
			t.Errorf("document lacks %s:\n%s", s, got.String())
		}
	}
	if strings.Contains(got.String(), "sk-live-very-secret") {
		t.Error("the connection's key is in the document")
	}
}
