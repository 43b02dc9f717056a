package bundle

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/nango-go/nango/internal/scriptcheck"
)

// TestBuiltins are the module names a vitest test file imports that the native test runner
// (internal/vitest) provides itself: they stay `require("vitest")` in the bundle and the
// runtime serves them, so no node_modules is needed: `nango/test` is the zero-yaml era's
// mocks, `nango` the SDK's createSync/createAction (jsruntime.NangoModules) the functions
// under test are defined with.
var TestBuiltins = []string{"vitest", "nango/test", "nango", "nango/experimental"}

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
	opts.Plugins = append([]api.Plugin{testBuiltins(entry)}, opts.Plugins...)
	res := &Result{Script: t.Script, Entry: entry, OutFile: opts.Outfile}
	br := api.Build(opts)
	if !b.collect(res, t, br) {
		return res
	}
	return res
}

// testBuiltins runs before importPolicy: the builtins resolve to externals, everything else
// falls through to the script rules. When the test file calls vi.mock, its text is
// rewritten as vitest hoists the calls (FindViMocks): the calls move into a module the file
// imports first, and every import of a mocked bare module, in the test and in the scripts it
// loads, stays a require that the runner answers with the factory's result.
func testBuiltins(entry string) api.Plugin {
	return api.Plugin{
		Name: "nango-test-builtins",
		Setup: func(pb api.PluginBuild) {
			pb.OnResolve(api.OnResolveOptions{Filter: `^(vitest|nango|nango/test|nango/experimental)$`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				return api.OnResolveResult{Path: args.Path, External: true}, nil
			})
			src, err := os.ReadFile(entry)
			if err != nil {
				return
			}
			mocks := FindViMocks(string(src))
			if len(mocks) == 0 {
				return
			}
			mocked := map[string]bool{}
			for _, m := range mocks {
				if m.Spec != "" && !scriptcheck.IsLocalImport(m.Spec) {
					mocked[m.Spec] = true
				}
			}
			pb.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				switch {
				case args.Path == hoistedModule:
					return api.OnResolveResult{Path: entry, Namespace: hoistedModule}, nil
				case mocked[args.Path] && args.Kind == api.ResolveJSDynamicImport:
					// goja has no import(): a module that requires the external one is
					// bundled in its place, which esbuild loads with a require
					return api.OnResolveResult{Path: args.Path, Namespace: mockedModule}, nil
				case mocked[args.Path]:
					return api.OnResolveResult{Path: args.Path, External: true}, nil
				}
				return api.OnResolveResult{}, nil
			})
			pb.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: mockedModule}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				code := "module.exports = require(" + strconv.Quote(args.Path) + ");\n"
				return api.OnLoadResult{Contents: &code, Loader: api.LoaderJS}, nil
			})
			pb.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: hoistedModule}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				code := hoistedMocks(mocks)
				return api.OnLoadResult{Contents: &code, Loader: api.LoaderTS, ResolveDir: filepath.Dir(entry)}, nil
			})
			pb.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: "file"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				if args.Path != entry {
					return api.OnLoadResult{}, nil
				}
				// the import goes on line 1 without a newline: the lines of the file stay put
				code := "import " + strconv.Quote(hoistedModule) + "; " + blankCalls(string(src), mocks)
				return api.OnLoadResult{Contents: &code, Loader: loaderFor(entry), ResolveDir: filepath.Dir(entry)}, nil
			})
		},
	}
}

// hoistedModule names the module of a test file's hoisted vi.mock calls; mockedModule the
// namespace of the stand-ins for dynamic imports of a mocked module.
const (
	hoistedModule = "nango-vi-mock"
	mockedModule  = "nango-vi-mocked"
)

// MockedModules are the bare modules a test file's source mocks with vi.mock: the runner
// serves each from the factory.
func MockedModules(src string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range FindViMocks(src) {
		if m.Spec != "" && !scriptcheck.IsLocalImport(m.Spec) && !seen[m.Spec] {
			seen[m.Spec] = true
			out = append(out, m.Spec)
		}
	}
	return out
}

// loaderFor is esbuild's loader for a test file's extension (IsTestFile's list).
func loaderFor(path string) api.Loader {
	switch strings.TrimPrefix(filepath.Ext(path), ".") {
	case "js", "mjs", "cjs":
		return api.LoaderJS
	case "jsx":
		return api.LoaderJSX
	case "tsx":
		return api.LoaderTSX
	}
	return api.LoaderTS
}
