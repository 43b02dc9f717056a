package codegen

import (
	"os"
	"path/filepath"
	"testing"

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
