package typecheck

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/scriptcheck"
)

func TestParse(t *testing.T) {
	out := "acme-crm/actions/create-contact.ts(11,31): error TS2322: Type 'string' is not assignable to type 'boolean'.\n" +
		"acme-crm/syncs/a.ts(3,5): error TS2345: Argument of type 'X' is not assignable to parameter of type 'Y'.\n" +
		"  Property 'id' is missing in type 'X' but required in type 'Y'.\n" +
		"models.ts(1,1): error TS2307: Cannot find module 'zod' or its corresponding type declarations.\n" +
		"error TS5023: Unknown compiler option '--foo'.\n"
	ds := Parse([]byte(out), "/p")
	if len(ds) != 4 {
		t.Fatalf("got %d diagnostics: %v", len(ds), ds)
	}
	want := scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeTypecheck, File: "acme-crm/actions/create-contact.ts", Line: 11, Column: 31,
		Message: "TS2322: Type 'string' is not assignable to type 'boolean'."}
	if ds[0] != want {
		t.Errorf("got %+v\nwant %+v", ds[0], want)
	}
	if Format(ds[0]) != "acme-crm/actions/create-contact.ts(11,31): error TS2322: Type 'string' is not assignable to type 'boolean'." {
		t.Errorf("Format = %q", Format(ds[0]))
	}
	if !strings.Contains(ds[1].Detail, "Property 'id' is missing") {
		t.Errorf("continuation line lost: %+v", ds[1])
	}
	if !strings.Contains(ds[2].Detail, "npm install --save-dev zod") {
		t.Errorf("no install hint for an allowed package: %q", ds[2].Detail)
	}
	if ds[2].Severity != scriptcheck.SeverityWarning {
		t.Error("a diagnostic in generated models.ts should be a warning")
	}
	if ds[3].File != "" || ds[3].Message != "TS5023: Unknown compiler option '--foo'." {
		t.Errorf("global diagnostic: %+v", ds[3])
	}
}

func TestFindPrefersProjectAndNative(t *testing.T) {
	root := t.TempDir()
	project := filepath.Join(root, "proj")
	bin := filepath.Join(root, "bin")
	mkExe := func(p string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if Find(project, bin) != nil {
		t.Fatal("found a compiler in an empty tree")
	}
	mkExe(filepath.Join(bin, "tsc"))
	if got := Find(project, bin); got == nil || got.Path != filepath.Join(bin, "tsc") {
		t.Fatalf("PATH tsc not found: %+v", got)
	}
	mkExe(filepath.Join(root, "node_modules", ".bin", "tsc")) // a parent folder's node_modules
	if got := Find(project, bin); got == nil || got.Path != filepath.Join(root, "node_modules", ".bin", "tsc") {
		t.Fatalf("parent node_modules tsc not preferred: %+v", got)
	}
	mkExe(filepath.Join(project, "node_modules", ".bin", "tsc"))
	mkExe(filepath.Join(project, "node_modules", ".bin", "tsgo"))
	if got := Find(project, bin); got == nil || !got.Native || got.Path != filepath.Join(project, "node_modules", ".bin", "tsgo") {
		t.Fatalf("project tsgo not preferred: %+v", got)
	}
	if args := strings.Join(Find(project, bin).Args(nil), " "); !strings.Contains(args, "--moduleResolution bundler") {
		t.Errorf("tsgo args: %s", args)
	}
}

// With the real TypeScript from the test fixtures: a type error is reported with its
// position, in tsc's format.
func TestRunRealTSC(t *testing.T) {
	nm := os.Getenv("NANGO_TEST_NODE_MODULES")
	if nm == "" {
		t.Skip("NANGO_TEST_NODE_MODULES not set (make test installs typescript there)")
	}
	tool := Find(filepath.Dir(nm), "")
	if tool == nil {
		t.Skipf("no tsc under %s", nm)
	}
	dir := t.TempDir()
	files := map[string]string{
		"acme/actions/a.ts":  "import { helper } from '../lib/helper.js';\n\nexport default async function run(input: string): Promise<boolean> {\n    const ok: boolean = helper(input);\n    return ok;\n}\n",
		"acme/lib/helper.ts": "export function helper(s: string): string {\n    return s;\n}\n",
		"acme/actions/b.ts":  "export default async function run(): Promise<number> {\n    return 1;\n}\n",
	}
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Run(context.Background(), tool, dir, []string{filepath.Join(dir, "acme/actions/a.ts"), filepath.Join(dir, "acme/actions/b.ts")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 {
		t.Fatalf("want 1 diagnostic, got %v", res.Diagnostics)
	}
	d := res.Diagnostics[0]
	if d.File != "acme/actions/a.ts" || d.Line != 4 || d.Column != 11 || !strings.HasPrefix(d.Message, "TS2322:") {
		t.Errorf("got %s", Format(d))
	}
}

// TestHasNodeTypes: @types/node counts from the project's node_modules or a parent's, where
// tsc finds automatic type packages; without it Run adds runtime-globals.d.ts.
func TestHasNodeTypes(t *testing.T) {
	root := t.TempDir()
	project := filepath.Join(root, "a", "project")
	if err := os.MkdirAll(project, 0o755); err != nil {
		t.Fatal(err)
	}
	if hasNodeTypes(project) {
		t.Fatal("@types/node found in an empty tree")
	}
	types := filepath.Join(root, "a", "node_modules", "@types", "node")
	if err := os.MkdirAll(types, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(types, "package.json"), []byte(`{"name":"@types/node"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if !hasNodeTypes(project) {
		t.Fatal("@types/node in a parent's node_modules not found")
	}
}
