package dryrun

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/providers"
)

// The reference 0.71's recorded dry runs of a zero-yaml project
// (../shared/fixtures/peer-cli-zero/dryrun): the recorded project against the Go fake server
// must make the same requests (method, path, query, body, the Nango headers, in order) and
// print the same result. Where we differ on purpose (README, "Compatibility notes"), the case
// says so and checks what we do instead.

var zeroPeer = filepath.Join(sharedDir, "fixtures", "peer-cli-zero")

// zeroCase is one recording and what we do with it.
type zeroCase struct {
	name string
	// code is our exit code (0: success).
	code exitcode.Code
	// args replaces the recorded arguments ("" keeps them).
	args string
	// requests names the recording whose requests we make ("" = name, "-" = none).
	requests string
	// extra are requests we make after the recorded ones (the reference stopped early).
	extra []string
	// stdout names the recording whose result we print ("" = none compared).
	stdout string
	// errors: every "error <message> [keyword]" line of the reference's validation report
	// is in ours, in the same order.
	errors bool
	// saved is the test file --save wrote, under saved-mocks/ ("" = none).
	saved string
	skip  string
}

var zeroCases = []zeroCase{
	{name: "action-createContact", stdout: "action-createContact"},
	{name: "action-input-file", stdout: "action-input-file"},
	// A plain string is refused before anything is asked of the server.
	{name: "action-input-plain-string", code: exitcode.Usage, requests: "-"},
	// The reference needs a previous compile; we build what we run.
	{name: "fresh-checkout-no-build", requests: "save-action-get-order", stdout: "uninferable-connection"},
	{name: "missing-connection", code: exitcode.Rejected},
	// -e defaults to dev, and there is no --no-interactive flag: the run happens.
	{name: "no-env-noninteractive", args: "fetchContacts acme-conn-1 --auto-confirm", requests: "sync-fetchContacts", stdout: "sync-fetchContacts"},
	{name: "novalidate-action-output", stdout: "novalidate-action-output"},
	{name: "novalidate-sync-records", stdout: "novalidate-sync-records"},
	// The reference looks for build/acme-crm_syncs_setup-webhooks.cjs and fails; we run it.
	{name: "onevent", extra: []string{"POST /proxy/v1/webhooks"}},
	{name: "save-action-get-order", stdout: "save-action-get-order", saved: "globex-erp/tests/get-order.test.json"},
	{name: "save-action", stdout: "save-action", saved: "acme-crm/tests/createContact.test.json"},
	{name: "save-sync", stdout: "save-sync", saved: "acme-crm/tests/fetchContacts.test.json"},
	{name: "sync-fetchContacts", stdout: "sync-fetchContacts"},
	{name: "sync-lastSyncDate", stdout: "sync-lastSyncDate"},
	{name: "sync-stub-metadata-checkpoint", stdout: "sync-stub-metadata-checkpoint"},
	{name: "uninferable-connection", stdout: "uninferable-connection"},
	{name: "unknown-script", code: exitcode.Usage},
	{name: "validate-action-input", code: exitcode.Mismatch, errors: true},
	{name: "validate-action-output", code: exitcode.Mismatch, errors: true},
	{name: "validate-sync-records", code: exitcode.Mismatch, errors: true},
	{name: "wrong-integration-id", code: exitcode.Usage},
}

// zeroProject copies the recorded project with zod 4 in reach (make test installs it).
func zeroProject(t *testing.T) string {
	if _, err := os.Stat(filepath.Join(zeroPeer, "dryrun", "sync-fetchContacts.cmd")); err != nil {
		t.Skip("shared fixtures not available (../shared/fixtures/peer-cli-zero): " + err.Error())
	}
	nm := os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if nm == "" {
		nm = filepath.Join("..", "..", "..", ".cache", "testdeps-zod4", "node_modules")
	}
	nm, _ = filepath.Abs(nm)
	if _, err := os.Stat(filepath.Join(nm, "zod", "package.json")); err != nil {
		t.Skipf("no zod 4 in %s (make test installs it; NANGO_TEST_ZOD4_MODULES)", nm)
	}
	dir := t.TempDir()
	copyTree(t, filepath.Join(zeroPeer, "project"), dir)
	if err := os.Symlink(nm, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// zeroServer answers like the recordings' fake_nango_zero.py, with what a real server
// enforces: connections exist in one integration (acme-* in acme-crm, globex-* and
// other-conn in globex-erp). A "bad" connection's companies hold an invalid record.
func zeroServer(t *testing.T, bad bool) *fakenango.Server {
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	return zeroRoutes(t, srv, bad)
}

func zeroRoutes(t *testing.T, srv *fakenango.Server, bad bool) *fakenango.Server {
	cat, err := providers.Load(filepath.Join("..", "..", "..", "testdata", "providers", "providers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	srv.SetProviders(cat)
	env := srv.Dev()
	env.AddIntegration("acme-crm", "github")
	env.AddIntegration("globex-erp", "github")
	conns := map[string]string{"acme-conn-1": "acme-crm", "acme-bad-1": "acme-crm", "globex-1": "globex-erp", "other-conn": "globex-erp"}
	for id, key := range conns {
		env.AddConnection(fakenango.Connection{ID: 42, ConnectionID: id, ProviderConfigKey: key,
			Metadata:         map[string]any{"lists": []any{"vip", "newsletter"}},
			ConnectionConfig: map[string]any{"subdomain": "acme-test"},
			Credentials: map[string]any{"type": "OAUTH2", "access_token": "fake-access-token", "refresh_token": "fake-refresh",
				"expires_at": "2099-01-01T00:00:00.000Z", "raw": map[string]any{"access_token": "fake-access-token", "token_type": "bearer"}}})
	}
	js := func(status int, body string) fakenango.Response {
		return fakenango.Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
	}
	srv.Provider("GET", "/v1/contacts?cursor=page2", js(200, `{"items":[{"id":3,"first_name":"Grace","email":"grace@example.com","tags":["navy"],"created_at":"2024-05-03T10:00:00Z"}],"next":null}`))
	srv.Provider("GET", "/v1/contacts", js(200, `{"items":[{"id":1,"first_name":"Ada","email":"ada@example.com","tags":["vip"],"vip":true,"created_at":"2024-05-01T10:00:00Z","city":"London","country":"UK"},`+
		`{"id":2,"first_name":"Alan","email":null,"tags":[],"archived":true,"created_at":"2024-05-02T10:00:00Z","city":"Manchester"}],"next":"page2"}`))
	companies := `{"companies":[{"id":100,"name":"Acme Inc","domains":["acme.test"],"employees":50,"tier":"gold"},{"id":101,"name":"Globex","domains":[],"employees":null,"tier":"free"}]}`
	if bad {
		companies = `{"companies":[{"id":100,"name":"Acme Inc","domains":["acme.test"],"employees":50,"tier":"platinum"}]}`
	}
	srv.Provider("GET", "/v1/companies", js(200, companies))
	srv.Provider("GET", "/v1/orders", js(200, `{"orders":[{"number":"SO-1","total_cents":1999,"status":"open","lines":[{"sku":"A-1","qty":2}]},{"number":"SO-2","total_cents":500,"status":"shipped","lines":[]}]}`))
	srv.Provider("GET", "/v1/orders/SO-1", js(200, `{"number":"SO-1","status":"open","total_cents":1999}`))
	srv.Provider("GET", "/v1/orders/BAD", js(200, `{"number":"BAD","status":"cancelled","total_cents":1999}`))
	srv.Provider("POST", "/v1/contacts", js(201, `{"id":"new-123","created_at":"2025-03-04T05:06:07Z"}`))
	srv.Provider("POST", "/v1/webhooks", js(201, `{"id":"wh-1"}`))
	return srv
}

// zeroResult is what the reference printed after `Done` (its result), minus the mocks line.
func zeroResult(t *testing.T, name string) string {
	data, err := os.ReadFile(filepath.Join(zeroPeer, "dryrun", name+".stdout"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "\nDone\n")
	if !ok {
		t.Fatalf("%s.stdout has no Done line", name)
	}
	return after
}

func (c zeroCase) run(t *testing.T) {
	if c.skip != "" {
		t.Skip(c.skip)
	}
	dir := zeroProject(t)
	args := c.args
	if args == "" {
		data, err := os.ReadFile(filepath.Join(zeroPeer, "dryrun", c.name+".cmd"))
		if err != nil {
			t.Fatal(err)
		}
		args = strings.TrimPrefix(strings.TrimSpace(string(data)), "$ nango dryrun")
	}
	var srv *fakenango.Server
	if c.saved != "" {
		srv = savedServer(t, c.saved)
	} else {
		srv = zeroServer(t, strings.Contains(args, "bad"))
	}
	stdout, stderr, err := runDryrun(t, dir, srv, strings.Fields(args))
	if code := exitcode.Of(err); code != c.code {
		t.Fatalf("exit %d (%v), want %d\nstdout:\n%s\nstderr:\n%s", code, err, c.code, stdout, stderr)
	}
	var want []recordedRequest
	switch c.requests {
	case "-":
	case "":
		want = readRequests(t, filepath.Join(zeroPeer, "dryrun", c.name+".requests.jsonl"))
	default:
		want = readRequests(t, filepath.Join(zeroPeer, "dryrun", c.requests+".requests.jsonl"))
	}
	got, _ := withoutProviderRequests(srv.Requests())
	if len(c.extra) > 0 && len(got) == len(want)+len(c.extra) {
		for i, e := range c.extra {
			if g := got[len(want)+i]; g.Method+" "+g.Path != e {
				t.Errorf("request %d: %s %s, want %s", len(want)+i, g.Method, g.Path, e)
			}
		}
		got = got[:len(want)]
	}
	compareRequests(t, want, got)
	if c.stdout != "" {
		want := strings.ReplaceAll(zeroResult(t, c.stdout), "<PROJECT_DIR>", dir)
		if stdout != want {
			t.Errorf("stdout differs from the reference's result.\n--- got\n%s\n--- want\n%s", stdout, want)
		}
	}
	if c.errors {
		compareErrorLines(t, filepath.Join(zeroPeer, "dryrun", c.name+".stdout"), stdout+stderr)
	}
	if c.saved != "" {
		compareSaved(t, filepath.Join(dir, c.saved), filepath.Join(zeroPeer, "dryrun", "saved-mocks", c.saved))
	}
	if strings.Contains(stdout+stderr, "fake-access-token") || strings.Contains(stdout+stderr, fakenango.DefaultSecretKey) {
		t.Errorf("a secret was printed:\n%s\n%s", stdout, stderr)
	}
}

// TestZeroNodeCryptoRuns is the recorded node-crypto/ case: a function importing
// `node:crypto` compiles, and the reference's sandbox then refuses it (exit 12 after the
// three lookups); ours provides it, so the run goes on to the script's request.
func TestZeroNodeCryptoRuns(t *testing.T) {
	dir := zeroProject(t)
	diff, err := os.ReadFile(filepath.Join(zeroPeer, "dryrun", "node-crypto", "compile.diff"))
	if err != nil {
		t.Fatal(err)
	}
	// The recorded diff, applied by hand: its two added lines.
	imp := "import { createHash } from 'node:crypto';"
	logLine := "        await nango.log(createHash('sha1').update(input.id).digest('hex'));"
	if !strings.Contains(string(diff), "+"+imp+"\n") || !strings.Contains(string(diff), "+"+logLine+"\n") {
		t.Fatal("node-crypto/compile.diff changed: update this test")
	}
	file := filepath.Join(dir, "globex-erp", "actions", "get-order.ts")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "import * as z from 'zod';\n", "import * as z from 'zod';\n"+imp+"\n", 1)
	text = strings.Replace(text, "        return { id: res.data.number", logLine+"\n        return { id: res.data.number", 1)
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := zeroServer(t, false)
	stdout, stderr, err := runDryrun(t, dir, srv, strings.Fields(`get-order globex-1 -e dev --input {"id":"SO-1"}`))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "4638a6fe3e379255cbe14a75f77ecc1af46390da") { // sha1("SO-1")
		t.Errorf("the script's createHash line is missing:\n%s", stderr)
	}
	if want := zeroResult(t, "uninferable-connection"); stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	got, _ := withoutProviderRequests(srv.Requests())
	want := readRequests(t, filepath.Join(zeroPeer, "dryrun", "node-crypto", "dryrun.requests.jsonl"))
	if len(got) != len(want)+1 || got[len(want)].Path != "/proxy/v1/orders/SO-1" {
		t.Fatalf("requests %d, want the reference's %d and GET /proxy/v1/orders/SO-1", len(got), len(want))
	}
	compareRequests(t, want, got[:len(want)])
}

// TestMatchesZeroYAMLRecordings runs every recorded 0.71 dry run (see zeroCases).
func TestMatchesZeroYAMLRecordings(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range zeroCases {
		seen[c.name] = true
		t.Run(c.name, c.run)
	}
	// A recording added to the fixtures must get a case here.
	files, _ := filepath.Glob(filepath.Join(zeroPeer, "dryrun", "*.cmd"))
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".cmd"); !seen[name] {
			t.Errorf("recording %s has no case in zeroCases", name)
		}
	}
}
