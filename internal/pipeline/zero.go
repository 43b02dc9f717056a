package pipeline

import (
	"bytes"
	"fmt"
	"os"
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

// WriteZero writes what the reference's compile writes for a loaded zero-yaml project:
// build/<integration>_<folder>_<name>.cjs for every function and .nango/nango.json, all in
// one atomic step. Bundles of functions that index.ts no longer imports are left alone, as
// by the reference.
func WriteZero(p *project.Project) error {
	_, err := writeZero(p, false)
	return err
}

// WriteZeroChanged is WriteZero for the watch engine of `nango dev`: only the files whose
// content differs from what is on disk are written (an unchanged bundle keeps its mtime and
// sends no event), and their paths (relative, slash-separated) are returned.
func WriteZeroChanged(p *project.Project) ([]string, error) {
	return writeZero(p, true)
}

func writeZero(p *project.Project, onlyChanged bool) ([]string, error) {
	var ws atomicfile.WriteSet
	var written []string
	add := func(rel string, data []byte) {
		path := filepath.Join(p.Dir, filepath.FromSlash(rel))
		if onlyChanged {
			if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
				return
			}
		}
		ws.Add(path, data, 0o644)
		written = append(written, rel)
	}
	for _, s := range p.Scripts {
		add(s.Zero.BundleRel(), s.Zero.Bundle)
	}
	nj, err := p.NangoJSON()
	if err != nil {
		return nil, &WriteError{Err: err}
	}
	add(project.NangoJSONFile, nj)
	if ws.Len() == 0 {
		return nil, nil
	}
	if err := ws.Commit(); err != nil {
		return nil, &WriteError{Err: err}
	}
	return written, nil
}
