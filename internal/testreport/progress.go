package testreport

import (
	"fmt"
	"io"
	"strings"

	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/vitest"
)

// Progress prints one line per script as it finishes, for a run that takes a while: "[ 3/12]
// PASS  shop/items::eu  sync  12ms". The lines come in the order the scripts finish, so they
// go to stderr; the sorted table (WriteText) or the JSON document is the result on stdout.
type Progress struct {
	w     io.Writer
	cs    *iostreams.ColorScheme
	total int
	done  int
}

// NewProgress writes progress lines to w.
func NewProgress(w io.Writer, cs *iostreams.ColorScheme) *Progress {
	return &Progress{w: w, cs: cs}
}

// Start is testrun.Options.OnStart.
func (p *Progress) Start(total int) { p.total = total }

// Result is testrun.Options.OnResult (called one at a time).
func (p *Progress) Result(r *testrun.Result) {
	p.done++
	width := len(fmt.Sprint(p.total))
	line := fmt.Sprintf("[%*d/%d] %s  %s", width, p.done, p.total, scriptLabel(p.cs, r.Status, len("MISSING")), r.Name())
	if r.Type != "" {
		line += "  " + r.Type
	}
	if r.Duration > 0 {
		line += "  " + formatDuration(r.Duration)
	}
	if d := r.Detail(); len(d) > 0 {
		// the first line of the explanation, so that a long run shows a failure early
		line += ": " + d[0]
	}
	fmt.Fprintln(p.w, line)
}

// FileProgress is Progress for test files: "[ 3/26] PASS  asana/tests/asana-users.test.ts
// 2 tests  45ms", with the first failure's first line after a failed file.
type FileProgress struct {
	w     io.Writer
	cs    *iostreams.ColorScheme
	total int
	done  int
}

// NewFileProgress writes progress lines to w for total test files.
func NewFileProgress(w io.Writer, cs *iostreams.ColorScheme, total int) *FileProgress {
	return &FileProgress{w: w, cs: cs, total: total}
}

// File is vitest.Options.OnFile (called one at a time).
func (p *FileProgress) File(r vitest.FileResult) {
	p.done++
	width := len(fmt.Sprint(p.total))
	line := fmt.Sprintf("[%*d/%d] %s  %s  %s  %s", width, p.done, p.total, fileLabel(p.cs, r.Status), r.Path, caseCount(r), formatDuration(r.Duration))
	if f := firstFailure(r); f != nil {
		line += ": " + firstLine(f.Name+": "+f.Message)
	}
	fmt.Fprintln(p.w, line)
}

// firstFailure is a file-level error if there is one, else the first failed case's.
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
