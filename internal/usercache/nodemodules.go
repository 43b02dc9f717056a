package usercache

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Zod majors: nango.yaml-era scripts are written against zod 3, zero-yaml functions against
// zod 4 (the reference pins 4.3.6). Each major has its own tree in the cache, so one user can
// work on both kinds of project.
const (
	Zod3 = 3
	Zod4 = 4
)

// DepsNodeModulesFor is the cache's node_modules tree for a zod major: DepsNodeModules for
// zod 3 (where it always was), deps/zod4/node_modules for zod 4.
func (d Dir) DepsNodeModulesFor(zodMajor int) string {
	if zodMajor >= Zod4 {
		return filepath.Join(d.Deps(), "zod4", "node_modules")
	}
	return d.DepsNodeModules()
}

// ZodMajor is the major version of a zod version ("4.3.6" → 4); 0 for a dist-tag or range.
func ZodMajor(version string) int {
	major, _, _ := strings.Cut(strings.TrimPrefix(version, "v"), ".")
	n, err := strconv.Atoi(major)
	if err != nil {
		return 0
	}
	return n
}

// NodeModules is where the packages nango.yaml-era scripts may require (zod 3) are searched:
// NodeModulesFor(dir, getenv, Zod3).
func NodeModules(dir string, getenv func(string) string) []string {
	return NodeModulesFor(dir, getenv, Zod3)
}

// NodeModulesFor is where scripts' packages (zod) are searched, in order: every node_modules
// folder from dir up to the root, then the user cache's tree for that zod major (filled by
// `nango deps install`). Dry runs, tests and zero-yaml definition reading (internal/project)
// all load zod through this one list.
func NodeModulesFor(dir string, getenv func(string) string, zodMajor int) []string {
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
		out = append(out, c.DepsNodeModulesFor(zodMajor))
	}
	return out
}

// ZodVersion is the zod installed by default: zod 3, the major version nango.yaml-era
// scripts (reference CLI 0.58-0.61) are written against.
const ZodVersion = "3.24.2"

// ZodVersionZero is the zod installed by default in a zero-yaml project (internal/project.IsZero): the
// version the reference CLI 0.71 pins for its functions.
const ZodVersionZero = "4.3.6"
