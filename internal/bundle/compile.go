package bundle

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/scriptkind"
	"github.com/nango-go/nango/internal/typecheck"
)

// CompileOptions configure Compile.
type CompileOptions struct {
	// Only limits the compilation to these scripts (IDs "<integration>/<name>"); the layout
	// check (missing and undeclared files) runs only for a full compile.
	Only []string
	// Write the bundles to dist/.
	Write bool
	// Typecheck is the compiler to run once over the compiled scripts (nil: no type check).
	Typecheck *typecheck.Tool
	// Strict makes the warnings of our extra checks errors (scriptcheck.ExtraChecks), so
	// they fail the script as the reference's own checks do.
	Strict bool
}

// ScriptReport is the outcome for one script.
type ScriptReport struct {
	Script scriptcheck.Script
	// Entry is the .ts file ("" when missing).
	Entry string
	// Bundle is nil when the file is missing.
	Bundle *Result
	// OK: the file exists, it bundled, and no check or type error points into its files.
	OK bool
}

// Report is the outcome of Compile.
type Report struct {
	Scripts []*ScriptReport
	// Diagnostics of every step, without repeats, sorted by file and position.
	Diagnostics []scriptcheck.Diagnostic
	// TypecheckErr is set when the compiler could not be run.
	TypecheckErr error
}

// OK reports whether everything compiled without error.
func (r *Report) OK() bool { return !scriptcheck.HasErrors(r.Diagnostics) && r.TypecheckErr == nil }

// Results returns the bundle results of the scripts that have a file.
func (r *Report) Results() []*Result {
	var out []*Result
	for _, s := range r.Scripts {
		if s.Bundle != nil {
			out = append(out, s.Bundle)
		}
	}
	return out
}

// Compile checks and bundles the scripts of proj, in parallel, and type-checks them all at
// once when a compiler is given (concurrently with the bundling).
func Compile(ctx context.Context, proj scriptcheck.Project, opts CompileOptions) *Report {
	rep := &Report{}
	var diags []scriptcheck.Diagnostic
	if len(opts.Only) == 0 {
		layout := scriptcheck.CheckLayout(proj)
		if opts.Strict {
			layout = scriptcheck.Strict(layout)
		}
		diags = append(diags, layout...)
	}
	targets, found := selectTargets(proj, opts.Only, rep)
	diags = append(diags, found...)

	waitTypecheck := startTypecheck(ctx, proj.Dir, opts.Typecheck, targets, rep)
	// Bundles are written only once every check of their script passed, so dist/ never
	// holds the bundle of a script that failed.
	b := New(Options{ProjectDir: proj.Dir})
	checks := make([][]scriptcheck.Diagnostic, len(targets))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		checker := scriptcheck.NewChecker(proj)
		for i, t := range targets {
			checks[i] = checker.CheckScript(t.Script, t.Entry)
			if opts.Strict {
				checks[i] = scriptcheck.Strict(checks[i])
			}
		}
	}()
	results := b.BuildAll(ctx, targets)
	wg.Wait()
	tcRes := waitTypecheck()

	byID := map[string]*ScriptReport{}
	for _, sr := range rep.Scripts {
		byID[sr.Script.ID()] = sr
	}
	for i, r := range results {
		sr := byID[r.Script.ID()]
		sr.Bundle = r
		diags = append(diags, checks[i]...)
		diags = append(diags, r.Diagnostics...)
		sr.OK = !scriptcheck.HasErrors(checks[i]) && r.OK()
	}
	if tcRes != nil {
		diags = append(diags, tcRes.Diagnostics...)
		failImporters(proj.Dir, tcRes.Diagnostics, results, byID)
	}
	if opts.Write {
		diags = append(diags, writeBundles(b, proj.Dir, rep.Scripts)...)
	}
	rep.Diagnostics = scriptcheck.Dedupe(dropRepeatedSyntaxErrors(diags))
	return rep
}

// selectTargets adds a ScriptReport to rep for each script to compile (those of only, when
// given) and returns the bundler targets of those that have a file, with the diagnostics of
// the others: two scripts that would share a bundle, and a missing file when only is given
// (a full compile reports those through the layout check).
func selectTargets(proj scriptcheck.Project, only []string, rep *Report) ([]Target, []scriptcheck.Diagnostic) {
	var targets []Target
	var diags []scriptcheck.Diagnostic
	wanted := map[string]bool{}
	for _, id := range only {
		wanted[id] = true
	}
	outputs := map[string]scriptcheck.Script{}
	for _, s := range proj.Scripts {
		if len(wanted) > 0 && !wanted[s.ID()] {
			continue
		}
		if first, dup := outputs[OutputName(s)]; dup {
			// e.g. script "x" of integration "y-z" and script "x-y" of integration "z"
			rep.Scripts = append(rep.Scripts, &ScriptReport{Script: s})
			diags = append(diags, scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeBundle,
				File: proj.YAMLFile, Line: s.DeclLine, Column: s.DeclColumn, Script: s.ID(),
				Message: fmt.Sprintf("%s %q of integration %q and %s %q of integration %q would both be bundled to %s/%s: rename one of them",
					s.Kind, s.Name, s.Integration, first.Kind, first.Name, first.Integration, DistDir, OutputName(s))})
			continue
		}
		outputs[OutputName(s)] = s
		sr := &ScriptReport{Script: s}
		rep.Scripts = append(rep.Scripts, sr)
		entry, ok := scriptcheck.Locate(proj.Dir, s)
		if !ok {
			if s.Kind == scriptkind.PostConnection {
				sr.OK = true // never required (the reference skips them)
			}
			if len(only) > 0 {
				diags = append(diags, scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeMissingScript,
					File: proj.YAMLFile, Line: s.DeclLine, Column: s.DeclColumn, Script: s.ID(),
					Message: fmt.Sprintf("%s %q of integration %q has no script file: create %s", s.Kind, s.Name, s.Integration, scriptcheck.RelPath(proj.Dir, entry))})
			}
			continue
		}
		sr.Entry = entry
		targets = append(targets, Target{Script: s, Entry: entry})
	}
	return targets, diags
}

// startTypecheck runs tool over the targets' files in the background (nothing when tool is
// nil or there is no target); the returned function waits for its result, recording a
// compiler that could not run in rep.TypecheckErr.
func startTypecheck(ctx context.Context, dir string, tool *typecheck.Tool, targets []Target, rep *Report) func() *typecheck.Result {
	if tool == nil || len(targets) == 0 {
		return func() *typecheck.Result { return nil }
	}
	files := make([]string, len(targets))
	for i, t := range targets {
		files[i] = t.Entry
	}
	var res *typecheck.Result
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, rep.TypecheckErr = typecheck.Run(ctx, tool, dir, files)
	}()
	return func() *typecheck.Result { <-done; return res }
}

// failImporters fails the scripts whose bundles include a file with a type error.
func failImporters(dir string, diags []scriptcheck.Diagnostic, results []*Result, byID map[string]*ScriptReport) {
	for _, d := range diags {
		if d.Severity != scriptcheck.SeverityError || d.File == "" {
			continue
		}
		for _, r := range Importers(results, absIn(dir, d.File)) {
			byID[r.Script.ID()].OK = false
		}
	}
}

// writeBundles writes the bundles of the scripts that compiled, in parallel; a script whose
// bundle cannot be written fails, with a diagnostic.
func writeBundles(b *Bundler, dir string, scripts []*ScriptReport) []scriptcheck.Diagnostic {
	var diags []scriptcheck.Diagnostic
	var ww sync.WaitGroup
	var mu sync.Mutex
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, sr := range scripts {
		if !sr.OK || sr.Bundle == nil || sr.Bundle.Code == nil {
			continue
		}
		ww.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; ww.Done() }()
			if err := b.WriteResult(sr.Bundle); err != nil {
				mu.Lock()
				sr.OK = false
				diags = append(diags, scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeBundle,
					Script: sr.Script.ID(), File: scriptcheck.RelPath(dir, sr.Bundle.OutFile), Message: err.Error()})
				mu.Unlock()
			}
		}()
	}
	ww.Wait()
	return diags
}

// dropRepeatedSyntaxErrors removes the checker's syntax errors in files where esbuild also
// reported an error: esbuild's message is the better one (it shows the line), and one
// cause should be reported once.
func dropRepeatedSyntaxErrors(ds []scriptcheck.Diagnostic) []scriptcheck.Diagnostic {
	bundleErr := map[string]bool{}
	for _, d := range ds {
		if d.Code == scriptcheck.CodeBundle && d.Severity == scriptcheck.SeverityError {
			bundleErr[d.File] = true
		}
	}
	out := ds[:0:0]
	for _, d := range ds {
		if d.Code == scriptcheck.CodeSyntax && bundleErr[d.File] {
			continue
		}
		out = append(out, d)
	}
	return out
}

func absIn(dir, rel string) string {
	if filepath.IsAbs(rel) {
		return filepath.Clean(rel)
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}
