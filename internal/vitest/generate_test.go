package vitest

import "testing"

func TestCovers(t *testing.T) {
	for _, c := range []struct {
		rel, integration, script string
		want                     bool
	}{
		{"gh/tests/gh-issues.test.ts", "gh", "issues", true},
		{"gh/tests/issues.test.ts", "gh", "issues", true},
		{"gh/tests/issues.spec.mts", "gh", "issues", true},
		{"gh/tests/gh-issues.test.ts", "gh", "pulls", false},
		{"gh/tests/issues.pagination.test.ts", "gh", "issues", false},
		{"other/tests/gh-issues.test.ts", "gh", "issues", false},
		{"gh/tests/sub/issues.test.ts", "gh", "issues", false},
		{"gh/tests/gh-issues.test.json", "gh", "issues", false},
	} {
		if got := Covers(c.rel, c.integration, c.script); got != c.want {
			t.Errorf("Covers(%s, %s, %s) = %v, want %v", c.rel, c.integration, c.script, got, c.want)
		}
	}
}
