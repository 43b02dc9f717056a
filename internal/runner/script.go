package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nango-go/nango/internal/atomicfile"
	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/internal/scriptcheck"
)

// Script is a script ready to run: its declaration in the project, its compiled bundle and
// the project's models.
type Script struct {
	// Dir is the project folder.
	Dir  string
	Decl *project.Script
	// Program is the compiled bundle; BundlePath its file (written to dist/ by Load unless
	// NoCompile read it from there).
	Program    *jsruntime.Program
	BundlePath string
	// Schema is the models' JSON schema, built from the definitions as loaded now (so a stale
	// .nango/schema.json cannot validate against old models).
	Schema *schemavalidate.Schema
}

// Name is the script's name; Integration its integration (provider config key).
func (s *Script) Name() string        { return s.Decl.Name }
func (s *Script) Integration() string { return s.Decl.Integration }

// Kind is sync, action or on-event.
func (s *Script) Kind() project.Kind { return s.Decl.Kind }

// InputModel is the action's input model ("" when none).
func (s *Script) InputModel() string {
	if s.Decl.Kind != project.KindAction {
		return ""
	}
	return s.Decl.Input
}

// undeclared reports a zero-yaml action's input or output that the function does not
// declare (createAction without `input` or `output`): there is nothing to validate against.
// A nango.yaml script's models are always checked (an unknown one is an error).
func (s *Script) undeclared(model string) bool {
	return s.Decl.Zero != nil && !s.Schema.Has(model)
}

// OutputModels are the models the script declares as output.
func (s *Script) OutputModels() []string { return s.Decl.Outputs }

// LoadOptions select how Load gets the bundle.
type LoadOptions struct {
	// NoCompile reads dist/<name>-<integration>.js (or dist/<name>.js) instead of bundling.
	NoCompile bool
}

// Load bundles one script of p (writing dist/, as the reference's dry run does) and compiles
// it. Errors carry exitcode.Project: a missing file, a script that does not compile, a bundle
// that does not load, unusable models.
func Load(ctx context.Context, p *project.Project, decl *project.Script, opts LoadOptions) (*Script, error) {
	s, err := newScript(p, decl)
	if err != nil {
		return nil, err
	}
	if decl.Zero != nil {
		return s, s.loadZero(opts)
	}
	if opts.NoCompile {
		err = s.readDist()
	} else {
		err = s.build()
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

func newScript(p *project.Project, decl *project.Script) (*Script, error) {
	if decl.Zero != nil {
		// A zero-yaml function validates against its own models: two integrations may define
		// one model name differently (project.Project.Schema keeps the first).
		doc := decl.Zero.JSONSchema
		if len(doc) == 0 { // an on-event function has no models
			doc = []byte(`{"definitions":{}}`)
		}
		schema, err := schemavalidate.Parse(doc)
		if err != nil {
			return nil, exitcode.Errorf(exitcode.Project, "the models of %s give an unusable JSON schema: %v", decl.Zero.Source, err)
		}
		return &Script{Dir: p.Dir, Decl: decl, Schema: schema}, nil
	}
	schema, err := p.Schema()
	if err != nil {
		return nil, exitcode.Errorf(exitcode.Project, "the models of %s give an unusable JSON schema: %v", p.DefinitionsFile(), err)
	}
	return &Script{Dir: p.Dir, Decl: decl, Schema: schema}, nil
}

// checkScript is the bundler's description of the script.
func checkScript(d *project.Script) scriptcheck.Script {
	return scriptcheck.Script{Integration: d.Integration, Name: d.Name, Kind: d.Kind,
		Outputs: d.Outputs, DeclLine: d.Declared.Line, DeclColumn: d.Declared.Column}
}

func (s *Script) readDist() error {
	cs := checkScript(s.Decl)
	path := bundle.OutputPath(s.Dir, cs)
	code, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		alt := filepath.Join(s.Dir, bundle.DistDir, cs.Name+".js")
		if c2, err2 := os.ReadFile(alt); err2 == nil {
			path, code, err = alt, c2, nil
		}
	}
	if err != nil {
		return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "unable to find the compiled script %s", scriptcheck.RelPath(s.Dir, path)),
			"run nango compile first, or drop --no-compile")
	}
	return s.compile(path, string(code))
}

func (s *Script) build() error {
	cs := checkScript(s.Decl)
	entry, ok := scriptcheck.Locate(s.Dir, cs)
	if !ok {
		return missingFile(s.Decl)
	}
	b := bundle.New(bundle.Options{ProjectDir: s.Dir})
	res := b.Build(bundle.Target{Script: cs, Entry: entry})
	if !res.OK() {
		return compileError(s.Decl, res)
	}
	// Keep dist/ current, as the reference's dry run does; a failure to write is not fatal.
	_ = b.WriteResult(res)
	return s.compile(res.OutFile, string(res.Code))
}

// loadZero runs the bundle that reading the project built (project.ZeroScript.Bundle): the
// definitions and the code that runs come from one build, so a fresh clone with no build/
// runs, and a stale build/ is never run. The bundle is also written to build/, as compile
// writes it (a failure to write is not fatal); NoCompile reads build/ instead.
func (s *Script) loadZero(opts LoadOptions) error {
	z := s.Decl.Zero
	path := filepath.Join(s.Dir, filepath.FromSlash(z.BundleRel()))
	if opts.NoCompile {
		code, err := os.ReadFile(path)
		if err != nil {
			return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "unable to find the compiled function %s", z.BundleRel()),
				"run nango compile first, or drop --no-compile")
		}
		return s.compile(path, string(code))
	}
	_ = atomicfile.WriteFile(path, z.Bundle, 0o644)
	return s.compile(path, string(z.Bundle))
}

func missingFile(d *project.Script) error {
	return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "the file of %s %q does not exist", d.Kind, d.Name),
		fmt.Sprintf("create %s (nango generate scaffolds it)", d.SourceRel()))
}

func compileError(d *project.Script, res *bundle.Result) error {
	var lines []string
	for _, diag := range res.Diagnostics {
		if diag.Severity == scriptcheck.SeverityError {
			lines = append(lines, diag.String())
		}
	}
	return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%s %q did not compile:\n%s", d.Kind, d.Name, strings.Join(lines, "\n")),
		"fix the errors above (nango compile shows the same)")
}

func (s *Script) compile(path, code string) error {
	prog, err := jsruntime.Compile(path, code)
	if err != nil {
		return exitcode.Errorf(exitcode.Project, "the bundle of %q does not load: %v", s.Decl.Name, err)
	}
	s.Program = prog
	s.BundlePath = path
	return nil
}

// Bundle is one script of LoadAll: bundled but not yet compiled (Compile does it, on the
// goroutine that runs the script: parsing is the costly part).
type Bundle struct {
	Decl *project.Script
	// Err says why the script has no bundle (a missing file, compile errors), with a hint.
	Err error

	proj *project.Project
	path string
	code string
}

// LoadAll bundles every script in one esbuild build and writes nothing (a test run has no
// side effects). The bundles are in decls' order; a script that cannot be bundled has Err.
func LoadAll(ctx context.Context, p *project.Project, decls []*project.Script) []*Bundle {
	out := make([]*Bundle, len(decls))
	var targets []bundle.Target
	var built []*Bundle
	for i, d := range decls {
		b := &Bundle{Decl: d, proj: p}
		out[i] = b
		if z := d.Zero; z != nil {
			// Reading a zero-yaml project already built its functions (internal/project).
			b.path, b.code = filepath.Join(p.Dir, filepath.FromSlash(z.BundleRel())), string(z.Bundle)
			continue
		}
		cs := checkScript(d)
		entry, ok := scriptcheck.Locate(p.Dir, cs)
		if !ok {
			b.Err = missingFile(d)
			continue
		}
		targets = append(targets, bundle.Target{Script: cs, Entry: entry})
		built = append(built, b)
	}
	if len(targets) == 0 {
		return out
	}
	results := bundle.New(bundle.Options{ProjectDir: p.Dir}).BuildAll(ctx, targets)
	for i, res := range results {
		b := built[i]
		if !res.OK() {
			b.Err = compileError(b.Decl, res)
			continue
		}
		b.path, b.code = res.OutFile, string(res.Code)
	}
	return out
}

// Code is the bundle's JavaScript ("" when Err is set).
func (b *Bundle) Code() string { return b.code }

// Compile turns the bundle into a Script ready to run.
func (b *Bundle) Compile() (*Script, error) {
	if b.Err != nil {
		return nil, b.Err
	}
	s, err := newScript(b.proj, b.Decl)
	if err != nil {
		return nil, err
	}
	if err := s.compile(b.path, b.code); err != nil {
		return nil, err
	}
	return s, nil
}
