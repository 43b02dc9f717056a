package testcmd

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/vitest"
)

// recordingsOnly marks, in the table, the scripts checked from their recordings alone
// (no test file covers them).
const recordingsOnly = "recordings only"

// fileProgress prints one stderr line per test file as it finishes, like testrun.Progress
// does for scripts: "[ 3/26] PASS  asana/tests/asana-users.test.ts  2 tests  45ms".
type fileProgress struct {
	w     io.Writer
	cs    *iostreams.ColorScheme
	total int
	done  int
}

func newFileProgress(w io.Writer, cs *iostreams.ColorScheme, total int) *fileProgress {
	return &fileProgress{w: w, cs: cs, total: total}
}

// file is vitest.Options.OnFile (called one at a time).
func (p *fileProgress) file(r vitest.FileResult) {
	p.done++
	width := len(fmt.Sprint(p.total))
	line := fmt.Sprintf("[%*d/%d] %s  %s  %s  %s", width, p.done, p.total, fileLabel(p.cs, r.Status), r.Path, caseCount(r), formatDuration(r.Duration))
	if f := firstFailure(r); f != nil {
		line += ": " + firstLine(f.Name+": "+f.Message)
	}
	fmt.Fprintln(p.w, line)
}

func fileLabel(cs *iostreams.ColorScheme, s vitest.Status) string {
	if s == vitest.StatusPass {
		return cs.Green("PASS")
	}
	return cs.Red("FAIL")
}

func caseCount(r vitest.FileResult) string {
	n := 0
	for _, c := range r.Cases {
		if c.Status != vitest.StatusSkip {
			n++
		}
	}
	noun := "tests"
	if n == 1 {
		noun = "test"
	}
	s := fmt.Sprintf("%d %s", n, noun)
	if f := r.Failed(); f > 0 {
		s += fmt.Sprintf(", %d failed", f)
	}
	return s
}

func firstFailure(r vitest.FileResult) *vitest.Failure {
	if len(r.Errors) > 0 {
		return &r.Errors[0]
	}
	for _, c := range r.Cases {
		if c.Failure != nil {
			return c.Failure
		}
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func formatDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

// report prints the results (a table or one JSON document) and returns the exit status:
// a failed test file is a mismatch (9), like a failed verdict; otherwise testrun's code.
func report(opts *Options, files []vitest.FileResult, summary *testrun.Summary) error {
	cs := opts.IO.ColorScheme()
	if opts.JSON {
		if err := cmdutil.WriteJSON(opts.IO.Out, jsonReport(files, summary, opts.Verbose)); err != nil {
			return err
		}
	} else {
		writeText(opts.IO.Out, cs, files, summary, opts.Verbose)
	}
	failedFiles := 0
	for _, r := range files {
		if r.Status != vitest.StatusPass {
			failedFiles++
		}
	}
	code := exitcode.OK
	if summary != nil {
		code = summary.ExitCode()
	}
	if failedFiles > 0 {
		code = exitcode.Mismatch
	}
	if code == exitcode.OK {
		return nil
	}
	if !opts.JSON {
		fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", cs.FailureIcon(), failureLine(failedFiles, summary))
	}
	return exitcode.Silent(code)
}

func failureLine(failedFiles int, s *testrun.Summary) string {
	var parts []string
	if failedFiles > 0 {
		parts = append(parts, plural(failedFiles, "test file", "test files"))
	}
	if s != nil {
		if bad := len(s.Results) - s.Count(testrun.StatusPass); bad > 0 {
			parts = append(parts, plural(bad, "script", "scripts"))
		}
	}
	verb := " did not pass"
	return strings.Join(parts, " and ") + verb
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
