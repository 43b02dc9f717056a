package vitest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyTree copies a folder (the sample is read-only; a changed fixture needs a copy).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestChangedFixtureFails: one field of a recorded expectation changed makes the generated
// test fail, with a diff and the path of the field.
func TestChangedFixtureFails(t *testing.T) {
	sample := sampleDir(t)
	project := t.TempDir()
	copyTree(t, filepath.Join(sample, "integrations", "asana"), filepath.Join(project, "asana"))
	for _, c := range []struct{ file, from, to, test, field string }{
		{"asana/mocks/create-task/output.json", `"title": "Test 4"`, `"title": "Test 5"`, "asana/tests/asana-create-task.test.ts", "first difference at title"},
		{"asana/mocks/tasks/Task/batchSave.json", `"title": "Test task one"`, `"title": "Test task 1"`, "asana/tests/asana-tasks.test.ts", "first difference at [0].title"},
	} {
		p := filepath.Join(project, c.file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.from) {
			t.Fatalf("%s lacks %s", c.file, c.from)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), c.from, c.to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := RunFiles(context.Background(), Options{ProjectDir: project, Files: []string{c.test}, PaginateDefaults: func(string) (map[string]any, error) {
			// asana's catalog defaults (cursor on next_page.offset), enough for this check
			// without a catalog: the dotted cursor path stops after one page, as the harness does.
			return map[string]any{"type": "cursor", "cursor_path_in_response": "next_page.offset", "cursor_name_in_request": "offset", "response_path": "data", "limit_name_in_request": "limit"}, nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		text := Describe(res[0])
		if res[0].Status != StatusFail || !strings.Contains(text, c.field) || !strings.Contains(text, "- Expected") || !strings.Contains(text, c.test+":") {
			t.Errorf("%s: want a failure naming %q with a diff and a location:\n%s", c.test, c.field, text)
		}
	}
}

// TestIsolation: module state and the clock do not leak between files run in one call.
func TestIsolation(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("state.ts", "export const seen: string[] = [];\n")
	for _, n := range []string{"a", "b", "c", "d"} {
		write(n+".test.ts", `import { it, expect, vi } from 'vitest';
import { seen } from './state';
it('sees only itself', () => {
    expect(Date.now()).toBeGreaterThan(1700000000000);
    vi.setSystemTime(0);
    seen.push('`+n+`');
    expect(seen).toEqual(['`+n+`']);
    expect((globalThis as any).leak).toBeUndefined();
    (globalThis as any).leak = 1;
});
`)
	}
	res, err := RunFiles(context.Background(), Options{ProjectDir: dir, Parallelism: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 4 {
		t.Fatalf("%d files, want 4", len(res))
	}
	for _, r := range res {
		if r.Status != StatusPass {
			t.Errorf("%s", Describe(r))
		}
	}
}
