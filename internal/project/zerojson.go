package project

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// NangoJSONFile is where compile writes NangoJSON, relative to the project.
const NangoJSONFile = ".nango/nango.json"

// The reference's .nango/nango.json shapes of a zero-yaml project, keys in its order.
type zeroIntegrationJSON struct {
	ProviderConfigKey string           `json:"providerConfigKey"`
	Actions           []zeroActionJSON `json:"actions"`
	Syncs             []zeroSyncJSON   `json:"syncs"`
	OnEventScripts    zeroOnEventsJSON `json:"onEventScripts"`
}

type zeroOnEventsJSON struct {
	PostConnectionCreation []string `json:"post-connection-creation"`
	PreConnectionDeletion  []string `json:"pre-connection-deletion"`
	ValidateConnection     []string `json:"validate-connection"`
}

type zeroSyncJSON struct {
	Type                 string          `json:"type"`
	Description          string          `json:"description"`
	AutoStart            bool            `json:"auto_start"`
	Endpoints            json.RawMessage `json:"endpoints"`
	Input                *string         `json:"input"`
	Name                 string          `json:"name"`
	Output               []string        `json:"output"`
	Runs                 string          `json:"runs"`
	Scopes               []string        `json:"scopes"`
	SyncType             string          `json:"sync_type"`
	TrackDeletes         bool            `json:"track_deletes"`
	UsedModels           []string        `json:"usedModels"`
	Version              string          `json:"version"`
	WebhookSubscriptions []string        `json:"webhookSubscriptions"`
	JSONSchema           json.RawMessage `json:"json_schema"`
	Features             []string        `json:"features"`
}

type zeroActionJSON struct {
	Type        string          `json:"type"`
	Description string          `json:"description"`
	Endpoint    json.RawMessage `json:"endpoint"`
	Input       string          `json:"input"`
	Name        string          `json:"name"`
	Output      []string        `json:"output"`
	Scopes      []string        `json:"scopes"`
	UsedModels  []string        `json:"usedModels"`
	Version     string          `json:"version"`
	JSONSchema  json.RawMessage `json:"json_schema"`
	Features    []string        `json:"features"`
}

// NangoJSON is the reference's .nango/nango.json of a zero-yaml project: one object per
// integration in order of first appearance in index.ts, its actions and syncs in index.ts
// order, on-event functions by event; 2-space JSON with no trailing newline, as
// JSON.stringify(value, null, 2) writes it. It fails for a nango.yaml project, whose
// nango.json code generation writes (internal/codegen).
func (p *Project) NangoJSON() ([]byte, error) {
	if p.Format != FormatZero {
		return nil, fmt.Errorf("NangoJSON is for zero-yaml projects; %s is a %s project", p.Dir, p.Format)
	}
	out := []*zeroIntegrationJSON{}
	byKey := map[string]*zeroIntegrationJSON{}
	for _, s := range p.Scripts {
		in := byKey[s.Integration]
		if in == nil {
			in = &zeroIntegrationJSON{ProviderConfigKey: s.Integration, Actions: []zeroActionJSON{}, Syncs: []zeroSyncJSON{},
				OnEventScripts: zeroOnEventsJSON{[]string{}, []string{}, []string{}}}
			byKey[s.Integration] = in
			out = append(out, in)
		}
		switch s.Kind {
		case KindSync:
			in.Syncs = append(in.Syncs, zeroSync(s))
		case KindAction:
			in.Actions = append(in.Actions, zeroSyncAction(s))
		case KindOnEvent:
			ev := &in.OnEventScripts
			switch s.Event {
			case "post-connection-creation":
				ev.PostConnectionCreation = append(ev.PostConnectionCreation, s.Name)
			case "pre-connection-deletion":
				ev.PreConnectionDeletion = append(ev.PreConnectionDeletion, s.Name)
			case "validate-connection":
				ev.ValidateConnection = append(ev.ValidateConnection, s.Name)
			}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // JSON.stringify does not escape <, > and &
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func zeroSync(s *Script) zeroSyncJSON {
	var input *string
	if s.Zero.HasMetadata {
		input = &s.Input
	}
	return zeroSyncJSON{
		Type: "sync", Description: s.Description, AutoStart: s.AutoStart, Endpoints: s.Zero.EndpointsJSON,
		Input: input, Name: s.Name, Output: orEmpty(s.Outputs), Runs: s.Runs, Scopes: orEmpty(s.Scopes),
		SyncType: s.SyncType, TrackDeletes: s.TrackDeletes, UsedModels: orEmpty(s.UsedModels), Version: s.Version,
		WebhookSubscriptions: orEmpty(s.WebhookSubscriptions), JSONSchema: s.Zero.JSONSchema, Features: orEmpty(s.Zero.Features),
	}
}

func zeroSyncAction(s *Script) zeroActionJSON {
	return zeroActionJSON{
		Type: "action", Description: s.Description, Endpoint: s.Zero.EndpointsJSON, Input: s.Input, Name: s.Name,
		Output: orEmpty(s.Outputs), Scopes: orEmpty(s.Scopes), UsedModels: orEmpty(s.UsedModels), Version: s.Version,
		JSONSchema: s.Zero.JSONSchema, Features: orEmpty(s.Zero.Features),
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// zeroJSONSchema merges every function's definitions into one `{"definitions":{...}}` (the
// document record validation parses, Project.Schema). Names are unique per integration
// (checkZeroProject); when two integrations define one name, the first function's wins, so
// validate per function with Script.Zero.JSONSchema where that matters.
func (p *Project) zeroJSONSchema() []byte {
	var defs []namedSchema
	seen := map[string]bool{}
	for _, s := range p.Scripts {
		if s.Zero == nil || len(s.Zero.JSONSchema) == 0 {
			continue
		}
		var doc struct {
			Definitions json.RawMessage `json:"definitions"`
		}
		if json.Unmarshal(s.Zero.JSONSchema, &doc) != nil {
			continue
		}
		for _, d := range orderedMembers(doc.Definitions) {
			if !seen[d.name] {
				seen[d.name] = true
				defs = append(defs, d)
			}
		}
	}
	return definitionsJSON(defs)
}

// orderedMembers lists a JSON object's members in document order.
func orderedMembers(obj json.RawMessage) []namedSchema {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var out []namedSchema
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return out
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return out
		}
		out = append(out, namedSchema{t.(string), v})
	}
	return out
}
