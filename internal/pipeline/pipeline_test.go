package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nango-go/nango/internal/project"
)

// Validate reports what Generate would reject, the scaffold step's duplicate-name
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
			if err := os.WriteFile(filepath.Join(dir, project.DefinitionsFile), []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := Validate(dir)
			if err != nil {
				t.Fatal(err)
			}
			if out.Result != nil || out.Project == nil {
				t.Fatalf("outcome %+v", out)
			}
			hasErr := project.HasErrors(out.Diagnostics)
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

// Generate writes models.ts and a stub for each script; Compile then bundles the stub into
// dist/, and a rejected project writes nothing.
func TestGenerateThenCompile(t *testing.T) {
	dir := t.TempDir()
	yaml := "integrations:\n  github:\n    actions:\n      close:\n        endpoint: POST /close\n        output: Closed\nmodels:\n  Closed:\n    id: string\n    done?: void\n"
	if err := os.WriteFile(filepath.Join(dir, project.DefinitionsFile), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := Generate(dir, GenerateOptions)
	if err != nil || out.Failed() || out.Result == nil {
		t.Fatalf("generate: %v %+v", err, out)
	}
	if len(out.Result.Scaffolds) != 1 || out.Result.Scaffolds[0] != "github/actions/close.ts" {
		t.Fatalf("scaffolds %v", out.Result.Scaffolds)
	}
	rep, err := Compile(context.Background(), out.Project, CompileOptions{Write: true})
	if err != nil || !rep.OK() || len(rep.Scripts) != 1 {
		t.Fatalf("compile: %v %+v", err, rep)
	}
	if _, err := os.Stat(filepath.Join(dir, "dist", "close-github.js")); err != nil {
		t.Fatal(err)
	}

	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, project.DefinitionsFile), []byte("integrations: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = Generate(bad, GenerateOptions)
	if err != nil || !out.Failed() || out.Project != nil || out.Result != nil {
		t.Fatalf("rejected project: %v %+v", err, out)
	}
	if entries, _ := os.ReadDir(bad); len(entries) != 1 {
		t.Fatalf("generate wrote files for a rejected project: %v", entries)
	}
}
