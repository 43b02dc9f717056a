package migrate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/example"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

func TestFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios}
	var got *Options
	cmd := NewCmdMigrate(f, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--dry-run", "--json", "--no-dependency-update"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !got.DryRun || !got.JSON || !got.NoDependencyUpdate {
		t.Fatalf("options = %+v", got)
	}
	cmd = NewCmdMigrate(f, func(*Options) error { return nil })
	cmd.SetArgs([]string{"extra"})
	cmd.SetErr(&strings.Builder{})
	if err := cmd.Execute(); err == nil {
		t.Fatal("an argument was accepted")
	}
}

func run(t *testing.T, dir string, opts Options) (string, string, error) {
	t.Helper()
	ios, _, stdout, stderr := iostreams.Test()
	opts.IO, opts.Now = ios, time.Now
	opts.WorkDir = func() (string, error) { return dir, nil }
	opts.Getenv = func(k string) string {
		if k == "HOME" || k == "XDG_CACHE_HOME" {
			return filepath.Join(dir, ".home")
		}
		return ""
	}
	err := migrateRun(&opts)
	return stdout.String(), stderr.String(), err
}

// TestDryRunJSONWritesNothing: the dry run reports the plan as JSON and leaves the project as
// it was.
func TestDryRunJSONWritesNothing(t *testing.T) {
	dir := t.TempDir()
	if _, err := example.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	stdout, _, err := run(t, dir, Options{DryRun: true, JSON: true})
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		DryRun    bool
		Functions int
		Changes   []struct{ Path, Op, Step string }
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if !report.DryRun || report.Functions != 2 || len(report.Changes) != 7 {
		t.Fatalf("report = %+v", report)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.ts")); !os.IsNotExist(err) {
		t.Fatal("the dry run wrote index.ts")
	}
	if _, err := os.Stat(filepath.Join(dir, "nango.yaml")); err != nil {
		t.Fatal("the dry run removed nango.yaml")
	}
}

func TestNoProject(t *testing.T) {
	_, _, err := run(t, t.TempDir(), Options{})
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(err.Error(), "nango.yaml") {
		t.Fatalf("err = %v (exit %d), want exit 3 naming nango.yaml", err, exitcode.Of(err))
	}
}

// An action whose code declares another return type than its nango.yaml output is migrated
// with a warning (the type check will report it): on stderr in text, in `warnings` with --json.
func TestReturnTypeWarning(t *testing.T) {
	write := func(dir string) {
		files := map[string]string{
			"nango.yaml": "integrations:\n  gh:\n    actions:\n      list-repos:\n        endpoint: GET /repos\n        output: Repo\nmodels:\n  Repo:\n    id: string\n",
			"gh/actions/list-repos.ts": "import type { NangoAction, Repo } from '../../models';\n\n" +
				"export default async function runAction(nango: NangoAction): Promise<{ repos: Repo[] }> {\n    return { repos: [] };\n}\n",
		}
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
	dir := t.TempDir()
	write(dir)
	_, stderr, err := run(t, dir, Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "! gh/actions/list-repos.ts: the action is declared to return { repos: Repo[] } but nango.yaml's output is Repo") {
		t.Errorf("stderr:\n%s", stderr)
	}
	stdout, _, err := run(t, dir, Options{DryRun: true, JSON: true})
	if err != nil {
		t.Fatal(err)
	}
	var report struct{ Warnings []string }
	if err := json.Unmarshal([]byte(stdout), &report); err != nil || len(report.Warnings) != 1 {
		t.Errorf("warnings %q (%v)\n%s", report.Warnings, err, stdout)
	}
}
