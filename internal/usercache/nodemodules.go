package usercache

import (
	"os"
	"path/filepath"
)

// NodeModules is where the packages scripts may require (zod) are searched, in order: every
// node_modules folder from dir up to the root, then the user cache's (DepsNodeModules, filled
// by `nango deps install`). Dry runs, tests and zero-yaml definition reading
// (internal/project) all load zod through this one list.
func NodeModules(dir string, getenv func(string) string) []string {
	var out []string
	for d := dir; ; {
		nm := filepath.Join(d, "node_modules")
		if fi, err := os.Stat(nm); err == nil && fi.IsDir() {
			out = append(out, nm)
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if c, err := New(getenv); err == nil {
		out = append(out, c.DepsNodeModules())
	}
	return out
}
