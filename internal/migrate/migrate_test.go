package migrate

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/project"
)

var testOpts = Options{NangoVersion: "0.71.10", ZodVersion: "4.3.6"}

// copyTree copies a fixture folder into a new temporary project folder.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	dir := t.TempDir()
	copyOver(t, from, dir)
	return dir
}

// copyOver copies every file of from into dir, replacing files of the same path.
func copyOver(t *testing.T, from, dir string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func buildPlan(t *testing.T, dir string) *Plan {
	t.Helper()
	plan, err := buildPlanErr(t, dir)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return plan
}

func buildPlanErr(t *testing.T, dir string) (*Plan, error) {
	t.Helper()
	p, diags, err := project.Load(dir)
	if err != nil || p == nil {
		t.Fatalf("load: %v %v", err, diags)
	}
	return Build(p, testOpts)
}

// refusedInGolden is the one problem our migration refuses in upstream's recorded projects
// (upstream writes it and its own compile rejects it); the golden comparison still checks
// every file the plan computed.
var refusedInGolden = map[string]string{
	"acme-crm": "acme-crm/fetch-contacts: an incremental sync with track_deletes: true cannot be carried over",
}

func planFiles(plan *Plan) map[string]string {
	out := map[string]string{}
	for _, c := range plan.Changes {
		if c.Op != OpDelete {
			out[c.Path] = string(c.Data)
		}
	}
	return out
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureDir is upstream's recorded before/after trees of one migrate-to-zero-yaml run:
// acme-crm (our own test project, kept in testdata) and init060 (the 0.60.5 `nango init` demo,
// upstream's text, read from the shared recordings and skipped when they are absent).
func fixtureDir(t *testing.T, name string) string {
	t.Helper()
	if name == "acme-crm" {
		return filepath.Join("testdata", name)
	}
	dir := filepath.Join("..", "..", "..", "shared", "fixtures", "peer-cli-zero", "migrate", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("recorded migration %s not found at %s", name, dir)
	}
	return dir
}

// beforeTree is a copy of the project a recorded migration started from. acme-crm's is the
// repository's own acme project (testdata/compile/acme, the scripts) with what `nango
// generate` writes for it (testdata/codegen/peer-cli/generate: models.ts, .nango/,
// .gitignore), so it is not kept a third time here; the others are the recorded trees.
func beforeTree(t *testing.T, name string) string {
	t.Helper()
	if name != "acme-crm" {
		return copyTree(t, filepath.Join(fixtureDir(t, name), "before"))
	}
	dir := copyTree(t, filepath.Join("..", "..", "testdata", "codegen", "peer-cli", "generate"))
	copyOver(t, filepath.Join("..", "..", "testdata", "compile", "acme"), dir)
	return dir
}

// deviation is a line where our migration deliberately differs from upstream's, so that the
// result type-checks and keeps what nango.yaml meant (README "Compatibility notes").
type deviation struct{ file, upstream, ours string }

var deviations = map[string][]deviation{
	"acme-crm": {
		{"acme-crm/mappers/to-contact.ts", `import type { Contact } from '../../models';`, `import type { Contact } from '../../models.js';`},
		{"models.ts", `  previous_addresses: Address.array(),`, `  previous_addresses: Address.array().optional(),`},
		{"models.ts", `    linkedin: z.string()`, `    linkedin: z.string().optional()`},
		{"models.ts", `  custom_fields: z.object({})`, `  custom_fields: z.record(z.string(), z.any())`},
		{"models.ts", `  id: z.number(),`, `  id: z.string(),`},
		{"models.ts", `  tags: z.string().optional().array()`, `  tags: z.string().array().optional()`},
	},
	"init060": {
		{"models.ts", `  id: z.number(),`, `  id: z.string(),`},
	},
}

// TestGoldenAgainstUpstream compares the migrated tree with upstream's recorded one, file by
// file, byte for byte except the listed deviations.
func TestGoldenAgainstUpstream(t *testing.T) {
	for name, devs := range deviations {
		t.Run(name, func(t *testing.T) {
			root := fixtureDir(t, name)
			plan, err := buildPlanErr(t, beforeTree(t, name))
			if want := refusedInGolden[name]; want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
				t.Fatalf("Build error = %v, want %q", err, want)
			}
			got := planFiles(plan)
			want := map[string]string{}
			_ = filepath.WalkDir(filepath.Join(root, "after"), func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(filepath.Join(root, "after"), p)
				data, err := os.ReadFile(p)
				if filepath.ToSlash(rel) != ".gitignore" { // unchanged by both
					want[filepath.ToSlash(rel)] = string(data)
				}
				return err
			})
			for _, d := range devs {
				if !strings.Contains(want[d.file], d.upstream+"\n") {
					t.Fatalf("deviation %q not found in upstream's %s", d.upstream, d.file)
				}
				want[d.file] = strings.Replace(want[d.file], d.upstream+"\n", d.ours+"\n", 1)
			}
			for rel, w := range want {
				if got[rel] != w {
					t.Errorf("%s differs from upstream's:\n--- got\n%s\n--- want\n%s", rel, got[rel], w)
				}
			}
			for rel := range got {
				if _, ok := want[rel]; !ok {
					t.Errorf("%s is written but upstream's tree has no such file", rel)
				}
			}
			last := plan.Changes[len(plan.Changes)-1]
			if last.Path != "nango.yaml" || last.Op != OpDelete {
				t.Errorf("last change = %+v, want nango.yaml deleted as upstream does", last)
			}
		})
	}
}
