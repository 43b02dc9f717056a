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

// The layering of issue 14 (README, "Architecture"): only commands use the Factory
// (internal/cmdutil); the rest of the code asks internal/project, never the nango.yaml parser
// (code generation for nango.yaml, and the project itself, may use it); command packages do
// not import each other (root wires them up; internal/cmd/shared is what they share); the dry
// run and the test runners are siblings on internal/runner and never import each other.
func TestLayering(t *testing.T) {
	// internal/migrate generates code from nango.yaml too: zod schemas from its models (zod.go)
	parserUsers := map[string]bool{"internal/project": true, "internal/codegen": true, "internal/migrate": true, "pkg/nangoyaml": true}
	runners := map[string]bool{"internal/dryrun": true, "internal/testrun": true, "internal/vitest": true}
	for pkg, deps := range imports(t) {
		for _, dep := range deps {
			switch {
			case dep == "internal/cmdutil" && !strings.HasPrefix(pkg, "internal/cmd/") && pkg != "internal/cli":
				t.Errorf("%s imports internal/cmdutil: only commands and internal/cli may (engines use internal/exitcode)", pkg)
			case dep == "pkg/nangoyaml" && !parserUsers[pkg] && !strings.HasSuffix(pkg, "/cmd/fakenango-serve"):
				t.Errorf("%s imports the nango.yaml parser: ask internal/project instead", pkg)
			case isCommand(pkg) && isCommand(dep) && pkg != "internal/cmd/root":
				t.Errorf("command package %s imports command package %s: move the shared code to internal/cmd/shared or an engine", pkg, dep)
			case runners[pkg] && runners[dep]:
				t.Errorf("%s imports %s: both run scripts through internal/runner", pkg, dep)
			}
		}
	}
}
