package testrun

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/dryrun"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/sdk"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// project is a parsed nango.yaml with its models' schema, shared read-only by every script
// run (the dry run's Load parses and bundles per script and writes dist/; a test run does it
// once for all and writes nothing). dryrun has no batch loader, so the dryrun.Script values
// are built here; TestProjectLoadsAsDryRunLoads fails if they drift from dryrun.Load's.
type project struct {
	dir    string
	parsed *nangoyaml.Parsed
	checks scriptcheck.Project
	schema *schemavalidate.Schema
}

// scriptDecl is a declared sync or action and its scriptcheck form (what the bundler takes).
type scriptDecl struct {
	script *dryrun.Script
	check  scriptcheck.Script
}

func loadProject(dir string) (*project, error) {
	parsed, err := codegen.CheckValid(dir, "test")
	if err != nil {
		return nil, err
	}
	// The schema is built from nango.yaml as it is now, as the dry run does, so that a stale
	// .nango/schema.json cannot matter.
	schema, err := schemavalidate.Parse(codegen.Render(parsed, codegen.Options{}).SchemaJSON)
	if err != nil {
		return nil, exitcode.Errorf(exitcode.Project, "the models of nango.yaml give an unusable JSON schema: %v", err)
	}
	return &project{dir: dir, parsed: parsed, checks: bundle.ProjectFromParsed(dir, parsed), schema: schema}, nil
}

func (p *project) hasIntegration(key string) bool { return p.parsed.Integration(key) != nil }

func (p *project) hasScriptNamed(name string) bool {
	for _, s := range p.parsed.Scripts() {
		if s.Name == name {
			return true
		}
	}
	return false
}

// script finds the sync or action name of integration (any integration when "" and the name
// is unique).
func (p *project) script(integration, name string) (scriptDecl, bool) {
	var found []nangoyaml.Script
	for _, s := range p.parsed.Scripts() {
		if s.Name != name || (integration != "" && s.Integration.ProviderConfigKey != integration) {
			continue
		}
		if s.Type == nangoyaml.ScriptSync || s.Type == nangoyaml.ScriptAction {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		return scriptDecl{}, false
	}
	decl := found[0]
	d := scriptDecl{script: &dryrun.Script{Dir: p.dir, Parsed: p.parsed, Decl: decl, Schema: p.schema}}
	d.check = scriptcheck.Script{Integration: decl.Integration.ProviderConfigKey, Name: decl.Name}
	for _, cs := range p.checks.Scripts {
		if cs.Name == decl.Name && cs.Integration == decl.Integration.ProviderConfigKey {
			d.check = cs
			break
		}
	}
	return d, true
}

// build bundles every job's script in one esbuild build (nothing is written to dist/: a test
// run has no side effects). A script that cannot be bundled gets StatusError.
func (p *project) build(ctx context.Context, jobs []*job) {
	var targets []bundle.Target
	var built []*job
	for _, j := range jobs {
		entry, ok := scriptcheck.Locate(p.dir, j.decl.check)
		if !ok {
			j.result.Type = j.decl.script.Type()
			j.result.Status = StatusError
			j.result.Error = fmt.Sprintf("the file of %s %q does not exist", j.decl.script.Type(), j.decl.check.Name)
			j.result.Hint = fmt.Sprintf("create %s/%s/%s.ts (nango generate scaffolds it)", j.decl.check.Integration, j.decl.script.Decl.Type.Dir(), j.decl.check.Name)
			continue
		}
		targets = append(targets, bundle.Target{Script: j.decl.check, Entry: entry})
		built = append(built, j)
	}
	if len(targets) == 0 {
		return
	}
	results := bundle.New(bundle.Options{ProjectDir: p.dir}).BuildAll(ctx, targets)
	for i, res := range results {
		j := built[i]
		if !res.OK() {
			var lines []string
			for _, d := range res.Diagnostics {
				if d.Severity == scriptcheck.SeverityError {
					lines = append(lines, d.String())
				}
			}
			j.result.Type = j.decl.script.Type()
			j.result.Status = StatusError
			j.result.Error = fmt.Sprintf("%s %q did not compile:\n%s", j.decl.script.Type(), j.decl.check.Name, strings.Join(lines, "\n"))
			j.result.Hint = "fix the errors above (nango compile shows the same)"
			continue
		}
		j.path = res.OutFile
		j.code = string(res.Code)
	}
}

// ready compiles the job's bundle (on the worker: parsing is the costly part) and returns
// the script to execute.
func (p *project) ready(j *job) (*dryrun.Script, error) {
	prog, err := jsruntime.Compile(j.path, j.code)
	if err != nil {
		return nil, fmt.Errorf("the bundle of %q does not load: %v", j.decl.check.Name, err)
	}
	s := *j.decl.script
	s.Program = prog
	s.BundlePath = j.path
	return &s, nil
}

// execution is one replayed run of a loaded script.
type execution struct {
	script      *dryrun.Script
	layout      mocks.Layout
	variant     string // "" for the base recordings
	input       []byte
	timeout     time.Duration
	memoryLimit int64
	nodeModules []string
	log         func(level jsruntime.LogLevel, message string)
	onBatch     func(op records.Op, model, recordsJSON string) error
	paginate    func() (map[string]any, error)
}

// executed is what the run produced.
type executed struct {
	output   []byte // the action's result as JSON text (nil: undefined)
	failure  *sdk.Failure
	requests int
}

// execute runs one script in replay mode. It is the one seam to the dry run's engine
// (dryrun.Replay: dryrun.Execute with an sdk.Replay transport over mocks.Replayer), so that a
// change there touches one function here.
func execute(ctx context.Context, e execution) (*executed, error) {
	out, err := dryrun.Replay(ctx, e.script, dryrun.ReplayOptions{
		Layout: e.layout, Variant: e.variant, ConnectionID: ConnectionID, Input: e.input,
		PaginateDefaults: e.paginate, OnBatch: e.onBatch, Log: e.log,
		NodeModules: e.nodeModules, Timeout: e.timeout, MemoryLimit: e.memoryLimit,
	})
	if err != nil {
		return nil, err
	}
	return &executed{output: out.Output, failure: out.Failure, requests: out.Requests}, nil
}
