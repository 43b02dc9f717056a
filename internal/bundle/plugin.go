package bundle

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/nango-go/nango/internal/scriptcheck"
)

const pluginName = "nango-imports"

// importPolicy is the esbuild plugin that enforces what a script may import: the packages
// the Nango runner provides stay external (`require("zod")`), local files must be inside the
// project, and anything else fails the build. Errors returned here carry no location on
// purpose: esbuild then points them at the import path in the importing file.
func importPolicy(projectDir string) api.Plugin {
	return api.Plugin{
		Name: pluginName,
		Setup: func(pb api.PluginBuild) {
			pb.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				if args.Kind == api.ResolveEntryPoint {
					return api.OnResolveResult{}, nil
				}
				spec := args.Path
				if scriptcheck.IsLocalImport(spec) {
					// The file the import names, as the script checks resolve it, so that both
					// report the same message (folded into one by scriptcheck.Dedupe).
					target := scriptcheck.ResolveLocal(args.ResolveDir, spec)
					if target == "" {
						if target = spec; !filepath.IsAbs(target) {
							target = filepath.Join(args.ResolveDir, spec)
						}
					}
					if msg := scriptcheck.OutsideProjectMessage(projectDir, target); msg != "" {
						return api.OnResolveResult{Errors: []api.Message{{Text: msg}}}, nil
					}
					return api.OnResolveResult{}, nil // esbuild resolves and inlines it
				}
				if scriptcheck.IsAllowedImport(spec) {
					return api.OnResolveResult{Path: spec, External: true}, nil
				}
				return api.OnResolveResult{Errors: []api.Message{{Text: fmt.Sprintf(
					"Importing libraries is not allowed. Please remove the import %q from %q (allowed: %s)",
					spec, filepath.Base(args.Importer), strings.Join(scriptcheck.AllowedImports, ", "))}}}, nil
			})
		},
	}
}
