package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

func TestNewCmdValidate(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *Options
	cmd := NewCmdValidate(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--json"})
	if _, err := cmd.ExecuteC(); err != nil || !got.JSON {
		t.Fatalf("--json: %v %+v", err, got)
	}
	cmd = NewCmdValidate(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { return nil })
	cmd.SetArgs([]string{"extra"})
	cmd.SetErr(ios.ErrOut)
	if _, err := cmd.ExecuteC(); err == nil {
		t.Fatal("an argument was accepted")
	}
}

func TestValidateRun(t *testing.T) {
	for _, tc := range []struct {
		yaml, stderr string
		code         exitcode.Code
	}{
		{"integrations:\n  github:\n    actions:\n      close:\n        endpoint: POST /close\nmodels: {}\n", "✓ nango.yaml is valid: 1 integration, 1 script\n", exitcode.OK},
		{"integrations:\n  github:\n    syncs:\n      issues:\n        runs: every day\n        endpoint: GET /issues\n        output: Issue\n" +
			"    actions:\n      issues:\n        endpoint: POST /issues\nmodels:\n  Issue:\n    id: string\n", "duplicate_script_name", exitcode.Project},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "nango.yaml"), []byte(tc.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		ios, _, _, stderr := iostreams.Test()
		err := validateRun(&Options{IO: ios, WorkDir: func() (string, error) { return dir, nil }})
		if exitcode.Of(err) != tc.code || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("exit %d (%v), stderr %q; want %d and %q", exitcode.Of(err), err, stderr.String(), tc.code, tc.stderr)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("validate wrote files: %v", entries)
		}
	}
}
