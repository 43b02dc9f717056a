package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/deploy"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/project"
)

// copyProject copies testdata/deploy/acme into a temp dir and writes placeholder bundles
// (the compiled code is not part of the comparison).
func copyProject(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "..", "testdata", "deploy", "acme")
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dst, "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"fetch-contacts", "create-contact", "delete-contact"} {
		if err := os.WriteFile(filepath.Join(dst, "dist", n+"-acme-crm.js"), []byte("// bundle of "+n+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func newServer(t *testing.T) *fakenango.Server {
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	srv.Dev().AddIntegration("acme-crm", "acme-crm")
	return srv
}

func runDeploy(t *testing.T, srv *fakenango.Server, dir string, mod func(*deployment)) (string, string, error) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	opts := &deployment{IO: ios, Project: load(t, dir), Environment: "dev",
		Client:      nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: fakenango.DefaultSecretKey, SecretKeyVar: "NANGO_SECRET_KEY_DEV", AppVersion: "test"}),
		AutoConfirm: true}
	if mod != nil {
		mod(opts)
	}
	err := runDeployment(context.Background(), opts)
	return out.String(), errOut.String(), err
}

// load loads the project in dir as the command does (internal/project).
func load(t testing.TB, dir string) *project.Project {
	t.Helper()
	p, diags, err := project.Load(dir)
	if err != nil || p == nil {
		t.Fatalf("load %s: %v %v", dir, err, diags)
	}
	return p
}

// compileAll is the compile step of `nango deploy` without its printing
// (internal/cmd/deploy/project.go): every script, written to dist/.
func compileAll(ctx context.Context, p *project.Project, scripts []*project.Script) error {
	rep, err := pipeline.Compile(ctx, p, pipeline.CompileOptions{Write: true})
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("compilation failed: %v", rep.Diagnostics)
	}
	return nil
}

func loadJSON(t *testing.T, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// normalise drops what the comparison excludes: sdkVersion (ours names the version we
// follow) and the compiled js of every script.
func normalise(v any) any {
	m := v.(map[string]any)
	delete(m, "sdkVersion")
	for _, f := range m["flowConfigs"].([]any) {
		delete(f.(map[string]any)["fileBody"].(map[string]any), "js")
	}
	for _, p := range m["onEventScriptsByProvider"].([]any) {
		for _, s := range p.(map[string]any)["scripts"].([]any) {
			delete(s.(map[string]any)["fileBody"].(map[string]any), "js")
		}
	}
	return m
}

// diffJSON lists the paths where two decoded JSON values differ.
func diffJSON(path string, want, got any, out *[]string) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: want object, got %T", path, got))
			return
		}
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			wv, wok := w[k]
			gv, gok := g[k]
			switch {
			case !wok:
				*out = append(*out, fmt.Sprintf("%s.%s: unexpected (got %v)", path, k, gv))
			case !gok:
				*out = append(*out, fmt.Sprintf("%s.%s: missing (want %v)", path, k, wv))
			default:
				diffJSON(path+"."+k, wv, gv, out)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			*out = append(*out, fmt.Sprintf("%s: want %d elements, got %v", path, len(w), got))
			return
		}
		for i := range w {
			diffJSON(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], out)
		}
	default:
		if !reflect.DeepEqual(want, got) {
			*out = append(*out, fmt.Sprintf("%s: want %#v, got %#v", path, want, got))
		}
	}
}

func assertSameBody(t *testing.T, name string, want, got any) {
	t.Helper()
	var diffs []string
	diffJSON("$", normalise(want), normalise(got), &diffs)
	if len(diffs) > 0 {
		t.Errorf("%s differs from the reference in %d place(s):\n  %s", name, len(diffs), strings.Join(diffs, "\n  "))
	}
}

// TestBodiesMatchReference is the acceptance test: for the project the reference CLI
// deployed, the two bodies we send equal the recorded ones field for field, except
// sdkVersion and the compiled code.
func TestBodiesMatchReference(t *testing.T) {
	srv := newServer(t)
	dir := copyProject(t)
	stdout, stderr, err := runDeploy(t, srv, dir, nil)
	if err != nil {
		t.Fatalf("deploy: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	conf := srv.RequestsTo("POST", "/sync/deploy/confirmation")
	dep := srv.RequestsTo("POST", "/sync/deploy")
	if len(conf) != 1 || len(dep) != 1 {
		t.Fatalf("requests: %d confirmations, %d deploys", len(conf), len(dep))
	}
	testdata := filepath.Join("..", "..", "..", "testdata", "deploy")
	assertSameBody(t, "confirmation body", loadJSON(t, filepath.Join(testdata, "payload.confirmation.json")), conf[0].JSONBody())
	assertSameBody(t, "deploy body", loadJSON(t, filepath.Join(testdata, "payload.deploy.json")), dep[0].JSONBody())

	body := dep[0].JSONBody().(map[string]any)
	if body["sdkVersion"] != deploy.SDKVersion || !strings.HasSuffix(deploy.SDKVersion, "-yaml") {
		t.Errorf("sdkVersion = %v", body["sdkVersion"])
	}
	if js := body["flowConfigs"].([]any)[0].(map[string]any)["fileBody"].(map[string]any)["js"]; js != "// bundle of fetch-contacts\n" {
		t.Errorf("js body = %q, want the dist/ bundle", js)
	}
	if ua := dep[0].Header.Get("User-Agent"); !strings.HasPrefix(ua, "nango-cli/") {
		t.Errorf("User-Agent = %q", ua)
	}
	if !strings.Contains(stdout, "deployed fetch-contacts@v1.0.2, create-contact@v0.0.1, delete-contact@v1") {
		t.Errorf("stdout = %q", stdout)
	}
}

func TestSingleActionBody(t *testing.T) {
	srv := newServer(t)
	dir := copyProject(t)
	_, stderr, err := runDeploy(t, srv, dir, func(o *deployment) { o.Selection = deploy.Selection{Action: "create-contact"}; o.Version = "2.0.0" })
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	body := srv.RequestsTo("POST", "/sync/deploy")[0].JSONBody().(map[string]any)
	flows := body["flowConfigs"].([]any)
	if len(flows) != 1 || flows[0].(map[string]any)["syncName"] != "create-contact" || flows[0].(map[string]any)["version"] != "2.0.0" {
		t.Errorf("flows = %v", flows)
	}
	if _, has := body["onEventScriptsByProvider"]; has {
		t.Error("onEventScriptsByProvider must be omitted for -a")
	}
	if body["singleDeployMode"] != true {
		t.Error("singleDeployMode should be true")
	}
}

func TestMissingBundleFailsBeforeAnyRequest(t *testing.T) {
	srv := newServer(t)
	dir := copyProject(t)
	os.Remove(filepath.Join(dir, "dist", "create-contact-acme-crm.js"))
	_, _, err := runDeploy(t, srv, dir, nil)
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(err.Error(), "dist/create-contact-acme-crm.js") {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(exitcode.HintOf(err), "nango compile") {
		t.Errorf("hint = %q", exitcode.HintOf(err))
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestDestructivePlan(t *testing.T) {
	srv := newServer(t)
	dev := srv.Dev()
	dev.AddConnection(fakenango.Connection{ConnectionID: "c1", ProviderConfigKey: "acme-crm"})
	dev.AddDeployed(fakenango.DeployedFlow{Type: "sync", Name: "old-sync", ProviderConfigKey: "acme-crm", Models: []string{"Old"}})
	dir := copyProject(t)

	// no terminal: refused, nothing deployed
	stdout, _, err := runDeploy(t, srv, dir, nil)
	if exitcode.Of(err) != exitcode.Cancel || !strings.Contains(exitcode.HintOf(err), "--allow-destructive") {
		t.Fatalf("%v / %s", err, exitcode.HintOf(err))
	}
	if !strings.Contains(stdout, "- sync old-sync: deleted: stops running and its records are deleted for 1 existing connection [destructive]") {
		t.Errorf("plan:\n%s", stdout)
	}
	if len(srv.RequestsTo("POST", "/sync/deploy")) != 0 {
		t.Fatal("deployed without --allow-destructive")
	}

	// a terminal user who answers "n"
	ios, in, _, _ := iostreams.Test()
	ios.SetStdinTTY(true)
	ios.SetStderrTTY(true)
	in.WriteString("n\n")
	err = runDeployment(context.Background(), &deployment{IO: ios, Project: load(t, dir), Environment: "dev", AutoConfirm: true,
		Client: nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: fakenango.DefaultSecretKey})})
	if exitcode.Of(err) != exitcode.Cancel || len(srv.RequestsTo("POST", "/sync/deploy")) != 0 {
		t.Fatalf("declined: %v", err)
	}

	// accepted with --allow-destructive
	stdout, _, err = runDeploy(t, srv, dir, func(o *deployment) { o.AllowDestructive = true; o.JSON = true })
	if err != nil {
		t.Fatal(err)
	}
	var res deploy.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	if !res.Plan.Destructive || len(res.Deployed) != 3 {
		t.Errorf("result = %+v", res)
	}
	for _, f := range dev.Deployed() {
		if f.Name == "old-sync" {
			t.Error("old-sync still deployed")
		}
	}
}

func TestDryRunSendsNoDeploy(t *testing.T) {
	srv := newServer(t)
	dir := copyProject(t)
	stdout, stderr, err := runDeploy(t, srv, dir, func(o *deployment) { o.DryRun = true; o.AutoConfirm = false })
	if err != nil {
		t.Fatal(err)
	}
	if len(srv.RequestsTo("POST", "/sync/deploy")) != 0 || len(srv.RequestsTo("POST", "/sync/deploy/confirmation")) != 1 {
		t.Error("dry run must only ask for the plan")
	}
	if !strings.Contains(stdout, "+ sync fetch-contacts: new: added, not started (auto_start: false)") || !strings.Contains(stderr, "nothing was deployed") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
}

func TestLostDeployAnswerIsNotSuccess(t *testing.T) {
	srv := newServer(t)
	srv.Respond("POST", "/sync/deploy", fakenango.Response{Drop: true})
	stdout, _, err := runDeploy(t, srv, copyProject(t), nil)
	if exitcode.Of(err) != exitcode.Unavailable || !strings.Contains(err.Error(), "may or may not have been applied") {
		t.Fatalf("%v", err)
	}
	if strings.Contains(stdout, "deployed ") {
		t.Errorf("reported success: %s", stdout)
	}
}

// TestCompiledDeployMatchesReference runs the real compile step first (regenerating models.ts
// and .nango/, bundling into dist/): the bodies still equal the reference's, and each js is
// the bundle compile wrote.
func TestCompiledDeployMatchesReference(t *testing.T) {
	srv := newServer(t)
	dir := copyProject(t)
	if err := os.RemoveAll(filepath.Join(dir, "dist")); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runDeploy(t, srv, dir, func(o *deployment) { o.Compile = compileAll })
	if err != nil {
		t.Fatalf("deploy: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	testdata := filepath.Join("..", "..", "..", "testdata", "deploy")
	dep := srv.RequestsTo("POST", "/sync/deploy")[0].JSONBody()
	for _, f := range dep.(map[string]any)["flowConfigs"].([]any) {
		fm := f.(map[string]any)
		js := fm["fileBody"].(map[string]any)["js"].(string)
		onDisk, err := os.ReadFile(filepath.Join(dir, "dist", fm["syncName"].(string)+"-acme-crm.js"))
		if err != nil || js != string(onDisk) || !strings.Contains(js, "module.exports") {
			t.Errorf("%s: js is not the compiled bundle (%v)", fm["syncName"], err)
		}
	}
	assertSameBody(t, "deploy body", loadJSON(t, filepath.Join(testdata, "payload.deploy.json")), dep)
}

func TestTerminalYesDeploys(t *testing.T) {
	srv := newServer(t)
	ios, in, out, _ := iostreams.Test()
	ios.SetStdinTTY(true)
	ios.SetStderrTTY(true)
	in.WriteString("y\n")
	err := runDeployment(context.Background(), &deployment{IO: ios, Project: load(t, copyProject(t)), Environment: "dev",
		Client: nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: fakenango.DefaultSecretKey})})
	if err != nil || len(srv.RequestsTo("POST", "/sync/deploy")) != 1 || !strings.Contains(out.String(), "✓ deployed") {
		t.Fatalf("%v\n%s", err, out)
	}
}

// BenchmarkDeployRoundTrip measures a whole deploy of the reference project (packaging, both
// requests against the in-process fake server, plan and result), without the compile step.
func BenchmarkDeployRoundTrip(b *testing.B) {
	srv := fakenango.New()
	defer srv.Close()
	srv.Dev().AddIntegration("acme-crm", "acme-crm")
	dir := b.TempDir()
	src := filepath.Join("..", "..", "..", "testdata", "deploy", "acme")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	_ = os.MkdirAll(filepath.Join(dir, "dist"), 0o755)
	for _, n := range []string{"fetch-contacts", "create-contact", "delete-contact"} {
		_ = os.WriteFile(filepath.Join(dir, "dist", n+"-acme-crm.js"), []byte(strings.Repeat("x", 4096)), 0o644)
	}
	client := nangoapi.New(nangoapi.Options{Host: srv.URL, SecretKey: fakenango.DefaultSecretKey})
	b.ReportAllocs()
	for b.Loop() {
		ios, _, _, _ := iostreams.Test()
		if err := runDeployment(context.Background(), &deployment{IO: ios, Project: load(b, dir), Environment: "dev", Client: client, AutoConfirm: true}); err != nil {
			b.Fatal(err)
		}
		srv.ResetRequests()
	}
}

// A project whose deploy holds only on-event scripts hits a server quirk: they are not
// stored. deploy says so instead of reporting them deployed.
func TestOnEventOnlyDeployWarns(t *testing.T) {
	srv := newServer(t)
	dir := t.TempDir()
	files := map[string]string{
		"nango.yaml":                  "integrations:\n  acme-crm:\n    on-events:\n      post-connection-creation:\n        - setup\nmodels:\n  Dummy:\n    id: string\n",
		".nango/schema.json":          `{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{},"$comment":"x"}`,
		"acme-crm/on-events/setup.ts": "export default async function onEvent() {}\n",
		"dist/setup-acme-crm.js":      "module.exports = {};\n",
	}
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, err := runDeploy(t, srv, dir, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "do not store the on-event scripts") || !strings.Contains(stderr, "the on-event scripts were not stored") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if strings.Contains(stdout, "deployed setup") || len(srv.Dev().DeployedOnEvents()) != 0 {
		t.Errorf("stdout:\n%s", stdout)
	}
}
