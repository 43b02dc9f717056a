package providers

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/nango-go/nango/internal/npmregistry"
)

// PackageName is the npm package that publishes the catalog.
const PackageName = "@nangohq/providers"

// DefaultVersion is the @nangohq/providers version `nango providers update` installs when
// --version is not given: the one the reference CLI we follow (build.ReferenceCLIVersion)
// bundles, so that pagination defaults match its dry runs.
const DefaultVersion = "0.60.5"

// Update downloads PackageName@version (a version or dist-tag) into dir, the cached package
// folder, replacing what was there only after the tarball's integrity is verified and its
// providers.yaml parses.
func Update(ctx context.Context, client *npmregistry.Client, version, dir string) (npmregistry.Resolved, *Catalog, error) {
	if version == "" {
		version = DefaultVersion
	}
	var cat *Catalog
	r, err := client.InstallChecked(ctx, PackageName, version, dir, func(staged string) error {
		c, err := Load(filepath.Join(staged, "providers.yaml"))
		if err != nil {
			return fmt.Errorf("%s@%s does not hold a usable providers.yaml: %w", PackageName, version, err)
		}
		cat = c
		return nil
	})
	if err != nil {
		return r, nil, err
	}
	cat.Path = filepath.Join(dir, "providers.yaml")
	cat.Source = SourceCache
	return r, cat, nil
}
