package vitest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkSample runs the 26 files of ../shared/fixtures/templates-sample (skipped without it).
func BenchmarkSample(b *testing.B) {
	dir, _ := filepath.Abs("../../../shared/fixtures/templates-sample/integrations")
	if _, err := os.Stat(dir); err != nil {
		b.Skip("../shared is not present")
	}
	if nm := os.Getenv("NANGO_TEST_NODE_MODULES"); nm != "" {
		if p := filepath.Join(nm, "@nangohq", "providers", "providers.yaml"); fileExists(p) {
			b.Setenv("NANGO_PROVIDERS_FILE", p)
		}
	}
	lookup, _ := catalogLookup(b, dir)
	for i := 0; i < b.N; i++ {
		if _, err := RunFiles(context.Background(), Options{ProjectDir: dir, PaginateDefaults: lookup, NodeModules: nodeModules()}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSynthetic300 runs a project of 300 small test files, each importing a script.
func BenchmarkSynthetic300(b *testing.B) {
	dir := b.TempDir()
	for i := 0; i < 30; i++ {
		integ := filepath.Join(dir, fmt.Sprintf("integ%02d", i))
		_ = os.MkdirAll(filepath.Join(integ, "tests"), 0o755)
		_ = os.MkdirAll(filepath.Join(integ, "syncs"), 0o755)
		_ = os.WriteFile(filepath.Join(integ, "syncs", "s.ts"), []byte("export default async function run(nango: any) { const out = []; for (let i = 0; i < 50; i++) out.push({ id: String(i) }); await nango.batchSave(out, 'M'); }\n"), 0o644)
		for j := 0; j < 10; j++ {
			_ = os.WriteFile(filepath.Join(integ, "tests", fmt.Sprintf("t%d.test.ts", j)), []byte(`import { describe, it, expect, vi } from 'vitest';
import run from '../syncs/s.js';
describe('s', () => {
    it('saves', async () => {
        const nango = { batchSave: vi.fn() };
        await run(nango);
        expect(nango.batchSave).toHaveBeenCalledTimes(1);
        expect(nango.batchSave.mock.calls[0][0]).toHaveLength(50);
    });
});
`), 0o644)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := RunFiles(context.Background(), Options{ProjectDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Status != StatusPass {
				b.Fatal(Describe(r))
			}
		}
	}
}
