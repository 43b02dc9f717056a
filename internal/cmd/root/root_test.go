package root

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/iostreams"
)

// TestEnvironmentVariablesDocumented fails when the binary reads an environment variable
// that `nango --help` or README's "Environment variables" table does not name. It finds the
// names in the source: getenv("X") calls, "NANGO_…" constants and the npm_config_<key> values
// read through envValue (internal/npmregistry/config.go).
func TestEnvironmentVariablesDocumented(t *testing.T) {
	repo := filepath.Join("..", "..", "..")
	direct := regexp.MustCompile(`(?i)getenv\("([A-Za-z_][A-Za-z0-9_]*)"\)`)
	nango := regexp.MustCompile(`"(NANGO_[A-Z0-9_]*[A-Z0-9])_?"`)
	npm := regexp.MustCompile(`envValue\(getenv, "([a-z_]+)"\)`)
	found := map[string]string{}
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != repo && (strings.HasPrefix(n, ".") || n == "testdata" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "test"+string(filepath.Separator)) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range direct.FindAllStringSubmatch(string(src), -1) {
			found[m[1]] = path
		}
		for _, m := range nango.FindAllStringSubmatch(string(src), -1) {
			found[m[1]] = path
		}
		for _, m := range npm.FindAllStringSubmatch(string(src), -1) {
			found["npm_config_"+m[1]] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 10 {
		t.Fatalf("found only %d variables in the source; the scan is broken: %v", len(found), found)
	}
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(readme), "## Environment variables")
	table, _, _ = strings.Cut(table, "\n## ")
	ios, _, _, _ := iostreams.Test()
	help := NewCmdRoot(&cmdutil.Factory{IOStreams: ios}).Long
	names := make([]string, 0, len(found))
	for n := range found {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !strings.Contains(help, n) {
			t.Errorf("%s (read in %s) is missing from the environment variables of `nango --help` (internal/cmd/root/root.go)", n, found[n])
		}
		if !strings.Contains(table, "`"+n) {
			t.Errorf("%s (read in %s) is missing from README's \"Environment variables\" table", n, found[n])
		}
	}
}
