package migrate

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/example"
	"github.com/nango-go/nango/internal/project"
)

// zod4Modules is the zod 4 tree the Makefile installs for zero-yaml tests.
func zod4Modules(t *testing.T) string {
	t.Helper()
	nm := os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if nm == "" {
		t.Skip("NANGO_TEST_ZOD4_MODULES not set: zod 4 is needed to load zero-yaml definitions")
	}
	if _, err := os.Stat(filepath.Join(nm, "zod")); err != nil {
		t.Skipf("no zod in %s", nm)
	}
	return nm
}

// tscPath is the TypeScript compiler of the test fixtures, "" when not installed.
func tscPath() string {
	nm := os.Getenv("NANGO_TEST_NODE_MODULES")
	if nm == "" {
		return ""
	}
	p := filepath.Join(nm, ".bin", "tsc")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// tscProject runs tsc over dir with its own tsconfig.json (the one the migration wrote), zod 4
// in node_modules and the declarations compile's type check gives the "nango" module and the
// runner's globals (internal/typecheck's nango-zero.d.ts and runtime-globals.d.ts) added to
// the tsconfig's files, with any extra project files. It returns tsc's output and whether it
// passed; skipped when tsc is not installed.
func tscProject(t *testing.T, dir, zod4 string, extra ...string) (string, bool) {
	t.Helper()
	tsc := tscPath()
	if tsc == "" {
		t.Skip("tsc not installed (make testdeps): type check skipped")
	}
	linkZod(t, dir, zod4)
	files := append([]string(nil), extra...)
	for _, f := range []string{"nango-zero.d.ts", "runtime-globals.d.ts"} {
		data, err := os.ReadFile(filepath.Join("..", "typecheck", f))
		if err != nil {
			t.Fatal(err)
		}
		writeTree(t, dir, map[string]string{".nango/" + f: string(data)})
		files = append(files, ".nango/"+f)
	}
	config, err := os.ReadFile(filepath.Join(dir, "tsconfig.json"))
	if err != nil {
		t.Fatal(err)
	}
	list, _ := json.Marshal(files)
	writeTree(t, dir, map[string]string{"tsconfig.json": strings.Replace(string(config), `"include":`, `"files": `+string(list)+`, "include":`, 1)})
	cmd := exec.Command(tsc, "-p", "tsconfig.json")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// linkZod makes zod 4 the project's node_modules/zod, where compile's type check reads its types.
func linkZod(t *testing.T, dir, zod4 string) {
	t.Helper()
	link := filepath.Join(dir, "node_modules", "zod")
	if _, err := os.Lstat(link); err == nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(zod4, "zod"), link); err != nil {
		t.Fatal(err)
	}
}

// migrateInto migrates the nango.yaml project in dir in place and loads the result as
// `nango compile` does (every function evaluated, checked and bundled).
func migrateInto(t *testing.T, dir, zod4 string) *project.Project {
	t.Helper()
	plan := buildPlan(t, dir)
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "nango.yaml")); !os.IsNotExist(err) {
		t.Fatalf("nango.yaml still there after the migration: %v", err)
	}
	p, diags, err := project.LoadZero(dir, project.ZeroOptions{NodeModules: []string{zod4}})
	if err != nil || p == nil || project.HasErrors(diags) {
		t.Fatalf("the migrated project does not load: %v %v", err, diags)
	}
	return p
}

// TestMigratedProjectsCompileAndTypecheck migrates upstream's recorded before-trees and our
// example project, then compiles the result and type-checks it; upstream's own results fail
// that type check (TestUpstreamResultFailsTypecheck), ours must not.
func TestMigratedProjectsCompileAndTypecheck(t *testing.T) {
	zod4 := zod4Modules(t)
	cases := map[string]func(t *testing.T, dir string){
		"acme-crm": func(t *testing.T, dir string) {
			copyInto(t, beforeTree(t, "acme-crm"), dir)
			// the one thing refused in upstream's project (TestGoldenAgainstUpstream)
			yaml := filepath.Join(dir, "nango.yaml")
			data, _ := os.ReadFile(yaml)
			if err := os.WriteFile(yaml, []byte(strings.Replace(string(data), "track_deletes: true", "track_deletes: false", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"init060": func(t *testing.T, dir string) { copyInto(t, beforeTree(t, "init060"), dir) },
		"cycles": func(t *testing.T, dir string) {
			writeTree(t, dir, map[string]string{
				"nango.yaml": strings.Replace(baseYAML, "    id: string\n", "    id: string\n    children?: Order[]\n    tree: Tree\n  Tree:\n    __string: Tree | string\n", 1),
				"shop/syncs/orders.ts": "import type { NangoSync, Order } from '../../models';\n\n" +
					"export default async function fetchData(nango: NangoSync): Promise<void> {\n" +
					"    const o: Order = { id: '1', children: [{ id: '2', tree: { a: { b: 'c' } } }], tree: {} };\n" +
					"    await nango.batchSave<Order>([o], 'Order');\n}\n",
			})
		},
		"example": func(t *testing.T, dir string) {
			if _, err := example.Write(dir, false); err != nil {
				t.Fatal(err)
			}
		},
	}
	wantFunctions := map[string]int{"acme-crm": 3, "init060": 1, "example": 2, "cycles": 1}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			setup(t, dir)
			p := migrateInto(t, dir, zod4)
			if len(p.Scripts) != wantFunctions[name] {
				t.Fatalf("%d functions after the migration, want %d", len(p.Scripts), wantFunctions[name])
			}
			if out, ok := tscProject(t, dir, zod4); !ok {
				t.Fatalf("the migrated project does not type-check:\n%s", out)
			}
		})
	}
}

// TestUpstreamResultFailsTypecheck shows the type check above is a real one: upstream's
// recorded result fails it where upstream's own run did: the import without extension and
// the numeric sync id (TS2322 against our declaration's sync model where the package's types
// say TS2375). Upstream's third error, fetch-contacts.ts(58,31) TS2345, is a record checked
// against its model in batchSave, which our declarations leave to run time (README
// "Compatibility notes").
func TestUpstreamResultFailsTypecheck(t *testing.T) {
	zod4 := zod4Modules(t)
	dir := t.TempDir()
	copyInto(t, filepath.Join(fixtureDir(t, "acme-crm"), "after"), dir)
	out, ok := tscProject(t, dir, zod4)
	if ok {
		t.Fatal("upstream's migrated acme-crm type-checks, but upstream's run reported 3 errors")
	}
	for _, want := range []string{
		"acme-crm/mappers/to-contact.ts(1,30): error TS2835",
		"acme-crm/syncs/fetch-contacts.ts(29,9): error TS2322",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("tsc output lacks %q:\n%s", want, out)
		}
	}
}

func copyInto(t *testing.T, from, to string) {
	t.Helper()
	src := copyTree(t, from)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(src, e.Name()), filepath.Join(to, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTemplatesSampleCompiles migrates real nango.yaml-era integrations (the shared
// templates-sample, skipped when absent) and loads each result as compile does (linear has a
// self-referencing model and a zod 3 schema.zod.ts).
func TestTemplatesSampleCompiles(t *testing.T) {
	zod4 := zod4Modules(t)
	root := filepath.Join("..", "..", "..", "shared", "fixtures", "templates-sample", "integrations")
	if _, err := os.Stat(root); err != nil {
		t.Skip("templates-sample not found at " + root)
	}
	want := map[string]int{"asana": 9, "box": 7, "github": 5, "notion": 7, "linear": 10}
	for name, functions := range want {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			copyInto(t, filepath.Join(root, name), filepath.Join(dir))
			if err := os.Rename(filepath.Join(dir, "nango.yaml"), filepath.Join(dir, "nango.yaml.tmp")); err != nil {
				t.Fatal(err)
			}
			// the sample keeps nango.yaml inside the integration folder; a project has it at the root
			integ := filepath.Join(dir, name)
			if err := os.MkdirAll(integ, 0o755); err != nil {
				t.Fatal(err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != name && e.Name() != "nango.yaml.tmp" {
					if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(integ, e.Name())); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := os.Rename(filepath.Join(dir, "nango.yaml.tmp"), filepath.Join(dir, "nango.yaml")); err != nil {
				t.Fatal(err)
			}
			if p := migrateInto(t, dir, zod4); len(p.Scripts) != functions {
				t.Fatalf("%d functions, want %d", len(p.Scripts), functions)
			}
		})
	}
}
