package codegen

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// ErrNoConfig is returned (wrapped) when the project has no nango.yaml.
var ErrNoConfig = errors.New("no nango.yaml")

// ParseOptions are the parser options matching the reference version we follow (0.60.5:
// `never` and `void` are type aliases).
var ParseOptions = nangoyaml.Options{NeverVoidAliases: true}

// Check reads and parses <dir>/nango.yaml as internal/project's Load does (Parse). It and
// CheckValid remain for internal/dryrun and internal/testrun until they load through
// internal/project; nothing else may use them.
//
// Check reads and parses <dir>/nango.yaml. Diagnostics name the file "nango.yaml" (relative
// to the project, as editors and CI logs want it); a model named like a type of the SDK block
// adds a warning. The error is set only when the file cannot
// be read; a rejected file is reported through the diagnostics (nangoyaml.HasErrors).
func Check(dir string) (*nangoyaml.Parsed, []nangoyaml.Diagnostic, error) {
	path := filepath.Join(dir, nangoyaml.FileName)
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%w found at %s: %w", ErrNoConfig, path, err)
		}
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	p, diags := Parse(data)
	return p, diags, nil
}

// CheckValid is Check for commands that need a valid project and print no diagnostics of
// their own (dryrun, test): a missing nango.yaml or one with errors is an ExitProject error
// whose hint tells the user what to do. command names the command in that hint.
func CheckValid(dir, command string) (*nangoyaml.Parsed, error) {
	parsed, diags, err := Check(dir)
	if err != nil {
		if errors.Is(err, ErrNoConfig) {
			return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%v", err), "run nango "+command+" from the folder that holds nango.yaml")
		}
		return nil, exitcode.WithCode(exitcode.Project, err)
	}
	if parsed == nil || nangoyaml.HasErrors(diags) {
		// Each error as generate and validate print it (nango.yaml:line:col: error: … [code]):
		// the same problem reads the same whichever command found it.
		var msgs []string
		for _, d := range diags {
			if d.Severity == nangoyaml.SeverityError {
				msgs = append(msgs, d.String())
			}
		}
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "nango.yaml is invalid (%s):\n%s",
			text.Pluralize(len(msgs), "error"), strings.Join(msgs, "\n")),
			"fix nango.yaml, then run nango "+command+" again (nango validate checks it without running anything)")
	}
	return parsed, nil
}

// DiagnosticError is an error of the generation step that is a problem of nango.yaml
// (DuplicateScriptError, UnsafeNameError): it is reported as a positioned diagnostic.
type DiagnosticError interface {
	error
	Diagnostic() nangoyaml.Diagnostic
}
