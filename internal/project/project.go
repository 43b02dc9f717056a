// Package project is the only way a command or an engine gets a Nango project: it finds the
// definitions, loads them with the options every command shares, and answers what the rest
// of the code asks of a project (its scripts with their kinds, source and bundle paths, the
// JSON schema of its models, diagnostics with positions) without the caller knowing the
// definitions' file format.
//
// One format exists today: nango.yaml (yaml.go, parsed by pkg/nangoyaml). Zero-yaml projects
// (TypeScript definitions read from index.ts) are the second source this package is shaped
// for: a Format, a loader, and the same Project and Script values.
package project

import (
	"errors"
	"sync"

	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// Format names where a project's definitions come from.
type Format string

// FormatYAML is a project defined by nango.yaml (reference CLI 0.68 and earlier).
const FormatYAML Format = "nango.yaml"

// DefinitionsFile is the nango.yaml project's definitions file, relative to the project.
const DefinitionsFile = nangoyaml.FileName

// ErrNoDefinitions is returned (wrapped) when a folder holds no project definitions.
var ErrNoDefinitions = errors.New("no nango.yaml")

// Project is a loaded project. It is read-only once loaded and safe for concurrent use.
type Project struct {
	// Dir is the project folder (the nango-integrations root).
	Dir    string
	Format Format
	// Scripts are every declared script, in the reference's scaffold order: per integration,
	// on-event scripts, syncs, actions, then deprecated post-connection scripts.
	Scripts []*Script

	yaml     *nangoyaml.Parsed
	yamlText []byte

	schemaOnce sync.Once
	schema     *schemavalidate.Schema
	schemaErr  error
}

// Integrations are the project's integration keys, in declaration order (those without a
// script included).
func (p *Project) Integrations() []string {
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	if p.yaml != nil {
		for _, in := range p.yaml.Integrations {
			add(in.ProviderConfigKey)
		}
	}
	for _, s := range p.Scripts {
		add(s.Integration)
	}
	return keys
}

// HasIntegration reports whether key is one of the project's integrations.
func (p *Project) HasIntegration(key string) bool {
	for _, k := range p.Integrations() {
		if k == key {
			return true
		}
	}
	return false
}

// Models are the names of the project's models (anonymous input/output models included), in
// declaration order.
func (p *Project) Models() []string {
	var names []string
	if p.yaml != nil {
		for _, m := range p.yaml.Models {
			names = append(names, m.Name)
		}
	}
	return names
}

// Schema is the JSON schema of the project's models as the definitions say now (never a stale
// .nango/schema.json), parsed for record validation. It is built once per Project.
func (p *Project) Schema() (*schemavalidate.Schema, error) {
	p.schemaOnce.Do(func() {
		p.schema, p.schemaErr = schemavalidate.Parse(p.JSONSchema())
	})
	return p.schema, p.schemaErr
}
