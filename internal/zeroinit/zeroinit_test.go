package zeroinit

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/usercache"
)

func zod4(t *testing.T) []string {
	t.Helper()
	nm := os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if _, err := os.Stat(filepath.Join(nm, "zod", "package.json")); nm == "" || err != nil {
		t.Skip("NANGO_TEST_ZOD4_MODULES not set or without zod (make test installs zod 4 there)")
	}
	return []string{nm}
}

// TestInitTree: the recorded tree's shape (fixtures/peer-cli-zero/init/copy/tree) plus
// .gitignore, and the second run is refused.
func TestInitTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	got, err := Init(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := []string{".env", ".gitignore", ".nango/.gitkeep", "github/actions/createIssue.ts", "github/on-events/pre-connection-deletion.ts",
		"github/syncs/fetchIssues.ts", "index.ts", "package.json", "tsconfig.json"}
	if !slices.Equal(got, want) {
		t.Fatalf("wrote %v, want %v", got, want)
	}
	if !project.IsZero(dir) {
		t.Fatal("not a zero-yaml project")
	}
	if _, err := Init(dir, false); !errors.Is(err, ErrExists) {
		t.Fatalf("second init: %v, want ErrExists", err)
	}
	os.Remove(filepath.Join(dir, ".gitignore"))
	os.WriteFile(filepath.Join(dir, "index.ts"), []byte("// mine\n"), 0o644)
	got, err = Init(dir, true)
	if err != nil || !slices.Equal(got, []string{".gitignore"}) {
		t.Fatalf("--force wrote %v (%v), want only .gitignore", got, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.ts")); string(b) != "// mine\n" {
		t.Fatal("--force replaced index.ts")
	}
}

// TestInitAndCreateCompile: the example and a function of each kind read without a
// diagnostic, with the names and kinds asked for.
func TestInitAndCreateCompile(t *testing.T) {
	nm := zod4(t)
	dir := t.TempDir()
	if _, err := Init(dir, false); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind        Kind
		integ, name string
	}{{Sync, "acme-crm", "contacts"}, {Action, "acme-crm", "create-contact"}, {OnEvent, "acme-crm", "setup"}, {Sync, "github", "x"}} {
		rel, err := Create(dir, c.kind, c.integ, c.name)
		if err != nil {
			t.Fatal(err)
		}
		if rel != c.integ+"/"+c.kind.Dir()+"/"+c.name+".ts" {
			t.Fatalf("created %s", rel)
		}
	}
	if _, err := Create(dir, Sync, "acme-crm", "contacts"); !errors.Is(err, ErrFunctionExists) {
		t.Fatalf("second create: %v", err)
	}
	if _, err := Create(dir, Sync, "acme crm", "contacts"); err == nil || !errors.Is(err, ErrInvalidName) || !strings.Contains(err.Error(), "integration \"acme crm\"") {
		t.Fatalf("bad integration: %v", err)
	}
	p, diags, err := project.LoadZero(dir, project.ZeroOptions{NodeModules: nm})
	if err != nil || p == nil || len(diags) > 0 {
		t.Fatalf("err %v, diagnostics %v", err, diags)
	}
	var got []string
	for _, s := range p.Scripts {
		got = append(got, s.Integration+"/"+s.Name+":"+string(s.Kind))
	}
	want := []string{"github/fetchIssues:sync", "github/createIssue:action", "github/pre-connection-deletion:on-event",
		"acme-crm/contacts:sync", "acme-crm/create-contact:action", "acme-crm/setup:on-event", "github/x:sync"}
	if !slices.Equal(got, want) {
		t.Fatalf("functions %v, want %v", got, want)
	}
}

func TestModelName(t *testing.T) {
	for in, want := range map[string]string{"contacts": "Contacts", "fetch-orders": "FetchOrders", "a_b": "AB", "x": "XRecord", "2fa": "M2faRecord"} {
		if got := ModelName(in); got != want {
			t.Errorf("ModelName(%q) = %q, want %q", in, got, want)
		}
	}
}

// The package.json `init --zero-yaml` writes pins the versions the rest of the binary follows:
// the reference CLI of deploy bodies and migrations, and the zod `nango deps install` installs.
func TestTemplatePinsTheBinarysVersions(t *testing.T) {
	data, err := files.ReadFile("template/package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	if got := pkg.DevDependencies["nango"]; got != build.ZeroReferenceCLIVersion {
		t.Errorf("template pins nango %q, the binary follows %q (internal/build)", got, build.ZeroReferenceCLIVersion)
	}
	if got := pkg.DevDependencies["zod"]; got != usercache.ZodVersionZero {
		t.Errorf("template pins zod %q, nango deps installs %q (internal/usercache)", got, usercache.ZodVersionZero)
	}
}
