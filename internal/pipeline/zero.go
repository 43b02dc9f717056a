package pipeline

import (
	"fmt"
	"path/filepath"

	"github.com/nango-go/nango/internal/atomicfile"
	"github.com/nango-go/nango/internal/project"
)

// WriteError is a failure to write a compiled zero-yaml project's files: an I/O problem of
// the project folder, not a problem of the functions.
type WriteError struct{ Err error }

func (e *WriteError) Error() string {
	return fmt.Sprintf("write build/ and %s: %v", project.NangoJSONFile, e.Err)
}
func (e *WriteError) Unwrap() error { return e.Err }

// CompileZero is the compile of a zero-yaml project that `nango compile`, `nango deploy` and
// the watch engine of `nango dev` share: reading the definitions builds every function
// (project.LoadZero), and when none has an error WriteZero writes the result. The project is
// nil when a diagnostic is an error (nothing is then written); the error is LoadZero's for
// an unreadable index.ts, or a *WriteError.
func CompileZero(dir string, opts project.ZeroOptions) (*project.Project, []project.Diagnostic, error) {
	p, diags, err := project.LoadZero(dir, opts)
	if err != nil || p == nil {
		return p, diags, err
	}
	return p, diags, WriteZero(p)
}

// WriteZero writes what the reference's compile writes for a loaded zero-yaml project:
// build/<integration>_<folder>_<name>.cjs for every function and .nango/nango.json, all in
// one atomic step. Bundles of functions that index.ts no longer imports are left alone, as
// by the reference.
func WriteZero(p *project.Project) error {
	var ws atomicfile.WriteSet
	for _, s := range p.Scripts {
		ws.Add(filepath.Join(p.Dir, filepath.FromSlash(s.Zero.BundleRel())), s.Zero.Bundle, 0o644)
	}
	nj, err := p.NangoJSON()
	if err != nil {
		return &WriteError{Err: err}
	}
	ws.Add(filepath.Join(p.Dir, filepath.FromSlash(project.NangoJSONFile)), nj, 0o644)
	if err := ws.Commit(); err != nil {
		return &WriteError{Err: err}
	}
	return nil
}
