package project

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/typecheck"
)

// copyTree copies the recorded project into a temporary folder a test may change.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestZeroRecordedFailingCompiles applies each recorded failing change
// (compile/errors/<case>.diff) to the recorded project and checks what reading the
// definitions says: the definition-stage cases and the import cases fail for the reference's
// cause, positioned at the offending text when the reference's rule is about a property; the
// cases the reference catches in its Babel pass or type-check are compile's (not definitions')
// and must read cleanly here, as must the cases that compile upstream.
func TestZeroRecordedFailingCompiles(t *testing.T) {
	peer := peerZero(t)
	nm := zod4Modules(t)
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("patch is not installed")
	}
	type tc struct {
		file, msg, at string // at: the text the position must point at ("" = file only)
	}
	defErr := map[string]tc{
		"model-lowercase":            {"globex-erp/syncs/fetch-orders.ts", `createSync > models Model "order" contains invalid characters`, "order: Order"},
		"frequency-invalid":          {"globex-erp/syncs/fetch-orders.ts", "createSync > frequency Interval is invalid, check syntax here https://github.com/vercel/ms", "frequency:"},
		"frequency-too-short":        {"globex-erp/syncs/fetch-orders.ts", "createSync > frequency Interval is invalid", "frequency:"},
		"frequency-empty":            {"globex-erp/syncs/fetch-orders.ts", "createSync > frequency Interval", "frequency:"},
		"endpoints-mismatch":         {"acme-crm/syncs/fetchContacts.ts", "createSync > endpoints The number of endpoints doesn't match the number of models", "endpoints:"},
		"duplicate-endpoint":         {"acme-crm/actions/createContact.ts", `createAction > endpoint Endpoint "GET /contacts" is used multiple times`, "'/contacts'"},
		"duplicate-model":            {"acme-crm/syncs/fetchContactsCopy.ts", `createSync > input Model "Contact" is defined multiple times`, "Contact: ContactSchema"},
		"trackdeletes-incremental":   {"globex-erp/syncs/fetch-orders.ts", "createSync > trackDeletes Track deletes is not supported for incremental syncs", "trackDeletes: true"},
		"script-outside-integration": {"loose.ts", "Script './loose.ts' must be inside an integration folder", ""},
		"empty-index":                {"index.ts", "No entry points found in index.ts", ""},
		"import-axios":               {"globex-erp/actions/get-order.ts", "Import of package 'axios' is not allowed. Allowed packages are: nango/experimental", "'axios'"},
		"import-helper-disallowed":   {"shared/mappers.ts", "Import of package 'node:util' is not allowed. Allowed packages are: nango/experimental, url, node:url, crypto, node:crypto, nango, zod, unzipper, soap, botbuilder", "'node:util'"},
		// The reference's Babel pass; ours is internal/scriptcheck's zero-yaml rules.
		"unawaited":               {"globex-erp/actions/get-order.ts", "nango.log() calls must be awaited", "nango.log("},
		"named-export":            {"globex-erp/actions/get-order.ts", "Named export 'helper' is not allowed. Only export default and createAction, createSync, createOnEvent, createFunction are permitted.", "export const helper"},
		"bad-default-export":      {"globex-erp/actions/get-order.ts", "Invalid default export: should be createAction(), createSync() or createOnEvent()", "export default { ...action }"},
		"retryon-without-retries": {"globex-erp/actions/get-order.ts", "Proxy call: 'retryOn' should not be used if 'retries' is not set.", "nango.get<"},
		"trackdeletes-order":      {"acme-crm/syncs/fetchContacts.ts", "trackDeletesEnd for model 'Contact' should be called after any batching records function", "nango.trackDeletesEnd('Contact')"},
		// The reference's type check; ours a static check of batch calls against the sync's models.
		"batchsave-unknown-model": {"globex-erp/syncs/fetch-orders.ts", `"Orders" is not a model of sync "fetch-orders": its models are Order`, "'Orders'"},
	}
	// Caught by the reference's type check only: the definitions and code checks pass, and
	// the optional type check finds it (typeError; internal/typecheck's TestRunZeroRecorded).
	compileOnly := []string{"zod-type-error"}
	// Compile upstream (exit 0).
	ok := []string{"console-log", "batch-in-action", "script-in-other-folder", "pkg-zod-range-no-dep-update"}
	diffs, _ := filepath.Glob(filepath.Join(peer, "compile", "errors", "*.diff"))
	if len(diffs) != 23 {
		t.Fatalf("%d recorded cases, want 23", len(diffs))
	}
	for _, d := range diffs {
		name := strings.TrimSuffix(filepath.Base(d), ".diff")
		t.Run(name, func(t *testing.T) {
			dir := copyTree(t, filepath.Join(peer, "project"))
			applyRecordedDiff(t, dir, d)
			p, diags, err := LoadZero(dir, ZeroOptions{NodeModules: nm})
			if err != nil {
				t.Fatal(err)
			}
			want, isErr := defErr[name]
			if !isErr {
				if !contains(compileOnly, name) && !contains(ok, name) {
					t.Fatalf("case %s is not classified", name)
				}
				if p == nil || HasErrors(diags) {
					t.Fatalf("want clean definitions, got %v", diags)
				}
				if contains(compileOnly, name) {
					typeError(t, p, nm[0], "globex-erp/actions/get-order.ts:8:5", "TS2322: Type '(nango: NangoAction<any, any>, input: { id: string; }) => Promise<")
				}
				return
			}
			if p != nil || len(diags) == 0 {
				t.Fatalf("want an error, got none")
			}
			got := diags[0]
			if got.File != want.file || !strings.Contains(got.Message, want.msg) {
				t.Fatalf("got %s, want %s: %s", got.String(), want.file, want.msg)
			}
			if want.at == "" {
				return
			}
			src, _ := os.ReadFile(filepath.Join(dir, want.file))
			lines := strings.Split(string(src), "\n")
			if got.Line < 1 || got.Line > len(lines) || got.Column < 1 || !strings.HasPrefix(lines[got.Line-1][got.Column-1:], want.at) {
				t.Fatalf("position %d:%d does not point at %q", got.Line, got.Column, want.at)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// applyRecordedDiff applies a recorded unified diff with patch(1). Two diffs describe a file
// in a comment instead of including it (duplicate-model's new file, script-in-other-folder's
// move): those are done here as described.
func applyRecordedDiff(t *testing.T, dir, diff string) {
	t.Helper()
	cmd := exec.Command("patch", "-s", "-p1", "-i", diff)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	if filepath.Base(diff) == "script-in-other-folder.diff" { // "# file moved: …"
		_ = os.MkdirAll(filepath.Join(dir, "globex-erp/misc"), 0o755)
		if err := os.Rename(filepath.Join(dir, "globex-erp/actions/get-order.ts"), filepath.Join(dir, "globex-erp/misc/get-order.ts")); err != nil {
			t.Fatal(err)
		}
	}
	if filepath.Base(diff) == "duplicate-model.diff" {
		src, err := os.ReadFile(filepath.Join(dir, "acme-crm/syncs/fetchContacts.ts"))
		if err != nil {
			t.Fatal(err)
		}
		s := strings.NewReplacer("'/contacts'", "'/contacts-copy'", "'/companies'", "'/companies-copy'").Replace(string(src))
		if err := os.WriteFile(filepath.Join(dir, "acme-crm/syncs/fetchContactsCopy.ts"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestZeroTemplatesSample reads the four real projects of templates-zero-sample: every
// function reads and passes the code checks (no false positive of the zero-yaml rules on code
// upstream compiles), with upstream's build/ names.
func TestZeroTemplatesSample(t *testing.T) {
	root, err := filepath.Abs("../../../shared/fixtures/templates-zero-sample")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(root); err != nil {
		t.Skip("../shared/fixtures/templates-zero-sample is not present")
	}
	nm := zod4Modules(t)
	want := map[string]int{"asana": 50, "front": 2, "notion": 49, "zoom": 28}
	for name, n := range want {
		t.Run(name, func(t *testing.T) {
			p, diags, err := LoadZero(filepath.Join(root, name), ZeroOptions{NodeModules: nm})
			if err != nil || p == nil || len(diags) > 0 {
				t.Fatalf("err %v, diagnostics %v", err, diags)
			}
			if len(p.Scripts) != n {
				t.Fatalf("%d functions, want %d", len(p.Scripts), n)
			}
			for _, s := range p.Scripts {
				if want := strings.ReplaceAll(strings.TrimSuffix(s.Zero.Source, ".ts"), "/", "_") + ".cjs"; s.Zero.BundleRel() != "build/"+want {
					t.Errorf("%s: bundle %s, want build/%s", s.Zero.Source, s.Zero.BundleRel(), want)
				}
			}
		})
	}
}

// typeError runs the optional type check (tsc from NANGO_TEST_NODE_MODULES, zod 4 as the
// project's node_modules) and wants exactly one error, at and with the text given.
func typeError(t *testing.T, p *Project, zod4, at, msg string) {
	t.Helper()
	if err := os.Symlink(zod4, filepath.Join(p.Dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	nm := os.Getenv("NANGO_TEST_NODE_MODULES")
	tool := typecheck.Find(p.Dir, filepath.Join(nm, ".bin"))
	if nm == "" || tool == nil {
		t.Skip("NANGO_TEST_NODE_MODULES not set or without tsc: no type check")
	}
	var files []string
	for _, s := range p.Scripts {
		files = append(files, filepath.Join(p.Dir, s.Zero.Source))
	}
	res, err := typecheck.RunZero(context.Background(), tool, p.Dir, files)
	if err != nil || len(res.Diagnostics) != 1 {
		t.Fatalf("type check: %v %v", err, res)
	}
	if d := res.Diagnostics[0]; d.Position() != at || !strings.HasPrefix(d.Message, msg) {
		t.Fatalf("type check: %s %s, want %s %s", d.Position(), d.Message, at, msg)
	}
}
