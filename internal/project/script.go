package project

import (
	"fmt"
	"strings"

	"github.com/nango-go/nango/internal/exitcode"
)

// Position is a 1-based place in a file (0 when unknown).
type Position struct {
	File         string
	Line, Column int
}

// Endpoint is one endpoint a script declares.
type Endpoint struct {
	Method, Path string
	// Group is set only when the definitions give one.
	Group string
}

// Script is one declared script with its definition, whatever the project's format.
type Script struct {
	Integration string
	Name        string
	Kind        Kind
	// Event is the on-event hook of a KindOnEvent script ("post-connection-creation",
	// "pre-connection-deletion").
	Event       string
	Description string
	// Version is the declared version as text ("" when none).
	Version string
	Scopes  []string
	// Input is the sync's metadata model or the action's input model ("" when none).
	Input string
	// Outputs are the output models (nil when none declared).
	Outputs []string
	// UsedModels are every model the script's definition refers to.
	UsedModels []string
	Endpoints  []Endpoint

	// Sync settings (zero for other kinds).
	Runs                 string
	SyncType             string
	TrackDeletes         bool
	AutoStart            bool
	WebhookSubscriptions []string

	// Declared is where the definitions declare the script.
	Declared Position

	// Zero holds what only a zero-yaml function has (zero.go); nil for nango.yaml scripts.
	Zero *ZeroScript
}

// ID is "<integration>/<name>", the key bundles and checks use.
func (s *Script) ID() string { return s.Integration + "/" + s.Name }

// SourceRel is the script's entry file relative to the project in the nested layout
// (<integration>/<kind dir>/<name>.ts).
func (s *Script) SourceRel() string {
	if s.Zero != nil {
		return s.Zero.Source
	}
	return s.Integration + "/" + s.Kind.Dir() + "/" + s.Name + ".ts"
}

// Lookup returns the scripts named name (of integration, when not ""), of the given kinds
// (any kind when none are given).
func (p *Project) Lookup(integration, name string, kinds ...Kind) []*Script {
	var out []*Script
	for _, s := range p.Scripts {
		if s.Name != name || (integration != "" && s.Integration != integration) {
			continue
		}
		if len(kinds) > 0 && !hasKind(kinds, s.Kind) {
			continue
		}
		out = append(out, s)
	}
	return out
}

func hasKind(kinds []Kind, k Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// FindRunnable returns the one runnable script (sync, action or on-event) named name, of
// integration when not "". Every failure is a usage error whose hint says what exists.
func (p *Project) FindRunnable(name, integration string) (*Script, error) {
	if integration != "" && !p.HasIntegration(integration) {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "integration %q does not exist in %s", integration, p.DefinitionsFile()),
			p.integrationHint())
	}
	found := p.Lookup(integration, name, KindSync, KindAction, KindOnEvent)
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		msg := fmt.Sprintf("no script matched %q", name)
		if integration != "" {
			msg += fmt.Sprintf(" for integration %q", integration)
		}
		var names []string
		for _, s := range p.Scripts {
			if s.Kind.Runnable() {
				names = append(names, s.Name)
			}
		}
		hint := p.DefinitionsFile() + " declares no script"
		if p.Format == FormatZero {
			hint = ZeroIndexFile + " imports no function"
		}
		if len(names) > 0 {
			hint = "scripts in " + p.DefinitionsFile() + ": " + strings.Join(names, ", ")
			if p.Format == FormatZero {
				hint = "functions " + ZeroIndexFile + " imports: " + strings.Join(names, ", ")
			}
		}
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "%s", msg), hint)
	}
	var keys []string
	for _, s := range found {
		keys = append(keys, s.Integration)
	}
	return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "multiple integrations contain a script named %q (%s)", name, strings.Join(keys, ", ")),
		"pick one with --integration-id")
}

// DefinitionsFile is the file that declares the project's scripts, relative to the project:
// nango.yaml, or index.ts for a zero-yaml project (it lists the function files, which hold
// the definitions).
func (p *Project) DefinitionsFile() string {
	if p.Format == FormatZero {
		return ZeroIndexFile
	}
	return DefinitionsFile
}

// integrationHint says what --integration-id takes in this project's format.
func (p *Project) integrationHint() string {
	if p.Format == FormatZero {
		return "--integration-id takes the first folder of a function " + ZeroIndexFile + " imports: " + strings.Join(p.Integrations(), ", ")
	}
	return "--integration-id takes a key of `integrations:` in " + p.DefinitionsFile()
}
