package providers

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/nango-go/nango/internal/usercache"
)

// EnvFile names a providers.yaml to use instead of searching (same as --providers).
const EnvFile = "NANGO_PROVIDERS_FILE"

// FlagName and FlagUsage describe the --providers flag that commands needing the catalog
// register (providers list/show here; dryrun and test elsewhere).
const (
	FlagName  = "providers"
	FlagUsage = "provider catalog (providers.yaml) to use instead of node_modules/@nangohq/providers or the user cache (env " + EnvFile + ")"
)

// Source says where a catalog was found.
type Source string

const (
	SourceFlag        Source = "--providers"
	SourceEnv         Source = EnvFile
	SourceNodeModules Source = "node_modules"
	SourceCache       Source = "user cache"
)

// ErrNoCatalog means no providers.yaml was found anywhere. Errors wrapping it carry the
// fix in their text (see NoCatalogHint) because they may reach the user through a script.
var ErrNoCatalog = errors.New("no provider catalog found")

// NoCatalogHint is what to do when there is no catalog.
const NoCatalogHint = "run `nango providers update` to download @nangohq/providers into the user cache, or pass --providers FILE (or set " + EnvFile + ")"

// nodeModulesCatalog is the catalog's place inside a node_modules tree.
var nodeModulesCatalog = filepath.Join("node_modules", "@nangohq", "providers", "providers.yaml")

// Locator finds the catalog. Every input is injected.
type Locator struct {
	// Flag is the --providers value ("" when not given).
	Flag string
	// Getenv reads the environment (for NANGO_PROVIDERS_FILE); nil reads nothing.
	Getenv func(string) string
	// ProjectDir is where the upward node_modules search starts ("" skips it).
	ProjectDir string
	// CacheFile is the user cache's providers.yaml (usercache.Dir.ProvidersYAML); "" skips it.
	CacheFile string
}

// NewLocator is the standard Locator of a command: flag is the --providers value, projectDir
// the project folder, and the cache file comes from the user cache (usercache) when the
// environment locates one.
func NewLocator(flag, projectDir string, getenv func(string) string) Locator {
	loc := Locator{Flag: flag, Getenv: getenv, ProjectDir: projectDir}
	if getenv != nil {
		if cache, err := usercache.New(getenv); err == nil {
			loc.CacheFile = cache.ProvidersYAML()
		}
	}
	return loc
}

// Find returns the catalog path and how it was found. A file named by the flag or the
// environment must exist; the searched places are skipped when absent. When nothing is
// found the error wraps ErrNoCatalog.
func (l Locator) Find() (string, Source, error) {
	if l.Flag != "" {
		return explicit(l.Flag, SourceFlag)
	}
	if l.Getenv != nil {
		if f := l.Getenv(EnvFile); f != "" {
			return explicit(f, SourceEnv)
		}
	}
	if l.ProjectDir != "" {
		dir, err := filepath.Abs(l.ProjectDir)
		if err == nil {
			for {
				candidate := filepath.Join(dir, nodeModulesCatalog)
				if isFile(candidate) {
					return candidate, SourceNodeModules, nil
				}
				parent := filepath.Dir(dir)
				if parent == dir {
					break
				}
				dir = parent
			}
		}
	}
	if l.CacheFile != "" && isFile(l.CacheFile) {
		return l.CacheFile, SourceCache, nil
	}
	return "", "", fmt.Errorf("%w (looked in node_modules/@nangohq/providers from the project folder upward and in the user cache): %s", ErrNoCatalog, NoCatalogHint)
}

func explicit(path string, src Source) (string, Source, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", "", fmt.Errorf("provider catalog %s (from %s) does not exist", path, src)
	case err != nil:
		return "", "", fmt.Errorf("provider catalog %s (from %s): %w", path, src, err)
	case info.IsDir():
		return "", "", fmt.Errorf("provider catalog %s (from %s) is a folder; name the providers.yaml file", path, src)
	}
	return path, src, nil
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// Load finds and parses the catalog.
func (l Locator) Load() (*Catalog, error) {
	path, src, err := l.Find()
	if err != nil {
		return nil, err
	}
	c, err := Load(path)
	if err != nil {
		return nil, err
	}
	c.Source = src
	return c, nil
}

// Lazy loads the catalog on first use and remembers the outcome; safe for concurrent use.
// A dry run builds one and asks it for a provider's defaults only when a script paginates
// without saying how.
type Lazy struct {
	loc Locator
	// Download, when set, is called (once) when the Locator finds no catalog: commands that
	// need one offline fetch the pinned package into the user cache (see
	// internal/cmd/providers.CatalogDownloader) rather than failing.
	Download func() (*Catalog, error)
	once     sync.Once
	cat      *Catalog
	err      error
}

// NewLazy returns a loader for loc.
func NewLazy(loc Locator) *Lazy { return &Lazy{loc: loc} }

// Catalog loads (once) and returns the catalog.
func (l *Lazy) Catalog() (*Catalog, error) {
	l.once.Do(func() {
		l.cat, l.err = l.loc.Load()
		if errors.Is(l.err, ErrNoCatalog) && l.Download != nil {
			l.cat, l.err = l.Download()
		}
	})
	return l.cat, l.err
}

// PaginateDefaults returns the provider's default pagination block (nil when it has none).
// Errors name the provider and, when there is no catalog, say how to get one; this is the
// lookup paginate.Defaults wraps for scripts.
func (l *Lazy) PaginateDefaults(provider string) (map[string]any, error) {
	c, err := l.Catalog()
	if err != nil {
		return nil, fmt.Errorf("default pagination settings of provider %q: %w", provider, err)
	}
	p, err := c.Lookup(provider)
	if err != nil {
		return nil, err
	}
	return p.PaginateDefaults(), nil
}
