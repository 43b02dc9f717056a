package testcmd

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
)

func TestAnyTestFile(t *testing.T) {
	for args, want := range map[string]bool{
		"":                          false,
		"github":                    false,
		"github issues":             false,
		"github/tests/x.test.ts":    true,
		"a.spec.mts":                true,
		"github/tests/x.test.json":  false,
		"github/tests/vitest.ts":    false,
		"github a/tests/b.test.ts":  true,
		"github/tests/x.test.ts.sh": false,
	} {
		var list []string
		for _, a := range regexp.MustCompile(` `).Split(args, -1) {
			if a != "" {
				list = append(list, a)
			}
		}
		if got := anyTestFile(list); got != want {
			t.Errorf("anyTestFile(%q) = %v, want %v", args, got, want)
		}
	}
}

func TestFileSelected(t *testing.T) {
	const std = "github/tests/github-issues.test.ts"
	for _, c := range []struct {
		rel, integration, script, run string
		want                          bool
	}{
		{std, "", "", "", true},
		{std, "github", "", "", true},
		{std, "linear", "", "", false},
		{std, "github", "issues", "", true},
		{std, "github", "pulls", "", false},
		{std, "issues", "", "", true}, // a lone script name
		{"github/tests/issues.pagination.test.ts", "github", "issues", "", false},
		{"github/tests/issues.test.ts", "github", "issues", "", true},
		{std, "", "", "pagination", false},
		{std, "", "", "github-iss", true},
	} {
		var filter *regexp.Regexp
		if c.run != "" {
			filter = regexp.MustCompile(c.run)
		}
		got := fileSelected(c.rel, &Options{Integration: c.integration, Script: c.script}, filter)
		if got != c.want {
			t.Errorf("fileSelected(%s, %q %q --run %q) = %v, want %v", c.rel, c.integration, c.script, c.run, got, c.want)
		}
	}
}

func TestResolveFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "gh", "tests"), 0o755)
	os.WriteFile(filepath.Join(dir, "gh", "tests", "a.test.ts"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "gh", "tests", "a.ts"), nil, 0o644)
	got, err := resolveFiles(dir, []string{"gh/tests/a.test.ts", filepath.Join(dir, "gh", "tests", "a.test.ts")})
	if err != nil || len(got) != 2 || got[0] != filepath.Join(dir, "gh", "tests", "a.test.ts") || got[1] != got[0] {
		t.Fatalf("got %v, %v", got, err)
	}
	for _, bad := range []string{"gh/tests/missing.test.ts", "gh/tests/a.ts", "gh/tests"} {
		if _, err := resolveFiles(dir, []string{bad}); exitcode.Of(err) != exitcode.Usage {
			t.Errorf("%s: %v (code %d), want a usage error", bad, err, exitcode.Of(err))
		}
	}
}

func TestRecordingsRun(t *testing.T) {
	user := regexp.MustCompile("x")
	if got := (selection{}).recordingsRun(user); got != user {
		t.Errorf("no list: want the user's filter, got %v", got)
	}
	re := selection{uncovered: []string{"gh/issues", "gh/issues::eu", "a.b/c"}}.recordingsRun(nil)
	for name, want := range map[string]bool{"gh/issues": true, "gh/issues::eu": true, "a.b/c": true, "axb/c": false, "gh/issues2": false, "xgh/issues": false} {
		if re.MatchString(name) != want {
			t.Errorf("%s: match %v, want %v", name, !want, want)
		}
	}
}
