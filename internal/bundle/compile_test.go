package bundle

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/scriptkind"
	"github.com/nango-go/nango/internal/typecheck"
)

func compileProject(t *testing.T, files map[string]string, scripts []scriptcheck.Script) scriptcheck.Project {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return scriptcheck.Project{Dir: dir, Scripts: scripts, Models: []string{"Issue"}}
}

func TestCompile(t *testing.T) {
	scripts := []scriptcheck.Script{
		{Integration: "gh", Name: "good", Kind: scriptkind.Action},
		{Integration: "gh", Name: "broken", Kind: scriptkind.Action},
		{Integration: "gh", Name: "unawaited", Kind: scriptkind.Action},
		{Integration: "gh", Name: "missing", Kind: scriptkind.Sync, Outputs: []string{"Issue"}, DeclLine: 7, DeclColumn: 5},
	}
	proj := compileProject(t, map[string]string{
		"gh/actions/good.ts":      "export default async function run(nango: any) { await nango.get({ endpoint: '/x' }); }\n",
		"gh/actions/broken.ts":    "export default async function run() {\n  const s = 'abc;\n}\n",
		"gh/actions/unawaited.ts": "export default async function run(nango: any) {\n  nango.get({ endpoint: '/x' });\n}\n",
	}, scripts)

	rep := Compile(context.Background(), proj, CompileOptions{Write: true})
	if rep.OK() {
		t.Fatal("report OK with errors")
	}
	byCode := map[string][]scriptcheck.Diagnostic{}
	for _, d := range rep.Diagnostics {
		byCode[d.Code] = append(byCode[d.Code], d)
	}
	// one syntax error reported once (esbuild's), not also by the checker
	if len(byCode[scriptcheck.CodeSyntax]) != 0 || len(byCode[scriptcheck.CodeBundle]) != 1 || byCode[scriptcheck.CodeBundle][0].Line != 2 {
		t.Errorf("syntax error: %v", rep.Diagnostics)
	}
	if d := byCode[scriptcheck.CodeMissingScript]; len(d) != 1 || d[0].File != "nango.yaml" || d[0].Line != 7 || d[0].Column != 5 {
		t.Errorf("missing script: %v", d)
	}
	if d := byCode[scriptcheck.CodeNotAwaited]; len(d) != 1 || d[0].Line != 2 {
		t.Errorf("not awaited: %v", d)
	}
	ok := map[string]bool{}
	for _, s := range rep.Scripts {
		ok[s.Script.Name] = s.OK
	}
	if !ok["good"] || ok["broken"] || ok["unawaited"] || ok["missing"] {
		t.Errorf("per-script OK: %v", ok)
	}
	// only the script that passed everything has a bundle
	for name, want := range map[string]bool{"good": true, "broken": false, "unawaited": false} {
		_, err := os.Stat(filepath.Join(proj.Dir, "dist", name+"-gh.js"))
		if (err == nil) != want {
			t.Errorf("dist/%s-gh.js exists=%v, want %v", name, err == nil, want)
		}
	}

	// Only: one script, no layout check (the missing sync is not reported)
	one := Compile(context.Background(), proj, CompileOptions{Only: []string{"gh/good"}})
	if !one.OK() || len(one.Scripts) != 1 {
		t.Errorf("Only: %v %v", one.OK(), one.Diagnostics)
	}
	missing := Compile(context.Background(), proj, CompileOptions{Only: []string{"gh/missing"}})
	if missing.OK() || len(missing.Diagnostics) != 1 || missing.Diagnostics[0].Code != scriptcheck.CodeMissingScript {
		t.Errorf("Only a missing script: %v", missing.Diagnostics)
	}
}

// A type error in a shared helper fails every script whose bundle includes it.
func TestCompileTypeErrorFailsImporters(t *testing.T) {
	nm := os.Getenv("NANGO_TEST_NODE_MODULES")
	if nm == "" {
		t.Skip("NANGO_TEST_NODE_MODULES not set (make test installs typescript there)")
	}
	tool := typecheck.Find(filepath.Dir(nm), "")
	if tool == nil {
		t.Skipf("no tsc under %s", nm)
	}
	proj := compileProject(t, map[string]string{
		"gh/actions/a.ts": "import { n } from '../lib/n';\nexport default async function run(): Promise<number> {\n    return n();\n}\n",
		"gh/actions/b.ts": "export default async function run(): Promise<number> {\n    return 1;\n}\n",
		"gh/lib/n.ts":     "export function n(): number {\n    return 'x';\n}\n",
	}, []scriptcheck.Script{{Integration: "gh", Name: "a", Kind: scriptkind.Action}, {Integration: "gh", Name: "b", Kind: scriptkind.Action}})
	rep := Compile(context.Background(), proj, CompileOptions{Typecheck: tool})
	if rep.OK() {
		t.Fatal("type error not reported")
	}
	if rep.Scripts[0].OK || !rep.Scripts[1].OK {
		t.Errorf("a (imports the helper) OK=%v, b OK=%v", rep.Scripts[0].OK, rep.Scripts[1].OK)
	}
	d := rep.Diagnostics[0]
	if d.File != "gh/lib/n.ts" || d.Line != 2 || d.Code != scriptcheck.CodeTypecheck {
		t.Errorf("diagnostic: %+v", d)
	}
}

// Two scripts whose bundles would have the same file name: the second is an error.
func TestCompileOutputNameClash(t *testing.T) {
	proj := compileProject(t, map[string]string{
		"y-z/actions/x.ts": "export default async function run() { return 1; }\n",
		"z/actions/x-y.ts": "export default async function run() { return 2; }\n",
	}, []scriptcheck.Script{
		{Integration: "y-z", Name: "x", Kind: scriptkind.Action},
		{Integration: "z", Name: "x-y", Kind: scriptkind.Action, DeclLine: 9, DeclColumn: 7},
	})
	rep := Compile(context.Background(), proj, CompileOptions{Write: true})
	if rep.OK() || len(rep.Diagnostics) != 1 {
		t.Fatalf("want one error, got %v", rep.Diagnostics)
	}
	d := rep.Diagnostics[0]
	if d.Line != 9 || !strings.Contains(d.Message, "dist/x-y-z.js") {
		t.Errorf("diagnostic: %+v", d)
	}
	if !rep.Scripts[0].OK || rep.Scripts[1].OK {
		t.Errorf("OK: first %v, second %v", rep.Scripts[0].OK, rep.Scripts[1].OK)
	}
}
