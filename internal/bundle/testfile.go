package bundle

import (
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/nango-go/nango/internal/scriptcheck"
)

// TestBuiltins are the module names a vitest test file imports that the native test runner
// (internal/vitest) provides itself: they stay `require("vitest")` in the bundle and the
// runtime serves them, so no node_modules is needed.
var TestBuiltins = []string{"vitest"}

// BuildTestFile bundles one vitest test file (`*.test.ts`) with everything it imports (the
// scripts under test, helpers, literal dynamic imports), with the same esbuild settings and
// import policy as a script bundle (BuildOptions), plus the test builtins left external.
// The output is placed beside the test file (never written), so the inline source map names
// the test file by its base name and the scripts as "../syncs/x.ts": what failure locations
// print.
func (b *Bundler) BuildTestFile(entry string) *Result {
	name := strings.TrimSuffix(filepath.Base(entry), filepath.Ext(entry))
	t := Target{Script: scriptcheck.Script{Name: name}, Entry: entry}
	opts := b.BuildOptions(t)
	opts.Outfile = entry + ".bundle.js"
	opts.Plugins = append([]api.Plugin{testBuiltins()}, opts.Plugins...)
	res := &Result{Script: t.Script, Entry: entry, OutFile: opts.Outfile}
	br := api.Build(opts)
	if !b.collect(res, t, br) {
		return res
	}
	return res
}

// testBuiltins runs before importPolicy: the builtins resolve to externals, everything else
// falls through to the script rules.
func testBuiltins() api.Plugin {
	return api.Plugin{
		Name: "nango-test-builtins",
		Setup: func(pb api.PluginBuild) {
			pb.OnResolve(api.OnResolveOptions{Filter: `^vitest$`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				return api.OnResolveResult{Path: args.Path, External: true}, nil
			})
		},
	}
}
