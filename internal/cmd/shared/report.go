// Package shared holds the printing that several commands share, in the way cli/cli keeps a
// `shared` package beside its commands: the diagnostics of a project's definitions (generate,
// validate, init, compile, deploy) and of compiled scripts (compile, deploy, dev). It is not a
// command; commands import it instead of importing each other.
package shared

import (
	"errors"
	"fmt"
	"io"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/typecheck"
)

// ProjectDiagnostics prints the diagnostics of the definitions: as a JSON array on stdout
// with asJSON (always, even empty, so that a machine can read it), else for people on
// stderr. It returns a silent Project exit when any diagnostic is an error.
func ProjectDiagnostics(io *iostreams.IOStreams, diags []project.Diagnostic, asJSON bool) error {
	if asJSON {
		if diags == nil {
			diags = []project.Diagnostic{}
		}
		if err := cmdutil.WriteJSON(io.Out, diags); err != nil {
			return err
		}
	} else {
		WriteProjectDiagnostics(io.ErrOut, io.ColorScheme(), diags)
	}
	if n := project.CountErrors(diags); n > 0 {
		if !asJSON {
			fmt.Fprintf(io.ErrOut, "%s nango.yaml has %s%s; nothing was written\n",
				io.ColorScheme().FailureIcon(), text.Pluralize(n, "error"), WarningSuffix(project.CountWarnings(diags)))
		}
		return exitcode.Silent(exitcode.Project)
	}
	return nil
}

// WriteProjectDiagnostics prints the diagnostics of the definitions for people, one a line,
// coloured by severity.
func WriteProjectDiagnostics(w io.Writer, cs *iostreams.ColorScheme, diags []project.Diagnostic) {
	for _, d := range diags {
		fmt.Fprintln(w, cs.Diagnostic(d.String(), d.Severity == project.SeverityError))
	}
}

// LoadError turns a failure to read the definitions (project.Load's error) into the
// command's error, printing a JSON diagnostic too with asJSON.
func LoadError(io *iostreams.IOStreams, err error, asJSON bool) error {
	if !errors.Is(err, project.ErrNoDefinitions) {
		return err
	}
	if asJSON {
		if werr := cmdutil.WriteJSON(io.Out, []project.Diagnostic{project.LoadErrorDiagnostic(err)}); werr != nil {
			return werr
		}
		return exitcode.Silent(exitcode.Project)
	}
	return exitcode.WithHint(exitcode.WithCode(exitcode.Project, err),
		"run this command in your nango-integrations folder, or create a project with `nango init`")
}

// CompileDiagnostics prints the diagnostics of a compilation for a terminal, one after the
// other: type errors in tsc's form (file(line,col): error TSxxxx: message), the others as
// file:line:column with their source excerpt, each coloured by cs. A type check that could
// not run (Report.TypecheckErr) is left to the caller, whose advice differs.
func CompileDiagnostics(w io.Writer, cs *iostreams.ColorScheme, rep *bundle.Report) {
	for _, d := range rep.Diagnostics {
		line := d.String()
		if d.Code == scriptcheck.CodeTypecheck {
			line = typecheck.Format(d)
		}
		fmt.Fprintln(w, cs.Diagnostic(line, d.Severity == scriptcheck.SeverityError))
	}
}

// WarningSuffix is " (n warnings)", or "" when n is 0.
func WarningSuffix(n int) string {
	if n == 0 {
		return ""
	}
	return " (" + text.Pluralize(n, "warning") + ")"
}
