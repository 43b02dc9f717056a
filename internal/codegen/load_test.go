package codegen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// Validate reports what CheckAndGenerate would reject, the scaffold step's duplicate-name
// check included, and writes nothing either way.
func TestValidateWritesNothing(t *testing.T) {
	const valid = "integrations:\n  github:\n    actions:\n      close:\n        endpoint: POST /close\nmodels: {}\n"
	const duplicate = "integrations:\n  github:\n    syncs:\n      issues:\n        runs: every day\n        endpoint: GET /issues\n        output: Issue\n" +
		"    actions:\n      issues:\n        endpoint: POST /issues\nmodels:\n  Issue:\n    id: string\n"
	for name, tc := range map[string]struct {
		yaml     string
		wantCode string
	}{
		"valid":     {valid, ""},
		"duplicate": {duplicate, "duplicate_script_name"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, nangoyaml.FileName), []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := Validate(dir)
			if err != nil {
				t.Fatal(err)
			}
			if out.Result != nil || out.Parsed == nil {
				t.Fatalf("outcome %+v", out)
			}
			hasErr := nangoyaml.HasErrors(out.Diagnostics)
			if hasErr != (tc.wantCode != "") {
				t.Fatalf("diagnostics %v", out.Diagnostics)
			}
			if tc.wantCode != "" && out.Diagnostics[len(out.Diagnostics)-1].Code != tc.wantCode {
				t.Fatalf("want %s, got %v", tc.wantCode, out.Diagnostics)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Fatalf("validate wrote files: %v", entries)
			}
		})
	}
	if _, err := Validate(t.TempDir()); err == nil {
		t.Fatal("want an error without nango.yaml")
	}
}

func TestLoadErrorDiagnostic(t *testing.T) {
	_, _, err := Check(t.TempDir())
	d := LoadErrorDiagnostic(err)
	if d.Code != "config_not_found" || d.Severity != nangoyaml.SeverityError || d.Phase != nangoyaml.PhaseLoad ||
		d.File != nangoyaml.FileName || d.Message != err.Error() {
		t.Fatalf("missing file: %+v", d)
	}
	if d := LoadErrorDiagnostic(os.ErrPermission); d.Code != "" || d.Message != os.ErrPermission.Error() {
		t.Fatalf("other error: %+v", d)
	}
}

// CheckValid gives commands that need a valid project one error with an exit code and a hint:
// no nango.yaml names the folder to run from; a rejected one lists each error with its path.
func TestCheckValid(t *testing.T) {
	dir := t.TempDir()
	_, err := CheckValid(dir, "dryrun")
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(exitcode.HintOf(err), "run nango dryrun from the folder that holds nango.yaml") {
		t.Errorf("missing nango.yaml: code %d, hint %q, err %v", exitcode.Of(err), exitcode.HintOf(err), err)
	}

	bad := "integrations:\n  github:\n    syncs:\n      issues:\n        endpoint: GET /issues\n        output: Issue\nmodels:\n  Issue:\n    id: string\n"
	if err := os.WriteFile(filepath.Join(dir, nangoyaml.FileName), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = CheckValid(dir, "test")
	// positioned as generate prints it (issue 13, item 14), not a bare key path
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(err.Error(), "nango.yaml is invalid (1 error):\nnango.yaml:4:7: error: must have required property 'runs' [required]\n  at integrations > github > syncs > issues") ||
		!strings.Contains(exitcode.HintOf(err), "then run nango test again") {
		t.Errorf("invalid nango.yaml: %v (hint %q)", err, exitcode.HintOf(err))
	}

	good := "integrations:\n  github:\n    actions:\n      close:\n        endpoint: POST /close\nmodels: {}\n"
	if err := os.WriteFile(filepath.Join(dir, nangoyaml.FileName), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := CheckValid(dir, "test"); err != nil || p.Action("github", "close") == nil {
		t.Errorf("valid nango.yaml: %v", err)
	}
}
