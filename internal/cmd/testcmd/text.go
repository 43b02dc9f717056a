package testcmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/testreport"
	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/vitest"
)

// writeText prints the test files (each failure with its case, .ts location, code frame and
// diff), then the scripts checked from recordings only, then one summary line for each.
func writeText(w io.Writer, cs *iostreams.ColorScheme, files []vitest.FileResult, s *testrun.Summary, verbose bool) {
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
	if s != nil {
		writeRecordings(w, cs, s, verbose)
	}
	fmt.Fprintln(w)
	if len(files) > 0 {
		fmt.Fprintln(w, filesLine(files))
	}
	if s != nil {
		fmt.Fprintln(w, testreport.SummaryLine(s))
	}
}

// writeRecordings is the table of scripts checked from their recordings alone, in the
// columns testrun.WriteText uses, with "recordings only" after the type.
func writeRecordings(w io.Writer, cs *iostreams.ColorScheme, s *testrun.Summary, verbose bool) {
	var labelW, nameW, typeW int
	for _, r := range s.Results {
		labelW = max(labelW, len(testreport.Label(r.Status)))
		nameW = max(nameW, len(r.Name()))
		typeW = max(typeW, len(r.Type))
	}
	for _, r := range s.Results {
		label := testreport.Label(r.Status)
		pad := strings.Repeat(" ", labelW-len(label))
		if r.Status == testrun.StatusPass {
			label = cs.Green(label)
		} else {
			label = cs.Red(label)
		}
		fmt.Fprintf(w, "%s%s  %-*s  %-*s  %s  %s\n", label, pad, nameW, r.Name(), typeW, r.Type, recordingsOnly, formatDuration(r.Duration))
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

// filesLine is the files' summary: "3 test files: 2 passed, 1 failed (7 tests: 6 passed,
// 1 failed)".
func filesLine(files []vitest.FileResult) string {
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
	line := fmt.Sprintf("%s: %d passed", plural(len(files), "test file", "test files"), passed)
	if failed > 0 {
		line += fmt.Sprintf(", %d failed", failed)
	}
	total := counts[vitest.StatusPass] + counts[vitest.StatusFail]
	line += fmt.Sprintf(" (%s: %d passed", plural(total, "test", "tests"), counts[vitest.StatusPass])
	if n := counts[vitest.StatusFail]; n > 0 {
		line += fmt.Sprintf(", %d failed", n)
	}
	if n := counts[vitest.StatusSkip]; n > 0 {
		line += fmt.Sprintf(", %d skipped", n)
	}
	return line + ")"
}
