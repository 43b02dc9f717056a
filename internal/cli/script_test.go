package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the extra testscript commands. Other _test.go files of this package add to
// it from init() (for example a fake Nango server), so that each concern keeps its own file.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){}

// scriptSetups run for every script after the common environment is set.
var scriptSetups []func(env *testscript.Env) error

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"nango": func() { os.Exit(Main()) },
	})
}

// TestScripts runs the end-to-end txtar scripts in testdata/script against the real binary
// entry point. `go test ./internal/cli -run TestScripts/<name>` runs one; -update rewrites
// the golden sections that `cmp` compares.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "..", "testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *updateScripts,
		Cmds:                scriptCmds,
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", filepath.Join(env.WorkDir, ".home"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".home", ".cache"))
			env.Setenv("NO_COLOR", "1")
			env.Setenv("NANGO_HOSTPORT", "http://127.0.0.1:1")
			// No script reaches a real registry (the catalog download of dryrun/test
			// included); `fakenpm start` points it at a fake one.
			env.Setenv("npm_config_registry", "http://127.0.0.1:1/")
			if shared, err := filepath.Abs(filepath.Join("..", "..", "..", "shared")); err == nil {
				env.Setenv("SHARED", shared)
			}
			for _, s := range scriptSetups {
				if err := s(env); err != nil {
					return err
				}
			}
			return nil
		},
	})
}
