package shared

import (
	"bytes"
	"errors"
	"testing"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/scriptcheck"
)

// Type errors are printed as tsc prints them, other findings as file:line:column with their
// excerpt; a type check that could not run is not the report's to print.
func TestCompileDiagnostics(t *testing.T) {
	rep := &bundle.Report{
		Diagnostics: []scriptcheck.Diagnostic{
			{Severity: scriptcheck.SeverityError, Code: "unawaited", Message: "nango.get is not awaited",
				File: "github/syncs/issues.ts", Line: 3, Column: 5, Detail: "  3 | nango.get({})"},
			{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeTypecheck, Message: "TS2322: nope",
				File: "github/actions/create.ts", Line: 7, Column: 2},
			{Severity: scriptcheck.SeverityWarning, Code: "undeclared", Message: "not in nango.yaml", File: "x.ts"},
		},
		TypecheckErr: errors.New("tsc crashed"),
	}
	ios, _, _, stderr := iostreams.Test()
	CompileDiagnostics(stderr, ios.ColorScheme(), rep)
	want := "github/syncs/issues.ts:3:5: error: nango.get is not awaited\n  3 | nango.get({})\n" +
		"github/actions/create.ts(7,2): error TS2322: nope\n" +
		"x.ts: warning: not in nango.yaml\n"
	if got := stderr.String(); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}

	ios.SetColorEnabled(true)
	var colored bytes.Buffer
	rep.Diagnostics = rep.Diagnostics[:1]
	CompileDiagnostics(&colored, ios.ColorScheme(), rep)
	if want := "\x1b[31mgithub/syncs/issues.ts:3:5: error: nango.get is not awaited\x1b[0m\n\x1b[90m  3 | nango.get({})\x1b[0m\n"; colored.String() != want {
		t.Fatalf("colour: got %q, want %q", colored.String(), want)
	}
}
