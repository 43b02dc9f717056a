package compile

import (
	"errors"
	"fmt"
	"time"

	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/usercache"
)

// zeroRun compiles a zero-yaml project (index.ts, no nango.yaml): every function index.ts
// imports is bundled into build/<integration>_<folder>_<name>.cjs and .nango/nango.json is
// written, as the reference CLI does; all files in one atomic step, nothing when a definition
// has an error. The checks are those of reading the definitions (internal/project); the
// reference's static checks of function code and the type check are not run yet.
func zeroRun(opts *Options, dir string, start time.Time) error {
	io, cs := opts.IO, opts.IO.ColorScheme()
	p, diags, err := pipeline.CompileZero(dir, project.ZeroOptions{NodeModules: usercache.NodeModulesFor(dir, opts.Getenv, usercache.Zod4)})
	var writeErr *pipeline.WriteError
	if errors.As(err, &writeErr) {
		err = nil
	}
	if err != nil {
		if errors.Is(err, project.ErrNoDefinitions) {
			return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%w", err), "run nango compile from the project folder")
		}
		return exitcode.WithCode(exitcode.Project, err)
	}
	out := jsonReport{OK: p != nil, Bundles: []jsonBundle{}, Diagnostics: []any{}, Typecheck: jsonTypecheck{Skipped: "not yet for zero-yaml projects"}}
	for _, d := range diags {
		out.Diagnostics = append(out.Diagnostics, d)
		if !opts.JSON {
			fmt.Fprintln(io.ErrOut, cs.Diagnostic(d.String(), d.Severity == project.SeverityError))
		}
	}
	if writeErr != nil {
		return exitcode.WithCode(exitcode.Failure, writeErr)
	}
	if p != nil {
		for _, s := range p.Scripts {
			out.Bundles = append(out.Bundles, jsonBundle{Integration: s.Integration, Name: s.Name, Type: string(s.Kind),
				File: s.Zero.Source, Output: s.Zero.BundleRel(), OK: true})
		}
	}
	errs, warns := project.CountErrors(diags), project.CountWarnings(diags)
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
		fmt.Fprintf(io.ErrOut, "%s the definitions have %s; nothing was written\n", cs.FailureIcon(), text.Pluralize(errs, "error"))
	}
	if p == nil {
		return exitcode.Silent(exitcode.Project)
	}
	return nil
}
