package npmregistry_test

import (
	"archive/tar"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/npmregistry"
	"github.com/nango-go/nango/internal/npmregistry/npmregistrytest"
)

func client(reg *npmregistrytest.Registry) *npmregistry.Client {
	return &npmregistry.Client{HTTP: reg.Client(), Config: npmregistry.Config{Registry: reg.URL + "/"}, UserAgent: "test"}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestInstall(t *testing.T) {
	reg := npmregistrytest.New(
		npmregistrytest.Package{Name: "zod", Version: "3.24.1", Files: map[string]string{"index.js": "old"}},
		npmregistrytest.Package{Name: "zod", Version: "3.24.2", Files: map[string]string{"lib/index.js": "module.exports = 1;", "bin/x": "#!/bin/sh"}},
		npmregistrytest.Package{Name: "@nangohq/providers", Version: "0.60.5", Files: map[string]string{"providers.yaml": "a: {}\n"}},
		npmregistrytest.Package{Name: "legacy", Version: "1.0.0", ShasumOnly: true},
	)
	defer reg.Close()
	c := client(reg)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "node_modules", "zod")

	r, err := c.Install(ctx, "zod", "3.24.2", dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != "3.24.2" || !strings.HasPrefix(r.Integrity, "sha512-") {
		t.Errorf("resolved %+v", r)
	}
	if got := readFile(t, filepath.Join(dir, "lib", "index.js")); got != "module.exports = 1;" {
		t.Errorf("lib/index.js = %q", got)
	}
	if info, err := os.Stat(filepath.Join(dir, "bin", "x")); err != nil || info.Mode().Perm()&0o100 == 0 {
		t.Errorf("bin/x executable bit lost: %v %v", info, err)
	}
	// A dist-tag resolves, and reinstalling replaces the folder as a whole.
	if r, err = c.Install(ctx, "zod", "", dir); err != nil || r.Version != "3.24.2" {
		t.Fatalf("latest: %+v %v", r, err)
	}
	if _, err := c.Install(ctx, "zod", "3.24.1", dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "lib")); !os.IsNotExist(err) {
		t.Error("old files survived a reinstall")
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("leftovers next to the target: %v", entries)
	}
	// Scoped packages are requested as @scope%2fname.
	pdir := filepath.Join(t.TempDir(), "p")
	if _, err := c.Install(ctx, "@nangohq/providers", "0.60.5", pdir); err != nil {
		t.Fatal(err)
	}
	if readFile(t, filepath.Join(pdir, "providers.yaml")) != "a: {}\n" {
		t.Error("providers.yaml")
	}
	found := false
	for _, rq := range reg.Requests() {
		found = found || rq == "GET /@nangohq%2fproviders"
	}
	if !found {
		t.Errorf("requests %v", reg.Requests())
	}
	// sha1 shasum is the fallback check.
	if _, err := c.Install(ctx, "legacy", "1.0.0", filepath.Join(t.TempDir(), "legacy")); err != nil {
		t.Errorf("shasum only: %v", err)
	}
}

func TestInstallErrors(t *testing.T) {
	reg := npmregistrytest.New(
		npmregistrytest.Package{Name: "zod", Version: "3.24.2"},
		npmregistrytest.Package{Name: "zod", Version: "9.9.9-bad", BadIntegrity: true},
		npmregistrytest.Package{Name: "evil", Version: "1.0.0", Tarball: npmregistrytest.Tarball(map[string]string{"ok.js": "1"}, tar.Header{Name: "package/../../escape.js", Typeflag: tar.TypeReg, Size: 1, Mode: 0o644})},
		npmregistrytest.Package{Name: "abs", Version: "1.0.0", Tarball: npmregistrytest.Tarball(nil, tar.Header{Name: "/etc/x", Typeflag: tar.TypeReg, Size: 1, Mode: 0o644})},
		npmregistrytest.Package{Name: "links", Version: "1.0.0", Tarball: npmregistrytest.Tarball(map[string]string{"a.js": "1"},
			tar.Header{Name: "package/out", Typeflag: tar.TypeSymlink, Linkname: "../../../../etc/passwd"},
			tar.Header{Name: "package/hard", Typeflag: tar.TypeLink, Linkname: "/etc/passwd"})},
		npmregistrytest.Package{Name: "notgzip", Version: "1.0.0", Tarball: []byte("not a tarball")},
	)
	defer reg.Close()
	c := client(reg)
	ctx := context.Background()

	// An integrity mismatch leaves the existing installation untouched.
	dir := filepath.Join(t.TempDir(), "zod")
	if _, err := c.Install(ctx, "zod", "3.24.2", dir); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, filepath.Join(dir, "package.json"))
	_, err := c.Install(ctx, "zod", "9.9.9-bad", dir)
	if !errors.Is(err, npmregistry.ErrIntegrity) || !strings.Contains(err.Error(), "zod@9.9.9-bad") {
		t.Errorf("bad integrity: %v", err)
	}
	if readFile(t, filepath.Join(dir, "package.json")) != before {
		t.Error("cache changed after an integrity failure")
	}

	_, err = c.Install(ctx, "nope", "1.0.0", filepath.Join(t.TempDir(), "x"))
	if !errors.Is(err, npmregistry.ErrNotFound) || !strings.Contains(err.Error(), "package nope not found in the npm registry "+reg.URL) {
		t.Errorf("404: %v", err)
	}
	_, err = c.Install(ctx, "zod", "3.25.0", filepath.Join(t.TempDir(), "x"))
	if !errors.Is(err, npmregistry.ErrNotFound) || !strings.Contains(err.Error(), `zod has no version or dist-tag "3.25.0"`) || !strings.Contains(err.Error(), "latest is 9.9.9-bad") {
		t.Errorf("missing version: %v", err)
	}

	for _, name := range []string{"evil", "abs"} {
		target := filepath.Join(t.TempDir(), name)
		_, err = c.Install(ctx, name, "1.0.0", target)
		if err == nil || !strings.Contains(err.Error(), "refusing it") {
			t.Errorf("%s: %v", name, err)
		}
		if _, serr := os.Stat(target); !os.IsNotExist(serr) {
			t.Errorf("%s: target written despite the error", name)
		}
	}
	target := filepath.Join(t.TempDir(), "links")
	if _, err := c.Install(ctx, "links", "1.0.0", target); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"out", "hard"} {
		if _, err := os.Lstat(filepath.Join(target, l)); !os.IsNotExist(err) {
			t.Errorf("link %s extracted", l)
		}
	}
	if _, err := c.Install(ctx, "notgzip", "1.0.0", filepath.Join(t.TempDir(), "g")); err == nil || !strings.Contains(err.Error(), "not a gzip'd tarball") {
		t.Errorf("not gzip: %v", err)
	}

	// Offline: nothing listens.
	off := &npmregistry.Client{HTTP: http.DefaultClient, Config: npmregistry.Config{Registry: "http://127.0.0.1:1/"}}
	_, err = off.Install(ctx, "zod", "3.24.2", filepath.Join(t.TempDir(), "x"))
	if !errors.Is(err, npmregistry.ErrUnreachable) || !strings.HasPrefix(err.Error(), "cannot reach the npm registry http://127.0.0.1:1: ") {
		t.Errorf("offline: %v", err)
	}
}

func TestVerify(t *testing.T) {
	data := []byte("hello")
	integ, sha := npmregistrytest.Integrity(data)
	tests := []struct {
		integrity, shasum string
		ok                bool
	}{
		{integ, "", true},
		{"sha1-qvTGHdzF6KLavt4PO0gs2a6pQ00= " + integ, "", true}, // strongest (sha512) decides
		{"sha512-AAAA " + integ, "", true},                       // any sha512 listed may match
		{"sha512-AAAA", sha, false},                              // a mismatching integrity is not rescued by shasum
		{"", sha, true},
		{"md5-xyz", sha, true},
		{"", "0000", false},
		{"", "", false},
	}
	for _, tt := range tests {
		err := npmregistry.Verify(data, tt.integrity, tt.shasum)
		if (err == nil) != tt.ok {
			t.Errorf("Verify(%q, %q) = %v, want ok=%v", tt.integrity, tt.shasum, err, tt.ok)
		}
		if err != nil && !errors.Is(err, npmregistry.ErrIntegrity) {
			t.Errorf("error not ErrIntegrity: %v", err)
		}
	}
}

func TestReadConfig(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home")
	project := filepath.Join(root, "repo", "nango-integrations")
	write := func(path, content string) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(home, ".npmrc"), "registry=https://user.example/npm\n@nangohq:registry = \"https://scoped.example/\"\n//user.example/npm/:_authToken=${NPM_TOKEN}\n")
	write(filepath.Join(root, "repo", "package.json"), "{}")
	write(filepath.Join(root, "repo", ".npmrc"), "; comment\n# comment\nregistry=https://project.example/\n")
	env := map[string]string{"HOME": home, "NPM_TOKEN": "s3cret"}
	getenv := func(k string) string { return env[k] }

	c := npmregistry.ReadConfig(npmregistry.ConfigOptions{ProjectDir: project, Getenv: getenv})
	if c.Registry != "https://project.example/" || c.RegistryFor("@nangohq/providers") != "https://scoped.example/" || c.RegistryFor("zod") != "https://project.example/" {
		t.Errorf("project over user: %+v", c)
	}
	env["npm_config_registry"] = "http://env.example"
	if c := npmregistry.ReadConfig(npmregistry.ConfigOptions{ProjectDir: project, Getenv: getenv}); c.Registry != "http://env.example/" {
		t.Errorf("env wins: %q", c.Registry)
	}
	delete(env, "npm_config_registry")
	env["NPM_CONFIG_REGISTRY"] = "http://upper.example/"
	if c := npmregistry.ReadConfig(npmregistry.ConfigOptions{ProjectDir: project, Getenv: getenv}); c.Registry != "http://upper.example/" {
		t.Errorf("upper-case env: %q", c.Registry)
	}
	delete(env, "NPM_CONFIG_REGISTRY")
	if c := npmregistry.ReadConfig(npmregistry.ConfigOptions{ProjectDir: filepath.Join(root, "elsewhere"), Getenv: getenv}); c.Registry != "https://user.example/npm/" {
		t.Errorf("user config: %q", c.Registry)
	}
	if c := npmregistry.ReadConfig(npmregistry.ConfigOptions{Getenv: func(string) string { return "" }}); c.Registry != npmregistry.DefaultRegistry {
		t.Errorf("default: %q", c.Registry)
	}
}

// The auth token of the matching //host/path/ goes with requests to that registry only.
func TestAuthToken(t *testing.T) {
	var gotAuth []string
	reg := npmregistrytest.New(npmregistrytest.Package{Name: "zod", Version: "3.24.2"})
	defer reg.Close()
	proxy := &authRecorder{next: reg.Client().Transport, seen: &gotAuth}
	home := t.TempDir()
	host := strings.TrimPrefix(reg.URL, "http:")
	if err := os.WriteFile(filepath.Join(home, ".npmrc"), []byte("registry="+reg.URL+"/\n"+host+"/:_authToken=tok\n//other.example/:_authToken=nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := npmregistry.ReadConfig(npmregistry.ConfigOptions{Getenv: func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}})
	c := &npmregistry.Client{HTTP: &http.Client{Transport: proxy}, Config: cfg}
	if _, err := c.Install(context.Background(), "zod", "3.24.2", filepath.Join(t.TempDir(), "z")); err != nil {
		t.Fatal(err)
	}
	if len(gotAuth) != 2 || gotAuth[0] != "Bearer tok" || gotAuth[1] != "Bearer tok" {
		t.Errorf("auth headers %q", gotAuth)
	}
}

type authRecorder struct {
	next http.RoundTripper
	seen *[]string
}

func (a *authRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	*a.seen = append(*a.seen, r.Header.Get("Authorization"))
	if a.next == nil {
		return http.DefaultTransport.RoundTrip(r)
	}
	return a.next.RoundTrip(r)
}
