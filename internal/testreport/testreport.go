// Package testreport prints the results of `nango test` (internal/testrun) for people: the
// sorted table on stdout with each failure's explanation under its row, and one progress line
// per test on stderr as it finishes. The --json document is testrun.Summary.JSON.
package testreport

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/testrun"
)

// Label is the word the table shows for a status.
func Label(s testrun.Status) string {
	switch s {
	case testrun.StatusPass:
		return "PASS"
	case testrun.StatusFail:
		return "FAIL"
	case testrun.StatusMissing:
		return "MISSING"
	}
	return "ERROR"
}

// WriteText writes the results as a table, one script per line, each failure followed by
// its explanation (the first differing field, the missing file, or the script's error with
// its .ts trace), then a summary line. verbose adds every script's log lines.
func WriteText(w io.Writer, cs *iostreams.ColorScheme, s *testrun.Summary, verbose bool) {
	// Columns are padded by hand: explanations run between rows, so a tabwriter would align
	// each row on its own.
	var labelW, nameW, typeW int
	for _, r := range s.Results {
		labelW = max(labelW, len(Label(r.Status)))
		nameW = max(nameW, len(r.Name()))
		typeW = max(typeW, len(r.Type))
	}
	for _, r := range s.Results {
		label := Label(r.Status)
		pad := strings.Repeat(" ", labelW-len(label))
		if r.Status == testrun.StatusPass {
			label = cs.Green(label)
		} else {
			label = cs.Red(label)
		}
		fmt.Fprintf(w, "%s%s  %-*s  %-*s  %s\n", label, pad, nameW, r.Name(), typeW, r.Type, formatDuration(r.Duration))
		detail := r.Detail()
		if verbose && len(r.Logs) > 0 {
			detail = append(append([]string{"logs:"}, indent(r.Logs, "  ")...), detail...)
		}
		for _, line := range detail {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, SummaryLine(s))
}

// Progress prints one line per test as it finishes, for a run that takes a while: "[ 3/12]
// PASS  shop/items::eu  sync  12ms". The lines come in the order the tests finish, so they
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
	label := Label(r.Status)
	pad := strings.Repeat(" ", len("MISSING")-len(label))
	if r.Status == testrun.StatusPass {
		label = p.cs.Green(label)
	} else {
		label = p.cs.Red(label)
	}
	width := len(fmt.Sprint(p.total))
	line := fmt.Sprintf("[%*d/%d] %s%s  %s", width, p.done, p.total, label, pad, r.Name())
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

// SummaryLine is the summary: "3 scripts: 2 passed, 1 failed (0.12s)".
func SummaryLine(s *testrun.Summary) string {
	parts := []string{fmt.Sprintf("%d passed", s.Count(testrun.StatusPass))}
	if n := s.Count(testrun.StatusFail); n > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", n))
	}
	if n := s.Count(testrun.StatusMissing); n > 0 {
		parts = append(parts, fmt.Sprintf("%d missing a recording", n))
	}
	if n := s.Count(testrun.StatusError); n > 0 {
		parts = append(parts, fmt.Sprintf("%d errored", n))
	}
	noun := "scripts"
	if len(s.Results) == 1 {
		noun = "script"
	}
	return fmt.Sprintf("%d %s: %s (%s)", len(s.Results), noun, strings.Join(parts, ", "), formatDuration(s.Duration))
}

func indent(lines []string, prefix string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = prefix + l
	}
	return out
}

func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}
