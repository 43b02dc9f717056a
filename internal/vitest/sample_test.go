package vitest

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/providers"
)

// sampleDir is ../shared/fixtures/templates-sample from the repository root: five real
// integrations with their vitest files and the official harness's verdict for each
// (results.tsv).
func sampleDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../../shared/fixtures/templates-sample")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "results.tsv")); err != nil {
		t.Skip("../shared/fixtures/templates-sample is not present")
	}
	return dir
}

// catalogLookup finds a provider catalog the usual way (NANGO_PROVIDERS_FILE, node_modules,
// the user cache); the sample's sync tests paginate with the catalog's defaults, as the
// harness does.
// make test installs @nangohq/providers 0.59.7 (the era's version) beside zod.
func catalogLookup(t testing.TB, projectDir string) (func(string) (map[string]any, error), bool) {
	flag := ""
	if nm := os.Getenv("NANGO_TEST_NODE_MODULES"); nm != "" {
		if p := filepath.Join(nm, "@nangohq", "providers", "providers.yaml"); fileExists(p) {
			flag = p
		}
	}
	lazy := providers.NewLazy(providers.NewLocator(flag, projectDir, os.Getenv))
	if _, err := lazy.Catalog(); err != nil {
		t.Logf("no provider catalog (%v): files that paginate with catalog defaults are not compared; set NANGO_PROVIDERS_FILE to @nangohq/providers 0.59.7's providers.yaml", err)
		return lazy.PaginateDefaults, false
	}
	return lazy.PaginateDefaults, true
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// nodeModules is where make test installs zod (NANGO_TEST_NODE_MODULES); scripts that import
// zod fail without it, so those files are not compared when it is absent.
func nodeModules() []string {
	if nm := os.Getenv("NANGO_TEST_NODE_MODULES"); nm != "" && fileExists(filepath.Join(nm, "zod")) {
		return []string{nm}
	}
	return nil
}

// TestTemplatesSample runs every test file of the sample and compares each file's verdict
// with the official harness's (results.tsv).
func TestTemplatesSample(t *testing.T) {
	dir := sampleDir(t)
	want := map[string]string{}
	wantCases := map[string]string{}
	f, err := os.Open(filepath.Join(dir, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) > 4 {
			want[strings.TrimPrefix(cols[1], "integrations/")] = cols[4]
			wantCases[strings.TrimPrefix(cols[1], "integrations/")] = cols[5]
		}
	}
	project := filepath.Join(dir, "integrations")
	lookup, haveCatalog := catalogLookup(t, project)
	nm := nodeModules()
	res, err := RunFiles(context.Background(), Options{ProjectDir: project, PaginateDefaults: lookup, NodeModules: nm})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(want) {
		t.Errorf("ran %d files, results.tsv lists %d", len(res), len(want))
	}
	agree := 0
	for _, r := range res {
		verdict := map[Status]string{StatusPass: "pass", StatusFail: "fail"}[r.Status]
		if n := strconv.Itoa(len(r.Cases)); r.Status == StatusPass && n != wantCases[r.Path] {
			t.Errorf("%s: %s cases, the official harness ran %s", r.Path, n, wantCases[r.Path])
		}
		if verdict == want[r.Path] {
			agree++
			continue
		}
		text := Describe(r)
		if (!haveCatalog && strings.Contains(text, "Provider config not found")) || (nm == nil && strings.Contains(text, `cannot find module "zod"`)) {
			t.Logf("%s: not compared (needs the provider catalog or zod, see above)", r.Path)
			continue
		}
		t.Errorf("%s: got %s, the official harness says %s\n%s", r.Path, verdict, want[r.Path], text)
	}
	t.Logf("verdicts agree on %d/%d files", agree, len(want))
}
