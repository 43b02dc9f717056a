// Package bundle turns each sync, action and on-event script of a nango.yaml project into the
// CommonJS file the Nango runner loads: dist/<script>-<integration>.js, built with the esbuild
// Go API.
//
// A bundle has the module shape of the reference CLI's (tsup) output: `module.exports =
// __toCommonJS(...)` with the default export as `exports.default`. Local imports (helpers,
// mappers, shared types) are inlined; the packages the runner provides (zod, crypto, url,
// ...) stay `require("zod")`; any other package is an error at its import. The code targets
// what goja runs (ESNext with async generators, `for await`, `using` and decorators lowered)
// and carries an inline source map, so stack traces point at .ts lines.
package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/nango-go/nango/internal/scriptcheck"
)

// DistDir is the output folder, relative to the project.
const DistDir = "dist"

// OutputName is the bundle file name of a script: "<name>-<integration>.js".
func OutputName(s scriptcheck.Script) string { return s.Name + "-" + s.Integration + ".js" }

// OutputPath is the absolute bundle path of a script in a project.
func OutputPath(projectDir string, s scriptcheck.Script) string {
	return filepath.Join(projectDir, DistDir, OutputName(s))
}

// Options configure a Bundler.
type Options struct {
	// ProjectDir is the absolute project folder.
	ProjectDir string
	// OutDir defaults to <ProjectDir>/dist.
	OutDir string
	// Write: write the bundles (atomically; an unchanged bundle is not rewritten). Without
	// it, results only carry the code.
	Write bool
	// Parallelism bounds concurrent builds (default GOMAXPROCS).
	Parallelism int
	// Minify the output (smaller bundles for deploy; off by default, like the reference).
	Minify bool
}

// Result is the outcome of bundling one script.
type Result struct {
	Script scriptcheck.Script
	// Entry is the absolute .ts file bundled.
	Entry string
	// OutFile is the absolute path of the bundle (written only with Options.Write and no
	// errors).
	OutFile string
	// Code is the bundle (nil on error).
	Code []byte
	// Written is false when the file on disk already had this content (or Write was off).
	Written bool
	// Inputs are the absolute paths of every project file inlined in the bundle, the entry
	// included: what watch mode must watch to know when to rebuild this script.
	Inputs []string
	// Metafile is esbuild's metafile JSON (https://esbuild.github.io/api/#metafile) of this
	// script's bundle alone: its inputs with their imports, and its one output.
	Metafile string
	// Diagnostics are esbuild's errors and warnings (and write failures).
	Diagnostics []scriptcheck.Diagnostic
}

// OK reports whether the script was bundled.
func (r *Result) OK() bool { return r.Code != nil && !scriptcheck.HasErrors(r.Diagnostics) }

// Bundler builds scripts of one project.
type Bundler struct {
	opts Options
}

// New returns a bundler.
func New(opts Options) *Bundler {
	if opts.OutDir == "" {
		opts.OutDir = filepath.Join(opts.ProjectDir, DistDir)
	}
	if opts.Parallelism <= 0 {
		opts.Parallelism = runtime.GOMAXPROCS(0)
	}
	return &Bundler{opts: opts}
}

// Target is a script and its entry file.
type Target struct {
	Script scriptcheck.Script
	// Entry is the absolute path of the script's .ts file (see scriptcheck.Locate).
	Entry string
}

// BuildAll bundles every target and returns the results in target order. All targets go
// through one esbuild build (one file-system cache, one resolver, esbuild's own parallel
// parse and print: far fewer system calls than a build per script). When that build reports
// an error, each script is built on its own, in parallel, so that every result carries only
// its own diagnostics and the scripts without errors still get their bundle.
func (b *Bundler) BuildAll(ctx context.Context, targets []Target) []*Result {
	if len(targets) == 0 {
		return nil
	}
	if len(targets) > 1 {
		if results := b.buildTogether(targets); results != nil {
			return results
		}
	}
	results := make([]*Result, len(targets))
	sem := make(chan struct{}, b.opts.Parallelism)
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results[i] = &Result{Script: t.Script, Entry: t.Entry, Diagnostics: []scriptcheck.Diagnostic{{
					Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeBundle, Script: t.Script.ID(), Message: ctx.Err().Error()}}}
				return
			}
			defer func() { <-sem }()
			results[i] = b.Build(t)
		}()
	}
	wg.Wait()
	return results
}

// buildTogether builds all targets in one esbuild build. It returns nil when the build
// reported any error (the caller then builds one by one).
func (b *Bundler) buildTogether(targets []Target) []*Result {
	opts := b.BuildOptions(targets[0])
	opts.EntryPoints = nil
	opts.Outfile = ""
	opts.Outdir = b.opts.OutDir
	for _, t := range targets {
		opts.EntryPointsAdvanced = append(opts.EntryPointsAdvanced, api.EntryPoint{
			InputPath:  t.Entry,
			OutputPath: strings.TrimSuffix(OutputName(t.Script), ".js"),
		})
	}
	br := api.Build(opts)
	if len(br.Errors) > 0 {
		return nil
	}
	code := make(map[string][]byte, len(br.OutputFiles))
	for _, f := range br.OutputFiles {
		code[filepath.Clean(f.Path)] = f.Contents
	}
	inputs := metafileOutputInputs(b.opts.ProjectDir, br.Metafile)
	metas := splitMetafile(b.opts.ProjectDir, br.Metafile)
	results := make([]*Result, len(targets))
	for i, t := range targets {
		out := filepath.Join(b.opts.OutDir, OutputName(t.Script))
		c, ok := code[out]
		if !ok {
			return nil
		}
		r := &Result{Script: t.Script, Entry: t.Entry, OutFile: out, Code: c, Metafile: metas[out], Inputs: inputs[out]}
		for _, m := range br.Warnings {
			if m.Location == nil || containsPath(r.Inputs, absIn(b.opts.ProjectDir, m.Location.File)) {
				r.Diagnostics = append(r.Diagnostics, fromMessage(b.opts.ProjectDir, t.Script, m, scriptcheck.SeverityWarning))
			}
		}
		if b.opts.Write {
			if err := b.WriteResult(r); err != nil {
				r.Diagnostics = append(r.Diagnostics, scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeBundle,
					Script: t.Script.ID(), File: scriptcheck.RelPath(b.opts.ProjectDir, out), Message: err.Error()})
			}
		}
		results[i] = r
	}
	return results
}

func containsPath(sorted []string, p string) bool {
	i := sort.SearchStrings(sorted, p)
	return i < len(sorted) && sorted[i] == p
}

// splitMetafile cuts the metafile of a build with several entry points into one metafile
// per output (keyed by absolute output path), each with only the inputs of that output.
func splitMetafile(root, metafile string) map[string]string {
	var mf struct {
		Inputs  map[string]json.RawMessage `json:"inputs"`
		Outputs map[string]json.RawMessage `json:"outputs"`
	}
	if json.Unmarshal([]byte(metafile), &mf) != nil {
		return nil
	}
	out := make(map[string]string, len(mf.Outputs))
	for o, raw := range mf.Outputs {
		var ov struct {
			Inputs map[string]json.RawMessage `json:"inputs"`
		}
		if json.Unmarshal(raw, &ov) != nil {
			continue
		}
		one := struct {
			Inputs  map[string]json.RawMessage `json:"inputs"`
			Outputs map[string]json.RawMessage `json:"outputs"`
		}{Inputs: map[string]json.RawMessage{}, Outputs: map[string]json.RawMessage{o: raw}}
		for in := range ov.Inputs {
			if v, ok := mf.Inputs[in]; ok {
				one.Inputs[in] = v
			}
		}
		data, err := json.Marshal(one)
		if err != nil {
			continue
		}
		out[absIn(root, o)] = string(data)
	}
	return out
}

// metafileOutputInputs maps each output file (absolute) to its inputs (absolute, sorted).
func metafileOutputInputs(root, metafile string) map[string][]string {
	var mf struct {
		Outputs map[string]struct {
			Inputs map[string]json.RawMessage `json:"inputs"`
		} `json:"outputs"`
	}
	if json.Unmarshal([]byte(metafile), &mf) != nil {
		return nil
	}
	out := make(map[string][]string, len(mf.Outputs))
	for o, v := range mf.Outputs {
		var ins []string
		for p := range v.Inputs {
			if strings.Contains(p, ":") && !filepath.IsAbs(p) {
				continue
			}
			ins = append(ins, absIn(root, p))
		}
		sort.Strings(ins)
		out[absIn(root, o)] = ins
	}
	return out
}

// BuildOptions returns the esbuild options for one script (for callers that keep an
// api.Context for incremental rebuilds). Write is always false: write Result code with
// WriteResult.
func (b *Bundler) BuildOptions(t Target) api.BuildOptions {
	return api.BuildOptions{
		EntryPoints:   []string{t.Entry},
		AbsWorkingDir: b.opts.ProjectDir,
		Outfile:       filepath.Join(b.opts.OutDir, OutputName(t.Script)),
		Bundle:        true,
		Write:         false,
		Metafile:      true,
		Format:        api.FormatCommonJS,
		// Node platform: the reference's tsup build gives this module shape (and the
		// `0 && (module.exports = {...})` export-names annotation).
		Platform: api.PlatformNode,
		Target:   api.ESNext,
		// goja has no async generators, `for await`, `using` or decorators; everything else
		// of ESNext it runs as is.
		Supported: map[string]bool{
			"async-generator": false,
			"for-await":       false,
			"using":           false,
			"decorators":      false,
		},
		Sourcemap:         api.SourceMapInline,
		SourcesContent:    api.SourcesContentInclude,
		LegalComments:     api.LegalCommentsNone,
		Charset:           api.CharsetUTF8,
		LogLevel:          api.LogLevelSilent,
		MinifyWhitespace:  b.opts.Minify,
		MinifySyntax:      b.opts.Minify,
		MinifyIdentifiers: b.opts.Minify,
		// The reference compiles with its own tsconfig and ignores the project's; so do we.
		// `strict` also makes esbuild emit "use strict", as the reference's bundles have.
		TsconfigRaw: `{"compilerOptions":{"strict":true,"esModuleInterop":true}}`,
		Plugins:     []api.Plugin{importPolicy(b.opts.ProjectDir)},
	}
}

// Build bundles one script.
func (b *Bundler) Build(t Target) *Result {
	res := &Result{Script: t.Script, Entry: t.Entry, OutFile: filepath.Join(b.opts.OutDir, OutputName(t.Script))}
	br := api.Build(b.BuildOptions(t))
	res.Metafile = br.Metafile
	if !b.collect(res, t, br) {
		return res
	}
	if res.Code == nil {
		res.Diagnostics = append(res.Diagnostics, scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeBundle,
			Script: t.Script.ID(), File: scriptcheck.RelPath(b.opts.ProjectDir, t.Entry), Message: "esbuild produced no output"})
		return res
	}
	if b.opts.Write {
		if err := b.WriteResult(res); err != nil {
			res.Diagnostics = append(res.Diagnostics, scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeBundle,
				Script: t.Script.ID(), File: scriptcheck.RelPath(b.opts.ProjectDir, res.OutFile), Message: err.Error()})
		}
	}
	return res
}

// WriteResult writes a successful result's code to its OutFile (temp file + rename), unless
// the file already holds exactly that code.
func (b *Bundler) WriteResult(res *Result) error {
	if old, err := os.ReadFile(res.OutFile); err == nil && bytes.Equal(old, res.Code) {
		return nil
	}
	if err := writeAtomic(res.OutFile, res.Code); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	res.Written = true
	return nil
}

// writeAtomic replaces path with data through a temporary file in the same folder and a
// rename, so a reader (the runner, a watcher) never sees half a bundle. Unlike
// atomicfile.WriteFile it does not fsync: bundles are rebuilt from the sources at any time,
// and a flush per file (plus one per folder) was most of a 30-script compile on a busy disk.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

func fromMessage(root string, s scriptcheck.Script, m api.Message, sev scriptcheck.Severity) scriptcheck.Diagnostic {
	d := scriptcheck.Diagnostic{Severity: sev, Code: scriptcheck.CodeBundle, Message: m.Text, Script: s.ID()}
	if m.PluginName == pluginName {
		if strings.HasPrefix(m.Text, "Importing libraries") {
			d.Code = scriptcheck.CodeDisallowedImport
		} else if strings.HasPrefix(m.Text, "All imported files") {
			d.Code = scriptcheck.CodeImportOutside
		}
	}
	if strings.Contains(m.Text, "is not supported") || strings.Contains(m.Text, "Top-level await") {
		d.Code = scriptcheck.CodeUnsupportedSyntax
	}
	if m.Location != nil {
		file := m.Location.File
		if !filepath.IsAbs(file) {
			file = filepath.Join(root, file)
		}
		d.File = scriptcheck.RelPath(root, file)
		d.Line = m.Location.Line
		d.Column = m.Location.Column + 1 // esbuild columns are 0-based bytes
		if m.Location.LineText != "" {
			d.Detail = "    " + m.Location.LineText
		}
	}
	for _, n := range m.Notes {
		note := n.Text
		if n.Location != nil {
			note = fmt.Sprintf("%s:%d:%d: %s", n.Location.File, n.Location.Line, n.Location.Column+1, n.Text)
		}
		if d.Detail != "" {
			d.Detail += "\n"
		}
		d.Detail += "    note: " + note
	}
	return d
}

// metafileInputs lists the absolute paths of the inputs of a build.
func metafileInputs(root, metafile string) []string {
	if metafile == "" {
		return nil
	}
	var mf struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if json.Unmarshal([]byte(metafile), &mf) != nil {
		return nil
	}
	out := make([]string, 0, len(mf.Inputs))
	for p := range mf.Inputs {
		if strings.Contains(p, ":") && !filepath.IsAbs(p) { // namespaced, e.g. "external:..."
			continue
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, filepath.FromSlash(p))
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Importers returns the results whose bundle includes file (absolute): the scripts to
// rebuild when file changes.
func Importers(results []*Result, file string) []*Result {
	file = filepath.Clean(file)
	var out []*Result
	for _, r := range results {
		if r == nil {
			continue
		}
		if filepath.Clean(r.Entry) == file {
			out = append(out, r)
			continue
		}
		i := sort.SearchStrings(r.Inputs, file)
		if i < len(r.Inputs) && r.Inputs[i] == file {
			out = append(out, r)
		}
	}
	return out
}

// collect records an esbuild result in res (diagnostics, inputs, the bundle's code) for
// Build and BuildTestFile alike; it reports false when esbuild failed.
func (b *Bundler) collect(res *Result, t Target, br api.BuildResult) bool {
	for _, m := range br.Errors {
		res.Diagnostics = append(res.Diagnostics, fromMessage(b.opts.ProjectDir, t.Script, m, scriptcheck.SeverityError))
	}
	for _, m := range br.Warnings {
		res.Diagnostics = append(res.Diagnostics, fromMessage(b.opts.ProjectDir, t.Script, m, scriptcheck.SeverityWarning))
	}
	res.Inputs = metafileInputs(b.opts.ProjectDir, br.Metafile)
	if len(br.Errors) > 0 {
		return false
	}
	for _, f := range br.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") || strings.HasSuffix(f.Path, ".cjs") { // .cjs: BuildZero
			res.Code = f.Contents
		}
	}
	return true
}
