package codegen

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestVitestDeclarationsTypeCheck runs the installed TypeScript on a test file that uses the
// vitest API and global.vitest, with .nango/vitest.d.ts and nothing else (no vitest, no
// @types/node), under strict mode: it must report no error. A sloppy declaration (a missing
// member, a wrong signature) fails here.
func TestVitestDeclarationsTypeCheck(t *testing.T) {
	nm := os.Getenv("NANGO_TEST_NODE_MODULES")
	if nm == "" {
		t.Skip("NANGO_TEST_NODE_MODULES is not set (make test sets it)")
	}
	tsc := filepath.Join(nm, ".bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Skipf("no tsc at %s", tsc)
	}
	dir := t.TempDir()
	if wrote, err := WriteVitestDeclarations(dir); err != nil || !wrote {
		t.Fatalf("write: %v %v", wrote, err)
	}
	if wrote, err := WriteVitestDeclarations(dir); err != nil || wrote {
		t.Fatalf("second write: %v %v (want unchanged)", wrote, err)
	}
	src, err := os.ReadFile("testdata/tsc/vitest.test.ts")
	if err != nil {
		t.Fatal(err)
	}
	test := filepath.Join(dir, "demo", "tests", "demo-items.test.ts")
	os.MkdirAll(filepath.Dir(test), 0o755)
	if err := os.WriteFile(test, src, 0o644); err != nil {
		t.Fatal(err)
	}
	// The temporary folder has no node_modules: the declarations alone must suffice.
	args := append(append([]string{}, tscFlags...), "--lib", "es2022",
		filepath.Join(dir, filepath.FromSlash(VitestDeclarationsFile)), test)
	cmd := exec.Command(tsc, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tsc: %v\n%s", err, out)
	}
}
