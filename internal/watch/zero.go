package watch

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/project"
)

// runZero is a cycle of a zero-yaml project (index.ts, no nango.yaml): the definitions are
// re-read, which builds every function index.ts imports (project.Load; esbuild and the
// evaluation of each default export), then only what changed is written, as `nango compile`
// writes it (pipeline.WriteZeroChanged): a function's build/*.cjs when its bundle differs
// (its file, or a helper it imports, changed: the bundle inlines both, and its source map
// their text), and .nango/nango.json when a definition changed. A function is reported
// built when its file changed or its bundle was rewritten; one that index.ts no longer
// imports loses its bundle. With an error in the definitions, nothing is written and the
// last good bundles stay, as for a rejected nango.yaml.
func (e *Engine) runZero(changes map[string]Op, full bool) *Cycle {
	start := e.clock.Now()
	c := &Cycle{Start: full, Zero: true}
	paths := e.relevant(changes)
	if !full && len(paths) == 0 {
		return nil
	}
	changed := map[string]bool{}
	for _, p := range paths {
		rel := filepath.ToSlash(mustRel(e.dir, p))
		c.Changed = append(c.Changed, rel)
		changed[rel] = true
	}
	p, diags, err := project.Load(e.dir)
	if err != nil {
		diags = append(diags, project.LoadErrorDiagnostic(err))
	}
	c.YAMLDiagnostics = diags
	if p == nil {
		c.YAML = YAMLRejected
		e.yamlBad = YAMLRejected
		c.LastGood = e.loaded
		e.finish(c, start)
		return c
	}
	if e.yamlBad != YAMLValid {
		c.YAML = YAMLRecovered
		e.yamlBad = YAMLValid
	}
	written, err := pipeline.WriteZeroChanged(p)
	if err != nil {
		c.YAMLDiagnostics = append(c.YAMLDiagnostics, project.LoadErrorDiagnostic(err))
		e.finish(c, start)
		return c
	}
	wrote := map[string]bool{}
	for _, rel := range written {
		wrote[rel] = true
		e.remember(filepath.Join(e.dir, filepath.FromSlash(rel)))
	}
	if wrote[project.NangoJSONFile] {
		c.Generated = append(c.Generated, project.NangoJSONFile)
	}
	bundles := map[string]string{}
	for _, s := range p.Scripts {
		out := s.Zero.BundleRel()
		bundles[s.ID()] = out
		_, known := e.zeroBundles[s.ID()]
		if full || !known || wrote[out] || changed[s.Zero.Source] {
			c.Built = append(c.Built, Built{Script: s.ID(), File: s.Zero.Source, Output: out, OK: true, Written: wrote[out]})
		}
	}
	if e.loaded {
		c.Removed = e.removeZeroBundles(bundles)
	} else {
		c.Stale = e.removeStaleZero(bundles)
		c.Removed = c.Stale
	}
	e.zeroBundles, e.loaded = bundles, true
	e.finish(c, start)
	return c
}

// remember records a file this engine wrote, so that its echo starts no cycle.
func (e *Engine) remember(path string) {
	if data, err := os.ReadFile(path); err == nil {
		e.written[path] = sha256.Sum256(data)
	}
}

// removeZeroBundles deletes the bundles of functions built earlier in the session that are
// no longer in the project (their import left index.ts), unless another function now
// writes the same file.
func (e *Engine) removeZeroBundles(now map[string]string) []string {
	current := map[string]bool{}
	for _, out := range now {
		current[out] = true
	}
	var removed []string
	for id, out := range e.zeroBundles {
		if _, ok := now[id]; ok || current[out] {
			continue
		}
		if removeFile(filepath.Join(e.dir, filepath.FromSlash(out))) {
			removed = append(removed, out)
		}
	}
	sort.Strings(removed)
	return removed
}

// removeStaleZero deletes, at start-up, the bundles in build/ of functions the project no
// longer has (removed while no session was watching): only "<integration>_<...>.cjs" files
// whose <integration> is a folder of the project; anything else in build/ stays.
func (e *Engine) removeStaleZero(now map[string]string) []string {
	entries, err := os.ReadDir(filepath.Join(e.dir, bundle.ZeroBuildDir))
	if err != nil {
		return nil
	}
	current := map[string]bool{}
	for _, out := range now {
		current[out] = true
	}
	var removed []string
	for _, ent := range entries {
		name := ent.Name()
		rel := bundle.ZeroBuildDir + "/" + name
		if !ent.Type().IsRegular() || current[rel] || !strings.HasSuffix(name, ".cjs") {
			continue
		}
		integration, _, ok := strings.Cut(name, "_")
		if !ok || Ignored(integration) || !dirExists(filepath.Join(e.dir, integration)) {
			continue
		}
		if removeFile(filepath.Join(e.dir, bundle.ZeroBuildDir, name)) {
			removed = append(removed, rel)
		}
	}
	sort.Strings(removed)
	return removed
}

func mustRel(dir, p string) string {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return p
	}
	return rel
}
