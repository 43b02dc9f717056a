package deploy

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/deploy"
	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/iostreams"
)

// The reference 0.71's recorded deploys of a zero-yaml project
// (../shared/fixtures/peer-cli-zero/deploy): the bodies we send for the recorded project must
// equal the recorded ones field for field, except the bundle text (fileBody.js: esbuild and
// Babel do not print the same code) and JSON key order (the server decodes objects).

var zeroPeer = filepath.Join("..", "..", "..", "..", "shared", "fixtures", "peer-cli-zero")

type zeroDeployCase struct {
	name string
	sel  deploy.Selection
	// version is -v; noSourceMap is --sourcemap false.
	version     string
	noSourceMap bool
}

var zeroDeployCases = []zeroDeployCase{
	{name: "deploy-all"},
	{name: "integration", sel: deploy.Selection{Integration: "globex-erp"}},
	{name: "single-action", sel: deploy.Selection{Action: "get-order"}},
	{name: "sourcemap-false", sel: deploy.Selection{Integration: "globex-erp"}, noSourceMap: true},
	{name: "version-flag", sel: deploy.Selection{Integration: "globex-erp"}, version: "3.0.0"},
}

// zeroProject copies the recorded project (writable) with zod 4 in reach (make test installs
// it; NANGO_TEST_ZOD4_MODULES).
func zeroProject(t *testing.T) string {
	t.Helper()
	src := filepath.Join(zeroPeer, "project")
	if _, err := os.Stat(filepath.Join(zeroPeer, "deploy", "bodies", "deploy-all.deploy.json")); err != nil {
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
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(nm, filepath.Join(dst, "node_modules")); err != nil {
		t.Fatal(err)
	}
	return dst
}

func zeroDeployServer(t *testing.T) *fakenango.Server {
	srv := fakenango.New()
	t.Cleanup(srv.Close)
	srv.Dev().AddIntegration("acme-crm", "github")
	srv.Dev().AddIntegration("globex-erp", "github")
	return srv
}

func TestZeroDeployBodiesMatchReference(t *testing.T) {
	dir := zeroProject(t)
	for _, tc := range zeroDeployCases {
		t.Run(tc.name, func(t *testing.T) {
			srv := zeroDeployServer(t)
			ios, _, _, errOut := iostreams.Test()
			_, _, err := runDeploy(t, srv, dir, func(d *deployment) {
				d.Selection, d.Version = tc.sel, tc.version
				d.Compile = newCompiler(ios, "", true, tc.noSourceMap)
			})
			if err != nil {
				t.Fatalf("deploy: %v\n%s", err, errOut)
			}
			for _, step := range []struct{ path, file string }{
				{"/sync/deploy/confirmation", "confirmation"}, {"/sync/deploy", "deploy"},
			} {
				reqs := srv.RequestsTo("POST", step.path)
				if len(reqs) != 1 {
					t.Fatalf("%d POST %s, want 1", len(reqs), step.path)
				}
				want, err := os.ReadFile(filepath.Join(zeroPeer, "deploy", "bodies", tc.name+"."+step.file+".json"))
				if err != nil {
					t.Fatal(err)
				}
				got, exp := normalizeZeroBody(t, reqs[0].Body, tc.noSourceMap), normalizeZeroBody(t, want, tc.noSourceMap)
				if !reflect.DeepEqual(got, exp) {
					g, _ := json.MarshalIndent(got, "", " ")
					w, _ := json.MarshalIndent(exp, "", " ")
					t.Errorf("%s body differs from the reference's\ngot:  %s\nwant: %s", step.file, g, w)
				}
			}
		})
	}
}

// normalizeZeroBody decodes a deploy body and replaces each fileBody.js by whether it
// carries an inline source map (what --sourcemap changes), after checking it is a CommonJS
// bundle.
func normalizeZeroBody(t *testing.T, raw []byte, noSourceMap bool) map[string]any {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	strip := func(fb any) {
		m := fb.(map[string]any)
		js, _ := m["js"].(string)
		if !strings.Contains(js, "module.exports") {
			t.Errorf("fileBody.js is not a CommonJS bundle: %.80q", js)
		}
		hasMap := strings.Contains(js, "//# sourceMappingURL=data:")
		if hasMap == noSourceMap {
			t.Errorf("fileBody.js has an inline source map: %v, want %v", hasMap, !noSourceMap)
		}
		m["js"] = "<bundle>"
	}
	for _, f := range body["flowConfigs"].([]any) {
		strip(f.(map[string]any)["fileBody"])
	}
	if list, ok := body["onEventScriptsByProvider"].([]any); ok {
		for _, p := range list {
			for _, s := range p.(map[string]any)["scripts"].([]any) {
				strip(s.(map[string]any)["fileBody"])
			}
		}
	}
	return body
}
