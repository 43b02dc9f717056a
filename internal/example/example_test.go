package example

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/dryrun"
	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/testrun"
)

var dateHeader = regexp.MustCompile(`"date": "[^"]*"`)

var update = flag.Bool("update", false, "record the example's responses again into project/demo/mocks")

// The demo CRM behind the fake server's /proxy: three pages of two contacts, and the answer
// to creating one.
var pages = []struct {
	query string // "" for the first page
	body  string
}{
	{"?cursor=page-2", `{"contacts":[{"id":3,"full_name":"Edsger Dijkstra","email":"Edsger@example.com","company":null},{"id":4,"full_name":"Barbara Liskov","email":"barbara@example.com","company":{"name":"MIT"}}],"next_cursor":"page-3"}`},
	{"?cursor=page-3", `{"contacts":[{"id":5,"full_name":"Donald Knuth","email":"donald@example.com","company":{"name":"Stanford"}},{"id":6,"full_name":"Frances Allen","email":"FRAN@example.com","company":{"name":"IBM"}}],"next_cursor":null}`},
	{"", `{"contacts":[{"id":1,"full_name":"Ada Lovelace","email":"ada@example.com","company":{"name":"Analytical Engines"}},{"id":2,"full_name":"Alan Turing","email":"alan@example.com"}],"next_cursor":"page-2"}`},
}

const (
	actionInput    = `{"name":"Grace Hopper","email":"grace@example.com","company":"Navy"}`
	actionResponse = `{"id":7,"full_name":"Grace Hopper","email":"grace@example.com","company":{"name":"Navy"},"created_at":"2024-05-01T10:00:00Z"}`
)

// TestRecordings records the example's responses with `nango dryrun --save-responses`
// against the fake Nango server and checks that they are the embedded ones, byte for byte:
// the embedded recordings are genuine output of the recorder, not hand-written files. With
// -update it rewrites project/demo/mocks from the new recording.
func TestRecordings(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, false); err != nil {
		t.Fatal(err)
	}
	// Record from scratch: drop the embedded recordings from the copy.
	if err := os.RemoveAll(filepath.Join(dir, Integration, "mocks")); err != nil {
		t.Fatal(err)
	}

	srv := fakenango.New()
	defer srv.Close()
	srv.Dev().AddIntegration(Integration, Integration)
	srv.Dev().AddConnection(fakenango.Connection{ProviderConfigKey: Integration, ConnectionID: Connection,
		Metadata:    map[string]any{"region": "eu"},
		Credentials: map[string]any{"type": "API_KEY", "apiKey": "demo-api-key-never-recorded"}})
	for _, p := range pages {
		srv.Provider("GET", "/v1/contacts"+p.query, fakenango.Response{Status: 200, Times: 1,
			Header: map[string][]string{"Content-Type": {"application/json"}}, Body: []byte(p.body)})
	}
	srv.Provider("POST", "/v1/contacts", fakenango.Response{Status: 201, Times: 1,
		Header: map[string][]string{"Content-Type": {"application/json"}}, Body: []byte(actionResponse)})

	env := map[string]string{
		"NANGO_HOSTPORT":         srv.URL,
		"NANGO_SECRET_KEY_DEV":   fakenango.DefaultSecretKey,
		"HOME":                   dir,
		"XDG_CACHE_HOME":         filepath.Join(dir, ".cache"),
		"NANGO_CLI_UPGRADE_MODE": "ignore",
		// "demo" is in no catalog: the recording keeps it as a provider without settings
		// (nango/provider.json), so that replays never look for a catalog.
		"NANGO_PROVIDERS_FILE": filepath.Join("..", "..", "testdata", "providers", "providers.yaml"),
	}
	for _, run := range []struct{ script, input string }{{"contacts", ""}, {"create-contact", actionInput}} {
		_, _, _, stderr := iostreams.Test()
		rep, err := dryrun.DryRun(context.Background(), dryrun.Options{
			Dir: dir, ScriptName: run.script, ConnectionID: Connection, Input: run.input, SaveResponses: true,
			Runner:     runner.Options{Timeout: time.Minute, Now: time.Now},
			AppVersion: "0.0.0-example", Getenv: func(k string) string { return env[k] },
			HTTPClient: srv.Client(), Client: func() (*nangoapi.Client, string, error) {
				return nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: fakenango.DefaultSecretKey, HTTPClient: srv.Client()}), fakenango.DefaultSecretKey, nil
			},
		})
		if err != nil {
			t.Fatalf("dryrun %s: %v\n%s", run.script, err, stderr)
		}
		if !rep.Outcome.OK() {
			t.Fatalf("dryrun %s failed: %s\n%s", run.script, rep.Outcome.Failure.Message, stderr)
		}
	}
	if n := len(srv.RequestsTo("GET", "/proxy/v1/contacts")); n != 3 {
		t.Fatalf("the sync made %d page requests, want 3", n)
	}

	recorded := readTree(t, os.DirFS(filepath.Join(dir, Integration, "mocks")))
	for name, data := range recorded {
		if bytes.Contains(data, []byte("demo-api-key-never-recorded")) || bytes.Contains(data, []byte(fakenango.DefaultSecretKey)) {
			t.Fatalf("%s holds a secret", name)
		}
	}
	embedded := filepath.Join("project", Integration, "mocks")
	if *update {
		if err := os.RemoveAll(embedded); err != nil {
			t.Fatal(err)
		}
		for name, data := range recorded {
			p := filepath.Join(embedded, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("wrote %d files into %s", len(recorded), embedded)
		return
	}
	want := readTree(t, mustSub(t, "project/"+Integration+"/mocks"))
	if got, exp := names(recorded), names(want); strings.Join(got, "\n") != strings.Join(exp, "\n") {
		t.Fatalf("recorded files differ from the embedded ones (run go test ./internal/example -run TestRecordings -update):\nrecorded:\n  %s\nembedded:\n  %s",
			strings.Join(got, "\n  "), strings.Join(exp, "\n  "))
	}
	for name, data := range recorded {
		// The fake server's Date header is the one value that changes between recordings.
		if !bytes.Equal(dateHeader.ReplaceAll(data, nil), dateHeader.ReplaceAll(want[name], nil)) {
			t.Errorf("%s differs from the embedded one (run go test ./internal/example -run TestRecordings -update):\nrecorded:\n%s\nembedded:\n%s", name, data, want[name])
		}
	}
}

// TestExamplePasses is the promise `nango init --example` makes: a new project passes
// `nango test` with no server and no network, and the sync's recordings hold three pages.
func TestExamplePasses(t *testing.T) {
	dir := t.TempDir()
	created, err := Write(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := codegen.InitProject(dir, codegen.InitOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Generate(dir, codegen.Options{}); err != nil {
		t.Fatal(err)
	}
	pagesRecorded := 0
	for _, name := range created {
		if strings.HasPrefix(name, Integration+"/mocks/nango/get/proxy/v1/contacts/contacts/") {
			pagesRecorded++
		}
	}
	if pagesRecorded != 3 {
		t.Fatalf("the example holds %d recorded pages of the sync, want 3", pagesRecorded)
	}
	sum, err := testrun.Run(context.Background(), testrun.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Results) != 2 {
		t.Fatalf("tested %d scripts, want 2 (the sync and the action)", len(sum.Results))
	}
	for _, r := range sum.Results {
		if r.Status != testrun.StatusPass {
			t.Errorf("%s: %s\n%s", r.Name(), r.Status, strings.Join(r.Detail(), "\n"))
		}
	}
	if sum.ExitCode() != 0 {
		t.Errorf("exit code %d, want 0", sum.ExitCode())
	}
}

func TestWriteRefusesAProject(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nango.yaml"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, false); err == nil {
		t.Fatal("Write into a project: no error")
	}
	if _, err := Write(dir, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "nango.yaml")); string(b) != "mine" {
		t.Fatalf("nango.yaml was replaced: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, Integration, "syncs", "contacts.ts")); err != nil {
		t.Fatalf("the missing files were not added: %v", err)
	}
}

func mustSub(t *testing.T, dir string) fs.FS {
	t.Helper()
	sub, err := fs.Sub(files, dir)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func readTree(t *testing.T, fsys fs.FS) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		out[p] = data
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

func names(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
