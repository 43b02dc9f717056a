package vitest

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTemplatesZeroSample runs the test files of ../shared/fixtures/templates-zero-sample
// (four zero-yaml integrations of upstream's repository, each its own project: nango/test's
// mocks on global.vitest, `.exec` through the built-in nango module, .test.json recordings,
// front still on mocks/) and compares each file's verdict and test count with the official
// harness's (results.tsv). The scripts import zod 4: make test installs it
// (NANGO_TEST_ZOD4_MODULES); without it the files are not compared.
func TestTemplatesZeroSample(t *testing.T) {
	dir, err := filepath.Abs("../../../shared/fixtures/templates-zero-sample")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "results.tsv")); err != nil {
		t.Skip("../shared/fixtures/templates-zero-sample is not present")
	}
	nm := os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if nm == "" || !fileExists(filepath.Join(nm, "zod")) {
		t.Skip("zod 4 is not installed (NANGO_TEST_ZOD4_MODULES, see make testdeps): the sample's scripts import it")
	}
	type verdict struct{ result, tests string }
	want := map[string]verdict{}
	f, err := os.Open(filepath.Join(dir, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	integrations := map[string]bool{}
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) > 5 {
			// integrations/<i>/tests/x.test.ts is <i>/<i>/tests/x.test.ts in the sample
			rel := strings.TrimPrefix(cols[1], "integrations/")
			want[cols[0]+"/"+rel] = verdict{cols[4], cols[5]}
			integrations[cols[0]] = true
		}
	}
	agree, ran := 0, 0
	for in := range integrations {
		project := filepath.Join(dir, in)
		lookup, haveCatalog := catalogLookup(t, project)
		res, err := RunFiles(context.Background(), Options{ProjectDir: project, NodeModules: []string{nm}, PaginateDefaults: lookup})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			ran++
			key := in + "/" + r.Path
			w, ok := want[key]
			if !ok {
				t.Errorf("%s: not in results.tsv", key)
				continue
			}
			got := verdict{map[Status]string{StatusPass: "pass", StatusFail: "fail"}[r.Status], strconv.Itoa(len(r.Cases))}
			if got == w {
				agree++
				continue
			}
			if text := Describe(r); !haveCatalog && strings.Contains(text, "Provider config not found") {
				t.Logf("%s: not compared (paginates with the provider catalog's defaults, and there is none)", key)
				continue
			}
			t.Errorf("%s: got %s with %s tests, the official harness says %s with %s\n%s", key, got.result, got.tests, w.result, w.tests, Describe(r))
		}
	}
	if ran != len(want) {
		t.Errorf("ran %d files, results.tsv lists %d", ran, len(want))
	}
	t.Logf("verdicts agree on %d/%d files", agree, len(want))
}
