package codegen

import (
	"bytes"
	_ "embed"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nango-go/nango/internal/atomicfile"
)

// VitestDeclarationsFile declares the `vitest` module and `global.vitest` (the API `nango
// test` implements in internal/vitest/vitest.js and nangomock.js) for editors and tsc, with
// no npm install. It lives under .nango/ beside the other generated files, so it never
// clashes with a project's own vitest config or setup file. The reference CLI writes no such
// file, so it is written only for projects that have test files (WriteVitestDeclarations):
// the tree of a project without tests stays the reference's.
const VitestDeclarationsFile = ".nango/vitest.d.ts"

//go:embed templates/vitest.d.ts
var vitestDeclarations []byte

// VitestDeclarations returns the content of VitestDeclarationsFile.
func VitestDeclarations() []byte { return vitestDeclarations }

// WriteVitestDeclarations writes VitestDeclarationsFile into the project at dir unless it
// already has that content, and reports whether it wrote.
func WriteVitestDeclarations(dir string) (bool, error) {
	path := filepath.Join(dir, filepath.FromSlash(VitestDeclarationsFile))
	old, err := os.ReadFile(path)
	if err == nil && bytes.Equal(old, vitestDeclarations) {
		return false, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	return true, atomicfile.WriteFile(path, vitestDeclarations, 0o644)
}
