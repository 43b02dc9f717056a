package testrun

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/example"
)

// copyExample writes a project with n copies of the example's integration (demo-1 …
// demo-n, each with its sync, its action and their recordings): 2n scripts to test. Copies
// go into integrations of their own because a model is the output of one sync per
// integration.
func copyExample(tb testing.TB, dir string, n int) {
	tb.Helper()
	src := example.FS()
	yamlText, err := fs.ReadFile(src, "nango.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	// integrations: {demo: X} becomes {demo-1: X, …, demo-n: X}.
	head, rest, ok := strings.Cut(string(yamlText), "\n  demo:\n")
	body, models, ok2 := strings.Cut(rest, "\nmodels:\n")
	if !ok || !ok2 {
		tb.Fatal("the example's nango.yaml no longer has the shape this benchmark copies")
	}
	var yaml strings.Builder
	yaml.WriteString(head + "\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&yaml, "  demo-%d:\n%s\n", i, body)
	}
	yaml.WriteString("models:\n" + models)
	write := func(rel string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("nango.yaml", []byte(yaml.String()))
	err = fs.WalkDir(src, "demo", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		for i := 1; i <= n; i++ {
			write(fmt.Sprintf("demo-%d/", i)+strings.TrimPrefix(p, "demo/"), data)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// TestManyScripts replays 40 copies of the example's scripts: every one passes and the
// results come back in name order whatever order the workers finished in.
func TestManyScripts(t *testing.T) {
	dir := t.TempDir()
	copyExample(t, dir, 20)
	seen := map[string]bool{}
	sum, err := Run(context.Background(), Options{Dir: dir, Parallel: 4, OnResult: func(r *Result) { seen[r.Name()] = true }})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Results) != 40 || len(seen) != 40 {
		t.Fatalf("%d results, %d reported as they finished; want 40", len(sum.Results), len(seen))
	}
	for i, r := range sum.Results {
		if r.Status != StatusPass {
			t.Fatalf("%s: %s\n%s", r.Name(), r.Status, strings.Join(r.Detail(), "\n"))
		}
		if i > 0 && sum.Results[i-1].Name() >= r.Name() {
			t.Fatalf("results out of order: %s before %s", sum.Results[i-1].Name(), r.Name())
		}
	}
}

// BenchmarkReplay100 is issue 7's target: replaying 100 recorded scripts (50 copies of the
// example's three-page sync and 50 of its action), bundling included, under 2 s.
func BenchmarkReplay100(b *testing.B) {
	dir := b.TempDir()
	copyExample(b, dir, 50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sum, err := Run(context.Background(), Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Count(StatusPass) != 100 {
			b.Fatalf("%d of 100 passed", sum.Count(StatusPass))
		}
	}
}
