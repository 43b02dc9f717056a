package generate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

const validYAML = "integrations:\n  github:\n    actions:\n      close:\n        endpoint: POST /close\n        output: Closed\nmodels:\n  Closed:\n    id: string\n"

func TestNewCmdGenerate(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		json    bool
		wantErr bool
	}{
		{args: nil},
		{args: []string{"--json"}, json: true},
		{args: []string{"extra"}, wantErr: true},
	} {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmdGenerate(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(ios.ErrOut)
		cmd.SetErr(ios.ErrOut)
		_, err := cmd.ExecuteC()
		if (err != nil) != tc.wantErr {
			t.Fatalf("%v: err %v", tc.args, err)
		}
		if !tc.wantErr && got.JSON != tc.json {
			t.Errorf("%v: JSON = %v", tc.args, got.JSON)
		}
	}
}

func workDir(t *testing.T, yaml string) func() (string, error) {
	t.Helper()
	dir := t.TempDir()
	if yaml != "" {
		if err := os.WriteFile(filepath.Join(dir, "nango.yaml"), []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return func() (string, error) { return dir, nil }
}

func TestGenerateRun(t *testing.T) {
	ios, _, stdout, stderr := iostreams.Test()
	wd := workDir(t, validYAML)
	if err := generateRun(&Options{IO: ios, WorkDir: wd}); err != nil {
		t.Fatal(err)
	}
	if want := "created github/actions/close.ts\n✓ generated models.ts and .nango/\n"; stderr.String() != want || stdout.Len() != 0 {
		t.Errorf("stderr %q, stdout %q", stderr.String(), stdout.String())
	}
	dir, _ := wd()
	if _, err := os.Stat(filepath.Join(dir, "models.ts")); err != nil {
		t.Error(err)
	}

	ios, _, _, stderr = iostreams.Test()
	err := generateRun(&Options{IO: ios, WorkDir: workDir(t, "integrations: 3\n")})
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(stderr.String(), "nango.yaml has 1 error; nothing was written") {
		t.Errorf("invalid: %v (exit %d), stderr %q", err, exitcode.Of(err), stderr.String())
	}

	ios, _, stdout, _ = iostreams.Test()
	err = generateRun(&Options{IO: ios, WorkDir: workDir(t, ""), JSON: true})
	var diags []map[string]any
	if exitcode.Of(err) != exitcode.Project || json.Unmarshal(stdout.Bytes(), &diags) != nil || len(diags) != 1 || diags[0]["code"] != "config_not_found" {
		t.Errorf("missing --json: %v (exit %d), stdout %q", err, exitcode.Of(err), stdout.String())
	}
	ios, _, _, _ = iostreams.Test()
	err = generateRun(&Options{IO: ios, WorkDir: workDir(t, "")})
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(exitcode.HintOf(err), "nango init") {
		t.Errorf("missing: %v (hint %q)", err, exitcode.HintOf(err))
	}
}
