package bundle

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
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
	only := map[string]bool{}
	for _, id := range opts.Only {
		only[id] = true
	}
	if len(opts.Only) == 0 {
		layout := scriptcheck.CheckLayout(proj)
		if opts.Strict {
			layout = scriptcheck.Strict(layout)
		}
		diags = append(diags, layout...)
	}

	var targets []Target
	outputs := map[string]scriptcheck.Script{}
	for _, s := range proj.Scripts {
		if len(only) > 0 && !only[s.ID()] {
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
			if s.Kind == project.KindPostConnection {
				sr.OK = true // never required (the reference skips them)
			}
			if len(opts.Only) > 0 {
				diags = append(diags, scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeMissingScript,
					File: proj.YAMLFile, Line: s.DeclLine, Column: s.DeclColumn, Script: s.ID(),
					Message: fmt.Sprintf("%s %q of integration %q has no script file: create %s", s.Kind, s.Name, s.Integration, scriptcheck.RelPath(proj.Dir, entry))})
			}
			continue
		}
		sr.Entry = entry
		targets = append(targets, Target{Script: s, Entry: entry})
	}

	var tcRes *typecheck.Result
	var tcWG sync.WaitGroup
	if opts.Typecheck != nil && len(targets) > 0 {
		files := make([]string, len(targets))
		for i, t := range targets {
			files[i] = t.Entry
		}
		tcWG.Add(1)
		go func() {
			defer tcWG.Done()
			tcRes, rep.TypecheckErr = typecheck.Run(ctx, opts.Typecheck, proj.Dir, files)
		}()
	}

	checker := scriptcheck.NewChecker(proj)
	checks := make([][]scriptcheck.Diagnostic, len(targets))
	// Bundles are written only once every check of their script passed, so dist/ never
	// holds the bundle of a script that failed.
	b := New(Options{ProjectDir: proj.Dir})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i, t := range targets {
			checks[i] = checker.CheckScript(t.Script, t.Entry)
			if opts.Strict {
				checks[i] = scriptcheck.Strict(checks[i])
			}
		}
	}()
	results := b.BuildAll(ctx, targets)
	wg.Wait()
	tcWG.Wait()

	byID := map[string]*ScriptReport{}
	for _, sr := range rep.Scripts {
		byID[sr.Script.ID()] = sr
	}
	for i, r := range results {
		sr := byID[r.Script.ID()]
		sr.Bundle = r
		scriptErr := scriptcheck.HasErrors(checks[i]) || !r.OK()
		diags = append(diags, checks[i]...)
		diags = append(diags, r.Diagnostics...)
		sr.OK = !scriptErr
	}
	if tcRes != nil {
		diags = append(diags, tcRes.Diagnostics...)
		// a type error fails the scripts whose bundles include the file
		for _, d := range tcRes.Diagnostics {
			if d.Severity != scriptcheck.SeverityError || d.File == "" {
				continue
			}
			for _, r := range Importers(results, absIn(proj.Dir, d.File)) {
				byID[r.Script.ID()].OK = false
			}
		}
	}
	if opts.Write {
		var ww sync.WaitGroup
		var mu sync.Mutex
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for _, sr := range rep.Scripts {
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
						Script: sr.Script.ID(), File: scriptcheck.RelPath(proj.Dir, sr.Bundle.OutFile), Message: err.Error()})
					mu.Unlock()
				}
			}()
		}
		ww.Wait()
	}
	rep.Diagnostics = scriptcheck.Dedupe(dropRepeatedSyntaxErrors(diags))
	return rep
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
