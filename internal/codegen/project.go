package codegen

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nango-go/nango/internal/atomicfile"
)

// The files of a new project, before generation. They are the reference's (`nango init`):
// the same nango.yaml, .gitignore and .nango/ folder; the .env has the same keys with our
// comments.
var (
	//go:embed templates/project/nango.yaml
	initNangoYAML []byte
	//go:embed templates/project/env
	initEnv []byte
)

// initGitignore is the reference's .gitignore plus connections.local.yaml, which holds local
// mode's credentials (internal/localconn): a deliberate difference from the reference.
const (
	referenceGitignore = "dist\n.env\n"
	initGitignore      = referenceGitignore + "connections.local.yaml\n"
)

// ErrProjectExists is returned by InitProject when the folder already holds a project.
var ErrProjectExists = errors.New("already a Nango project")

// InitOptions tune InitProject.
type InitOptions struct {
	// Force initialises a folder that already holds a project: missing files are added,
	// existing ones are kept as they are.
	Force bool
}

// InitResult lists what InitProject created (slash-separated, relative to the project).
type InitResult struct {
	Created []string
	Kept    []string
}

// InitProject creates dir (with its parents) and writes a new project's nango.yaml, .env,
// .gitignore and .nango/.gitkeep, never replacing a file. Unless opts.Force, a folder that
// already has nango.yaml or .nango/ is refused with ErrProjectExists. Generation is the
// caller's next step (CheckAndGenerate).
func InitProject(dir string, opts InitOptions) (*InitResult, error) {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if !opts.Force {
		for _, marker := range []string{"nango.yaml", ".nango"} {
			if _, err := os.Lstat(filepath.Join(dir, marker)); err == nil {
				return nil, fmt.Errorf("%s is %w (it has %s)", dir, ErrProjectExists, marker)
			}
		}
	}
	if info, err := os.Stat(filepath.Join(dir, ".nango")); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s exists but is not a directory", filepath.Join(dir, ".nango"))
	}
	files := []struct {
		rel  string
		data []byte
	}{
		{".nango/.gitkeep", nil},
		{"nango.yaml", initNangoYAML},
		{".env", initEnv},
		{".gitignore", []byte(initGitignore)},
	}
	res := &InitResult{}
	var set atomicfile.WriteSet
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.rel))
		if _, err := os.Lstat(path); err == nil {
			res.Kept = append(res.Kept, f.rel)
			continue
		}
		set.AddNew(path, f.data, 0o644)
		res.Created = append(res.Created, f.rel)
	}
	if err := set.Commit(); err != nil {
		return nil, err
	}
	return res, nil
}
