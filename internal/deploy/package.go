// Package deploy is the engine of `nango deploy`: it selects the scripts to deploy, packages
// them into the reference CLI's request body (the shapes are internal/nangoapi's DeployBody,
// checked against testdata/deploy/payload.*.json), asks the server what would change as a
// Plan, and deploys. It prints nothing: internal/cmd/deploy shows the plan, asks for the
// confirmation (or refuses in CI) and prints the outcome.
package deploy

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

// SDKVersion is the `sdkVersion` of the bodies: the reference version we follow, in the
// reference's `<version>-yaml` form (servers check its shape).
var SDKVersion = build.ReferenceCLIVersion + "-yaml"

// Selection narrows a deploy (-s, -a, -i). Any of them makes it a "single deploy": the
// server then deletes nothing that is not in the body.
type Selection struct {
	Sync        string
	Action      string
	Integration string
}

// Single reports whether the selection is a single deploy.
func (s Selection) Single() bool { return s.Sync != "" || s.Action != "" || s.Integration != "" }

// Select returns the scripts a deploy packages, in declaration order.
func Select(p *project.Project, sel Selection) ([]*project.Script, error) {
	if sel.Sync != "" && sel.Action != "" {
		// The reference packages nothing at all in that case, which then deletes nothing
		// and deploys nothing; refuse instead.
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "--sync and --action cannot be used together"),
			"deploy one script at a time, or neither flag to deploy everything")
	}
	if sel.Integration != "" && !p.HasIntegration(sel.Integration) {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "integration %q is not in %s", sel.Integration, definedIn(p)),
			"integrations: "+strings.Join(p.Integrations(), ", "))
	}
	var out []*project.Script
	for _, s := range p.Scripts {
		if sel.Integration != "" && s.Integration != sel.Integration {
			continue
		}
		switch {
		case sel.Sync != "":
			if s.Kind != project.KindSync || s.Name != sel.Sync {
				continue
			}
		case sel.Action != "":
			if s.Kind != project.KindAction || s.Name != sel.Action {
				continue
			}
		}
		out = append(out, s)
		if sel.Sync != "" || sel.Action != "" {
			// The reference deploys the first integration that declares the name.
			break
		}
	}
	if len(out) == 0 && (sel.Sync != "" || sel.Action != "") {
		kind, name := "sync", sel.Sync
		if sel.Action != "" {
			kind, name = "action", sel.Action
		}
		if sel.Integration != "" {
			return nil, exitcode.Errorf(exitcode.Usage, "the %s %q does not exist in integration %q", kind, name, sel.Integration)
		}
		return nil, exitcode.Errorf(exitcode.Usage, "no %s named %q in %s", kind, name, definedIn(p))
	}
	return out, nil
}

// definedIn names where p's scripts are declared, for messages.
func definedIn(p *project.Project) string {
	if p.Format == project.FormatZero {
		return "the functions " + project.ZeroIndexFile + " imports"
	}
	return project.DefinitionsFile
}

// Input is what the body is built from.
type Input struct {
	// Project is the project being deployed; its definitions text is sent as is as
	// nangoYamlBody.
	Project *project.Project
	Scripts []*project.Script
	Selection
	// Version overrides every flow's version (--version), for rollbacks.
	Version string
	Debug   bool
	// Source is a zero-yaml body's `source` (NANGO_DEPLOY_SOURCE; "" is "repo").
	Source string
}

// BundlePath is where compile writes a script's bundle, relative to the project.
func BundlePath(s *project.Script) string {
	return filepath.Join("dist", s.Name+"-"+s.Integration+".js")
}

// SourcePath is a script's TypeScript file in the nested layout, relative to the project.
func SourcePath(s *project.Script) string {
	return filepath.FromSlash(s.SourceRel())
}

// missingFiles collects every file a body needs but the project lacks, to report them at once.
type missingFiles struct {
	bundles []string
	sources []string
}

func (m *missingFiles) err() error {
	if len(m.bundles) == 0 && len(m.sources) == 0 {
		return nil
	}
	var parts []string
	if len(m.sources) > 0 {
		parts = append(parts, "script files not found: "+strings.Join(m.sources, ", "))
	}
	if len(m.bundles) > 0 {
		parts = append(parts, "compiled bundles not found: "+strings.Join(m.bundles, ", "))
	}
	err := exitcode.Errorf(exitcode.Project, "cannot package the deploy: %s", strings.Join(parts, "; "))
	if len(m.sources) > 0 {
		return exitcode.WithHint(err, "create the missing scripts (nango generate writes stubs), then run nango compile")
	}
	return exitcode.WithHint(err, "run nango compile first: deploy sends the bundles in dist/")
}

// readFileBody returns the bundle and source of a script (with the reference's fallbacks to
// dist/<name>.js and <name>.ts at the project root).
func readFileBody(dir string, s *project.Script, missing *missingFiles) nangoapi.FileBody {
	var fb nangoapi.FileBody
	js, err := readFirst(dir, BundlePath(s), filepath.Join("dist", s.Name+".js"))
	if err != nil {
		missing.bundles = append(missing.bundles, BundlePath(s))
	}
	ts, err2 := readFirst(dir, SourcePath(s), s.Name+".ts")
	if err2 != nil {
		missing.sources = append(missing.sources, SourcePath(s))
	}
	fb.JS, fb.TS = js, ts
	return fb
}

func readFirst(dir string, rels ...string) (string, error) {
	var first error
	for _, rel := range rels {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err == nil {
			return string(data), nil
		}
		if first == nil {
			first = err
		}
	}
	return "", first
}

// LoadJSONSchema reads .nango/schema.json (written by nango generate).
func LoadJSONSchema(dir string) (json.RawMessage, error) {
	path := filepath.Join(dir, ".nango", "schema.json")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%s not found", filepath.Join(".nango", "schema.json")),
			"run nango generate: deploy sends the models' JSON schema")
	}
	if err != nil {
		return nil, exitcode.Errorf(exitcode.Project, "cannot read %s: %v", path, err)
	}
	if !json.Valid(data) {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "%s is not valid JSON", filepath.Join(".nango", "schema.json")),
			"run nango generate to rewrite it")
	}
	return json.RawMessage(data), nil
}

// BuildBody packages the deploy body (the /sync/deploy form: reconcile true and
// nangoYamlBody set; DeployConfirmation drops both).
func BuildBody(in Input) (nangoapi.DeployBody, error) {
	if in.Project.Format == project.FormatZero {
		return buildZeroBody(in)
	}
	body := nangoapi.DeployBody{
		FlowConfigs:      []nangoapi.FlowConfig{},
		Reconcile:        true,
		Debug:            in.Debug,
		SingleDeployMode: boolPtr(in.Selection.Single()),
		SDKVersion:       SDKVersion,
	}
	dir := in.Project.Dir
	yaml := string(in.Project.DefinitionsText())
	body.NangoYamlBody = &yaml
	schema, err := LoadJSONSchema(dir)
	if err != nil {
		return body, err
	}
	body.JSONSchema = schema

	withOnEvents := in.Sync == "" && in.Action == ""
	if withOnEvents {
		body.OnEventScriptsByProvider = []nangoapi.OnEventScriptsByProvider{}
	}
	missing := &missingFiles{}
	byIntegration := map[string]int{}
	for _, s := range in.Scripts {
		switch s.Kind {
		case project.KindSync:
			body.FlowConfigs = append(body.FlowConfigs, syncFlow(in, s, readFileBody(dir, s, missing)))
		case project.KindAction:
			body.FlowConfigs = append(body.FlowConfigs, actionFlow(in, s, readFileBody(dir, s, missing)))
		case project.KindOnEvent, project.KindPostConnection:
			if !withOnEvents {
				continue
			}
			event := s.Event
			if s.Kind == project.KindPostConnection {
				// Deprecated post-connection scripts deploy as post-connection-creation
				// events, and only when their files exist (as the reference).
				event = project.EventPostConnectionCreation
				if _, err := os.Stat(filepath.Join(dir, SourcePath(s))); err != nil {
					continue
				}
			}
			key := s.Integration
			idx, ok := byIntegration[key]
			if !ok {
				idx = len(body.OnEventScriptsByProvider)
				byIntegration[key] = idx
				body.OnEventScriptsByProvider = append(body.OnEventScriptsByProvider, nangoapi.OnEventScriptsByProvider{ProviderConfigKey: key, Scripts: []nangoapi.OnEventScript{}})
			}
			group := &body.OnEventScriptsByProvider[idx]
			group.Scripts = append(group.Scripts, nangoapi.OnEventScript{Name: s.Name, FileBody: readFileBody(dir, s, missing), Event: event})
		}
	}
	if err := missing.err(); err != nil {
		return body, err
	}
	return body, nil
}

func (in Input) version(declared string) string {
	if in.Version != "" {
		return in.Version
	}
	// The reference sends a numeric yaml version as a JSON number, which the server's
	// schema (a string) rejects; we send its text (project.Script.Version).
	return declared
}

func boolPtr(b bool) *bool { return &b }

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func metadata(description string, scopes []string) nangoapi.FlowMetadata {
	return nangoapi.FlowMetadata{Description: strings.TrimSpace(description), Scopes: nonNil(scopes)}
}

func endpoints(eps []project.Endpoint) []nangoapi.Endpoint {
	out := make([]nangoapi.Endpoint, 0, len(eps))
	for _, e := range eps {
		out = append(out, nangoapi.Endpoint{Method: e.Method, Path: e.Path, Group: e.Group})
	}
	return out
}

func syncFlow(in Input, s *project.Script, fb nangoapi.FileBody) nangoapi.FlowConfig {
	runs := s.Runs
	autoStart := s.AutoStart
	syncType := s.SyncType
	if syncType != "incremental" {
		syncType = "full"
	}
	return nangoapi.FlowConfig{
		SyncName:             s.Name,
		ProviderConfigKey:    s.Integration,
		Models:               nonNil(s.Outputs),
		Version:              in.version(s.Version),
		Runs:                 &runs,
		TrackDeletes:         s.TrackDeletes,
		AutoStart:            &autoStart,
		Attributes:           map[string]any{},
		Metadata:             metadata(s.Description, s.Scopes),
		Input:                s.Input,
		SyncType:             syncType,
		Type:                 "sync",
		FileBody:             fb,
		ModelSchema:          in.Project.ModelDefinitions(s.UsedModels),
		Endpoints:            endpoints(s.Endpoints),
		WebhookSubscriptions: nonNil(s.WebhookSubscriptions),
	}
}

func actionFlow(in Input, s *project.Script, fb nangoapi.FileBody) nangoapi.FlowConfig {
	return nangoapi.FlowConfig{
		SyncName:          s.Name,
		ProviderConfigKey: s.Integration,
		Models:            nonNil(s.Outputs),
		Version:           in.version(s.Version),
		Runs:              nil,
		TrackDeletes:      false,
		Metadata:          metadata(s.Description, s.Scopes),
		Input:             s.Input,
		Type:              "action",
		FileBody:          fb,
		ModelSchema:       in.Project.ModelDefinitions(s.UsedModels),
		Endpoints:         endpoints(s.Endpoints),
	}
}
