package project_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/nango-go/nango/"

// imports maps each package of the module (relative to it) to its direct imports within it.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, module+"...").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v\n%s", err, out)
	}
	deps := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		deps[pkg] = nil
		for _, imp := range fields[1:] {
			if strings.HasPrefix(imp, module) {
				deps[pkg] = append(deps[pkg], strings.TrimPrefix(imp, module))
			}
		}
	}
	return deps
}

// isCommand reports whether pkg is a command package (one folder per command under
// internal/cmd/; internal/cmd/shared is the printing they share, not a command).
func isCommand(pkg string) bool {
	return strings.HasPrefix(pkg, "internal/cmd/") && pkg != "internal/cmd/shared"
}

// The layering of issue 14: only commands use the Factory (internal/cmdutil); the rest of the
// code asks internal/project, never the nango.yaml parser (code generation for nango.yaml, and
// the project itself, may use it); command packages do not import each other (root wires
// them up).
func TestLayering(t *testing.T) {
	// Still on the parser until the runner half of issue 14 moves internal/dryrun and
	// internal/testrun to internal/project: bundle keeps ProjectFromParsed for them.
	pending := map[string]bool{"internal/bundle": true, "internal/dryrun": true, "internal/testrun": true}
	parserUsers := map[string]bool{"internal/project": true, "internal/codegen": true, "pkg/nangoyaml": true}
	for pkg, deps := range imports(t) {
		for _, dep := range deps {
			// cmdutil is the Factory: engines return values and errors (exit codes are
			// internal/exitcode's); internal/dryrun is the runner half's to move.
			if dep == "internal/cmdutil" && !strings.HasPrefix(pkg, "internal/cmd/") && pkg != "internal/cli" && pkg != "internal/dryrun" {
				t.Errorf("%s imports internal/cmdutil: only commands and internal/cli may", pkg)
			}
			if dep == "pkg/nangoyaml" && !parserUsers[pkg] && !pending[pkg] && !strings.HasSuffix(pkg, "/cmd/fakenango-serve") {
				t.Errorf("%s imports the nango.yaml parser: ask internal/project instead", pkg)
			}
			// dryrun and test (the runner half of issue 14) still take --providers from
			// internal/cmd/providers.
			pendingCmd := (pkg == "internal/cmd/dryrun" || pkg == "internal/cmd/testcmd") && dep == "internal/cmd/providers"
			if isCommand(pkg) && isCommand(dep) && pkg != "internal/cmd/root" && !pendingCmd {
				t.Errorf("command package %s imports command package %s: move the shared code out of it", pkg, dep)
			}
		}
	}
}
