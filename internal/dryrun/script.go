// Package dryrun runs one sync, action or on-event script of a nango.yaml project locally,
// the way the reference CLI's `nango dryrun` does (cli-and-protocol.md §7): the script is
// bundled (only that one), loaded in an embedded goja runtime with the `nango` object of
// internal/sdk, and every request goes through a transport: the Nango server (live),
// the server with recording (--save-responses), or recorded responses (--replay, no network).
//
// Layers, so that `nango test` can reuse the lower ones:
//
//	Load      find the script in nango.yaml, bundle it (or read dist/), load schema.json
//	Execute   run a loaded script once with a transport and get its Outcome
//	DryRun    the whole command: environment, keys, connection lookup, transport, recording
package dryrun

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// Script is a script ready to run: found in nango.yaml, bundled, with the project's models.
type Script struct {
	// Dir is the project folder.
	Dir    string
	Parsed *nangoyaml.Parsed
	Decl   nangoyaml.Script
	// Program is the compiled bundle; BundlePath its file (written to dist/ unless NoCompile
	// read it from there).
	Program    *jsruntime.Program
	BundlePath string
	// Schema is the models' JSON schema (.nango/schema.json as generate writes it).
	Schema *schemavalidate.Schema
}

// Name is the script's name; Integration its integration (provider config key).
func (s *Script) Name() string        { return s.Decl.Name }
func (s *Script) Integration() string { return s.Decl.Integration.ProviderConfigKey }

// Type is "sync", "action" or "on-event".
func (s *Script) Type() string {
	switch s.Decl.Type {
	case nangoyaml.ScriptAction:
		return "action"
	case nangoyaml.ScriptSync:
		return "sync"
	default:
		return "on-event"
	}
}

// InputModel is the action's input model ("" when none).
func (s *Script) InputModel() string {
	if s.Decl.Action != nil && s.Decl.Action.Input != nil {
		return *s.Decl.Action.Input
	}
	return ""
}

// OutputModels are the models the script declares as output.
func (s *Script) OutputModels() []string {
	switch {
	case s.Decl.Sync != nil:
		return s.Decl.Sync.Output
	case s.Decl.Action != nil:
		return s.Decl.Action.Output
	}
	return nil
}

// LoadOptions select and build a script.
type LoadOptions struct {
	// Integration limits the search to one integration (--integration-id).
	Integration string
	// NoCompile reads dist/<name>-<integration>.js (or dist/<name>.js) instead of bundling.
	NoCompile bool
}

// Load finds name in the project's nango.yaml and bundles it. Errors carry exit codes:
// ExitProject for a project that does not parse or a script that does not compile, ExitUsage
// for a script name that matches nothing or several integrations.
func Load(ctx context.Context, dir, name string, opts LoadOptions) (*Script, error) {
	parsed, err := codegen.CheckValid(dir, "dryrun")
	if err != nil {
		return nil, err
	}
	decl, err := findScript(parsed, name, opts.Integration)
	if err != nil {
		return nil, err
	}
	s := &Script{Dir: dir, Parsed: parsed, Decl: decl}
	if err := s.build(ctx, opts.NoCompile); err != nil {
		return nil, err
	}
	// The schema comes from nango.yaml as parsed now, so a stale .nango/schema.json (nango.yaml
	// edited since the last generate) cannot validate against old models.
	files := codegen.Render(parsed, codegen.Options{})
	schema, err := schemavalidate.Parse(files.SchemaJSON)
	if err != nil {
		return nil, exitcode.Errorf(exitcode.Project, "the models of nango.yaml give an unusable JSON schema: %v", err)
	}
	s.Schema = schema
	return s, nil
}

func findScript(p *nangoyaml.Parsed, name, integration string) (nangoyaml.Script, error) {
	if integration != "" && p.Integration(integration) == nil {
		return nangoyaml.Script{}, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "integration %q does not exist in nango.yaml", integration),
			"--integration-id takes a key of `integrations:` in nango.yaml")
	}
	var found []nangoyaml.Script
	for _, s := range p.Scripts() {
		if s.Name != name || (integration != "" && s.Integration.ProviderConfigKey != integration) {
			continue
		}
		if s.Type == nangoyaml.ScriptPostConnection {
			continue
		}
		found = append(found, s)
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		msg := fmt.Sprintf("no script matched %q", name)
		if integration != "" {
			msg += fmt.Sprintf(" for integration %q", integration)
		}
		var names []string
		for _, s := range p.Scripts() {
			if s.Type != nangoyaml.ScriptPostConnection {
				names = append(names, s.Name)
			}
		}
		hint := "nango.yaml declares no script"
		if len(names) > 0 {
			hint = "scripts in nango.yaml: " + strings.Join(names, ", ")
		}
		return nangoyaml.Script{}, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "%s", msg), hint)
	}
	var keys []string
	for _, s := range found {
		keys = append(keys, s.Integration.ProviderConfigKey)
	}
	return nangoyaml.Script{}, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "multiple integrations contain a script named %q (%s)", name, strings.Join(keys, ", ")),
		"pick one with --integration-id")
}

func (s *Script) scriptcheck() scriptcheck.Script {
	proj := bundle.ProjectFromParsed(s.Dir, s.Parsed)
	for _, cs := range proj.Scripts {
		if cs.Name == s.Decl.Name && cs.Integration == s.Decl.Integration.ProviderConfigKey {
			return cs
		}
	}
	return scriptcheck.Script{Integration: s.Decl.Integration.ProviderConfigKey, Name: s.Decl.Name}
}

func (s *Script) build(ctx context.Context, noCompile bool) error {
	cs := s.scriptcheck()
	if noCompile {
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
	entry, ok := scriptcheck.Locate(s.Dir, cs)
	if !ok {
		return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "the file of %s %q does not exist", s.Type(), cs.Name),
			fmt.Sprintf("create %s/%s/%s.ts (nango generate scaffolds it)", cs.Integration, s.Decl.Type.Dir(), cs.Name))
	}
	b := bundle.New(bundle.Options{ProjectDir: s.Dir})
	res := b.Build(bundle.Target{Script: cs, Entry: entry})
	if !res.OK() {
		var lines []string
		for _, d := range res.Diagnostics {
			if d.Severity == scriptcheck.SeverityError {
				lines = append(lines, d.String())
			}
		}
		return exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%s %q did not compile:\n%s", s.Type(), cs.Name, strings.Join(lines, "\n")),
			"fix the errors above (nango compile shows the same)")
	}
	// Keep dist/ current, as the reference's dry run does; a failure to write is not fatal.
	_ = b.WriteResult(res)
	return s.compile(res.OutFile, string(res.Code))
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
