package cli

import (
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nango-go/nango/internal/bundle/bundletest"
)

func init() {
	scriptCmds["loadbundle"] = cmdLoadBundle
	scriptSetups = append(scriptSetups, setupTestNodeModules)
}

// cmdLoadBundle loads compiled bundles in goja, the way the Nango runner does (CommonJS
// wrapper, require limited to the allowed packages), and checks that each one's default
// export is a function:
//
//	loadbundle dist/issues-github.js dist/create-issue-github.js
//	loadbundle -node_modules $NANGO_TEST_NODE_MODULES dist/validate-github.js
//
// Without -node_modules, require() of any package throws, so a bundle that needs one at
// load time fails.
func cmdLoadBundle(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! loadbundle")
	}
	var opts bundletest.Options
	if len(args) >= 2 && args[0] == "-node_modules" {
		opts.NodeModules = args[1]
		args = args[2:]
	}
	if len(args) == 0 {
		ts.Fatalf("usage: loadbundle [-node_modules dir] file.js...")
	}
	for _, f := range args {
		code := ts.ReadFile(f)
		exp, err := bundletest.LoadWith(code, opts)
		if err != nil {
			ts.Fatalf("%s: %v", f, err)
		}
		if !exp.DefaultIsFunction() {
			ts.Fatalf("%s: exports.default is not a function", f)
		}
	}
}

// setupTestNodeModules passes NANGO_TEST_NODE_MODULES (zod and typescript installed by
// `make test`) to the scripts, and, when it exists, puts an executable named
// have-test-node-modules on PATH so that a script can say
//
//	[!exec:have-test-node-modules] skip 'NANGO_TEST_NODE_MODULES not set: ...'
func setupTestNodeModules(env *testscript.Env) error {
	nm := os.Getenv("NANGO_TEST_NODE_MODULES")
	if nm == "" {
		return nil
	}
	if _, err := os.Stat(nm); err != nil {
		return nil
	}
	env.Setenv("NANGO_TEST_NODE_MODULES", nm)
	bin := filepath.Join(env.WorkDir, ".testbin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(bin, "have-test-node-modules"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		return err
	}
	env.Setenv("PATH", env.Getenv("PATH")+string(filepath.ListSeparator)+bin)
	return nil
}
