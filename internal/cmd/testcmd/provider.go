package testcmd

import (
	"path/filepath"
	"sync"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/runner"
)

// recordedFirst is the provider lookup of test files' mocks (NangoSyncMock.paginate): the
// entry kept with an integration's recordings (<integration>/mocks/nango/provider.json,
// written by dryrun --save-responses), else the catalog — the order replays and the
// recordings-only check use (runner.RecordedProvider), so that a made-up or private provider
// such as the example project's "demo" needs no catalog entry and nothing is downloaded.
func recordedFirst(dir string, catalog func(string) (map[string]any, error)) func(string) (map[string]any, error) {
	var once sync.Once
	recorded := map[string]*providers.Provider{}
	load := func() {
		files, _ := filepath.Glob(filepath.Join(dir, "*", "mocks", "nango", "provider.json"))
		for _, f := range files {
			integration := filepath.Base(filepath.Dir(filepath.Dir(filepath.Dir(f))))
			if p, err := runner.RecordedProvider(mocks.IntegrationLayout(dir, integration)); err == nil && p != nil {
				recorded[p.Name] = p
			}
		}
	}
	return func(name string) (map[string]any, error) {
		once.Do(load)
		if p := recorded[name]; p != nil {
			return p.PaginateDefaults(), nil
		}
		return catalog(name)
	}
}
