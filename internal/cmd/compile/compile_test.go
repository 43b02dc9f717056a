package compile

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/pipeline"
)

var (
	baseProject = filepath.Join("..", "..", "..", "testdata", "compile", "acme")
	errorCases  = filepath.Join("..", "..", "..", "testdata", "compile", "errors")
	recorded    = filepath.Join("..", "..", "..", "..", "shared", "fixtures", "peer-cli", "errors")
)

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if name := info.Name(); name == "DELETE" || name == "GENERATE" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// caseProject builds the project of a recorded failure case: the good project with the
// case's files on top, the files listed in DELETE removed, and `generate` run when the case
// has a GENERATE marker (its scripts are then the generated stubs).
func caseProject(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "proj")
	copyTree(t, baseProject, dir)
	caseDir := filepath.Join(errorCases, name)
	copyTree(t, caseDir, dir)
	if data, err := os.ReadFile(filepath.Join(caseDir, "DELETE")); err == nil {
		for _, rel := range strings.Fields(string(data)) {
			if err := os.Remove(filepath.Join(dir, rel)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(caseDir, "GENERATE")); err == nil {
		if _, err := pipeline.Generate(dir, pipeline.GenerateOptions); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type diag struct {
	Severity, Code, Message, File string
	Line, Column                  int
}

type output struct {
	OK        bool
	Typecheck struct {
		Tool, Skipped string
	}
	Diagnostics []diag
	Bundles     []struct {
		Name, Output string
		OK           bool
	}
}

func runCompile(t *testing.T, dir string, path string, typecheck bool) (output, exitcode.Code, string) {
	t.Helper()
	ios, _, stdout, stderr := iostreams.Test()
	opts := &Options{
		IO:          ios,
		WorkDir:     func() (string, error) { return dir, nil },
		Getenv:      func(k string) string { return map[string]string{"PATH": path}[k] },
		Now:         func() time.Time { return time.Unix(0, 0) },
		JSON:        true,
		NoTypecheck: !typecheck,
	}
	err := compileRun(context.Background(), opts)
	var out output
	if jerr := json.Unmarshal(stdout.Bytes(), &out); jerr != nil {
		t.Fatalf("--json output is not JSON (%v):\n%s\nstderr: %s", jerr, stdout, stderr)
	}
	return out, exitcode.Of(err), stderr.String()
}

// Each recorded failure case of the reference CLI (compile and generate) fails here too,
// with the same cause named, a position, and exit code 3.
func TestRecordedFailureCases(t *testing.T) {
	nodeModules := os.Getenv("NANGO_TEST_NODE_MODULES")
	tests := []struct {
		name string
		// tsc: the cause is a type error, found only when TypeScript is installed
		tsc bool
		// the expected error: code, file, line, column (0 = not checked)
		code      string
		file      string
		line, col int
		// cause is in our message and in the reference's recorded output
		cause   string
		refFile string
	}{
		{name: "allowed-import-zod", tsc: true, code: "typecheck", file: "acme-crm/actions/create-contact.ts", line: 1, col: 19, cause: "Cannot find module 'zod'", refFile: "compile.stderr"},
		{name: "batchsave-in-action", code: "batch-in-action", file: "acme-crm/actions/delete-contact.ts", line: 5, col: 11, cause: "nango.batchSave() calls are not allowed in an action script", refFile: "compile.stdout"},
		{name: "compile-generated-stubs", tsc: true, code: "typecheck", file: "acme-crm/actions/create-contact.ts", line: 3, col: 89, cause: "A function whose declared type is neither 'undefined', 'void', nor 'any' must return a value.", refFile: "compile.stderr"},
		// the reference only fails through TypeScript here; the import check catches it
		{name: "disallowed-import-default", code: "disallowed-import", file: "acme-crm/actions/create-contact.ts", line: 1, col: 15, cause: "lodash", refFile: "compile.stderr"},
		{name: "disallowed-import-named", code: "disallowed-import", file: "acme-crm/actions/create-contact.ts", line: 1, col: 25, cause: `Importing libraries is not allowed. Please remove the import "lodash" from "create-contact.ts"`, refFile: "compile.stdout"},
		{name: "duplicate-endpoint", code: "duplicate_endpoint", file: "nango.yaml", line: 44, cause: `Endpoint "POST /contacts" is used multiple times.`, refFile: "generate.stdout"},
		{name: "endpoints-mismatch", code: "endpoints_mismatch", file: "nango.yaml", line: 16, cause: "The number of endpoints doesn't match the number of models", refFile: "generate.stdout"},
		{name: "invalid-runs", code: "invalid_runs", file: "nango.yaml", line: 8, cause: "sync_interval_too_short", refFile: "generate.stdout"},
		{name: "invalid-runs2", code: "invalid_runs", file: "nango.yaml", line: 8, cause: "sync_interval_invalid", refFile: "generate.stdout"},
		// the reference says only "no nango.yaml config found"
		{name: "invalid-yaml", code: "yaml_syntax", file: "nango.yaml", line: 8, cause: "invalid YAML"},
		{name: "missing-id", code: "model_missing_id", file: "nango.yaml", line: 13, cause: `Model "Company" doesn't have an id field.`, refFile: "generate.stdout"},
		{name: "missing-script-file", code: "missing-script-file", file: "nango.yaml", line: 40, col: 7, cause: "delete-contact", refFile: "compile.stdout"},
		{name: "no-integrations-key", code: "invalid_file_format", file: "nango.yaml", line: 1, cause: "you should have at least an `integrations` property at the root level", refFile: "generate.stdout"},
		{name: "not-nango-folder", code: "config_not_found", file: "nango.yaml", cause: "not inside a Nango folder"},
		{name: "schema-invalid", code: "additionalProperties", file: "nango.yaml", line: 9, cause: "must NOT have additional properties", refFile: "generate.stdout"},
		{name: "ts-type-error", tsc: true, code: "typecheck", file: "acme-crm/actions/create-contact.ts", line: 11, col: 31, cause: "TS2322: Type 'string' is not assignable to type 'boolean'.", refFile: "compile.stderr"},
		{name: "unawaited-call", code: "not-awaited", file: "acme-crm/actions/delete-contact.ts", line: 4, col: 5, cause: "nango.delete() calls must be awaited", refFile: "compile.stdout"},
		{name: "unknown-model-extends", code: "model_extends_not_found", file: "nango.yaml", line: 93, cause: `is extending "IdEntityMissing", but it does not exists`, refFile: "generate.stdout"},
		{name: "unknown-model-output", code: "model_missing_id", file: "nango.yaml", line: 13, cause: "Anonymous_acmecrm_sync_fetchcontacts_output", refFile: "generate.stdout"},
		{name: "wrong-model-in-batchsave", code: "invalid-model", file: "acme-crm/syncs/fetch-contacts.ts", line: 28, col: 47, cause: `"Companies" is not a valid model name.`, refFile: "compile.stdout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.tsc {
				if nodeModules == "" {
					t.Skip("NANGO_TEST_NODE_MODULES not set: this case is a TypeScript error (make test installs typescript)")
				}
				path = filepath.Join(nodeModules, ".bin")
			}
			dir := caseProject(t, tt.name)
			out, code, stderr := runCompile(t, dir, path, tt.tsc)
			if code != exitcode.Project {
				t.Errorf("exit code %d, want %d", code, exitcode.Project)
			}
			if out.OK {
				t.Error(`"ok": true`)
			}
			var found *diag
			for i, d := range out.Diagnostics {
				if d.Severity == "error" && d.Code == tt.code && d.File == tt.file && (tt.line == 0 || d.Line == tt.line) && (tt.col == 0 || d.Column == tt.col) {
					found = &out.Diagnostics[i]
					break
				}
			}
			if found == nil {
				t.Fatalf("no %s error at %s:%d:%d; got %+v\nstderr: %s", tt.code, tt.file, tt.line, tt.col, out.Diagnostics, stderr)
			}
			if !strings.Contains(found.Message, tt.cause) {
				t.Errorf("message %q does not name the cause %q", found.Message, tt.cause)
			}
			if tt.refFile == "" {
				return
			}
			ref, err := os.ReadFile(filepath.Join(recorded, tt.name+"."+tt.refFile))
			if err != nil {
				t.Logf("reference output not available (%v): cause not compared", err)
				return
			}
			if !strings.Contains(string(ref), strings.TrimPrefix(tt.cause, "TS2322: ")) {
				t.Errorf("the reference's output does not name %q: the case table is wrong", tt.cause)
			}
			// nothing is bundled for a script that failed
			for _, b := range out.Bundles {
				if !b.OK && b.Output != "" {
					t.Errorf("%s failed but has a bundle", b.Name)
				}
			}
		})
	}
}

// The cases where the reference succeeds succeed here too.
func TestRecordedSuccessCases(t *testing.T) {
	t.Run("unknown-model-field", func(t *testing.T) {
		// no compiler on PATH (and none in the temp project's parents): the type check is
		// skipped with a reason and the compile succeeds
		out, code, stderr := runCompile(t, caseProject(t, "unknown-model-field"), "", true)
		if code != exitcode.OK || !out.OK {
			t.Fatalf("exit %d: %+v\n%s", code, out.Diagnostics, stderr)
		}
		if out.Typecheck.Skipped == "" && out.Typecheck.Tool == "" {
			t.Error("typecheck neither run nor skipped")
		}
	})
	t.Run("allowed-import-zod-with-local-node_modules", func(t *testing.T) {
		nm := os.Getenv("NANGO_TEST_NODE_MODULES")
		if nm == "" {
			t.Skip("NANGO_TEST_NODE_MODULES not set (make test installs zod and typescript)")
		}
		dir := caseProject(t, "allowed-import-zod-with-local-node_modules")
		if err := os.Symlink(nm, filepath.Join(dir, "node_modules")); err != nil {
			t.Fatal(err)
		}
		out, code, stderr := runCompile(t, dir, "", true)
		if code != exitcode.OK || !out.OK {
			t.Fatalf("exit %d: %+v\n%s", code, out.Diagnostics, stderr)
		}
		for _, b := range out.Bundles {
			if b.Output == "" {
				t.Errorf("%s: no bundle", b.Name)
			}
		}
	})
}

// models.ts is regenerated when nango.yaml is newer, and only then.
func TestRegeneratesModelsWhenYAMLIsNewer(t *testing.T) {
	dir := caseProject(t, "unknown-model-field")
	models := filepath.Join(dir, "models.ts")
	if _, _, _ = runCompile(t, dir, "", false); !fileExists(models) {
		t.Fatal("models.ts not generated")
	}
	if err := os.WriteFile(models, []byte("// stale\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	future := time.Now().Add(time.Hour)
	os.Chtimes(models, future, future)
	runCompile(t, dir, "", false)
	if data, _ := os.ReadFile(models); string(data) != "// stale\n" {
		t.Fatal("models.ts regenerated although newer than nango.yaml")
	}
	later := future.Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "nango.yaml"), later, later)
	runCompile(t, dir, "", false)
	if data, _ := os.ReadFile(models); !strings.Contains(string(data), "export interface Contact") {
		t.Fatal("models.ts not regenerated after nango.yaml changed")
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
