package providers

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/npmregistry"
	"github.com/nango-go/nango/internal/npmregistry/npmregistrytest"
)

const testCatalog = "../../testdata/providers/providers.yaml"

func loadTest(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseFields(t *testing.T) {
	c := loadTest(t)
	if want := []string{"github", "github-app", "hubspot", "pipedrive", "zendesk", "google-mail", "google", "gmail-legacy", "builtwith", "orphan"}; !reflect.DeepEqual(c.Names(), want) {
		t.Fatalf("names %v", c.Names())
	}
	gh, _ := c.Get("github")
	if gh.AuthMode != "OAUTH2" || gh.DisplayName != "GitHub" || gh.Proxy.BaseURL != "https://api.github.com" || gh.Docs == "" {
		t.Errorf("github basics: %+v", gh)
	}
	if !reflect.DeepEqual(gh.Proxy.Retry, Retry{At: []string{"x-ratelimit-reset"}, Remaining: "x-ratelimit-remaining", ErrorCode: []string{"403", "5xx"}}) {
		t.Errorf("github retry: %+v", gh.Proxy.Retry)
	}
	if gh.PaginationType() != "link" || gh.Proxy.Paginate["limit_name_in_request"] != "per_page" {
		t.Errorf("github paginate: %v", gh.Proxy.Paginate)
	}
	hs, _ := c.Get("hubspot")
	if !hs.Proxy.Decompress || !reflect.DeepEqual(hs.Proxy.Retry.After, []string{"retry-after", "x-retry-after"}) {
		t.Errorf("hubspot: %+v", hs.Proxy)
	}
	bw, _ := c.Get("builtwith")
	if bw.Proxy.Query["KEY"] != "${apiKey}" || bw.Proxy.Headers["x-api-key"] != "${apiKey}" || bw.Proxy.Body["client"] != "nango" ||
		!bw.Proxy.ForwardHeadersOnRedirect || bw.TokenExpirationBuffer != 300 || bw.PaginationType() != "" {
		t.Errorf("builtwith: %+v", bw)
	}
	g, _ := c.Get("google")
	if g.Proxy.Retry.InBody == nil || g.Proxy.Retry.InBody.Path != "error.message" || g.Proxy.Retry.InBody.Strategy != "after" {
		t.Errorf("google retry in_body: %+v", g.Proxy.Retry.InBody)
	}
}

// Aliases merge shallowly over the entry they name, in file order.
func TestAlias(t *testing.T) {
	c := loadTest(t)
	app, _ := c.Get("github-app")
	if app.AliasOf != "github" || app.AuthMode != "APP" || app.DisplayName != "GitHub App" || app.Proxy.BaseURL != "https://api.github.com" || app.PaginationType() != "link" {
		t.Errorf("github-app: %+v", app)
	}
	// google-mail comes before google: the alias sees google's entry as written; its own
	// proxy block replaces google's entirely (no paginate, no retry).
	gm, _ := c.Get("google-mail")
	if gm.AuthMode != "OAUTH2" || gm.Proxy.BaseURL != "https://gmail.googleapis.com" || gm.Proxy.Paginate != nil || gm.Proxy.Retry.InBody != nil {
		t.Errorf("google-mail: %+v", gm)
	}
	// gmail-legacy comes after google-mail: it sees the resolved google-mail.
	gl, _ := c.Get("gmail-legacy")
	if gl.DisplayName != "Gmail" || gl.Proxy.BaseURL != "https://gmail.googleapis.com" || gl.AuthMode != "OAUTH2" {
		t.Errorf("gmail-legacy: %+v", gl)
	}
	o, _ := c.Get("orphan")
	if o.AliasOf != "does-not-exist" || o.DisplayName != "Orphan" || o.AuthMode != "" {
		t.Errorf("orphan: %+v", o)
	}
	b, err := json.Marshal(app)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"display_name":"GitHub App","categories":["dev-tools"],"auth_mode":"APP","proxy":{"base_url":"https://api.github.com"`) || strings.Contains(string(b), `"alias"`) {
		t.Errorf("json: %s", b)
	}
}

// An alias entry that comes before the entry it names sees it unresolved, like the
// reference: here "b" (alias of "c", defined later) is merged before "c" is resolved.
func TestAliasOrder(t *testing.T) {
	c, err := Parse([]byte("a:\n  alias: b\nb:\n  alias: c\n  x: 1\nc:\n  auth_mode: BASIC\n  y: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := c.Get("a")
	b, _ := c.Get("b")
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != `{"alias":"c","x":1}` || string(jb) != `{"auth_mode":"BASIC","y":2,"x":1}` {
		t.Errorf("a=%s b=%s", ja, jb)
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{"- a\n- b\n", "a: [\n", "just text"} {
		if _, err := Parse([]byte(bad)); err == nil || !strings.Contains(err.Error(), "invalid provider catalog") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	// Odd field types are ignored, not fatal.
	c, err := Parse([]byte("x:\n  auth_mode: [1]\n  proxy:\n    retry: 3\n    paginate: nope\n    decompress: maybe\ny: null\n"))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := c.Get("x")
	if x.AuthMode != "" || x.Proxy.Paginate != nil || x.Proxy.Decompress {
		t.Errorf("x: %+v", x)
	}
	if _, ok := c.Get("y"); !ok {
		t.Error("null entry dropped")
	}
}

func TestLookup(t *testing.T) {
	c := loadTest(t)
	_, err := c.Lookup("githb")
	if !errors.Is(err, ErrUnknownProvider) || !strings.Contains(err.Error(), `unknown provider "githb": not in ../../testdata/providers/providers.yaml`) {
		t.Errorf("err = %v", err)
	}
	_, err = c.Lookup("git")
	if err == nil || !strings.Contains(err.Error(), "did you mean github, github-app") {
		t.Errorf("err = %v", err)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLocatorOrder(t *testing.T) {
	root := t.TempDir()
	project := filepath.Join(root, "repo", "nango-integrations")
	flagFile := filepath.Join(root, "flag.yaml")
	envFile := filepath.Join(root, "env.yaml")
	nm := filepath.Join(root, "repo", "node_modules", "@nangohq", "providers", "providers.yaml")
	cache := filepath.Join(root, "cache", "providers.yaml")
	for _, f := range []string{flagFile, envFile, nm, cache} {
		write(t, f, "p:\n  auth_mode: NONE\n")
	}
	if err := os.MkdirAll(project, 0o755); err != nil {
		t.Fatal(err)
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvFile {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		loc  Locator
		path string
		src  Source
	}{
		{Locator{Flag: flagFile, Getenv: env(envFile), ProjectDir: project, CacheFile: cache}, flagFile, SourceFlag},
		{Locator{Getenv: env(envFile), ProjectDir: project, CacheFile: cache}, envFile, SourceEnv},
		{Locator{Getenv: env(""), ProjectDir: project, CacheFile: cache}, nm, SourceNodeModules},
		{Locator{ProjectDir: root, CacheFile: cache}, cache, SourceCache},
	}
	for _, tt := range tests {
		path, src, err := tt.loc.Find()
		if err != nil || path != tt.path || src != tt.src {
			t.Errorf("Find() = %q, %q, %v; want %q, %q", path, src, err, tt.path, tt.src)
		}
	}
	_, _, err := Locator{ProjectDir: root, CacheFile: filepath.Join(root, "none.yaml")}.Find()
	if !errors.Is(err, ErrNoCatalog) || !strings.Contains(err.Error(), "nango providers update") {
		t.Errorf("missing: %v", err)
	}
	_, _, err = Locator{Flag: filepath.Join(root, "nope.yaml"), CacheFile: cache}.Find()
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing flag file: %v", err)
	}
	_, _, err = Locator{Getenv: env(root)}.Find()
	if err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("folder: %v", err)
	}
}

func TestLazy(t *testing.T) {
	l := NewLazy(Locator{Flag: testCatalog})
	d, err := l.PaginateDefaults("hubspot")
	if err != nil || d["cursor_name_in_request"] != "after" || d["type"] != "cursor" {
		t.Errorf("hubspot defaults %v, %v", d, err)
	}
	d["type"] = "changed"
	if d2, _ := l.PaginateDefaults("hubspot"); d2["type"] != "cursor" {
		t.Error("defaults are shared with the catalog")
	}
	if d, err := l.PaginateDefaults("builtwith"); d != nil || err != nil {
		t.Errorf("builtwith: %v, %v", d, err)
	}
	if _, err := l.PaginateDefaults("nope"); !errors.Is(err, ErrUnknownProvider) {
		t.Errorf("nope: %v", err)
	}
	none := NewLazy(Locator{CacheFile: filepath.Join(t.TempDir(), "x.yaml")})
	_, err = none.PaginateDefaults("github")
	if !errors.Is(err, ErrNoCatalog) || !strings.Contains(err.Error(), `default pagination settings of provider "github"`) || !strings.Contains(err.Error(), "nango providers update") {
		t.Errorf("no catalog: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	data, err := os.ReadFile(testCatalog)
	if err == nil {
		f.Add(data)
	}
	f.Add([]byte("a:\n  alias: a\n"))
	f.Add([]byte("a: &x\n  proxy: *x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(b)
		if err != nil {
			return
		}
		for _, n := range c.Names() {
			p, _ := c.Get(n)
			_, _ = json.Marshal(p) // must not hang or crash; self-referencing anchors are an error
			_, _ = p.YAML()
		}
	})
}

func TestUpdate(t *testing.T) {
	yamlText, err := os.ReadFile(testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	reg := npmregistrytest.New(
		npmregistrytest.Package{Name: PackageName, Version: DefaultVersion, Files: map[string]string{"providers.yaml": string(yamlText)}},
		npmregistrytest.Package{Name: PackageName, Version: "9.0.0-broken", Files: map[string]string{"providers.yaml": "- not a catalog\n"}},
		npmregistrytest.Package{Name: PackageName, Version: "9.0.0-tampered", Files: map[string]string{"providers.yaml": "x: {}\n"}, BadIntegrity: true},
	)
	defer reg.Close()
	client := &npmregistry.Client{HTTP: reg.Client(), Config: npmregistry.Config{Registry: reg.URL + "/"}}
	dir := filepath.Join(t.TempDir(), "node_modules", "@nangohq", "providers")
	r, cat, err := Update(context.Background(), client, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != DefaultVersion || cat.Len() != 10 || cat.Path != filepath.Join(dir, "providers.yaml") {
		t.Errorf("update: %+v, %d providers at %s", r, cat.Len(), cat.Path)
	}
	for _, v := range []string{"9.0.0-broken", "9.0.0-tampered"} {
		if _, _, err := Update(context.Background(), client, v, dir); err == nil {
			t.Errorf("%s accepted", v)
		}
		if c, err := Load(filepath.Join(dir, "providers.yaml")); err != nil || c.Len() != 10 {
			t.Errorf("%s changed the cached catalog: %v", v, err)
		}
	}
}

func TestNewLocator(t *testing.T) {
	loc := NewLocator("f.yaml", "/p", func(k string) string {
		if k == "XDG_CACHE_HOME" {
			return "/c"
		}
		return ""
	})
	want := filepath.Join("/c", "nango", "providers", "node_modules", "@nangohq", "providers", "providers.yaml")
	if loc.Flag != "f.yaml" || loc.ProjectDir != "/p" || loc.CacheFile != want {
		t.Errorf("%+v", loc)
	}
}
