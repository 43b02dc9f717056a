package typecheck

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// zeroTools returns tsc (NANGO_TEST_NODE_MODULES) and the zod 4 tree (NANGO_TEST_ZOD4_MODULES),
// skipping when either is missing.
func zeroTools(t *testing.T) (*Tool, string) {
	t.Helper()
	nm, zod4 := os.Getenv("NANGO_TEST_NODE_MODULES"), os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if nm == "" || zod4 == "" {
		t.Skip("NANGO_TEST_NODE_MODULES and NANGO_TEST_ZOD4_MODULES are needed (make test installs typescript and zod 4)")
	}
	tsc := filepath.Join(nm, ".bin", "tsc")
	if !isExecutable(tsc) {
		t.Skipf("no tsc under %s", nm)
	}
	return &Tool{Path: tsc, Major: tscMajor(tsc)}, zod4
}

// zeroProject copies a project of ../shared into a temporary folder with zod 4 as its
// node_modules, and returns it with its function files (index.ts's imports).
func zeroProject(t *testing.T, src, zod4 string) (string, []string) {
	t.Helper()
	if _, err := os.Stat(src); err != nil {
		t.Skipf("%s is not present", src)
	}
	dir := t.TempDir()
	if out, err := exec.Command("cp", "-r", src+"/.", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	if err := os.Symlink(zod4, filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.ts"))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, m := range regexp.MustCompile(`(?m)^import '\./([^']+)\.js';`).FindAllStringSubmatch(string(index), -1) {
		files = append(files, filepath.Join(dir, m[1]+".ts"))
	}
	return dir, files
}

// TestRunZeroRecorded: with our declarations of `nango`, the recorded project type-checks
// cleanly and its two recorded type errors are found where the reference found them (its
// compile/errors/<case>.stdout).
func TestRunZeroRecorded(t *testing.T) {
	tool, zod4 := zeroTools(t)
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("patch is not installed")
	}
	peer, _ := filepath.Abs("../../../shared/fixtures/peer-cli-zero")
	dir, files := zeroProject(t, filepath.Join(peer, "project"), zod4)
	res, err := RunZero(context.Background(), tool, dir, files)
	if err != nil || len(res.Diagnostics) > 0 {
		t.Fatalf("clean project: %v %v", err, res.Diagnostics)
	}
	for _, c := range []struct{ name, at, msg string }{
		{"zod-type-error", "globex-erp/actions/get-order.ts:8:5", "TS2322: Type '(nango: NangoAction<any, any>, input: { id: string; }) => Promise<{ id: string; status: \"open\" | \"shipped\"; total: string; }>' is not assignable"},
		{"batchsave-unknown-model", "globex-erp/syncs/fetch-orders.ts:23:13", `TS2345: Argument of type '"Orders"' is not assignable to parameter of type '"Order"'.`},
	} {
		diff := filepath.Join(peer, "compile", "errors", c.name+".diff")
		run := func(args ...string) {
			cmd := exec.Command("patch", append([]string{"-s", "-p1", "-i", diff}, args...)...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("patch: %v %s", err, out)
			}
		}
		run()
		res, err := RunZero(context.Background(), tool, dir, files)
		run("-R")
		if err != nil || len(res.Diagnostics) != 1 {
			t.Fatalf("%s: %v %v", c.name, err, res.Diagnostics)
		}
		if d := res.Diagnostics[0]; d.Position() != c.at || !strings.HasPrefix(d.Message, c.msg) {
			t.Errorf("%s: got %s %s, want %s %s", c.name, d.Position(), d.Message, c.at, c.msg)
		}
	}
}

// TestRunZeroRealProjects: real functions (templates-zero-sample; asana and zoom use
// pagination callbacks and save records looser than their models) have no type error with
// our declarations.
func TestRunZeroRealProjects(t *testing.T) {
	tool, zod4 := zeroTools(t)
	for _, name := range []string{"asana", "zoom"} {
		t.Run(name, func(t *testing.T) {
			src, _ := filepath.Abs("../../../shared/fixtures/templates-zero-sample/" + name)
			dir, files := zeroProject(t, src, zod4)
			res, err := RunZero(context.Background(), tool, dir, files)
			if err != nil || len(res.Diagnostics) > 0 {
				t.Fatalf("%v %v", err, res.Diagnostics)
			}
		})
	}
}
