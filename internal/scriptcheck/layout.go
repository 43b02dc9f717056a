package scriptcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nango-go/nango/internal/scriptkind"
)

// Locate returns the .ts file of a script, looking where the reference does: the nested
// layout `<integration>/<type dir>/<name>.ts` first, then the flat layout `<name>.ts` at the
// project root (syncs and actions only). ok is false when neither exists.
func Locate(dir string, s Script) (path string, ok bool) {
	nested := filepath.Join(dir, s.Integration, s.Kind.Dir(), s.Name+".ts")
	if isFile(nested) {
		return nested, true
	}
	if s.Kind == scriptkind.Sync || s.Kind == scriptkind.Action {
		flat := filepath.Join(dir, s.Name+".ts")
		if isFile(flat) {
			return flat, true
		}
	}
	return nested, false
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// CheckLayout compares nango.yaml with the files on disk: a declared script without a .ts
// file is an error (pointing at its declaration, and at a same-named file in another
// script folder when there is one); a .ts file in a script folder that nango.yaml does not
// declare is a warning. Deprecated post-connection scripts are not compiled by the
// reference, so they are not required here either.
func CheckLayout(p Project) []Diagnostic {
	yamlFile := p.YAMLFile
	if yamlFile == "" {
		yamlFile = "nango.yaml"
	}
	var out []Diagnostic
	declared := map[string]bool{} // project-relative paths of declared nested files
	integrations := map[string]bool{}
	for _, s := range p.Scripts {
		integrations[s.Integration] = true
		declared[filepath.ToSlash(filepath.Join(s.Integration, s.Kind.Dir(), s.Name+".ts"))] = true
		if s.Kind == scriptkind.PostConnection {
			continue
		}
		if _, ok := Locate(p.Dir, s); ok {
			continue
		}
		expected := filepath.ToSlash(filepath.Join(s.Integration, s.Kind.Dir(), s.Name+".ts"))
		msg := fmt.Sprintf("%s %q of integration %q has no script file: create %s", s.Kind, s.Name, s.Integration, expected)
		if s.Kind == scriptkind.Sync || s.Kind == scriptkind.Action {
			msg += fmt.Sprintf(" (or %s.ts at the project root)", s.Name)
		}
		for _, t := range []scriptkind.Kind{scriptkind.Sync, scriptkind.Action, scriptkind.OnEvent} {
			if t == s.Kind {
				continue
			}
			other := filepath.Join(p.Dir, s.Integration, t.Dir(), s.Name+".ts")
			if isFile(other) {
				msg += fmt.Sprintf("; %s exists but nango.yaml declares %q as %s %s, not %s %s", RelPath(p.Dir, other), s.Name, article(s.Kind), s.Kind, article(t), t)
			}
		}
		out = append(out, Diagnostic{Severity: SeverityError, Code: CodeMissingScript, File: yamlFile, Line: s.DeclLine, Column: s.DeclColumn,
			Script: s.ID(), Message: msg})
	}
	var ints []string
	for in := range integrations {
		ints = append(ints, in)
	}
	// folders of integrations that nango.yaml no longer (or not yet) declares
	if entries, err := os.ReadDir(p.Dir); err == nil {
		for _, e := range entries {
			name := e.Name()
			if !e.IsDir() || integrations[name] || strings.HasPrefix(name, ".") || name == "node_modules" || name == "dist" {
				continue
			}
			ints = append(ints, name)
		}
	}
	sort.Strings(ints)
	for _, in := range ints {
		for _, t := range []scriptkind.Kind{scriptkind.Sync, scriptkind.Action, scriptkind.OnEvent} {
			entries, err := os.ReadDir(filepath.Join(p.Dir, in, t.Dir()))
			if err != nil {
				continue
			}
			for _, e := range entries {
				name := e.Name()
				if e.IsDir() || !strings.HasSuffix(name, ".ts") || strings.HasSuffix(name, ".d.ts") {
					continue
				}
				rel := filepath.ToSlash(filepath.Join(in, t.Dir(), name))
				if declared[rel] {
					continue
				}
				msg := fmt.Sprintf("not declared in %s, so not compiled: declare %q under integrations > %s > %s, or move the file out of %s/", yamlFile, strings.TrimSuffix(name, ".ts"), in, t.Dir(), t.Dir())
				if !integrations[in] {
					msg = fmt.Sprintf("integration %q is not declared in %s, so this script is not compiled", in, yamlFile)
				}
				out = append(out, Diagnostic{Severity: SeverityWarning, Code: CodeUndeclaredScript, File: rel, Message: msg})
			}
		}
	}
	return out
}

func article(t scriptkind.Kind) string {
	if t == scriptkind.Action || t == scriptkind.OnEvent {
		return "an"
	}
	return "a"
}
