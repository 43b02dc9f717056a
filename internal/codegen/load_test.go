package codegen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// CheckValid gives commands that need a valid project one error with an exit code and a hint:
// no nango.yaml names the folder to run from; a rejected one lists each error with its path.
func TestCheckValid(t *testing.T) {
	dir := t.TempDir()
	_, err := CheckValid(dir, "dryrun")
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(exitcode.HintOf(err), "run nango dryrun from the folder that holds nango.yaml") {
		t.Errorf("missing nango.yaml: code %d, hint %q, err %v", exitcode.Of(err), exitcode.HintOf(err), err)
	}

	bad := "integrations:\n  github:\n    syncs:\n      issues:\n        endpoint: GET /issues\n        output: Issue\nmodels:\n  Issue:\n    id: string\n"
	if err := os.WriteFile(filepath.Join(dir, nangoyaml.FileName), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = CheckValid(dir, "test")
	// positioned as generate prints it (issue 13, item 14), not a bare key path
	if exitcode.Of(err) != exitcode.Project || !strings.Contains(err.Error(), "nango.yaml is invalid (1 error):\nnango.yaml:4:7: error: must have required property 'runs' [required]\n  at integrations > github > syncs > issues") ||
		!strings.Contains(exitcode.HintOf(err), "then run nango test again") {
		t.Errorf("invalid nango.yaml: %v (hint %q)", err, exitcode.HintOf(err))
	}

	good := "integrations:\n  github:\n    actions:\n      close:\n        endpoint: POST /close\nmodels: {}\n"
	if err := os.WriteFile(filepath.Join(dir, nangoyaml.FileName), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := CheckValid(dir, "test"); err != nil || len(p.Scripts()) != 1 || p.Scripts()[0].Action == nil || p.Scripts()[0].Name != "close" {
		t.Errorf("valid nango.yaml: %v", err)
	}
}
