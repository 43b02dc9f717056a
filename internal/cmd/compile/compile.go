// Package compile implements `nango compile`.
package compile

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/typecheck"
)

// Options are the inputs of `nango compile`.
type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() (string, error)
	Getenv  func(string) string
	Now     func() time.Time

	JSON        bool
	NoTypecheck bool
	Debug       bool
	// Strict makes the warnings of our extra checks errors (scriptcheck.ExtraChecks).
	Strict bool
}

// NewCmdCompile builds `nango compile`. runF replaces the run function in tests.
func NewCmdCompile(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir, Getenv: f.Getenv, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "compile",
		Short: "Check and bundle every script into dist/",
		Long: heredoc.Doc(`
			Check every sync, action and on-event script declared in nango.yaml and bundle each
			one into dist/<script>-<integration>.js (CommonJS, local imports inlined, inline
			source map), the files that dryrun and deploy use.

			Before that, models.ts and .nango/ are regenerated when nango.yaml is newer than
			models.ts or .nango/schema.json is missing.

			Checks (each reported as file:line:column):
			  - nango.* calls that are not awaited, returned or chained with .then/.catch
			  - batchSave/batchDelete/batchUpdate/batchSend in an action
			  - a model name passed to a batch call that nango.yaml does not declare, or
			    that the sync does not output
			  - a sync whose default export returns a value
			  - retryOn without retries; setMergingStrategy after a batch or proxy call
			  - imports of packages other than url, crypto, zod, node:url, node:crypto,
			    botbuilder, soap, unzipper; imports of files outside the project
			  - a script declared in nango.yaml without its .ts file (and, as a warning, a .ts
			    file in a script folder that nango.yaml does not declare)
			  - TypeScript type errors, when tsgo or tsc is installed (the project's
			    node_modules/.bin first, then PATH), with the reference CLI's strict options

			Checks the reference CLI does not have (a model the sync does not output,
			promises not awaited inside callbacks, deprecated calls, regular expressions the
			runtime cannot run, undeclared .ts files) are warnings; --strict makes them errors.

			Exits 0 only when every script bundled and every check passed, 3 otherwise.
		`),
		Example: heredoc.Doc(`
			$ nango compile
			$ nango compile --no-typecheck
			$ nango compile --json | jq '.diagnostics[] | select(.severity == "error")'
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return compileRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "Print bundles and diagnostics as JSON on stdout")
	cmd.Flags().BoolVar(&opts.NoTypecheck, "no-typecheck", false, "Skip the TypeScript type check")
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "Fail on the warnings of checks the reference CLI does not have (see README)")
	cmd.Flags().BoolVar(&opts.Debug, "debug", false, "Also print each bundle, its size and the inputs inlined in it")
	return cmd
}

// jsonReport is the --json output.
type jsonReport struct {
	OK          bool           `json:"ok"`
	Bundles     []jsonBundle   `json:"bundles"`
	Typecheck   jsonTypecheck  `json:"typecheck"`
	Diagnostics []any          `json:"diagnostics"`
	Summary     map[string]int `json:"summary"`
}

type jsonBundle struct {
	Integration string `json:"integration"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	File        string `json:"file,omitempty"`
	Output      string `json:"output,omitempty"`
	OK          bool   `json:"ok"`
}

type jsonTypecheck struct {
	Tool    string `json:"tool,omitempty"`
	Skipped string `json:"skipped,omitempty"`
	Error   string `json:"error,omitempty"`
}

// compileRun compiles the project in the working directory.
func compileRun(ctx context.Context, opts *Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	start := opts.Now()
	dir, err := opts.WorkDir()
	if err != nil {
		return err
	}
	if project.IsZero(dir) {
		return zeroRun(opts, dir, start) // zero.go
	}
	io, cs := opts.IO, opts.IO.ColorScheme()

	proj, yamlDiags, err := project.Load(dir)
	if err != nil {
		if opts.JSON && errors.Is(err, project.ErrNoDefinitions) {
			d := project.LoadErrorDiagnostic(err)
			d.Message += " (not inside a Nango folder)"
			return report(opts, dir, nil, []project.Diagnostic{d}, jsonTypecheck{}, start)
		}
		return shared.LoadError(io, err, opts.JSON)
	}
	if proj == nil {
		return report(opts, dir, nil, yamlDiags, jsonTypecheck{}, start)
	}
	if opts.Debug && !opts.JSON {
		fmt.Fprintf(io.ErrOut, "project %s\n", dir)
	}
	copts := pipeline.CompileOptions{Write: true, Strict: opts.Strict}
	tc := jsonTypecheck{}
	switch {
	case opts.NoTypecheck:
		tc.Skipped = "--no-typecheck"
	default:
		copts.Typecheck = typecheck.Find(dir, opts.Getenv("PATH"))
		if copts.Typecheck == nil {
			tc.Skipped = "no tsgo or tsc found"
			if !opts.JSON {
				fmt.Fprintf(io.ErrOut, "%s type check skipped: no tsgo or tsc in node_modules/.bin or PATH (npm install -D typescript to enable it)\n", cs.WarningIcon())
			}
		} else {
			tc.Tool = copts.Typecheck.Path
		}
	}
	if !opts.JSON && len(proj.Scripts) > 0 {
		what := text.Pluralize(len(proj.Scripts), "script")
		if copts.Typecheck != nil {
			what += ", type checking with " + copts.Typecheck.Name()
		}
		fmt.Fprintf(io.ErrOut, "compiling %s\n", what)
	}
	rep, err := pipeline.Compile(ctx, proj, copts)
	if err != nil {
		return exitcode.WithCode(exitcode.Failure, err)
	}
	if opts.Debug && !opts.JSON {
		for _, s := range rep.Scripts {
			switch {
			case s.Bundle == nil:
				fmt.Fprintf(io.ErrOut, "  %s: no file\n", s.Script.ID())
			case !s.OK:
				fmt.Fprintf(io.ErrOut, "  %s: %s not bundled\n", s.Script.ID(), scriptcheck.RelPath(dir, s.Entry))
			default:
				var ins []string
				for _, in := range s.Bundle.Inputs {
					ins = append(ins, scriptcheck.RelPath(dir, in))
				}
				fmt.Fprintf(io.ErrOut, "  %s: %s → %s (%.1f kB; %s)\n", s.Script.ID(), scriptcheck.RelPath(dir, s.Entry),
					scriptcheck.RelPath(dir, s.Bundle.OutFile), float64(len(s.Bundle.Code))/1000, strings.Join(ins, ", "))
			}
		}
	}
	if rep.TypecheckErr != nil {
		tc.Error = rep.TypecheckErr.Error()
	}
	return report(opts, dir, rep, yamlDiags, tc, start)
}

// report prints the outcome and chooses the exit code.
func report(opts *Options, dir string, rep *bundle.Report, yamlDiags []project.Diagnostic, tc jsonTypecheck, start time.Time) error {
	io := opts.IO
	cs := io.ColorScheme()
	var diags []scriptcheck.Diagnostic
	if rep != nil {
		diags = rep.Diagnostics
	}
	errs := scriptcheck.Count(diags, scriptcheck.SeverityError) + project.CountErrors(yamlDiags)
	warns := scriptcheck.Count(diags, scriptcheck.SeverityWarning) + project.CountWarnings(yamlDiags)
	typecheckFailed := rep != nil && rep.TypecheckErr != nil
	ok := errs == 0 && !typecheckFailed && rep != nil

	if opts.JSON {
		out := jsonReport{OK: ok, Bundles: []jsonBundle{}, Diagnostics: []any{}, Typecheck: tc}
		for _, d := range yamlDiags {
			out.Diagnostics = append(out.Diagnostics, d)
		}
		for _, d := range diags {
			out.Diagnostics = append(out.Diagnostics, d)
		}
		built := 0
		if rep != nil {
			for _, s := range rep.Scripts {
				b := jsonBundle{Integration: s.Script.Integration, Name: s.Script.Name, Type: string(s.Script.Kind), OK: s.OK}
				if s.Entry != "" {
					b.File = scriptcheck.RelPath(dir, s.Entry)
				}
				if s.OK && s.Bundle != nil && s.Bundle.Code != nil {
					b.Output = scriptcheck.RelPath(dir, s.Bundle.OutFile)
					built++
				}
				out.Bundles = append(out.Bundles, b)
			}
		}
		out.Summary = map[string]int{"scripts": len(out.Bundles), "bundled": built, "errors": errs, "warnings": warns}
		if err := cmdutil.WriteJSON(io.Out, out); err != nil {
			return err
		}
	} else {
		shared.WriteProjectDiagnostics(io.ErrOut, cs, yamlDiags)
		if rep != nil {
			shared.CompileDiagnostics(io.ErrOut, cs, rep)
		}
		if typecheckFailed {
			fmt.Fprintln(io.ErrOut, cs.Diagnostic("error: type check failed: "+rep.TypecheckErr.Error()+" (--no-typecheck skips it)", true))
		}
		elapsed := opts.Now().Sub(start).Round(time.Millisecond)
		switch {
		case rep == nil:
			fmt.Fprintf(io.ErrOut, "%s nango.yaml has %s; nothing was compiled\n", cs.FailureIcon(), text.Pluralize(errs, "error"))
		case ok:
			fmt.Fprintf(io.ErrOut, "%s compiled %s into %s/%s in %s\n", cs.SuccessIcon(), text.Pluralize(len(rep.Scripts), "script"), bundle.DistDir, shared.WarningSuffix(warns), elapsed)
		default:
			failed := 0
			for _, s := range rep.Scripts {
				if !s.OK {
					failed++
				}
			}
			fmt.Fprintf(io.ErrOut, "%s compilation failed: %s, %d of %s not compiled%s\n", cs.FailureIcon(), text.Pluralize(errs, "error"), failed, text.Pluralize(len(rep.Scripts), "script"), shared.WarningSuffix(warns))
		}
	}
	if !ok {
		return exitcode.Silent(exitcode.Project)
	}
	return nil
}
