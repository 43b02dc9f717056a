package deploy

import (
	"path/filepath"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

// ZeroSDKVersion is the `sdkVersion` of a zero-yaml project's bodies: the reference CLI that
// writes such projects, in its `<version>-zero` form (the server tells the two eras apart by
// the suffix).
var ZeroSDKVersion = build.ZeroReferenceCLIVersion + "-zero"

// Deploy sources (NANGO_DEPLOY_SOURCE) of a zero-yaml body.
const (
	SourceRepo       = "repo"
	SourceStandalone = "standalone"
)

// deployMode is the zero-yaml body's name for the selection.
func (s Selection) deployMode() string {
	switch {
	case s.Sync != "" || s.Action != "":
		return "single"
	case s.Integration != "":
		return "integration"
	}
	return "all"
}

// buildZeroBody is BuildBody for a zero-yaml project: the definitions and bundles are those
// the project was loaded with (internal/project builds every function while reading it), the
// body the reference 0.71 sends: flows per integration in order of first appearance, each
// integration's syncs then its actions (the order of .nango/nango.json), on-event functions
// grouped by integration and left out when one sync or action is deployed.
func buildZeroBody(in Input) (nangoapi.DeployBody, error) {
	empty := ""
	source := in.Source
	if source == "" {
		source = SourceRepo
	}
	body := nangoapi.DeployBody{
		FlowConfigs: []nangoapi.FlowConfig{}, DeployMode: in.Selection.deployMode(), Reconcile: true, Debug: in.Debug,
		NangoYamlBody: &empty, SDKVersion: ZeroSDKVersion, Source: source,
	}
	withOnEvents := in.Sync == "" && in.Action == ""
	if withOnEvents {
		body.OnEventScriptsByProvider = []nangoapi.OnEventScriptsByProvider{}
	}
	missing := &missingFiles{}
	for _, integration := range integrationsOf(in.Scripts) {
		var syncs, actions []nangoapi.FlowConfig
		var onEvents []nangoapi.OnEventScript
		for _, s := range in.Scripts {
			if s.Integration != integration {
				continue
			}
			// js is the bundle the project was read with (what compile writes to build/);
			// ts the function file only, not the helpers it imports, as the reference.
			fb := nangoapi.FileBody{JS: string(s.Zero.Bundle)}
			ts, err := readFirst(in.Project.Dir, filepath.FromSlash(s.Zero.Source))
			if err != nil {
				missing.sources = append(missing.sources, s.Zero.Source)
			}
			fb.TS = ts
			switch s.Kind {
			case project.KindSync:
				f := syncFlow(in, s, fb)
				f.Input, f.ModelSchema = "", nil
				if s.Zero.HasMetadata {
					f.Input = s.Input
				}
				syncs = append(syncs, zeroFlow(f, s))
			case project.KindAction:
				actions = append(actions, zeroFlow(actionFlow(in, s, fb), s))
			case project.KindOnEvent:
				onEvents = append(onEvents, nangoapi.OnEventScript{Name: s.Name, FileBody: fb, Event: s.Event})
			}
		}
		body.FlowConfigs = append(append(body.FlowConfigs, syncs...), actions...)
		if withOnEvents && len(onEvents) > 0 {
			body.OnEventScriptsByProvider = append(body.OnEventScriptsByProvider,
				nangoapi.OnEventScriptsByProvider{ProviderConfigKey: integration, Scripts: onEvents})
		}
	}
	return body, missing.err()
}

// zeroFlow replaces the nango.yaml-era model list by the function's JSON schema and adds its
// features.
func zeroFlow(f nangoapi.FlowConfig, s *project.Script) nangoapi.FlowConfig {
	f.ModelSchema = nil
	f.ModelsJSONSchema = s.Zero.JSONSchema
	f.Features = nonNil(s.Zero.Features)
	return f
}

// integrationsOf lists the scripts' integrations in order of first appearance.
func integrationsOf(scripts []*project.Script) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range scripts {
		if !seen[s.Integration] {
			seen[s.Integration] = true
			out = append(out, s.Integration)
		}
	}
	return out
}
