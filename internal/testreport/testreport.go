// Package testreport prints the results of `nango test` for people, and builds its --json
// document: the test files (internal/vitest) and the scripts checked from recordings only
// (internal/testrun). WriteText is the sorted table on stdout, each failure's explanation
// under its row, then the summary lines; Progress and FileProgress print one stderr line per
// test as it finishes; JSON is the --json document. internal/cmd/testcmd chooses between
// them and sets the exit code.
package testreport

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/vitest"
)

// RecordingsOnly marks, in the table, the scripts checked from their recordings alone
// (no test file covers them).
const RecordingsOnly = "recordings only"

// Label is the word the table shows for a script's status.
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

// scriptLabel is Label coloured (green for a pass, red otherwise) and padded to width.
func scriptLabel(cs *iostreams.ColorScheme, s testrun.Status, width int) string {
	label := Label(s)
	pad := strings.Repeat(" ", width-len(label))
	if s == testrun.StatusPass {
		return cs.Green(label) + pad
	}
	return cs.Red(label) + pad
}

// fileLabel is a test file's status as the table shows it: a file passes or fails.
func fileLabel(cs *iostreams.ColorScheme, s vitest.Status) string {
	if s == vitest.StatusPass {
		return cs.Green("PASS")
	}
	return cs.Red("FAIL")
}

// WriteText prints the test files (each failure with its case, .ts location, code frame and
// diff), then the scripts checked from recordings only (s, nil when none ran), then one
// summary line for each. verbose adds what each case and script logged.
func WriteText(w io.Writer, cs *iostreams.ColorScheme, files []vitest.FileResult, s *testrun.Summary, verbose bool) {
	writeFiles(w, cs, files, verbose)
	if s != nil {
		writeScripts(w, cs, s, verbose)
	}
	fmt.Fprintln(w)
	if len(files) > 0 {
		fmt.Fprintln(w, FilesLine(files))
	}
	if s != nil {
		fmt.Fprintln(w, SummaryLine(s))
	}
}

func writeFiles(w io.Writer, cs *iostreams.ColorScheme, files []vitest.FileResult, verbose bool) {
	pathW := 0
	for _, r := range files {
		pathW = max(pathW, len(r.Path))
	}
	for _, r := range files {
		fmt.Fprintf(w, "%s  %-*s  %s  %s\n", fileLabel(cs, r.Status), pathW, r.Path, caseCount(r), formatDuration(r.Duration))
		if verbose {
			for _, c := range r.Cases {
				for _, l := range c.Console {
					fmt.Fprintf(w, "    %s | %s\n", c.Name, l)
				}
			}
		}
		if r.Status != vitest.StatusPass {
			writeIndented(w, strings.Trim(vitest.DescribeFailures(r), "\n"))
		}
	}
}

// writeScripts is the table of scripts checked from their recordings alone, one per line
// with RecordingsOnly after the type, each followed by its explanation (the first differing
// field, the missing file, or the script's error with its .ts trace).
func writeScripts(w io.Writer, cs *iostreams.ColorScheme, s *testrun.Summary, verbose bool) {
	// Columns are padded by hand: explanations run between rows, so a tabwriter would align
	// each row on its own.
	var labelW, nameW, typeW int
	for _, r := range s.Results {
		labelW = max(labelW, len(Label(r.Status)))
		nameW = max(nameW, len(r.Name()))
		typeW = max(typeW, len(r.Type))
	}
	for _, r := range s.Results {
		fmt.Fprintf(w, "%s  %-*s  %-*s  %s  %s\n", scriptLabel(cs, r.Status, labelW), nameW, r.Name(), typeW, r.Type, RecordingsOnly, formatDuration(r.Duration))
		detail := r.Detail()
		if verbose && len(r.Logs) > 0 {
			detail = append(append([]string{"logs:"}, r.Logs...), detail...)
		}
		for _, line := range detail {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
}

func writeIndented(w io.Writer, text string) {
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintf(w, "    %s\n", l)
	}
}

// SummaryLine is the scripts' summary: "3 scripts: 2 passed, 1 failed (0.12s)".
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
	return fmt.Sprintf("%s: %s (%s)", text.Pluralize(len(s.Results), "script"), strings.Join(parts, ", "), formatDuration(s.Duration))
}

// FilesLine is the test files' summary: "3 test files: 2 passed, 1 failed (7 tests: 6
// passed, 1 failed)".
func FilesLine(files []vitest.FileResult) string {
	var passed, failed int
	counts := map[vitest.Status]int{}
	for _, r := range files {
		if r.Status == vitest.StatusPass {
			passed++
		} else {
			failed++
		}
		for _, c := range r.Cases {
			counts[c.Status]++
		}
	}
	line := fmt.Sprintf("%s: %d passed", text.Pluralize(len(files), "test file"), passed)
	if failed > 0 {
		line += fmt.Sprintf(", %d failed", failed)
	}
	total := counts[vitest.StatusPass] + counts[vitest.StatusFail]
	line += fmt.Sprintf(" (%s: %d passed", text.Pluralize(total, "test"), counts[vitest.StatusPass])
	if n := counts[vitest.StatusFail]; n > 0 {
		line += fmt.Sprintf(", %d failed", n)
	}
	if n := counts[vitest.StatusSkip]; n > 0 {
		line += fmt.Sprintf(", %d skipped", n)
	}
	return line + ")"
}

// FailureLine is the one stderr line of a run that did not pass: "1 test file and 2
// scripts did not pass".
func FailureLine(failedFiles int, s *testrun.Summary) string {
	var parts []string
	if failedFiles > 0 {
		parts = append(parts, text.Pluralize(failedFiles, "test file"))
	}
	if s != nil {
		if bad := len(s.Results) - s.Count(testrun.StatusPass); bad > 0 {
			parts = append(parts, text.Pluralize(bad, "script"))
		}
	}
	return strings.Join(parts, " and ") + " did not pass"
}

// caseCount is a file's "2 tests, 1 failed": skipped cases do not count.
func caseCount(r vitest.FileResult) string {
	n := 0
	for _, c := range r.Cases {
		if c.Status != vitest.StatusSkip {
			n++
		}
	}
	s := text.Pluralize(n, "test")
	if f := r.Failed(); f > 0 {
		s += fmt.Sprintf(", %d failed", f)
	}
	return s
}

// formatDuration is "45ms" under a second, as vitest prints it, else "1.23s".
func formatDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}
