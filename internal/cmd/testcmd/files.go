package testcmd

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/testrun"
	"github.com/nango-go/nango/internal/vitest"
)

// anyTestFile: the arguments name test files (`nango test a.test.ts`), not an integration
// and a script.
func anyTestFile(args []string) bool {
	for _, a := range args {
		if vitest.IsTestFile(filepath.Base(a)) {
			return true
		}
	}
	return false
}

// selection is what a run covers: test files, and whether (and which) scripts get the
// recordings-only check.
type selection struct {
	files []string // absolute
	// recordings: run testrun; uncovered are the names ("<integration>/<script>[::<v>]") it
	// may check, nil meaning every recorded script (NANGO_MOCKS_RESPONSE_DIRECTORY, whose
	// recordings live outside the project and cannot be matched to test files).
	recordings bool
	uncovered  []string
}

// recordingsRun is testrun's --run: the uncovered scripts --run kept, by exact name.
func (s selection) recordingsRun(filter *regexp.Regexp) *regexp.Regexp {
	if s.uncovered == nil {
		return filter
	}
	quoted := make([]string, len(s.uncovered))
	for i, n := range s.uncovered {
		quoted[i] = regexp.QuoteMeta(n)
	}
	return regexp.MustCompile("^(?:" + strings.Join(quoted, "|") + ")$")
}

// selectFiles resolves the files named on the command line, or discovers the project's test
// files and applies the positional filters and --run to them, then decides which recorded
// scripts no selected file covers.
func selectFiles(dir string, opts *Options, filter *regexp.Regexp) (selection, error) {
	if len(opts.Files) > 0 {
		files, err := resolveFiles(dir, opts.Files)
		return selection{files: files}, err
	}
	all, err := vitest.Discover(dir)
	if err != nil {
		return selection{}, err
	}
	var sel selection
	var rels []string
	for _, abs := range all {
		rel := filepath.ToSlash(relTo(dir, abs))
		if fileSelected(rel, opts, filter) {
			sel.files = append(sel.files, abs)
		}
		rels = append(rels, rel)
	}
	if len(sel.files) == 0 {
		// no test file: today's recordings check with the user's filters, errors included
		return selection{recordings: true}, nil
	}
	if opts.Factory.Getenv(runner.EnvMocksDir) != "" {
		return selection{files: sel.files, recordings: true}, nil
	}
	recorded, err := mocks.Discover(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return selection{}, err
	}
	for _, rs := range recorded {
		name := testrun.Name(rs.Integration, rs.Script, rs.Variant)
		if (rs.Variant == "" && covered(rels, rs.Integration, rs.Script)) || (filter != nil && !filter.MatchString(name)) {
			continue
		}
		sel.uncovered = append(sel.uncovered, name)
	}
	sel.recordings = len(sel.uncovered) > 0
	return sel, nil
}

func covered(rels []string, integration, script string) bool {
	for _, rel := range rels {
		if vitest.Covers(rel, integration, script) {
			return true
		}
	}
	return false
}

// fileSelected applies [integration] [script] and --run to a test file (rel to the project).
// A lone argument that is not a folder of the project is a script name, as for recordings.
func fileSelected(rel string, opts *Options, filter *regexp.Regexp) bool {
	integ, _, _ := strings.Cut(rel, "/")
	integration, script := opts.Integration, opts.Script
	switch {
	case integration != "" && script != "":
		if integ != integration || !vitest.Covers(rel, integ, script) {
			return false
		}
	case integration != "":
		if integ != integration && !vitest.Covers(rel, integ, integration) {
			return false
		}
	}
	return filter == nil || filter.MatchString(rel)
}

// resolveFiles makes the named test files absolute (relative to the working folder); a file
// that does not exist is a usage error.
func resolveFiles(dir string, names []string) ([]string, error) {
	out := make([]string, 0, len(names))
	for _, n := range names {
		p := n
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		st, err := os.Stat(p)
		switch {
		case err != nil:
			return nil, cmdutil.FlagErrorf("test file %s does not exist: name *.test.ts files relative to the current folder, or run nango test with no argument to run them all", n)
		case st.IsDir() || !vitest.IsTestFile(filepath.Base(p)):
			return nil, cmdutil.FlagErrorf("%s is not a test file: nango test takes *.test.ts files (or an integration and a script)", n)
		}
		out = append(out, filepath.Clean(p))
	}
	return out, nil
}

func relTo(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil {
		return r
	}
	return p
}
