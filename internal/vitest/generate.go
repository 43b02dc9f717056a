package vitest

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/project"
)

// TestSelection filters the scripts of PlanTestFiles (`nango generate:tests -i -s -a`);
// empty fields select everything. When Syncs or Actions are given, only those scripts.
type TestSelection struct {
	Integration string
	Syncs       []string
	Actions     []string
}

// NewTestFile is one test file to create.
type NewTestFile struct {
	// Path is relative to the project, with forward slashes:
	// <integration>/tests/<integration>-<script>.test.ts.
	Path    string
	Script  *project.Script
	Content []byte
}

// PlanTestFiles lists the standard test file of every selected sync and action that has
// recordings (<integration>/mocks/<script>/; for a zero-yaml function also
// <integration>/tests/<name>.test.json) and no test file yet (Covers): the files
// `nango generate:tests` writes. It writes nothing.
func PlanTestFiles(p *project.Project, sel TestSelection) ([]NewTestFile, error) {
	recorded, err := mocks.Discover(p.Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	has := map[string]bool{}
	for _, rs := range recorded {
		has[rs.Integration+"/"+rs.Script] = true
	}
	existing, err := Discover(p.Dir)
	if err != nil {
		return nil, err
	}
	var out []NewTestFile
	for _, s := range p.Scripts {
		if s.Zero != nil {
			// zero-yaml: recordings are tests/<name>.test.json (or the legacy mocks/), and the
			// test calls the function's exec
			if selected(s, sel) && zeroHasMocks(p.Dir, s) && !coveredBy(p.Dir, existing, s) {
				out = append(out, NewTestFile{Path: s.Integration + "/tests/" + s.Integration + "-" + s.Name + ".test.ts", Script: s,
					Content: renderZeroTestFile(s, zeroImport(p.Dir, s))})
			}
			continue
		}
		if !selected(s, sel) || !has[s.ID()] || coveredBy(p.Dir, existing, s) {
			continue
		}
		spec := codegen.TestFileSpec{Integration: s.Integration, Name: s.Name, Action: s.Kind == project.KindAction,
			Import: importPath(p.Dir, s), Models: s.Outputs}
		out = append(out, NewTestFile{
			Path:    s.Integration + "/tests/" + s.Integration + "-" + s.Name + ".test.ts",
			Script:  s,
			Content: codegen.RenderTestFile(spec),
		})
	}
	return out, nil
}

func selected(s *project.Script, sel TestSelection) bool {
	if s.Kind != project.KindSync && s.Kind != project.KindAction {
		return false
	}
	if sel.Integration != "" && s.Integration != sel.Integration {
		return false
	}
	if len(sel.Syncs) == 0 && len(sel.Actions) == 0 {
		return true
	}
	names := sel.Actions
	if s.Kind == project.KindSync {
		names = sel.Syncs
	}
	for _, n := range names {
		if n == s.Name {
			return true
		}
	}
	return false
}

func coveredBy(dir string, existing []string, s *project.Script) bool {
	for _, f := range existing {
		if Covers(relPath(dir, f), s.Integration, s.Name) {
			return true
		}
	}
	return false
}

// importPath is the script's module as seen from <integration>/tests/: the nested layout's
// file, or a root-level <name>.ts when only that exists (the layouts the bundler accepts).
func importPath(dir string, s *project.Script) string {
	src := s.SourceRel()
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(src))); err != nil {
		if _, err := os.Stat(filepath.Join(dir, s.Name+".ts")); err == nil {
			src = s.Name + ".ts"
		}
	}
	rel, err := filepath.Rel(filepath.Join(dir, s.Integration, "tests"), filepath.Join(dir, filepath.FromSlash(src)))
	if err != nil {
		rel = "../" + s.Kind.Dir() + "/" + s.Name + ".ts"
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, ".") {
		rel = "./" + rel
	}
	return strings.TrimSuffix(rel, path.Ext(rel)) + ".js"
}
