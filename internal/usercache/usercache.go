// Package usercache locates the per-user cache that `nango providers update` and
// `nango deps install` fill: $XDG_CACHE_HOME/nango, or ~/.cache/nango when XDG_CACHE_HOME is
// unset. The environment is injected (Getenv) so tests and callers never read the process
// environment behind the Factory's back.
package usercache

import (
	"errors"
	"path/filepath"
)

// Dir is the user cache root and the layout below it. The zero value is not usable: build
// one with New.
type Dir struct {
	// Root is <cache home>/nango.
	Root string
}

// ErrNoHome is returned when neither XDG_CACHE_HOME nor a home directory is known.
var ErrNoHome = errors.New("cannot locate the user cache: set HOME (or XDG_CACHE_HOME)")

// New returns the cache location from the environment read through getenv.
// XDG_CACHE_HOME wins when it is an absolute path (the XDG spec says relative values are
// invalid and must be ignored); otherwise HOME (USERPROFILE on Windows) + /.cache.
func New(getenv func(string) string) (Dir, error) {
	if x := getenv("XDG_CACHE_HOME"); x != "" && filepath.IsAbs(x) {
		return Dir{Root: filepath.Join(x, "nango")}, nil
	}
	home := getenv("HOME")
	if home == "" {
		home = getenv("USERPROFILE")
	}
	if home == "" {
		return Dir{}, ErrNoHome
	}
	return Dir{Root: filepath.Join(home, ".cache", "nango")}, nil
}

// Providers is where `nango providers update` keeps the provider catalog package.
func (d Dir) Providers() string { return filepath.Join(d.Root, "providers") }

// ProvidersYAML is the cached catalog file itself.
func (d Dir) ProvidersYAML() string {
	return filepath.Join(d.Providers(), "node_modules", "@nangohq", "providers", "providers.yaml")
}

// ProvidersPackage is the folder holding the cached @nangohq/providers package.
func (d Dir) ProvidersPackage() string {
	return filepath.Join(d.Providers(), "node_modules", "@nangohq", "providers")
}

// ZeroDefinitions keeps the definitions of zero-yaml functions already read, by bundle
// (internal/project/zerocache.go).
func (d Dir) ZeroDefinitions() string { return filepath.Join(d.Root, "zero-definitions") }

// Deps is the root of the npm-like tree that `nango deps install` fills.
func (d Dir) Deps() string { return filepath.Join(d.Root, "deps") }

// DepsNodeModules is the node_modules folder scripts' allowed modules (zod) load from when
// the project has none.
func (d Dir) DepsNodeModules() string { return filepath.Join(d.Deps(), "node_modules") }

// DepsPackage is the folder of one installed package, e.g. DepsPackage("zod").
func (d Dir) DepsPackage(name string) string {
	return filepath.Join(d.DepsNodeModules(), filepath.FromSlash(name))
}
