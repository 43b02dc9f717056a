package vitest

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// testFileName is vitest's default include, **/*.{test,spec}.?(c|m)[jt]s?(x): it never
// matches x.test.json, the mocks kept beside tests (vitest-harness.md §1.1).
var testFileName = regexp.MustCompile(`\.(test|spec)\.(c|m)?[jt]sx?$`)

// excludedDir are vitest's default excludes that are folders.
var excludedDir = map[string]bool{
	"node_modules": true, "dist": true, "cypress": true,
	".idea": true, ".git": true, ".cache": true, ".output": true, ".temp": true,
}

// excludedConfig is vitest's default exclude of tool config files.
var excludedConfig = regexp.MustCompile(`^(karma|rollup|webpack|vite|vitest|jest|ava|babel|nyc|cypress|tsup|build|eslint|prettier)\.config\.`)

// IsTestFile reports whether a file name is one vitest collects by default.
func IsTestFile(name string) bool {
	return testFileName.MatchString(name) && !excludedConfig.MatchString(name)
}

// Discover lists the test files under projectDir (absolute, sorted) with vitest's default
// include and exclude rules. Directory symlinks are followed, keeping the symlink path (an
// aliased integration's tests run again under the alias, as under vitest); a cycle is
// visited once.
func Discover(projectDir string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	var walk func(dir string) error
	walk = func(dir string) error {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return nil
		}
		if seen[real] {
			return nil
		}
		seen[real] = true
		defer delete(seen, real) // only ancestors guard against cycles; siblings may alias
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			isDir := e.IsDir()
			if e.Type()&os.ModeSymlink != 0 {
				st, err := os.Stat(p)
				if err != nil {
					continue
				}
				isDir = st.IsDir()
			}
			if isDir {
				if excludedDir[e.Name()] {
					continue
				}
				if err := walk(p); err != nil {
					return err
				}
				continue
			}
			if IsTestFile(e.Name()) && !strings.Contains(filepath.ToSlash(p), "/node_modules/") {
				out = append(out, p)
			}
		}
		return nil
	}
	if err := walk(projectDir); err != nil {
		return nil, err
	}
	sort.Strings(out)
	return out, nil
}

// Covers reports whether the test file at rel (relative to the project, forward slashes)
// is the test of script in integration by name: `<integration>/tests/<integration>-<script>.test.ts`
// (the file upstream's templates and `nango generate:tests` write) or
// `<integration>/tests/<script>.test.ts` (either with any extension IsTestFile accepts).
// `nango test` keeps the recordings-only check for the scripts no file covers.
func Covers(rel, integration, script string) bool {
	dir, name := path.Split(rel)
	if dir != integration+"/tests/" || !IsTestFile(name) {
		return false
	}
	stem := testFileName.ReplaceAllString(name, "")
	return stem == script || stem == integration+"-"+script
}
