package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/deploy"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/typecheck"
)

// loadProject loads the project in dir as every command does (internal/project), printing
// its warnings and errors; errors are a silent Project exit, as nothing can be deployed.
func loadProject(dir string, io *iostreams.IOStreams) (*project.Project, error) {
	p, diags, err := project.Load(dir)
	if errors.Is(err, project.ErrNoDefinitions) {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "no nango.yaml in %s", dir),
			"run the command from your nango-integrations folder (nango init creates one)")
	}
	if err != nil {
		return nil, exitcode.WithCode(exitcode.Project, err)
	}
	cs := io.ColorScheme()
	for _, d := range diags {
		label := cs.Yellow("warning")
		if d.Severity == project.SeverityError {
			label = cs.Red("error")
		}
		fmt.Fprintln(io.ErrOut, strings.Replace(d.String(), ": "+string(d.Severity)+": ", ": "+label+": ", 1))
	}
	if p == nil {
		what := project.DefinitionsFile + " has"
		if project.IsZero(dir) {
			what = "the functions' definitions have"
		}
		fmt.Fprintln(io.ErrOut, what+" errors: nothing was deployed")
		return nil, exitcode.Silent(exitcode.Project)
	}
	return p, nil
}

// newCompiler returns the deploy.Compiler of `nango deploy`: the compile pipeline (static
// checks, esbuild bundles into dist/, and a type check when tsgo or tsc is found in
// node_modules/.bin or in path) limited to the scripts being deployed; everything when no
// script is singled out.
func newCompiler(io *iostreams.IOStreams, path string, quiet, noSourceMap bool) deploy.Compiler {
	return func(ctx context.Context, p *project.Project, scripts []*project.Script) error {
		if p.Format == project.FormatZero {
			return compileZero(io, p, quiet, noSourceMap)
		}
		var only []*project.Script
		if len(scripts) != len(p.Scripts) {
			only = scripts
		}
		tool := typecheck.Find(p.Dir, path)
		rep, err := pipeline.Compile(ctx, p, pipeline.CompileOptions{Only: only, Write: true, Typecheck: tool})
		if err != nil {
			return exitcode.WithCode(exitcode.Project, err)
		}
		cs := io.ColorScheme()
		shared.CompileDiagnostics(io.ErrOut, cs, rep)
		if rep.TypecheckErr != nil {
			fmt.Fprintln(io.ErrOut, cs.Diagnostic("error: type check failed: "+rep.TypecheckErr.Error(), true))
		}
		if !rep.OK() {
			return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "compilation failed: nothing was deployed"),
				"fix the errors above (nango compile shows the same), then deploy again")
		}
		if !quiet {
			checked := "no type check: no tsgo or tsc found"
			if tool != nil {
				checked = "type checked with " + tool.Name()
			}
			fmt.Fprintf(io.ErrOut, "compiled %d script(s) into dist/ (%s)\n", len(rep.Scripts), checked)
		}
		return nil
	}
}

// compileZero finishes the compile of a zero-yaml project, which reading it did (every
// function was built and checked by project.Load): it writes build/ and .nango/nango.json as
// `nango compile` does (pipeline.WriteZero), for the whole project as the reference.
// noSourceMap is --sourcemap false: the bundles written and sent lose their inline source map.
func compileZero(io *iostreams.IOStreams, p *project.Project, quiet, noSourceMap bool) error {
	if noSourceMap {
		for _, s := range p.Scripts {
			s.Zero.Bundle = bundle.StripInlineSourceMap(s.Zero.Bundle)
		}
	}
	if err := pipeline.WriteZero(p); err != nil {
		return exitcode.WithHint(exitcode.WithCode(exitcode.Failure, err), "check that the project folder is writable, then deploy again")
	}
	if !quiet {
		fmt.Fprintf(io.ErrOut, "compiled %d function(s) into build/ and %s (no type check for zero-yaml projects yet)\n",
			len(p.Scripts), project.NangoJSONFile)
	}
	return nil
}
