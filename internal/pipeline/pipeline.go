// Package pipeline is the one way a command turns a project's definitions into what it
// needs: Generate and Validate (what `nango generate` and `nango validate` do), and Compile
// (regenerate → check → bundle → type-check), which `nango compile`, `nango deploy` and the
// watch engine of `nango dev` share. It returns values and errors; the commands print them
// (internal/cmd/shared holds the printing they share).
package pipeline

import (
	"errors"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/project"
)

// GenerateOptions are the code generation options every command uses: generated files
// carry the reference CLI version they follow.
var GenerateOptions = codegen.Options{Version: build.ReferenceCLIVersion}

// Outcome is what Generate or Validate found and did.
type Outcome struct {
	// Project is nil when the definitions have an error.
	Project     *project.Project
	Diagnostics []project.Diagnostic
	// Result is nil when nothing was generated (errors in the definitions, a duplicate
	// script, or Validate).
	Result *codegen.Result
}

// Failed reports whether the project was rejected.
func (o *Outcome) Failed() bool { return o.Project == nil || project.HasErrors(o.Diagnostics) }

// Generate is `nango generate`: load the project in dir and, when its definitions have no
// error, write the generated files and missing scaffolds. A codegen.DiagnosticError
// (duplicate script name, unsafe name) becomes an error diagnostic, and nothing is written.
// The error is for a project that cannot be read (project.ErrNoDefinitions) and I/O
// failures.
func Generate(dir string, opts codegen.Options) (*Outcome, error) {
	return loadThen(dir, func(out *Outcome) (err error) {
		out.Result, err = codegen.Generate(dir, out.Project.YAML(), opts)
		return err
	})
}

// Validate is `nango validate`: the checks of Generate, those of the scaffold step included
// (two scripts resolving to one file, unusable file names), writing nothing.
func Validate(dir string) (*Outcome, error) {
	return loadThen(dir, func(out *Outcome) error {
		_, err := codegen.Scaffolds(out.Project.YAML(), codegen.ExistsIn(dir))
		return err
	})
}

// loadThen loads the project in dir and runs step when it has no error; a DiagnosticError
// of step becomes an error diagnostic (and Failed then reports true).
func loadThen(dir string, step func(*Outcome) error) (*Outcome, error) {
	p, diags, err := project.Load(dir)
	if err != nil {
		return nil, err
	}
	out := &Outcome{Project: p, Diagnostics: diags}
	if out.Failed() {
		return out, nil
	}
	err = step(out)
	var de codegen.DiagnosticError
	if errors.As(err, &de) {
		out.Diagnostics = append(out.Diagnostics, de.Diagnostic())
		return out, nil
	}
	return out, err
}
