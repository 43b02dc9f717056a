package dryrun

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/pkg/jsjson"
)

func writeProject(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// loadScript loads one script of the project in dir as DryRun does.
func loadScript(tb testing.TB, dir, name string) *runner.Script {
	tb.Helper()
	p, err := project.LoadValid(dir, "dryrun")
	if err != nil {
		tb.Fatal(err)
	}
	decl, err := p.FindRunnable(name, "")
	if err != nil {
		tb.Fatal(err)
	}
	s, err := runner.Load(context.Background(), p, decl, runner.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func mustStringify(v jsjson.Value) []byte {
	b, ok := jsjson.Stringify(v)
	if !ok {
		return nil
	}
	return b
}

func parse(b []byte) (jsjson.Value, error) { return jsjson.Parse(b) }

func filepathGlobAll(root string) ([]string, error) {
	var out []string
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFileT(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
