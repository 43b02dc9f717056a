package compile

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/typecheck"
	"github.com/nango-go/nango/internal/usercache"
)

// zeroRun compiles a zero-yaml project (index.ts, no nango.yaml): every function index.ts
// imports is bundled into build/<integration>_<folder>_<name>.cjs and .nango/nango.json is
// written, as the reference CLI does; all files in one atomic step, nothing when a definition
// has an error. The checks are those of reading the definitions and of the functions' code
// (internal/project: zerocheck.go, zerocode.go), then the type check when a TypeScript
// compiler is installed (typecheck.RunZero, with our declarations of the `nango` module).
func zeroRun(opts *Options, dir string, start time.Time) error {
	io, cs := opts.IO, opts.IO.ColorScheme()
	p, diags, err := project.LoadZero(dir, project.ZeroOptions{NodeModules: usercache.NodeModulesFor(dir, opts.Getenv, usercache.Zod4),
		CacheDir: project.ZeroCacheDir(opts.Getenv)})
	if err != nil {
		if errors.Is(err, project.ErrNoDefinitions) {
			return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%w", err), "run nango compile from the project folder")
		}
		return exitcode.WithCode(exitcode.Project, err)
	}
	out := jsonReport{OK: p != nil, Bundles: []jsonBundle{}, Diagnostics: []any{}, Typecheck: jsonTypecheck{Skipped: "the definitions have errors"}}
	for _, d := range diags {
		out.Diagnostics = append(out.Diagnostics, d)
		if !opts.JSON {
			fmt.Fprintln(io.ErrOut, cs.Diagnostic(d.String(), d.Severity == project.SeverityError))
		}
	}
	typeErrs := 0
	if p != nil {
		var tcDiags []scriptcheck.Diagnostic
		// (Run's context is not passed here yet: Ctrl-C reaches the compiler's process group.)
		tcDiags, out.Typecheck = zeroTypecheck(context.Background(), opts, p)
		for _, d := range tcDiags {
			out.Diagnostics = append(out.Diagnostics, d)
			if !opts.JSON {
				fmt.Fprintln(io.ErrOut, cs.Diagnostic(typecheck.Format(d), d.Severity == scriptcheck.SeverityError))
			}
		}
		typeErrs = scriptcheck.Count(tcDiags, scriptcheck.SeverityError)
		if typeErrs > 0 || out.Typecheck.Error != "" {
			p, out.OK = nil, false
			typeErrs = max(typeErrs, 1)
		}
	}
	if p != nil {
		// Written only once every check, the type check included, has passed.
		if err := pipeline.WriteZero(p); err != nil {
			return exitcode.WithCode(exitcode.Failure, err)
		}
		for _, s := range p.Scripts {
			out.Bundles = append(out.Bundles, jsonBundle{Integration: s.Integration, Name: s.Name, Type: string(s.Kind),
				File: s.Zero.Source, Output: s.Zero.BundleRel(), OK: true})
		}
	}
	errs, warns := project.CountErrors(diags)+typeErrs, project.CountWarnings(diags)
	out.Summary = map[string]int{"scripts": len(out.Bundles), "bundled": len(out.Bundles), "errors": errs, "warnings": warns}
	switch {
	case opts.JSON:
		if err := cmdutil.WriteJSON(io.Out, out); err != nil {
			return err
		}
	case p != nil:
		fmt.Fprintf(io.ErrOut, "%s compiled %s into build/ and %s%s in %s\n", cs.SuccessIcon(), text.Pluralize(len(p.Scripts), "function"),
			project.NangoJSONFile, shared.WarningSuffix(warns), opts.Now().Sub(start).Round(time.Millisecond))
	default:
		fmt.Fprintf(io.ErrOut, "%s compile found %s; nothing was written\n", cs.FailureIcon(), text.Pluralize(errs, "error"))
	}
	if p == nil {
		return exitcode.Silent(exitcode.Project)
	}
	return nil
}

// zeroTypecheck type-checks the functions of a project whose definitions read cleanly, as
// `nango compile` does for nango.yaml scripts: with tsgo/tsc when one is installed, unless
// --no-typecheck. A compiler that fails without diagnostics is reported in tc.Error.
func zeroTypecheck(ctx context.Context, opts *Options, p *project.Project) ([]scriptcheck.Diagnostic, jsonTypecheck) {
	io, cs := opts.IO, opts.IO.ColorScheme()
	if opts.NoTypecheck {
		return nil, jsonTypecheck{Skipped: "--no-typecheck"}
	}
	tool := typecheck.Find(p.Dir, opts.Getenv("PATH"))
	if tool == nil {
		if !opts.JSON {
			fmt.Fprintf(io.ErrOut, "%s type check skipped: no tsgo or tsc in node_modules/.bin or PATH (npm install -D typescript to enable it)\n", cs.WarningIcon())
		}
		return nil, jsonTypecheck{Skipped: "no tsgo or tsc found"}
	}
	var files []string
	for _, s := range p.Scripts {
		files = append(files, filepath.Join(p.Dir, filepath.FromSlash(s.Zero.Source)))
	}
	tc := jsonTypecheck{Tool: tool.Path}
	res, err := typecheck.RunZero(ctx, tool, p.Dir, files)
	if err != nil {
		tc.Error = err.Error()
		if !opts.JSON {
			fmt.Fprintln(io.ErrOut, cs.Diagnostic("error: type check failed: "+err.Error()+" (--no-typecheck skips it)", true))
		}
	}
	if res == nil {
		return nil, tc
	}
	return scriptcheck.Dedupe(res.Diagnostics), tc
}
