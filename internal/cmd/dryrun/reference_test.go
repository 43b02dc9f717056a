package dryrun

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/providers"
)

// The reference CLI's recorded dry runs (../shared/fixtures/peer-cli/dryrun): the same project
// against a fake server answering like the recording's must make the same requests (method,
// path, query, body, the Nango headers) in the same order and print the same result.

var sharedDir = filepath.Join("..", "..", "..", "..", "shared")

type recordedRequest struct {
	Method  string              `json:"method"`
	Path    string              `json:"path"`
	Query   map[string][]string `json:"query"`
	Headers map[string]string   `json:"headers"`
	Body    any                 `json:"body"`
	Status  int                 `json:"status"`
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// referenceProject rebuilds the project the recordings were made with.
func referenceProject(t *testing.T) string {
	peer := filepath.Join(sharedDir, "fixtures", "peer-cli")
	if _, err := os.Stat(filepath.Join(peer, "dryrun", "action.cmd")); err != nil {
		t.Skip("shared fixtures not available (../shared/fixtures/peer-cli): " + err.Error())
	}
	dir := t.TempDir()
	for _, f := range []string{"nango.yaml", "models.ts"} {
		data, err := os.ReadFile(filepath.Join(peer, "generate", "tree", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyTree(t, filepath.Join(peer, "compile", "src"), dir)
	return dir
}

// referenceServer answers like the recordings' fake_nango.py.
func referenceServer(t *testing.T) *fakenango.Server {
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	cat, err := providers.Load(filepath.Join("..", "..", "..", "testdata", "providers", "providers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	srv.SetProviders(cat)
	env := srv.Dev()
	env.AddIntegration("acme-crm", "github")
	for _, id := range []string{"conn-123"} {
		env.AddConnection(fakenango.Connection{ID: 42, ConnectionID: id, ProviderConfigKey: "acme-crm",
			Metadata:         map[string]any{"lists": []any{"vip", "newsletter"}},
			ConnectionConfig: map[string]any{"subdomain": "acme-test"},
			Credentials: map[string]any{"type": "OAUTH2", "access_token": "fake-access-token", "refresh_token": "fake-refresh",
				"expires_at": "2099-01-01T00:00:00.000Z", "raw": map[string]any{"access_token": "fake-access-token", "token_type": "bearer"}}})
	}
	page1 := `{"items":[{"id":1,"first_name":"Ada","email":"ada@example.com","tags":["vip"],"vip":true,"created_at":"2024-05-01T10:00:00Z","street":"1 Main St","city":"London","country":"UK","linkedin":"ada"},{"id":2,"first_name":"Alan","email":null,"tags":[],"archived":true,"created_at":"2024-05-02T10:00:00Z","city":"Manchester"}],"next":"page2"}`
	page2 := `{"items":[{"id":3,"first_name":"Grace","email":"grace@example.com","tags":["navy"],"created_at":"2024-05-03T10:00:00Z","custom":{"rank":"admiral"}}],"next":null}`
	companies := `{"companies":[{"id":100,"name":"Acme Inc","domains":["acme.test"],"employees":50,"owner_ids":["1"],"attributes":{"tier":"gold","seats":10},"industry":"anvils"},{"id":101,"name":"Globex","employees":null}]}`
	js := func(status int, body string, times int) fakenango.Response {
		return fakenango.Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body), Times: times}
	}
	srv.Provider("GET", "/v1/contacts", js(200, page1, 1))
	srv.Provider("GET", "/v1/contacts", js(200, page2, 1))
	srv.Provider("GET", "/v1/companies", js(200, companies, 0))
	srv.Provider("POST", "/v1/contacts", js(201, `{"id":"new-123","created_at":"2025-03-04T05:06:07Z","echo":{}}`, 0))
	return srv
}

func readRecorded(t *testing.T, name string) []recordedRequest {
	return readRequests(t, filepath.Join(sharedDir, "fixtures", "peer-cli", "dryrun", name+".requests.jsonl"))
}

// readRequests reads a recorder's .requests.jsonl.
func readRequests(t *testing.T, file string) []recordedRequest {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []recordedRequest
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r recordedRequest
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// recordedArgs reads `$ nango dryrun ...` from <name>.cmd (JSON arguments have no spaces).
func recordedArgs(t *testing.T, name string) []string {
	data, err := os.ReadFile(filepath.Join(sharedDir, "fixtures", "peer-cli", "dryrun", name+".cmd"))
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(string(data)), "$ nango dryrun"))
	return fields
}

// nonBlank drops empty values, as the recorder's parse_qs did.
func nonBlank(q map[string][]string) map[string][]string {
	out := map[string][]string{}
	for k, vs := range q {
		for _, v := range vs {
			if v != "" {
				out[k] = append(out[k], v)
			}
		}
	}
	return out
}

// ignoredHeaders are transport details (or values that embed the Node version).
var ignoredHeaders = map[string]bool{"accept": true, "host": true, "connection": true, "content-length": true, "accept-encoding": true, "user-agent": true}

// nangoHeader reports the headers whose presence the comparison checks both ways.
func nangoHeader(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "nango-") || n == "connection-id" || n == "provider-config-key" || n == "base-url-override" ||
		n == "retries" || n == "retry-on" || n == "decompress" || n == "content-type" || n == "authorization"
}

func compareRequests(t *testing.T, want []recordedRequest, got []fakenango.Request) {
	t.Helper()
	if len(got) != len(want) {
		var g []string
		for _, r := range got {
			g = append(g, r.Method+" "+r.Path)
		}
		t.Fatalf("made %d requests, the reference %d: %v", len(got), len(want), g)
	}
	for i, w := range want {
		g := got[i]
		where := w.Method + " " + w.Path
		if g.Method != w.Method || g.Path != w.Path {
			t.Errorf("request %d: %s %s, the reference %s", i, g.Method, g.Path, where)
			continue
		}
		if q := nonBlank(g.Query); !reflect.DeepEqual(q, nonBlank(w.Query)) {
			t.Errorf("%s: query %v, the reference %v", where, q, nonBlank(w.Query))
		}
		if wb, gb := w.Body, g.JSONBody(); !reflect.DeepEqual(wb, gb) {
			t.Errorf("%s: body %v, the reference %v", where, gb, wb)
		}
		wantH := map[string]string{}
		for k, v := range w.Headers {
			if !ignoredHeaders[strings.ToLower(k)] {
				wantH[strings.ToLower(k)] = v
			}
		}
		gotH := map[string]string{}
		for k, v := range g.Header {
			if nangoHeader(k) {
				gotH[strings.ToLower(k)] = strings.Join(v, ",")
			}
		}
		var keys []string
		for k := range wantH {
			keys = append(keys, k)
		}
		for k := range gotH {
			if _, ok := wantH[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			wv, wok := wantH[k]
			gv, gok := gotH[k]
			switch {
			case wok && !gok:
				t.Errorf("%s: header %s missing (the reference sends %q)", where, k, wv)
			case !wok && gok:
				t.Errorf("%s: header %s: %q, the reference sends none", where, k, gv)
			case k == "nango-proxy-user-agent":
				if !strings.HasPrefix(gv, "nango-node-client/") {
					t.Errorf("%s: header %s: %q", where, k, gv)
				}
			case wv != gv:
				t.Errorf("%s: header %s: %q, the reference %q", where, k, gv, wv)
			}
		}
		ua := g.Header.Get("User-Agent")
		wantUA := w.Headers["User-Agent"]
		if prefix, _, _ := strings.Cut(wantUA, "/"); !strings.HasPrefix(ua, prefix+"/") {
			t.Errorf("%s: User-Agent %q, the reference's starts with %q", where, ua, prefix)
		}
	}
}

func runRecorded(t *testing.T, name string) (stdout, stderr string, srv *fakenango.Server, err error) {
	dir := referenceProject(t)
	srv = referenceServer(t)
	stdout, stderr, err = runDryrun(t, dir, srv, recordedArgs(t, name))
	return stdout, stderr, srv, err
}

// runDryrun runs `nango dryrun args...` in dir against srv, on a new user's machine.
func runDryrun(t *testing.T, dir string, srv *fakenango.Server, args []string) (stdout, stderr string, err error) {
	ios, _, out, errOut := iostreams.Test()
	// A new user's machine: an empty HOME, no catalog and no registry; the provider's
	// settings come from the server (GET /providers/github).
	env := map[string]string{"NANGO_HOSTPORT": srv.URL, "NANGO_SECRET_KEY_DEV": fakenango.DefaultSecretKey,
		"HOME": t.TempDir(), "npm_config_registry": "http://127.0.0.1:1/"}
	f := &cmdutil.Factory{AppVersion: "0.0.0-test", IOStreams: ios,
		WorkDir:    func() (string, error) { return dir, nil },
		Getenv:     func(k string) string { return env[k] },
		HttpClient: func() (*http.Client, error) { return srv.Client(), nil },
		Now:        time.Now}
	cmd := NewCmdDryrun(f, nil)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err = cmd.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

// withoutProviderRequests separates our one request the reference does not make (it reads
// its bundled catalog): GET /providers/:provider, the server's entry for the provider.
func withoutProviderRequests(all []fakenango.Request) (rest, provider []fakenango.Request) {
	for _, r := range all {
		if r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/providers/") {
			provider = append(provider, r)
			continue
		}
		rest = append(rest, r)
	}
	return rest, provider
}

// resultPart is what the reference printed after `Done` (the result), minus compile chatter.
func resultPart(t *testing.T, name string) string {
	data, err := os.ReadFile(filepath.Join(sharedDir, "fixtures", "peer-cli", "dryrun", name+".stdout"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "\nDone\n")
	if !ok {
		t.Fatalf("%s.stdout has no Done line", name)
	}
	return after
}

func TestMatchesReferenceRecordings(t *testing.T) {
	for _, name := range []string{"action", "sync", "sync-metadata-lastsync"} {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, srv, err := runRecorded(t, name)
			if err != nil {
				t.Fatalf("dryrun failed: %v\n%s", err, stderr)
			}
			got, fromServer := withoutProviderRequests(srv.Requests())
			compareRequests(t, readRecorded(t, name), got)
			if wantProvider := name != "action"; (len(fromServer) == 1) != wantProvider || len(fromServer) > 1 {
				t.Errorf("GET /providers/github: %d requests (want %v: once for a script that paginates, else none)", len(fromServer), wantProvider)
			}
			if want := resultPart(t, name); stdout != want {
				t.Errorf("stdout differs from the reference's result.\n--- got\n%s\n--- want\n%s", stdout, want)
			}
			if strings.Contains(stdout+stderr, "fake-access-token") || strings.Contains(stdout+stderr, fakenango.DefaultSecretKey) {
				t.Errorf("a secret was printed:\n%s\n%s", stdout, stderr)
			}
		})
	}
	t.Run("action-missing-conn", func(t *testing.T) {
		_, stderr, srv, err := runRecorded(t, "action-missing-conn")
		if code := exitcode.Of(err); code != exitcode.Rejected {
			t.Fatalf("exit %d (%v), want %d\n%s", code, err, exitcode.Rejected, stderr)
		}
		compareRequests(t, readRecorded(t, "action-missing-conn"), srv.Requests())
	})
}
