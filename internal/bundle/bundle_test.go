package bundle

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-sourcemap/sourcemap"

	"github.com/nango-go/nango/internal/bundle/bundletest"
	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/scriptkind"
)

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var acmeScripts = []scriptcheck.Script{
	{Integration: "acme-crm", Name: "fetch-contacts", Kind: scriptkind.Sync},
	{Integration: "acme-crm", Name: "create-contact", Kind: scriptkind.Action},
	{Integration: "acme-crm", Name: "delete-contact", Kind: scriptkind.Action},
}

func targets(t *testing.T, dir string, scripts []scriptcheck.Script) []Target {
	t.Helper()
	var ts []Target
	for _, s := range scripts {
		entry, ok := scriptcheck.Locate(dir, s)
		if !ok {
			t.Fatalf("no file for %s", s.ID())
		}
		ts = append(ts, Target{Script: s, Entry: entry})
	}
	return ts
}

func TestBuildAllReferenceProject(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join("..", "..", "testdata", "compile", "acme"), dir)
	b := New(Options{ProjectDir: dir, Write: true})
	results := b.BuildAll(context.Background(), targets(t, dir, acmeScripts))
	for _, r := range results {
		if !r.OK() {
			t.Fatalf("%s: %v", r.Script.ID(), r.Diagnostics)
		}
		if !r.Written {
			t.Errorf("%s: not written", r.Script.ID())
		}
		want := filepath.Join(dir, "dist", r.Script.Name+"-acme-crm.js")
		got, err := os.ReadFile(want)
		if err != nil {
			t.Fatalf("bundle not at the reference's path: %v", err)
		}
		code := string(got)
		// the reference's module shape: CommonJS, default export through __toCommonJS
		for _, part := range []string{`"use strict";`, "module.exports = __toCommonJS(", "default: () => ", "//# sourceMappingURL=data:application/json;base64,"} {
			if !strings.Contains(code, part) {
				t.Errorf("%s: bundle lacks %q", r.Script.ID(), part)
			}
		}
		if strings.Contains(code, "for await") || strings.Contains(code, "async function*") {
			t.Errorf("%s: async iteration not lowered for goja", r.Script.ID())
		}
		exp, err := bundletest.Load(code, nil)
		if err != nil {
			t.Fatalf("%s: goja: %v", r.Script.ID(), err)
		}
		if !exp.DefaultIsFunction() {
			t.Errorf("%s: default export is not a function", r.Script.ID())
		}
	}
	// the helper is inlined in the sync, and the inputs say so (watch mode relies on it)
	sync := results[0]
	if !strings.Contains(string(sync.Code), "function toContact(") {
		t.Error("local helper not inlined")
	}
	helper := filepath.Join(dir, "acme-crm", "mappers", "to-contact.ts")
	if got := Importers(results, helper); len(got) != 1 || got[0] != sync {
		t.Errorf("Importers(helper) = %v, want the sync only", got)
	}
	// a second build with the same sources does not rewrite the files
	again := b.BuildAll(context.Background(), targets(t, dir, acmeScripts))
	for _, r := range again {
		if r.Written {
			t.Errorf("%s rewritten although unchanged", r.Script.ID())
		}
	}
}

// The exported names of the reference's recorded bundles match ours.
func TestModuleShapeMatchesRecordedBundles(t *testing.T) {
	recorded := filepath.Join("..", "..", "..", "shared", "fixtures", "peer-cli", "compile", "dist")
	if _, err := os.Stat(recorded); err != nil {
		t.Skip("shared fixtures not present: ", err)
	}
	dir := t.TempDir()
	copyDir(t, filepath.Join("..", "..", "testdata", "compile", "acme"), dir)
	results := New(Options{ProjectDir: dir}).BuildAll(context.Background(), targets(t, dir, acmeScripts))
	exportsRe := regexp.MustCompile(`(?s)__export\(\w+, \{(.*?)\}\);`)
	for _, r := range results {
		ref, err := os.ReadFile(filepath.Join(recorded, OutputName(r.Script)))
		if err != nil {
			t.Fatalf("recorded bundle %s: %v", OutputName(r.Script), err)
		}
		want := exportsRe.FindStringSubmatch(string(ref))
		got := exportsRe.FindStringSubmatch(string(r.Code))
		if want == nil || got == nil {
			t.Fatalf("%s: no __export block (recorded %v, ours %v)", r.Script.ID(), want != nil, got != nil)
		}
		if strings.Join(strings.Fields(want[1]), " ") != strings.Join(strings.Fields(got[1]), " ") {
			t.Errorf("%s: exports differ:\nrecorded %s\nours     %s", r.Script.ID(), want[1], got[1])
		}
	}
}

func TestImportPolicy(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"acme/actions/a.ts": `import _ from 'lodash';
import { z } from 'zod';
import * as crypto from 'node:crypto';
import { createHash } from 'crypto';
export default async function run() { return [_.isEmpty([]), z, crypto, createHash]; }
`,
		"acme/actions/b.ts": `import { x } from '../../../outside';
export default async function run() { return x; }
`,
		"acme/actions/c.ts": `import { z } from 'zod';
import { helper } from '../lib/helper';
export default async function run() { return helper(z.string().parse('x')); }
`,
		"acme/lib/helper.ts": `export function helper(s: string): string { return s + '!'; }`,
		"../outside.ts":      `export const x = 1;`,
	})
	scripts := []scriptcheck.Script{
		{Integration: "acme", Name: "a", Kind: scriptkind.Action},
		{Integration: "acme", Name: "b", Kind: scriptkind.Action},
		{Integration: "acme", Name: "c", Kind: scriptkind.Action},
	}
	res := New(Options{ProjectDir: dir}).BuildAll(context.Background(), targets(t, dir, scripts))

	a := res[0]
	if a.OK() || len(a.Diagnostics) != 1 {
		t.Fatalf("a: want one error, got %v", a.Diagnostics)
	}
	d := a.Diagnostics[0]
	if d.Code != scriptcheck.CodeDisallowedImport || d.File != "acme/actions/a.ts" || d.Line != 1 || d.Column != 15 || !strings.Contains(d.Message, `"lodash"`) {
		t.Errorf("a: %+v", d)
	}

	b := res[1]
	if b.OK() || len(b.Diagnostics) != 1 || b.Diagnostics[0].Code != scriptcheck.CodeImportOutside || b.Diagnostics[0].Line != 1 {
		t.Errorf("b: %v", b.Diagnostics)
	}

	c := res[2]
	if !c.OK() {
		t.Fatalf("c: %v", c.Diagnostics)
	}
	code := string(c.Code)
	if !strings.Contains(code, `require("zod")`) {
		t.Error(`c: zod not kept as require("zod")`)
	}
	exp, err := bundletest.Load(code, map[string]map[string]any{"zod": {"z": map[string]any{}}})
	if err != nil {
		t.Fatal(err)
	}
	if !exp.DefaultIsFunction() {
		t.Error("c: default export is not a function")
	}
}

func TestSyntaxErrorHasPosition(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"acme/syncs/s.ts": "export default async function fetchData() {\n  const x: number = ;\n}\n"})
	s := scriptcheck.Script{Integration: "acme", Name: "s", Kind: scriptkind.Sync}
	r := New(Options{ProjectDir: dir}).Build(targets(t, dir, []scriptcheck.Script{s})[0])
	if r.OK() || len(r.Diagnostics) == 0 {
		t.Fatal("want an error")
	}
	d := r.Diagnostics[0]
	if d.File != "acme/syncs/s.ts" || d.Line != 2 || d.Column != 21 {
		t.Errorf("position = %s, want acme/syncs/s.ts:2:21", d.Position())
	}
}

// Async generators and for await are lowered, so the bundle runs in goja.
func TestLoweringForGoja(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"acme/syncs/s.ts": `
async function* pages() { yield [1]; yield [2, 3]; }
export default async function fetchData(nango: any): Promise<void> {
    let n = 0;
    for await (const page of pages()) { n += page.length; }
    nango.count = n;
}
`})
	s := scriptcheck.Script{Integration: "acme", Name: "s", Kind: scriptkind.Sync}
	r := New(Options{ProjectDir: dir}).Build(targets(t, dir, []scriptcheck.Script{s})[0])
	if !r.OK() {
		t.Fatal(r.Diagnostics)
	}
	exp, err := bundletest.Load(string(r.Code), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := exp.CallDefault(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if got["count"] != int64(3) {
		t.Errorf("count = %v, want 3", got["count"])
	}
}

// Building all scripts in one esbuild build gives each script the same bundle as building it
// alone, also when one flat file serves two integrations.
func TestBuildTogetherMatchesBuildAlone(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join("..", "..", "testdata", "compile", "acme"), dir)
	writeFiles(t, dir, map[string]string{"shared-sync.ts": "import { toContact } from './acme-crm/mappers/to-contact';\nexport default async function fetchData(nango: any) { await nango.batchSave([toContact({})], 'Contact'); }\n"})
	scripts := append([]scriptcheck.Script{}, acmeScripts...)
	scripts = append(scripts,
		scriptcheck.Script{Integration: "one", Name: "shared-sync", Kind: scriptkind.Sync},
		scriptcheck.Script{Integration: "two", Name: "shared-sync", Kind: scriptkind.Sync})
	b := New(Options{ProjectDir: dir})
	ts := targets(t, dir, scripts)
	together := b.buildTogether(ts)
	if together == nil {
		t.Fatal("combined build failed")
	}
	for i, tg := range ts {
		alone := b.Build(tg)
		if !alone.OK() {
			t.Fatal(alone.Diagnostics)
		}
		if string(alone.Code) != string(together[i].Code) {
			t.Errorf("%s: combined build differs from a build of the script alone", tg.Script.ID())
		}
		if strings.Join(alone.Inputs, ",") != strings.Join(together[i].Inputs, ",") {
			t.Errorf("%s: inputs %v, alone %v", tg.Script.ID(), together[i].Inputs, alone.Inputs)
		}
		// the per-script metafile has that script's inputs only
		if got, want := metafileInputs(dir, together[i].Metafile), alone.Inputs; strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: metafile inputs %v, want %v", tg.Script.ID(), got, want)
		}
	}
	if OutputName(scripts[3]) != "shared-sync-one.js" || together[3].OutFile == together[4].OutFile {
		t.Error("one flat file for two integrations must give two bundles")
	}
}

// The inline source map points bundle lines back at the .ts lines, for the entry and for an
// inlined helper.
func TestInlineSourceMap(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join("..", "..", "testdata", "compile", "acme"), dir)
	r := New(Options{ProjectDir: dir}).Build(targets(t, dir, acmeScripts[:1])[0])
	if !r.OK() {
		t.Fatal(r.Diagnostics)
	}
	code := string(r.Code)
	const prefix = "//# sourceMappingURL=data:application/json;base64,"
	i := strings.LastIndex(code, prefix)
	if i < 0 {
		t.Fatal("no inline source map")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(code[i+len(prefix):]))
	if err != nil {
		t.Fatal(err)
	}
	sm, err := sourcemap.Parse("", raw)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(code, "\n")
	find := func(needle string) (int, int) {
		for n, l := range lines {
			if c := strings.Index(l, needle); c >= 0 {
				return n + 1, c
			}
		}
		t.Fatalf("%q not in the bundle", needle)
		return 0, 0
	}
	for _, tc := range []struct {
		needle, file string
		line         int
	}{
		{`await nango.batchSave(companies, "Company")`, "acme-crm/syncs/fetch-contacts.ts", 28},
		{`email: raw.email ?? null`, "acme-crm/mappers/to-contact.ts", 7},
	} {
		l, c := find(tc.needle)
		src, _, line, _, ok := sm.Source(l, c)
		if !ok || !strings.HasSuffix(src, tc.file) || line != tc.line {
			t.Errorf("%q maps to %s:%d (ok=%v), want %s:%d", tc.needle, src, line, ok, tc.file, tc.line)
		}
	}
}
