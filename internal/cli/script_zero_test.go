package cli

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptSetups = append(scriptSetups, setupZod4Modules)
	scriptCmds["cmpnonl"] = cmpNoNewline
}

// cmpNoNewline compares a file that must not end with a newline (the reference writes
// .nango/nango.json with JSON.stringify and no trailing newline) with a txtar file, whose
// trailing newline txtar always adds:
//
//	cmpnonl .nango/nango.json want-nango.json
func cmpNoNewline(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: cmpnonl got want")
	}
	got, want := ts.ReadFile(args[0]), ts.ReadFile(args[1])
	if strings.HasSuffix(got, "\n") {
		ts.Fatalf("%s ends with a newline", args[0])
	}
	if got != strings.TrimSuffix(want, "\n") {
		ts.Fatalf("%s and %s differ:\n%s", args[0], args[1], got)
	}
}

// setupZod4Modules passes NANGO_TEST_ZOD4_MODULES (zod 4, installed by `make test` for
// zero-yaml projects) to the scripts, and, when it exists, puts an executable named
// have-zod4 on PATH so that a script can say
//
//	[!exec:have-zod4] skip 'NANGO_TEST_ZOD4_MODULES not set: zod 4 is needed'
func setupZod4Modules(env *testscript.Env) error {
	nm := os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if nm == "" {
		return nil
	}
	if _, err := os.Stat(filepath.Join(nm, "zod")); err != nil {
		return nil
	}
	env.Setenv("NANGO_TEST_ZOD4_MODULES", nm)
	bin := filepath.Join(env.WorkDir, ".testbin-zod4")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(bin, "have-zod4"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		return err
	}
	env.Setenv("PATH", env.Getenv("PATH")+string(filepath.ListSeparator)+bin)
	return nil
}
