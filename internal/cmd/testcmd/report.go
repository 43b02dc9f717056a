package testcmd

import (
	"fmt"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/testreport"
	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/vitest"
)

// report prints the results (internal/testreport's table, or its one JSON document) and
// returns the exit status: a failed test file is a mismatch (9), like a failed verdict;
// otherwise testrun's code.
func report(opts *Options, files []vitest.FileResult, summary *testrun.Summary) error {
	cs := opts.IO.ColorScheme()
	if opts.JSON {
		if err := cmdutil.WriteJSON(opts.IO.Out, testreport.JSON(files, summary, opts.Verbose)); err != nil {
			return err
		}
	} else {
		testreport.WriteText(opts.IO.Out, cs, files, summary, opts.Verbose)
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
		fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", cs.FailureIcon(), testreport.FailureLine(failedFiles, summary))
	}
	return exitcode.Silent(code)
}
