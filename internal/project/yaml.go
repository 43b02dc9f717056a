package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nango-go/nango/internal/codegen"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// Diagnostic is a positioned problem of the project's definitions.
type Diagnostic = nangoyaml.Diagnostic

// Severities of a Diagnostic.
const (
	SeverityError   = nangoyaml.SeverityError
	SeverityWarning = nangoyaml.SeverityWarning
)

// CountErrors and CountWarnings count diagnostics by severity.
func CountErrors(d []Diagnostic) int   { return nangoyaml.Count(d, SeverityError) }
func CountWarnings(d []Diagnostic) int { return nangoyaml.Count(d, SeverityWarning) }

// HasErrors reports whether any diagnostic is an error.
func HasErrors(d []Diagnostic) bool { return nangoyaml.HasErrors(d) }

// Exists reports whether dir holds project definitions.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, DefinitionsFile))
	return err == nil
}

// Load reads the project in dir. The diagnostics are positioned in the definitions file
// (relative to the project, as editors and CI logs want it); the Project is nil when they
// hold an error. The error is set only when the definitions cannot be read (wrapping
// ErrNoDefinitions when there are none).
func Load(dir string) (*Project, []Diagnostic, error) {
	if IsZero(dir) {
		return loadZeroDefault(dir)
	}
	path := filepath.Join(dir, DefinitionsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%w found at %s: %w", ErrNoDefinitions, path, err)
		}
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	parsed, diags := codegen.Parse(data)
	if parsed == nil || nangoyaml.HasErrors(diags) {
		return nil, diags, nil
	}
	p := &Project{Dir: dir, Format: FormatYAML, yaml: parsed, yamlText: data}
	for _, s := range parsed.Scripts() {
		p.Scripts = append(p.Scripts, scriptFromYAML(s))
	}
	return p, diags, nil
}

// LoadValid is Load for commands that print no diagnostics of their own (dryrun, test):
// missing definitions or definitions with errors are a Project exit whose message lists each
// error positioned as `nango generate` prints it, and whose hint says what to do. command
// names the command in that hint.
func LoadValid(dir, command string) (*Project, error) {
	p, diags, err := Load(dir)
	if err != nil {
		if errors.Is(err, ErrNoDefinitions) {
			return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%w", err),
				"run nango "+command+" from the folder that holds "+DefinitionsFile+" (or "+ZeroIndexFile+", for a zero-yaml project)")
		}
		return nil, exitcode.WithCode(exitcode.Project, err)
	}
	if p == nil {
		var msgs []string
		for _, d := range diags {
			if d.Severity == SeverityError {
				msgs = append(msgs, d.String())
			}
		}
		// a zero-yaml project's definitions are its function files, which compile checks
		// (nango validate reads nango.yaml only)
		what, check := DefinitionsFile+" is invalid", "nango validate"
		if IsZero(dir) {
			what, check = "the zero-yaml function definitions are invalid", "nango compile"
		}
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%s:\n%s", what, strings.Join(msgs, "\n")),
			check+" shows every problem with its line")
	}
	return p, nil
}

// LoadErrorDiagnostic turns an error of Load (no definitions, an unreadable file) into a
// diagnostic for machine-readable output, where an error has no other place: code
// config_not_found when the file is missing.
func LoadErrorDiagnostic(err error) Diagnostic {
	d := Diagnostic{Severity: SeverityError, Phase: nangoyaml.PhaseLoad, Message: err.Error(), File: DefinitionsFile}
	if errors.Is(err, ErrNoDefinitions) {
		d.Code = "config_not_found"
	}
	return d
}

// YAML is the parsed nango.yaml, for the code that works on that format itself (code
// generation, the nango.yaml-era deploy body); nil for other formats.
func (p *Project) YAML() *nangoyaml.Parsed { return p.yaml }

// DefinitionsText is the definitions file as read (the deploy body carries it).
func (p *Project) DefinitionsText() []byte { return p.yamlText }

// JSONSchema is the models' JSON schema as `nango generate` writes it to .nango/schema.json,
// built from the definitions as they are now.
func (p *Project) JSONSchema() []byte {
	if p.Format == FormatZero {
		return p.zeroJSONSchema()
	}
	return codegen.Render(p.yaml, codegen.Options{}).SchemaJSON
}

// ModelDefinitions are the definitions of the named models in nango.yaml's own form (the
// deploy body's model_schema); names that are not models are left out.
func (p *Project) ModelDefinitions(names []string) any {
	out := []*nangoyaml.Model{}
	if p.yaml == nil {
		return out // zero-yaml: models are JSON Schema only (Script.Zero.JSONSchema)
	}
	for _, n := range names {
		if m := p.yaml.Model(n); m != nil {
			out = append(out, m)
		}
	}
	return out
}

func scriptFromYAML(s nangoyaml.Script) *Script {
	out := &Script{
		Integration: s.Integration.ProviderConfigKey,
		Name:        s.Name,
		Kind:        Kind(s.Type),
		Event:       s.Event,
		Declared:    Position{File: DefinitionsFile, Line: s.Pos.Line, Column: s.Pos.Column},
	}
	switch {
	case s.Sync != nil:
		sy := s.Sync
		out.Description, out.Version, out.Scopes = sy.Description, sy.Version.String(), sy.Scopes
		out.Input, out.Outputs, out.UsedModels = deref(sy.Input), sy.Output, sy.UsedModels
		out.Endpoints = endpoints(sy.Endpoints)
		out.Runs, out.SyncType, out.TrackDeletes, out.AutoStart = sy.Runs, sy.SyncType, sy.TrackDeletes, sy.AutoStart
		out.WebhookSubscriptions = sy.WebhookSubscriptions
	case s.Action != nil:
		a := s.Action
		out.Description, out.Version, out.Scopes = a.Description, a.Version.String(), a.Scopes
		out.Input, out.Outputs, out.UsedModels = deref(a.Input), a.Output, a.UsedModels
		if a.Endpoint != nil {
			out.Endpoints = endpoints([]nangoyaml.Endpoint{*a.Endpoint})
		}
	}
	return out
}

func endpoints(eps []nangoyaml.Endpoint) []Endpoint {
	out := make([]Endpoint, 0, len(eps))
	for _, e := range eps {
		out = append(out, Endpoint{Method: e.Method, Path: e.Path, Group: e.Group})
	}
	return out
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
