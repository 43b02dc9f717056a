package project

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeZeroProject writes a zero-yaml project of n functions (half syncs with two models and
// metadata, half actions with input and output; a shared helper of schemas), the shape of
// the real projects in templates-zero-sample.
func writeZeroProject(tb testing.TB, dir string, n int) {
	tb.Helper()
	files := map[string]string{
		"shared/schemas.ts": "import * as z from 'zod';\n\nexport const Person = z.object({\n    id: z.string(),\n    name: z.string().nullable(),\n" +
			"    email: z.email().optional(),\n    tags: z.array(z.string()),\n    created_at: z.date()\n});\n\n" +
			"export const Page = z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(100) });\n",
	}
	var index strings.Builder
	for i := 0; i < n; i++ {
		var rel, src string
		if i%2 == 0 {
			rel = fmt.Sprintf("crm/syncs/fetch-things-%d.ts", i)
			src = fmt.Sprintf(`import { createSync } from 'nango';
import * as z from 'zod';
import { Person } from '../../shared/schemas.js';

const Thing%[1]d = z.object({
    id: z.string(),
    title: z.string(),
    status: z.enum(['open', 'closed', 'archived']),
    amount: z.number().nullable(),
    owner: Person.optional(),
    labels: z.record(z.string(), z.union([z.string(), z.number()]))
});

export default createSync({
    description: 'Things, page by page',
    version: '1.0.%[1]d',
    endpoints: [{ method: 'GET', path: '/things-%[1]d' }, { method: 'GET', path: '/people-%[1]d' }],
    frequency: 'every hour',
    syncType: 'full',
    metadata: z.object({ workspace: z.string() }),
    models: { Thing%[1]d, Person%[1]d: Person },
    exec: async (nango) => {
        await nango.trackDeletesStart('Thing%[1]d');
        for await (const page of nango.paginate<{ id: string }>({ endpoint: '/v1/things', retries: 3 })) {
            await nango.batchSave(page.map((t) => ({ id: t.id, title: '', status: 'open' as const, amount: null, labels: {} })), 'Thing%[1]d');
        }
        await nango.trackDeletesEnd('Thing%[1]d');
    }
});
`, i)
		} else {
			rel = fmt.Sprintf("crm/actions/update-thing-%d.ts", i)
			src = fmt.Sprintf(`import { createAction } from 'nango';
import * as z from 'zod';
import { Page, Person } from '../../shared/schemas.js';

const action = createAction({
    description: 'Update one thing',
    version: '2.0.%[1]d',
    endpoint: { method: 'PATCH', path: '/things-%[1]d', group: 'Things' },
    input: z.object({ id: z.string(), title: z.string().max(200), page: Page.optional() }),
    output: z.object({ id: z.string(), updated_by: Person }),
    exec: async (nango, input) => {
        const res = await nango.patch<{ id: string }>({ endpoint: '/v1/things/' + input.id, data: { title: input.title }, retries: 2 });
        return { id: res.data.id, updated_by: { id: 'u', name: null, tags: [], created_at: new Date(0) } };
    }
});
export default action;
`, i)
		}
		files[rel] = src
		fmt.Fprintf(&index, "import './%s';\n", strings.TrimSuffix(rel, ".ts")+".js")
	}
	files["index.ts"] = index.String()
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func zod4ModulesTB(tb testing.TB) []string {
	nm := os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if _, err := os.Stat(filepath.Join(nm, "zod", "package.json")); nm == "" || err != nil {
		tb.Skip("NANGO_TEST_ZOD4_MODULES not set or without zod (make test installs zod 4 there)")
	}
	return []string{nm}
}

// TestZeroGeneratedProject: the benchmark's project reads cleanly (so the benchmark measures
// a successful compile).
func TestZeroGeneratedProject(t *testing.T) {
	nm := zod4ModulesTB(t)
	dir := t.TempDir()
	writeZeroProject(t, dir, 30)
	p, diags, err := LoadZero(dir, ZeroOptions{NodeModules: nm})
	if err != nil || p == nil || len(diags) > 0 {
		t.Fatalf("err %v, diagnostics %v", err, diags)
	}
	if len(p.Scripts) != 30 {
		t.Fatalf("%d functions", len(p.Scripts))
	}
}

// BenchmarkZeroCompile30 reads a 30-function zero-yaml project as compile does (bundle every
// function, evaluate its definition, convert its zod schemas, check its code). The reference
// CLI 0.71.10 took about 6.8 s wall (6.0 s CPU) on a 2-vCPU machine for the recorded 5-function
// project (it type-checks and runs Babel; reference zero-yaml.md §2.1); our target is tens of
// milliseconds per function.
func BenchmarkZeroCompile30(b *testing.B) { benchZero(b, "") }

// BenchmarkZeroCompile30Cached is the same with the definitions cache filled (zerocache.go):
// a compile after a change to few functions, as in nango dev.
func BenchmarkZeroCompile30Cached(b *testing.B) { benchZero(b, b.TempDir()) }

func benchZero(b *testing.B, cache string) {
	nm := zod4ModulesTB(b)
	dir := b.TempDir()
	writeZeroProject(b, dir, 30)
	if cache != "" {
		if _, _, err := LoadZero(dir, ZeroOptions{NodeModules: nm, CacheDir: cache}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, diags, err := LoadZero(dir, ZeroOptions{NodeModules: nm, CacheDir: cache})
		if err != nil || p == nil || len(diags) > 0 {
			b.Fatalf("err %v, diagnostics %v", err, diags)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/30, "ms/function")
}

// TestZeroDefinitionsCache: a second read from the cache gives the same nango.json; a changed
// function is read again; an unreadable cache entry is ignored.
func TestZeroDefinitionsCache(t *testing.T) {
	nm := zod4ModulesTB(t)
	dir, cache := t.TempDir(), t.TempDir()
	writeZeroProject(t, dir, 4)
	read := func() []byte {
		t.Helper()
		p, diags, err := LoadZero(dir, ZeroOptions{NodeModules: nm, CacheDir: cache})
		if err != nil || p == nil || len(diags) > 0 {
			t.Fatalf("err %v, diagnostics %v", err, diags)
		}
		j, err := p.NangoJSON()
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	first := read()
	entries, _ := filepath.Glob(filepath.Join(cache, "*", "*.json"))
	if len(entries) != 4 {
		t.Fatalf("%d cache entries, want 4", len(entries))
	}
	if second := read(); string(second) != string(first) {
		t.Fatalf("from the cache:\n%s\nwant\n%s", second, first)
	}
	if again, _ := filepath.Glob(filepath.Join(cache, "*", "*.json")); len(again) != 4 {
		t.Fatalf("%d cache entries after a second read, want the same 4 (a bundle's key changed)", len(again))
	}
	f := filepath.Join(dir, "crm/syncs/fetch-things-0.ts")
	src, _ := os.ReadFile(f)
	os.WriteFile(f, []byte(strings.Replace(string(src), "Things, page by page", "Changed", 1)), 0o644)
	if third := read(); !strings.Contains(string(third), `"description": "Changed"`) {
		t.Fatal("a changed function was not read again")
	}
	for _, e := range entries {
		os.WriteFile(e, []byte("{not json"), 0o644)
	}
	if fourth := read(); !strings.Contains(string(fourth), `"description": "Changed"`) || len(fourth) != len(first)-len("Things, page by page")+len("Changed") {
		t.Fatal("a broken cache entry changed the result")
	}
}
