package shared

import (
	"context"
	"fmt"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/usercache"
)

// CatalogDownloader is the providers.Lazy.Download of commands that need the catalog offline
// (dryrun, test): when no catalog is found, it installs providers.DefaultVersion into the
// user cache as `nango providers update` does (integrity-checked, swapped in atomically), once,
// saying so on stderr; later runs find it there. When that fails, the error is a setup problem
// (exit 2) that says what to run.
func CatalogDownloader(ctx context.Context, f *cmdutil.Factory) func() (*providers.Catalog, error) {
	return func() (*providers.Catalog, error) {
		failed := func(err error) error {
			return exitcode.WithHint(exitcode.WithCode(exitcode.Usage,
				fmt.Errorf("%w, and downloading %s@%s failed: %v", providers.ErrNoCatalog, providers.PackageName, providers.DefaultVersion, err)),
				"run `nango providers update` once the npm registry is reachable (npm_config_registry or registry= in .npmrc chooses it), or pass --providers FILE (or set "+providers.EnvFile+") naming a providers.yaml")
		}
		cache, err := usercache.New(f.Getenv)
		if err != nil {
			return nil, failed(err)
		}
		client, err := NewRegistryClient(f.HttpClient, f.WorkDir, f.Getenv)
		if err != nil {
			return nil, failed(err)
		}
		if ctx == nil {
			ctx = context.Background()
		}
		fmt.Fprintf(f.IOStreams.ErrOut, "no provider catalog found: downloading %s@%s from %s into the user cache (once)\n",
			providers.PackageName, providers.DefaultVersion, client.Config.RegistryFor(providers.PackageName))
		_, cat, err := providers.Update(ctx, client, providers.DefaultVersion, cache.ProvidersPackage())
		if err != nil {
			return nil, failed(err)
		}
		return cat, nil
	}
}
