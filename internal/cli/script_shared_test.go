package cli

import (
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptSetups = append(scriptSetups, setupSharedFixtures)
}

// setupSharedFixtures puts have-shared-fixtures on PATH when ../shared/fixtures (the reference
// CLI's recordings, $SHARED) is present, so that a script can say
//
//	[!exec:have-shared-fixtures] skip 'shared fixtures not available'
func setupSharedFixtures(env *testscript.Env) error {
	shared := env.Getenv("SHARED")
	if shared == "" {
		return nil
	}
	if _, err := os.Stat(filepath.Join(shared, "fixtures", "peer-cli", "dryrun", "sync.cmd")); err != nil {
		return nil
	}
	bin := filepath.Join(env.WorkDir, ".testbin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(bin, "have-shared-fixtures"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		return err
	}
	env.Setenv("PATH", env.Getenv("PATH")+string(filepath.ListSeparator)+bin)
	return nil
}
