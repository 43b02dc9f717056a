package watch

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/pipeline"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
)

// Cycle is the outcome of one rebuild.
type Cycle struct {
	// Seq numbers the cycles of a session from 1 (the start-up build).
	Seq int
	// Start: the start-up build (or a rescan after lost events), everything was built.
	Start bool
	// Changed are the project files that triggered the cycle (relative, slash-separated).
	Changed []string
	// Generated are the generated files rewritten because nango.yaml changed (models.ts,
	// .nango/*); Scaffolded the script stubs created for new scripts.
	Generated, Scaffolded []string
	// Built are the scripts compiled in this cycle, in nango.yaml order.
	Built []Built
	// Removed are the bundles deleted (relative): their script left nango.yaml or its file
	// was deleted.
	Removed []string
	// Stale are those of Removed found in dist/ when nango.yaml was first loaded: bundles of
	// scripts it no longer declares, left by an earlier build (see Engine.removeStale).
	Stale []string
	// YAMLDiagnostics are nango.yaml's errors and warnings (when it was read this cycle).
	YAMLDiagnostics []project.Diagnostic
	// YAML is how nango.yaml stands when it is not simply valid: deleted or rejected this
	// cycle, still so since an earlier one, or valid again.
	YAML YAMLState
	// LastGood: a nango.yaml read earlier in the session is in force (the scripts it
	// declares are built against it, and their bundles are kept) while the file is deleted
	// or rejected.
	LastGood bool
	// Diagnostics are the checks' and the bundler's findings for the scripts built.
	Diagnostics []scriptcheck.Diagnostic
	// Duration is the time from the batch being taken to the bundles being on disk.
	Duration time.Duration
	// Zero: the project is a zero-yaml one (index.ts, no nango.yaml; zero.go). YAML and
	// LastGood then speak of its definitions (the functions index.ts imports), Generated
	// is .nango/nango.json when it was rewritten, and Built lists "<integration>/<name>".
	Zero bool
}

// YAMLState is how nango.yaml stands after a cycle, when it is not simply valid.
type YAMLState string

const (
	// YAMLValid: read this cycle and accepted, or not read and accepted when it last was.
	YAMLValid YAMLState = ""
	// YAMLDeleted: the file is gone (read this cycle).
	YAMLDeleted YAMLState = "deleted"
	// YAMLRejected: read this cycle, with errors.
	YAMLRejected YAMLState = "rejected"
	// YAMLStillDeleted, YAMLStillRejected: not read this cycle; it was deleted (rejected)
	// when it last was.
	YAMLStillDeleted  YAMLState = "still-deleted"
	YAMLStillRejected YAMLState = "still-rejected"
	// YAMLRecovered: read this cycle and accepted, after being deleted or rejected.
	YAMLRecovered YAMLState = "recovered"
)

// Built is one script compiled in a cycle.
type Built struct {
	// Script is "<integration>/<name>".
	Script string
	// File is the script's .ts file, Output its bundle (relative).
	File, Output string
	// OK: bundled and every check passed; the bundle on disk is this build.
	OK bool
	// Written: the bundle's content changed (an identical bundle is not rewritten).
	Written bool
	// Kept: the build failed and the last good bundle was left in dist/.
	Kept bool
}

// OK reports whether the cycle had no error.
func (c *Cycle) OK() bool {
	if project.HasErrors(c.YAMLDiagnostics) || scriptcheck.HasErrors(c.Diagnostics) {
		return false
	}
	for _, b := range c.Built {
		if !b.OK {
			return false
		}
	}
	return true
}

// BuiltIDs lists the scripts built in the cycle.
func (c *Cycle) BuiltIDs() []string {
	ids := make([]string, len(c.Built))
	for i, b := range c.Built {
		ids[i] = b.Script
	}
	return ids
}

// Engine holds what the session knows of the project and runs rebuild cycles. It is not
// safe for concurrent use: one cycle at a time.
type Engine struct {
	dir   string
	clock Clock
	seq   int

	proj   scriptcheck.Project // from the last nango.yaml without errors
	loaded bool
	// yamlBad is YAMLDeleted or YAMLRejected when the last reading of nango.yaml found it so.
	yamlBad YAMLState
	scripts map[string]*scriptState
	// written are the generated files and stubs this engine wrote, with their content hash:
	// the watcher reports them back a moment later, and they must not start another cycle.
	written map[string][32]byte

	// zero: a zero-yaml project (zero.go), fixed when the engine is made; zeroBundles maps
	// each function built last ("<integration>/<name>") to its bundle (relative).
	zero        bool
	zeroBundles map[string]string
}

// scriptState is what the engine remembers of a script between cycles.
type scriptState struct {
	entry string
	// inputs are the absolute paths of the files in its last bundle (entry included); kept
	// across a failed build, whose metafile may be empty, so that fixing a helper still
	// rebuilds the script.
	inputs []string
	ok     bool
	// unresolved: the last build could not resolve an import: retry when a file appears.
	unresolved bool
}

// NewEngine returns an engine for the project at dir (absolute). The first Cycle builds
// everything.
func NewEngine(dir string, clock Clock) *Engine {
	if clock == nil {
		clock = RealClock
	}
	dir = filepath.Clean(dir)
	return &Engine{dir: dir, clock: clock, scripts: map[string]*scriptState{}, written: map[string][32]byte{}, zero: project.IsZero(dir)}
}

// Dir is the project folder.
func (e *Engine) Dir() string { return e.dir }

// Entries returns the .ts files of the scripts that have one (for the type check).
func (e *Engine) Entries() []string {
	var out []string
	for _, s := range e.proj.Scripts {
		if st := e.scripts[s.ID()]; st != nil && st.entry != "" {
			out = append(out, st.entry)
		}
	}
	return out
}

// Full regenerates from nango.yaml and builds every script: the start-up cycle, and the
// answer to lost events.
func (e *Engine) Full(ctx context.Context) *Cycle {
	return e.run(ctx, nil, true)
}

// Apply runs the cycle for a batch of changes. It returns nil when nothing in the batch
// concerns the build (a README edit, the echo of a file the engine wrote itself).
func (e *Engine) Apply(ctx context.Context, b Batch) *Cycle {
	if b.Overflow || !e.loaded {
		return e.run(ctx, b.Changes, true)
	}
	return e.run(ctx, b.Changes, false)
}

func (e *Engine) run(ctx context.Context, changes map[string]Op, full bool) *Cycle {
	if e.zero {
		return e.runZero(changes, full)
	}
	start := e.clock.Now()
	c := &Cycle{Start: full}

	paths := e.relevant(changes)
	if !full && len(paths) == 0 {
		return nil
	}
	for _, p := range paths {
		c.Changed = append(c.Changed, scriptcheck.RelPath(e.dir, p))
	}
	yamlPath := filepath.Join(e.dir, project.DefinitionsFile)

	toBuild := map[string]bool{}
	changed := map[string]Op{}
	for _, p := range paths {
		changed[p] = changes[p]
	}
	if full || changes[yamlPath] != 0 {
		e.generate(c, toBuild, changed, full)
	} else if e.yamlBad == YAMLDeleted {
		c.YAML = YAMLStillDeleted
	} else if e.yamlBad == YAMLRejected {
		c.YAML = YAMLStillRejected
	}
	c.LastGood = e.loaded && c.YAML != YAMLValid && c.YAML != YAMLRecovered
	if !e.loaded {
		e.finish(c, start)
		return c
	}

	created := false
	for p, op := range changed {
		if p == yamlPath {
			continue
		}
		if op&Created != 0 {
			created = true
		}
		for _, s := range e.proj.Scripts {
			id := s.ID()
			st := e.scripts[id]
			if isCandidate(e.dir, s, p) || (st != nil && (st.entry == p || containsPath(st.inputs, p))) {
				toBuild[id] = true
			}
		}
	}
	if created {
		// a file appeared: scripts that could not resolve an import may build now
		for id, st := range e.scripts {
			if st.unresolved {
				toBuild[id] = true
			}
		}
	}
	if full {
		for _, s := range e.proj.Scripts {
			toBuild[s.ID()] = true
		}
	}
	e.build(ctx, c, toBuild, full)
	e.finish(c, start)
	return c
}

func (e *Engine) finish(c *Cycle, start time.Time) {
	e.seq++
	c.Seq = e.seq
	c.Duration = e.clock.Now().Sub(start)
}

// relevant keeps the paths that can matter to the build, sorted: nango.yaml, JavaScript
// and TypeScript sources, JSON (importable), and any file a bundle includes; minus the
// echoes of files this engine wrote.
func (e *Engine) relevant(changes map[string]Op) []string {
	var out []string
	for p, op := range changes {
		if h, ok := e.written[p]; ok {
			delete(e.written, p)
			if op&Removed == 0 {
				if data, err := os.ReadFile(p); err == nil && sha256.Sum256(data) == h {
					continue
				}
			}
		}
		if e.isRelevant(p) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

var sourceExts = map[string]bool{
	".ts": true, ".tsx": true, ".mts": true, ".cts": true,
	".js": true, ".jsx": true, ".mjs": true, ".cjs": true, ".json": true,
}

func (e *Engine) isRelevant(p string) bool {
	rel, err := filepath.Rel(e.dir, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	if rel == project.DefinitionsFile {
		return true
	}
	if e.zero && strings.HasPrefix(rel, bundle.ZeroBuildDir+"/") {
		return false // the bundles, written by a cycle or by nango compile
	}
	if dir := filepath.ToSlash(filepath.Dir(rel)); Ignored(dir) {
		return false
	}
	if sourceExts[filepath.Ext(p)] {
		return true
	}
	for _, st := range e.scripts {
		if containsPath(st.inputs, p) {
			return true
		}
	}
	return false
}

// generate re-reads nango.yaml and writes what `nango generate` writes (models.ts,
// .nango/*, stubs for new scripts). With a valid file it becomes the project: scripts that
// left it lose their bundle, new ones are built, and so are those whose declaration or
// checks changed. With errors, the previous project stays in force.
func (e *Engine) generate(c *Cycle, toBuild map[string]bool, changed map[string]Op, full bool) {
	out, err := pipeline.Generate(e.dir, pipeline.GenerateOptions)
	if err != nil {
		e.unreadable(c, err)
		return
	}
	c.YAMLDiagnostics = out.Diagnostics
	if out.Failed() {
		c.YAML = YAMLRejected
		e.yamlBad = c.YAML
		return
	}
	if e.yamlBad != YAMLValid {
		c.YAML = YAMLRecovered
		e.yamlBad = YAMLValid
	}
	res := out.Result
	c.Generated = res.Written
	c.Scaffolded = res.Scaffolds
	for _, rel := range append(slices.Clone(res.Written), res.Scaffolds...) {
		p := filepath.Join(e.dir, filepath.FromSlash(rel))
		if data, err := os.ReadFile(p); err == nil {
			e.written[p] = sha256.Sum256(data)
		}
		// a bundle that imports a value from models.ts depends on it
		changed[p] |= Written
	}

	old, wasLoaded := e.proj, e.loaded
	proj := out.Project.CheckInput()
	e.proj = proj
	e.loaded = true
	if !wasLoaded {
		c.Stale = e.removeStale(out.Project, proj)
		c.Removed = append(c.Removed, c.Stale...)
		return
	}

	oldByID := map[string]scriptcheck.Script{}
	for _, s := range old.Scripts {
		oldByID[s.ID()] = s
	}
	newIDs := map[string]bool{}
	for _, s := range proj.Scripts {
		id := s.ID()
		newIDs[id] = true
		prev, ok := oldByID[id]
		if !ok || prev.Kind != s.Kind || !slices.Equal(prev.Outputs, s.Outputs) {
			// new, or its checks (batch calls allowed, output models) changed
			toBuild[id] = true
		}
	}
	for _, s := range old.Scripts {
		if newIDs[s.ID()] {
			continue
		}
		delete(e.scripts, s.ID())
		if out := bundle.OutputPath(e.dir, s); removeFile(out) {
			c.Removed = append(c.Removed, scriptcheck.RelPath(e.dir, out))
		}
	}
	if full {
		return // everything is built, with the layout check
	}
	if !slices.Equal(old.Models, proj.Models) {
		e.recheckModels(old, proj, oldByID, toBuild)
	}
	c.Diagnostics = append(c.Diagnostics, scriptcheck.CheckLayout(proj)...)
}

// unreadable records a nango.yaml that could not be read (deleted, or an open error): the
// previous project stays in force.
func (e *Engine) unreadable(c *Cycle, err error) {
	d := project.LoadErrorDiagnostic(err)
	c.YAML = YAMLRejected
	if errors.Is(err, project.ErrNoDefinitions) {
		if _, serr := os.Lstat(filepath.Join(e.dir, project.DefinitionsFile)); errors.Is(serr, fs.ErrNotExist) {
			c.YAML = YAMLDeleted
			if e.loaded {
				// the path and the open error add nothing when the file was just deleted
				d.Message = "nango.yaml was deleted"
			}
		}
	}
	c.YAMLDiagnostics = append(c.YAMLDiagnostics, d)
	e.yamlBad = c.YAML
}

// recheckModels marks for a rebuild the scripts whose check findings change with the new
// model names.
func (e *Engine) recheckModels(old, proj scriptcheck.Project, oldByID map[string]scriptcheck.Script, toBuild map[string]bool) {
	// Model names only matter to the check of literal model names in batch calls: the
	// bundles themselves do not change (models.ts is imported for types, which esbuild
	// erases, and a value import is caught by the import graph). So re-run the
	// checks, which take microseconds per file, and rebuild only the scripts whose
	// findings differ.
	before, after := scriptcheck.NewChecker(old), scriptcheck.NewChecker(proj)
	for _, s := range proj.Scripts {
		id := s.ID()
		st := e.scripts[id]
		if toBuild[id] || st == nil || st.entry == "" {
			continue
		}
		prev, ok := oldByID[id]
		if !ok {
			continue
		}
		if !sameDiagnostics(before.CheckScript(prev, st.entry), after.CheckScript(s, st.entry)) {
			toBuild[id] = true
		}
	}
}

// build compiles the scripts in toBuild (all of them, with the layout check, when full).
func (e *Engine) build(ctx context.Context, c *Cycle, toBuild map[string]bool, full bool) {
	if len(toBuild) == 0 {
		return
	}
	opts := bundle.CompileOptions{Write: true}
	if !full {
		for _, s := range e.proj.Scripts {
			if !toBuild[s.ID()] {
				continue
			}
			if e.emptyEntry(c, s) {
				continue
			}
			opts.Only = append(opts.Only, s.ID())
		}
		if len(opts.Only) == 0 {
			return
		}
	}
	rep := bundle.Compile(ctx, e.proj, opts)
	c.Diagnostics = scriptcheck.Dedupe(append(c.Diagnostics, rep.Diagnostics...))
	for _, sr := range rep.Scripts {
		id := sr.Script.ID()
		st := e.scripts[id]
		if st == nil {
			st = &scriptState{}
			e.scripts[id] = st
		}
		out := bundle.OutputPath(e.dir, sr.Script)
		b := Built{Script: id, Output: scriptcheck.RelPath(e.dir, out), OK: sr.OK}
		st.entry = sr.Entry
		if sr.Entry == "" {
			// no file (deleted, or not written yet): no bundle, as the reference does on unlink
			st.inputs, st.ok, st.unresolved = nil, false, false
			if sr.Script.Kind == project.KindPostConnection {
				continue // optional; never bundled without a file
			}
			if removeFile(out) {
				c.Removed = append(c.Removed, b.Output)
			}
			c.Built = append(c.Built, b)
			continue
		}
		b.File = scriptcheck.RelPath(e.dir, sr.Entry)
		st.ok = sr.OK
		st.unresolved = false
		if r := sr.Bundle; r != nil {
			if len(r.Inputs) > 0 {
				st.inputs = r.Inputs
			} else if !containsPath(st.inputs, sr.Entry) {
				st.inputs = insertPath(st.inputs, sr.Entry)
			}
			b.Written = r.Written
			for _, d := range r.Diagnostics {
				if d.Severity == scriptcheck.SeverityError && strings.HasPrefix(d.Message, "Could not resolve") {
					st.unresolved = true
				}
			}
		}
		if !sr.OK {
			if _, err := os.Stat(out); err == nil {
				b.Kept = true
			}
		}
		c.Built = append(c.Built, b)
	}
}

// emptyEntry reports (and records as a failure that keeps the last bundle) a script whose
// file is empty: an editor that truncates and then writes in place can be seen between the
// two steps, and an empty module would otherwise replace a good bundle until the next event.
func (e *Engine) emptyEntry(c *Cycle, s scriptcheck.Script) bool {
	entry, ok := scriptcheck.Locate(e.dir, s)
	if !ok {
		return false
	}
	if info, err := os.Stat(entry); err != nil || info.Size() > 0 {
		return false
	}
	out := bundle.OutputPath(e.dir, s)
	b := Built{Script: s.ID(), File: scriptcheck.RelPath(e.dir, entry), Output: scriptcheck.RelPath(e.dir, out)}
	if _, err := os.Stat(out); err == nil {
		b.Kept = true
	}
	if st := e.scripts[s.ID()]; st != nil {
		st.ok = false
	}
	c.Built = append(c.Built, b)
	c.Diagnostics = append(c.Diagnostics, scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: scriptcheck.CodeBundle, Script: s.ID(),
		File: b.File, Message: "the script file is empty (a save in progress?); its default export is missing"})
	return true
}

// isCandidate reports whether p is where s's file would be (nested or flat layout): a
// file created there is that script's.
func isCandidate(dir string, s scriptcheck.Script, p string) bool {
	if p == filepath.Join(dir, s.Integration, s.Kind.Dir(), s.Name+".ts") {
		return true
	}
	return (s.Kind == project.KindSync || s.Kind == project.KindAction) && p == filepath.Join(dir, s.Name+".ts")
}

func containsPath(sorted []string, p string) bool {
	i := sort.SearchStrings(sorted, p)
	return i < len(sorted) && sorted[i] == p
}

func insertPath(sorted []string, p string) []string {
	i := sort.SearchStrings(sorted, p)
	return slices.Insert(slices.Clone(sorted), i, p)
}

// removeFile deletes path and reports whether there was a file.
func removeFile(path string) bool {
	return os.Remove(path) == nil
}

func sameDiagnostics(a, b []scriptcheck.Diagnostic) bool {
	return slices.EqualFunc(a, b, func(x, y scriptcheck.Diagnostic) bool {
		return x.Severity == y.Severity && x.Code == y.Code && x.File == y.File && x.Line == y.Line && x.Column == y.Column && x.Message == y.Message
	})
}
