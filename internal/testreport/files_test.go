package testreport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/vitest"
)

// testFiles are a passing file (with a skipped case and a console line) and a failing one.
func testFiles() []vitest.FileResult {
	return []vitest.FileResult{
		{Path: "gh/tests/gh-issues.test.ts", Status: vitest.StatusPass, Duration: 45 * time.Millisecond,
			Cases: []vitest.CaseResult{
				{Name: "issues > saves", Status: vitest.StatusPass, Console: []string{"fetched 2"}},
				{Name: "issues > skipped", Status: vitest.StatusSkip},
			}},
		{Path: "gh/tests/pulls.test.ts", Status: vitest.StatusFail, Duration: 1500 * time.Millisecond,
			Cases: []vitest.CaseResult{
				{Name: "pulls > output", Status: vitest.StatusFail, Failure: &vitest.Failure{
					Name: "AssertionError", Message: "expected 1 to be 2\nmore", Location: "gh/tests/pulls.test.ts:9:5"}},
				{Name: "pulls > ok", Status: vitest.StatusPass},
			}},
	}
}

// TestWriteTextFiles: one row per file (path padded, tests counted without the skipped ones,
// ms under a second), a failure's explanation indented under its row, console lines only
// with verbose, the scripts' rows marked "recordings only" after the files, then a summary
// line for each.
func TestWriteTextFiles(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	sum := &testrun.Summary{Results: []*testrun.Result{{Integration: "gh", Script: "labels", Type: "sync", Status: testrun.StatusPass, Logs: []string{"hello"}}}}
	var out bytes.Buffer
	WriteText(&out, io.ColorScheme(), testFiles(), sum, true)
	got := out.String()
	for _, want := range []string{
		"PASS  gh/tests/gh-issues.test.ts  1 test  45ms\n    issues > saves | fetched 2\n",
		"FAIL  gh/tests/pulls.test.ts      2 tests, 1 failed  1.50s\n    FAIL  gh/tests/pulls.test.ts > pulls > output\n    AssertionError: expected 1 to be 2\n",
		"\n     ❯ gh/tests/pulls.test.ts:9:5\n",
		"PASS  gh/labels  sync  recordings only  0ms\n    logs:\n    hello\n",
		"\n2 test files: 1 passed, 1 failed (3 tests: 2 passed, 1 failed, 1 skipped)\n1 script: 1 passed (0ms)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	out.Reset()
	WriteText(&out, io.ColorScheme(), testFiles(), nil, false)
	if strings.Contains(out.String(), "fetched 2") || strings.Contains(out.String(), "script") {
		t.Errorf("without verbose or scripts:\n%s", out.String())
	}
}

// TestFileProgress: numbered lines, a failed file with its first failure's first line.
func TestFileProgress(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	var out bytes.Buffer
	p := NewFileProgress(&out, io.ColorScheme(), 12)
	for _, f := range testFiles() {
		p.File(f)
	}
	want := "[ 1/12] PASS  gh/tests/gh-issues.test.ts  1 test  45ms\n" +
		"[ 2/12] FAIL  gh/tests/pulls.test.ts  2 tests, 1 failed  1.50s: AssertionError: expected 1 to be 2\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestFailureLine(t *testing.T) {
	sum := &testrun.Summary{Results: []*testrun.Result{{Status: testrun.StatusFail}, {Status: testrun.StatusMissing}, {Status: testrun.StatusPass}}}
	for _, c := range []struct {
		files int
		s     *testrun.Summary
		want  string
	}{
		{1, nil, "1 test file did not pass"},
		{0, sum, "2 scripts did not pass"},
		{3, sum, "3 test files and 2 scripts did not pass"},
	} {
		if got := FailureLine(c.files, c.s); got != c.want {
			t.Errorf("FailureLine(%d) = %q, want %q", c.files, got, c.want)
		}
	}
}

// TestJSON: "ok" is false when a file failed, "results" is [] without scripts, and a case's
// console lines are there only with verbose.
func TestJSON(t *testing.T) {
	doc := JSON(testFiles(), nil, false)
	if doc.OK || doc.Results == nil || len(doc.Files) != 2 || doc.Files[0].Cases[0].Console != nil || doc.Files[0].DurationMS != 45 {
		t.Errorf("got %+v", doc)
	}
	if doc := JSON(testFiles()[:1], nil, true); !doc.OK || len(doc.Files[0].Cases[0].Console) != 1 {
		t.Errorf("verbose, passing: got %+v", doc)
	}
}
