package project

import (
	"path/filepath"

	"github.com/nango-go/nango/internal/scriptcheck"
)

// checkZeroCode runs the reference's static checks of function code on every function read
// (internal/scriptcheck with its zero-yaml rules: awaited nango calls, the entry file's
// exports, retryOn without retries, the ordering of deletion tracking, console use, allowed
// imports, model names of batch calls), the entry file and every project file it imports.
// unbundled are the functions whose bundle failed (no definition, so no type): they get the
// checks that do not depend on the type, so that one compile reports every problem. A
// problem in a helper is positioned in the helper (the reference names the entry file with
// the helper's line).
func checkZeroCode(p *Project, unbundled []string) []Diagnostic {
	c := scriptcheck.NewChecker(scriptcheck.Project{Dir: p.Dir, Zero: true})
	var all []scriptcheck.Diagnostic
	for _, s := range p.Scripts {
		sc := scriptcheck.Script{Integration: s.Integration, Name: s.Name, Kind: s.Kind, Outputs: s.Outputs}
		all = append(all, c.CheckScript(sc, filepath.Join(p.Dir, filepath.FromSlash(s.Zero.Source)))...)
	}
	for _, rel := range unbundled {
		all = append(all, c.CheckScript(scriptcheck.Script{Name: rel}, filepath.Join(p.Dir, filepath.FromSlash(rel)))...)
	}
	return bundleDiags(scriptcheck.Dedupe(all))
}

func hasCode(ds []Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

// dropRepeated appends checks to diags, leaving out a bundler error the checks repeat (the
// bundler and the import check both refuse a package, with the same message on the same line).
func dropRepeated(diags, checks []Diagnostic) []Diagnostic {
	type key struct {
		file, msg string
		line      int
	}
	seen := map[key]bool{}
	for _, d := range checks {
		seen[key{d.File, d.Message, d.Line}] = true
	}
	out := diags[:0:0]
	for _, d := range diags {
		if d.Code == scriptcheck.CodeBundle && seen[key{d.File, d.Message, d.Line}] {
			continue
		}
		out = append(out, d)
	}
	return append(out, checks...)
}
