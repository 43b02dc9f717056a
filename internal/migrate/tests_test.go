package migrate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/typecheck"
	"github.com/nango-go/nango/internal/vitest"
)

const baseTest = `import { expect, it } from 'vitest';
import fetchData from '../syncs/orders.js';

it('saves', async () => {
    // fetchData(nango) is called below
    await fetchData(nango);
    await expect(fetchData (nango)).resolves.toBeUndefined();
    const again = (await import('../syncs/orders')).default;
    await again(nango);
    const { default: third } = await import('../syncs/orders');
    await third(nango);
    obj.fetchData(1);
    const s = 'fetchData(x)';
});
`

// TestRewriteTestCalls: calls of a script's default export become .exec calls, nothing else
// changes (comments, strings, other objects' methods), dynamic imports get their extension.
func TestRewriteTestCalls(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"nango.yaml": baseYAML, "shop/syncs/orders.ts": baseSync, "shop/tests/orders.test.ts": baseTest})
	plan := buildPlan(t, dir)
	got := ""
	for _, c := range plan.Changes {
		if c.Path == "shop/tests/orders.test.ts" {
			got = string(c.Data)
		}
	}
	want := strings.NewReplacer(
		"await fetchData(nango)", "await fetchData.exec(nango)",
		"expect(fetchData (nango))", "expect(fetchData.exec (nango))",
		"import('../syncs/orders')", "import('../syncs/orders.js')",
		"again(nango)", "again.exec(nango)",
		"third(nango)", "third.exec(nango)",
	).Replace(baseTest)
	if got != want {
		t.Fatalf("rewritten test:\n%s\nwant:\n%s", got, want)
	}
	if p := backupPath("shop/tests/orders.test.ts"); p != BackupDir+"/shop/tests/orders.test.ts.bak" {
		t.Errorf("backup of a test file at %s: vitest would collect it", p)
	}
	if p := backupPath("shop/helpers/a.ts"); p != BackupDir+"/shop/helpers/a.ts" {
		t.Errorf("backup of a helper at %s", p)
	}
}

// TestRewriteTestCallsRefusals: uses of a script's default export that are not direct calls
// are named, and nothing is written.
func TestRewriteTestCallsRefusals(t *testing.T) {
	head := "import fetchData from '../syncs/orders.js';\n"
	cases := map[string]struct{ src, want string }{
		"typeof":    {head + "type T = typeof fetchData;\n", "shop/tests/orders.test.ts:2: fetchData is the default export of shop/syncs/orders.ts"},
		"passed on": {head + "run(fetchData);\n", "shop/tests/orders.test.ts:2: fetchData is the default export"},
		"namespace": {"import * as orders from '../syncs/orders.js';\n", `the namespace import "* as orders" of shop/syncs/orders.ts cannot be carried over`},
		"shadowed":  {head + "function f() { const fetchData = 1; return fetchData; }\n", "fetchData is declared again besides the default export"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{"nango.yaml": baseYAML, "shop/syncs/orders.ts": baseSync, "shop/tests/orders.test.ts": tc.src})
			_, err := buildPlanErr(t, dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// runAll runs every test file of the project in dir and returns "passed/total" with the
// failures described.
func runAll(t *testing.T, dir string, nm []string, paginate func(string) (map[string]any, error)) (int, int, string) {
	t.Helper()
	res, err := vitest.RunFiles(context.Background(), vitest.Options{ProjectDir: dir, NodeModules: nm, PaginateDefaults: paginate, Parallelism: 2})
	if err != nil {
		t.Fatal(err)
	}
	passed := 0
	var fails []string
	for _, r := range res {
		if r.Status == vitest.StatusPass {
			passed++
		} else {
			fails = append(fails, vitest.DescribeFailures(r))
		}
	}
	return passed, len(res), strings.Join(fails, "\n")
}

// acceptanceProjects assembles the shared fixtures as nango.yaml projects: peer-cli's
// recorded acme-crm (generate/tree's nango.yaml with compile/src's scripts; it has no test
// files) and each templates-sample integration (its nango.yaml beside its folder).
func acceptanceProjects(t *testing.T) map[string]func(dir string) {
	shared := filepath.Join("..", "..", "..", "shared", "fixtures")
	if _, err := os.Stat(filepath.Join(shared, "templates-sample", "results.tsv")); err != nil {
		t.Skip("../shared/fixtures not present")
	}
	out := map[string]func(string){
		"peer-cli/acme-crm": func(dir string) {
			copyInto(t, filepath.Join(shared, "peer-cli", "compile", "src"), dir)
			data, err := os.ReadFile(filepath.Join(shared, "peer-cli", "generate", "tree", "nango.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			// refused by the migration (TestRefusals): an incremental sync with track_deletes
			writeTree(t, dir, map[string]string{"nango.yaml": strings.Replace(string(data), "track_deletes: true", "track_deletes: false", 1)})
		},
	}
	for _, name := range []string{"asana", "box", "github", "linear", "notion"} {
		out["templates-sample/"+name] = func(dir string) {
			src := filepath.Join(shared, "templates-sample", "integrations", name)
			if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
				t.Fatal(err)
			}
			copyInto(t, src, filepath.Join(dir, name))
			if err := os.Rename(filepath.Join(dir, name, "nango.yaml"), filepath.Join(dir, "nango.yaml")); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// typechecks are the projects whose migrated tree, tests included, must type-check.
var typechecks = map[string]bool{"peer-cli/acme-crm": true}

// userErrors are what compile's type check reports in a migrated project because the user's
// own code disagrees with its nango.yaml, which upstream's compile reports too (README
// "Compatibility notes"): github's list-repos returns { repos } where nango.yaml declares the
// output GithubRepo.
var userErrors = map[string][]string{
	"templates-sample/github": {"github/actions/list-repos.ts(47,18): error TS2353: Object literal may only specify known properties, and 'repos' does not exist"},
}

// compileTypecheck is `nango compile`'s type check of the migrated project in dir (the
// function files with our declarations of "nango", typecheck.RunZero) with the test
// fixtures' tsc, one formatted diagnostic per line; skipped when tsc is not installed.
func compileTypecheck(t *testing.T, dir, zod4 string, p *project.Project) []string {
	t.Helper()
	tsc := tscPath()
	if tsc == "" {
		t.Skip("tsc not installed (make testdeps): compile's type check skipped")
	}
	linkZod(t, dir, zod4)
	tool := typecheck.Find(dir, filepath.Dir(tsc))
	var files []string
	for _, s := range p.Scripts {
		files = append(files, filepath.Join(dir, filepath.FromSlash(s.Zero.Source)))
	}
	res, err := typecheck.RunZero(context.Background(), tool, dir, files)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, typecheck.Format(d))
	}
	return out
}

// checkCompileTypecheck fails unless compile's type check reports exactly the project's
// known user errors.
func checkCompileTypecheck(t *testing.T, name string, got []string) {
	t.Helper()
	want := userErrors[name]
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("compile's type check of the migrated project reports:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMigratedTestsStillPass is issue 17's acceptance: each recorded project's test files
// pass before the migration and again after it, the migrated project loads as compile loads
// it (every definition evaluated and checked) and type-checks with its tests when tsc is
// installed.
func TestMigratedTestsStillPass(t *testing.T) {
	zod4 := zod4Modules(t)
	projects := acceptanceProjects(t)
	var nm3 []string
	if nm := os.Getenv("NANGO_TEST_NODE_MODULES"); nm != "" {
		nm3 = []string{nm}
	}
	for name, setup := range projects {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			setup(dir)
			paginate := providers.NewLazy(providers.NewLocator(catalogFile(), dir, os.Getenv)).PaginateDefaults
			passed, total, fails := runAll(t, dir, nm3, paginate)
			t.Logf("before: %d/%d test files pass", passed, total)
			if passed != total {
				t.Fatalf("before the migration %d/%d pass:\n%s", passed, total, fails)
			}
			p, warnings := migrateIntoAllowing(t, dir, zod4)
			// The migration warns about exactly the code the type check will report.
			if (len(warnings) > 0) != (len(userErrors[name]) > 0) {
				t.Errorf("migration warnings %q, known user errors %q", warnings, userErrors[name])
			}
			after, afterTotal, fails := runAll(t, dir, []string{zod4}, paginate)
			t.Logf("after: %d/%d test files pass", after, afterTotal)
			if after != total || afterTotal != total {
				t.Fatalf("after the migration %d/%d pass (before %d/%d):\n%s", after, afterTotal, passed, total, fails)
			}
			checkCompileTypecheck(t, name, compileTypecheck(t, dir, zod4, p))
			out, ok := typecheckWithTests(t, dir, zod4)
			switch {
			case !ok && typechecks[name]:
				t.Errorf("the migrated project (tests included) does not type-check:\n%s", out)
			case !ok:
				// not required: compile checks the function files only (as upstream's does,
				// and it passes above); tsconfig.json's check also covers upstream's own test
				// code, which breaks its strict rules (noUnusedLocals, unreachable code, ...)
				t.Logf("tsconfig.json type check, tests included: %d tsc errors (not required)", strings.Count(out, "error TS"))
			case !typechecks[name]:
				t.Errorf("%s type-checks now: add it to typechecks", name)
			}
		})
	}
}

// catalogFile is @nangohq/providers' catalog from the test fixtures (the sync tests paginate
// with its defaults), "" when absent.
func catalogFile() string {
	p := filepath.Join(os.Getenv("NANGO_TEST_NODE_MODULES"), "@nangohq", "providers", "providers.yaml")
	if _, err := os.Stat(p); err != nil || os.Getenv("NANGO_TEST_NODE_MODULES") == "" {
		return ""
	}
	return p
}

// migrateIntoAllowing is migrateInto, except that a project still refused by the zero-yaml
// compile for named exports in function files (being fixed in the migration's script
// rewriting) is skipped with the diagnostics, not failed.
func migrateIntoAllowing(t *testing.T, dir, zod4 string) (*project.Project, []string) {
	t.Helper()
	plan := buildPlan(t, dir)
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	p, diags, err := project.LoadZero(dir, project.ZeroOptions{NodeModules: []string{zod4}})
	if err != nil || p == nil || project.HasErrors(diags) {
		t.Fatalf("the migrated project does not load: %v %v", err, diags)
	}
	return p, plan.Warnings
}

// typecheckWithTests is tscProject with the `vitest` module and global.vitest declared by
// .nango/vitest.d.ts (codegen.VitestDeclarations, what `nango generate` writes for projects
// with tests; a project run by real vitest has vitest's own types instead): the migrated
// tsconfig.json includes the test files.
func typecheckWithTests(t *testing.T, dir, zod4 string) (string, bool) {
	t.Helper()
	if _, err := codegen.WriteVitestDeclarations(dir); err != nil {
		t.Fatal(err)
	}
	return tscProject(t, dir, zod4, codegen.VitestDeclarationsFile)
}
