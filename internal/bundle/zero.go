package bundle

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/nango-go/nango/internal/scriptcheck"
)

// ZeroBuildDir is where a zero-yaml project's bundles go, relative to the project.
const ZeroBuildDir = "build"

// ZeroModules are the modules a zero-yaml function imports from the CLI package itself; the
// runtime provides them (jsruntime.NangoModules), so they stay `require("nango")`.
var ZeroModules = []string{"nango", "nango/experimental"}

// ZeroOutputName is the reference's bundle name of a zero-yaml entry: its path relative to the
// project (as index.ts imports it, "./acme-crm/syncs/fetchContacts.js"), leading "./" removed,
// every "/" and "\" replaced by "_", extension ".cjs". The name follows the folder, not the
// function's type: "globex-erp/misc/get-order.ts" gives "globex-erp_misc_get-order.cjs".
func ZeroOutputName(rel string) string {
	rel = strings.TrimPrefix(filepath.ToSlash(rel), "./")
	rel = strings.TrimSuffix(rel, filepath.Ext(rel))
	return strings.NewReplacer("/", "_", `\`, "_").Replace(rel) + ".cjs"
}

// BuildZero bundles one zero-yaml function file with the settings of a script bundle
// (BuildOptions: CommonJS, goja's syntax level, zod and the runner's packages external,
// local files inlined) plus `nango` left external, into build/<ZeroOutputName>. Reading the
// definitions (internal/project) evaluates this code; Options.Write writes it.
func (b *Bundler) BuildZero(entry string) *Result {
	rel := scriptcheck.RelPath(b.opts.ProjectDir, entry)
	name := strings.TrimSuffix(filepath.Base(entry), filepath.Ext(entry))
	t := Target{Script: scriptcheck.Script{Name: name, Integration: strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]}, Entry: entry}
	opts := b.BuildOptions(t)
	opts.Outfile = filepath.Join(b.opts.ProjectDir, ZeroBuildDir, ZeroOutputName(rel))
	opts.Plugins = append([]api.Plugin{zeroModules()}, opts.Plugins...)
	res := &Result{Script: t.Script, Entry: entry, OutFile: opts.Outfile}
	br := api.Build(opts)
	res.Metafile = br.Metafile
	if !b.collect(res, t, br) {
		return res
	}
	if b.opts.Write && res.Code != nil {
		if err := b.WriteResult(res); err != nil {
			res.Diagnostics = append(res.Diagnostics, scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeBundle,
				Script: t.Script.ID(), File: scriptcheck.RelPath(b.opts.ProjectDir, res.OutFile), Message: err.Error()})
		}
	}
	return res
}

// zeroModules runs before importPolicy and applies the zero-yaml import list: `nango` and the
// runner's packages resolve to externals, any other package fails with the zero-yaml
// message (the script checks report the same, scriptcheck.ZeroImportMessage); local files
// fall through to the script rules.
func zeroModules() api.Plugin {
	return api.Plugin{
		Name: "nango-zero-modules",
		Setup: func(pb api.PluginBuild) {
			pb.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				if args.Kind == api.ResolveEntryPoint || scriptcheck.IsLocalImport(args.Path) {
					return api.OnResolveResult{}, nil
				}
				if scriptcheck.IsZeroAllowedImport(args.Path) {
					return api.OnResolveResult{Path: args.Path, External: true}, nil
				}
				return api.OnResolveResult{Errors: []api.Message{{Text: scriptcheck.ZeroImportMessage(args.Path)}}}, nil
			})
		},
	}
}

// inlineSourceMap is the comment esbuild appends to a bundle built with SourceMapInline.
const inlineSourceMap = "//# sourceMappingURL=data:"

// StripInlineSourceMap returns code without its trailing inline source map comment (the
// reference's `--sourcemap false`); code without one is returned as is.
func StripInlineSourceMap(code []byte) []byte {
	i := bytes.LastIndex(code, []byte(inlineSourceMap))
	if i < 0 || (i > 0 && code[i-1] != '\n') {
		return code
	}
	if nl := bytes.IndexByte(code[i:], '\n'); nl >= 0 && nl != len(code[i:])-1 {
		return code // code follows: not the trailing comment
	}
	return code[:i]
}
