package vitest

import (
	"fmt"
	"strings"
)

// Describe renders a file result as text (the failures with their location, frame and
// diff): what tests and callers without their own formatting print.
func Describe(r FileResult) string {
	return fmt.Sprintf("%s %s (%d tests, %d failed)\n", r.Status, r.Path, len(r.Cases), r.Failed()) + DescribeFailures(r)
}

// DescribeFailures renders only the failures of a file result (each one: file > case, the
// error, the diff, the .ts location and its code frame), for callers that print their own
// header line (`nango test`).
func DescribeFailures(r FileResult) string {
	var b strings.Builder
	for _, e := range r.Errors {
		writeFailure(&b, r.Path, "", e)
	}
	for _, c := range r.Cases {
		if c.Failure != nil {
			writeFailure(&b, r.Path, c.Name, *c.Failure)
		}
	}
	return b.String()
}

func writeFailure(b *strings.Builder, file, name string, f Failure) {
	head := "FAIL  " + file
	if name != "" {
		head += " > " + name
	}
	fmt.Fprintf(b, "\n%s\n%s: %s\n", head, f.Name, f.Message)
	if f.Diff != "" {
		fmt.Fprintf(b, "\n%s\n", f.Diff)
	}
	if f.Location != "" {
		fmt.Fprintf(b, "\n ❯ %s\n", f.Location)
	}
	if f.Frame != "" {
		fmt.Fprintf(b, "%s\n", f.Frame)
	}
	if f.Stack != "" && f.Location == "" {
		fmt.Fprintf(b, "%s\n", f.Stack)
	}
}
