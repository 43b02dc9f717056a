package cli

import (
	"os"
	"regexp"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptCmds["waitfile"] = cmdWaitFile
}

// cmdWaitFile waits until a file exists and, with a pattern, until its content matches it
// (for a command running in the background, such as nango dev):
//
//	waitfile dist/issues-github.js
//	waitfile dist/issues-github.js 'issues v2'
//	! waitfile dist/issues-github.js   (until it is gone)
//
// It fails after 60 s: a generous limit on a shared machine, not a timing assertion.
func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: waitfile file [regexp]")
	}
	var re *regexp.Regexp
	if len(args) == 2 {
		re = regexp.MustCompile(args[1])
	}
	path := ts.MkAbs(args[0])
	deadline := time.Now().Add(60 * time.Second)
	for {
		data, err := os.ReadFile(path)
		ok := err == nil && (re == nil || re.Match(data))
		if neg {
			ok = os.IsNotExist(err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("waitfile %v: not satisfied after 60s", args)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
