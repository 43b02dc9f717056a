package fakenango

import (
	"encoding/json"
	"net/http"
	"sort"
)

// deploy serves POST /sync/deploy (apply) and /sync/deploy/confirmation (diff only).
func (s *Server) deploy(env *Environment, r *http.Request, raw []byte, apply bool) answer {
	if len(r.URL.Query()) > 0 {
		var keys []string
		for _, k := range sortedKeys(r.URL.Query()) {
			keys = append(keys, "'"+k+"'")
		}
		return jsonAnswer(400, zodError("invalid_query_params", []issue{{Code: "unrecognized_keys",
			Message: "Unrecognized key(s) in object: " + joinComma(keys), Path: []any{}}}))
	}
	var x any
	if err := json.Unmarshal(raw, &x); err != nil {
		return jsonAnswer(400, errorBody("invalid_json", "Invalid JSON body: "+err.Error()))
	}
	if issues := validateDeployBody(x, apply); len(issues) > 0 {
		return jsonAnswer(400, zodError("invalid_body", issues))
	}
	var body deployBody
	if err := json.Unmarshal(raw, &body); err != nil {
		return jsonAnswer(400, errorBody("invalid_body", err.Error()))
	}
	if apply && env.deployLocked {
		return jsonAnswer(409, map[string]any{"error": map[string]any{"message": "A deployment is already in progress. Please wait for the current deployment to finish.", "code": "concurrent_deployment", "payload": map[string]any{}}})
	}
	if !apply {
		return jsonAnswer(200, env.differences(&body))
	}
	return env.apply(&body)
}

func joinComma(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// flowConfig is one sync or action of a deploy body.
type flowConfig struct {
	Type              string          `json:"type"`
	SyncName          string          `json:"syncName"`
	ProviderConfigKey string          `json:"providerConfigKey"`
	Models            []string        `json:"models"`
	Version           string          `json:"version"`
	Runs              *string         `json:"runs"`
	AutoStart         *bool           `json:"auto_start"`
	ModelSchema       json.RawMessage `json:"model_schema"`
	ModelsJSONSchema  *struct {
		Definitions map[string]json.RawMessage `json:"definitions"`
	} `json:"models_json_schema"`
	FileBody struct{ JS, TS string } `json:"fileBody"`
}

// onEventProvider is one integration's on-event scripts in a deploy body.
type onEventProvider struct {
	ProviderConfigKey string `json:"providerConfigKey"`
	Scripts           []struct {
		Name  string `json:"name"`
		Event string `json:"event"`
	} `json:"scripts"`
}

// deployBody is the validated body, decoded for the semantics.
type deployBody struct {
	FlowConfigs              []flowConfig       `json:"flowConfigs"`
	OnEventScriptsByProvider *[]onEventProvider `json:"onEventScriptsByProvider"`
	JSONSchema               *struct {
		Definitions map[string]json.RawMessage `json:"definitions"`
	} `json:"jsonSchema"`
	Reconcile        bool    `json:"reconcile"`
	SingleDeployMode bool    `json:"singleDeployMode"`
	DeployMode       string  `json:"deployMode"`
	NangoYamlBody    *string `json:"nangoYamlBody"`
}

// single reports a deploy of part of the project (singleDeployMode of nango.yaml-era bodies,
// deployMode "integration" or "single" of zero-yaml ones): nothing else is removed.
func (b *deployBody) single() bool {
	return b.SingleDeployMode || b.DeployMode == "integration" || b.DeployMode == "single"
}

type slimSync struct {
	Name              string `json:"name"`
	ProviderConfigKey string `json:"providerConfigKey"`
	Connections       int    `json:"connections"`
	AutoStart         bool   `json:"auto_start"`
}

type slimAction struct {
	Name              string `json:"name"`
	ProviderConfigKey string `json:"providerConfigKey"`
}

type slimOnEvent struct {
	ProviderConfigKey string `json:"providerConfigKey"`
	Name              string `json:"name"`
	Event             string `json:"event"`
}

type differences struct {
	NewSyncs              []slimSync    `json:"newSyncs"`
	DeletedSyncs          []slimSync    `json:"deletedSyncs"`
	NewActions            []slimAction  `json:"newActions"`
	DeletedActions        []slimAction  `json:"deletedActions"`
	DeletedModels         []string      `json:"deletedModels"`
	NewOnEventScripts     []slimOnEvent `json:"newOnEventScripts"`
	DeletedOnEventScripts []slimOnEvent `json:"deletedOnEventScripts"`
	UpdatedSyncs          []slimSync    `json:"updatedSyncs"`
	UpdatedActions        []slimAction  `json:"updatedActions"`
	UpdatedOnEventScripts []slimOnEvent `json:"updatedOnEventScripts"`
}

// differences is what the server's reconcile step would do, without doing it.
func (e *Environment) differences(b *deployBody) differences {
	d := differences{NewSyncs: []slimSync{}, DeletedSyncs: []slimSync{}, NewActions: []slimAction{}, DeletedActions: []slimAction{},
		DeletedModels: []string{}, NewOnEventScripts: []slimOnEvent{}, DeletedOnEventScripts: []slimOnEvent{},
		UpdatedSyncs: []slimSync{}, UpdatedActions: []slimAction{}, UpdatedOnEventScripts: []slimOnEvent{}}
	sent := map[string]bool{}
	deletedModels := map[string]bool{}
	for _, f := range b.FlowConfigs {
		sent[f.Type+"\x00"+f.ProviderConfigKey+"\x00"+f.SyncName] = true
		prev := e.flow(f.Type, f.ProviderConfigKey, f.SyncName)
		if f.Type == "sync" {
			autoStart := f.AutoStart == nil || *f.AutoStart
			ss := slimSync{Name: f.SyncName, ProviderConfigKey: f.ProviderConfigKey, Connections: e.connectionCount(f.ProviderConfigKey), AutoStart: autoStart}
			if prev == nil {
				d.NewSyncs = append(d.NewSyncs, ss)
				continue
			}
			d.UpdatedSyncs = append(d.UpdatedSyncs, ss)
			if ss.Connections > 0 {
				for _, m := range prev.Models {
					if !contains(f.Models, m) {
						deletedModels[m] = true
					}
				}
			}
			continue
		}
		sa := slimAction{Name: f.SyncName, ProviderConfigKey: f.ProviderConfigKey}
		if prev == nil {
			d.NewActions = append(d.NewActions, sa)
		} else {
			d.UpdatedActions = append(d.UpdatedActions, sa)
		}
	}
	if !b.single() {
		for _, f := range e.flows {
			if sent[f.Type+"\x00"+f.ProviderConfigKey+"\x00"+f.Name] {
				continue
			}
			if f.Type == "sync" {
				d.DeletedSyncs = append(d.DeletedSyncs, slimSync{Name: f.Name, ProviderConfigKey: f.ProviderConfigKey, Connections: e.connectionCount(f.ProviderConfigKey), AutoStart: f.AutoStart})
			} else {
				d.DeletedActions = append(d.DeletedActions, slimAction{Name: f.Name, ProviderConfigKey: f.ProviderConfigKey})
			}
		}
	}
	for m := range deletedModels {
		d.DeletedModels = append(d.DeletedModels, m)
	}
	sort.Strings(d.DeletedModels)
	if b.OnEventScriptsByProvider != nil {
		sentEv := map[string]bool{}
		for _, p := range *b.OnEventScriptsByProvider {
			for _, sc := range p.Scripts {
				k := p.ProviderConfigKey + "\x00" + sc.Name + "\x00" + sc.Event
				sentEv[k] = true
				o := slimOnEvent{ProviderConfigKey: p.ProviderConfigKey, Name: sc.Name, Event: sc.Event}
				if e.onEvent(p.ProviderConfigKey, sc.Name, sc.Event) != nil {
					d.UpdatedOnEventScripts = append(d.UpdatedOnEventScripts, o)
				} else {
					d.NewOnEventScripts = append(d.NewOnEventScripts, o)
				}
			}
		}
		for _, o := range e.onEvents {
			if !sentEv[o.ProviderConfigKey+"\x00"+o.Name+"\x00"+o.Event] {
				d.DeletedOnEventScripts = append(d.DeletedOnEventScripts, slimOnEvent{ProviderConfigKey: o.ProviderConfigKey, Name: o.Name, Event: o.Event})
			}
		}
	}
	return d
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (e *Environment) onEvent(key, name, event string) *DeployedOnEvent {
	for _, o := range e.onEvents {
		if o.ProviderConfigKey == key && o.Name == name && o.Event == event {
			return o
		}
	}
	return nil
}

type deployResult struct {
	Name              string   `json:"name"`
	Version           string   `json:"version"`
	ProviderConfigKey string   `json:"providerConfigKey"`
	Type              string   `json:"type"`
	Models            []string `json:"models"`
}

// apply deploys the body: checks every integration and model schema first, so a refused
// deploy changes nothing, then stores flows and on-event scripts and reconciles.
func (e *Environment) apply(b *deployBody) answer {
	if refused := e.refuse(b); refused != nil {
		return *refused
	}
	e.deployRequests++
	results := []deployResult{}
	if len(b.FlowConfigs) == 0 {
		// The server returns early: on-event scripts in this body are not stored, but the
		// reconcile step still removes every sync and action (non-single mode).
		if b.Reconcile && !b.single() {
			e.flows = nil
		}
		if b.NangoYamlBody != nil {
			e.lastYAML = *b.NangoYamlBody
		}
		return jsonAnswer(200, results)
	}
	sent := map[*DeployedFlow]bool{}
	for _, f := range b.FlowConfigs {
		results = append(results, e.storeFlow(f, sent))
	}
	if b.OnEventScriptsByProvider != nil {
		results = append(results, e.storeOnEvents(*b.OnEventScriptsByProvider)...)
	}
	if b.Reconcile && !b.single() {
		kept := e.flows[:0]
		for _, f := range e.flows {
			if sent[f] {
				kept = append(kept, f)
			}
		}
		e.flows = kept
	}
	if b.NangoYamlBody != nil {
		e.lastYAML = *b.NangoYamlBody
	}
	return jsonAnswer(200, results)
}

// refuse is the answer to a body that names an unknown integration or a model its schema
// lacks (nil: the body can be deployed).
func (e *Environment) refuse(b *deployBody) *answer {
	for _, f := range b.FlowConfigs {
		if e.integration(f.ProviderConfigKey) == nil {
			payload, _ := json.Marshal(map[string]string{"providerConfigKey": f.ProviderConfigKey})
			a := jsonAnswer(400, map[string]any{"error": map[string]any{"code": "unknown_provider_config",
				"message": "There is no Provider Configuration matching this key. Please make sure this value exists in the Nango dashboard " + string(payload),
				"payload": map[string]any{"providerConfigKey": f.ProviderConfigKey}}})
			return &a
		}
		if js := f.ModelsJSONSchema; js != nil && f.Type == "sync" {
			// A zero-yaml sync's records are validated with its own schema: every model it
			// outputs must be defined there.
			for _, m := range f.Models {
				if _, ok := js.Definitions[m]; !ok {
					a := missingSchemaModel(m, f.SyncName)
					return &a
				}
			}
		}
		if b.JSONSchema != nil {
			for _, m := range modelsReferenced(f.ModelSchema) {
				if _, ok := b.JSONSchema.Definitions[m]; !ok {
					a := missingSchemaModel(m, f.SyncName)
					return &a
				}
			}
		}
	}
	return nil
}

// storeFlow stores one flow (a new version of a deployed one, or a new flow) and marks it sent.
func (e *Environment) storeFlow(f flowConfig, sent map[*DeployedFlow]bool) deployResult {
	prev := e.flow(f.Type, f.ProviderConfigKey, f.SyncName)
	version := f.Version
	if version == "" {
		if prev != nil {
			version = nextVersion(prev.Version, "1")
		} else {
			version = "1"
		}
	}
	autoStart := f.Type == "sync" && (f.AutoStart == nil || *f.AutoStart)
	runs := ""
	if f.Runs != nil {
		runs = *f.Runs
	}
	nf := &DeployedFlow{Type: f.Type, Name: f.SyncName, ProviderConfigKey: f.ProviderConfigKey, Models: append([]string{}, f.Models...),
		Version: version, AutoStart: autoStart, Runs: runs, JS: f.FileBody.JS, TS: f.FileBody.TS}
	if prev != nil {
		*prev = *nf
		sent[prev] = true
	} else {
		e.flows = append(e.flows, nf)
		sent[nf] = true
	}
	models := f.Models
	if models == nil {
		models = []string{}
	}
	return deployResult{Name: f.SyncName, Version: version, ProviderConfigKey: f.ProviderConfigKey, Type: f.Type, Models: models}
}

// storeOnEvents replaces the deployed on-event scripts with the body's, each version one more
// than the script it replaces.
func (e *Environment) storeOnEvents(byProvider []onEventProvider) []deployResult {
	var results []deployResult
	prevEvents := e.onEvents
	e.onEvents = nil
	for _, p := range byProvider {
		for _, sc := range p.Scripts {
			version := "0.0.1"
			for _, o := range prevEvents {
				if o.ProviderConfigKey == p.ProviderConfigKey && o.Name == sc.Name && o.Event == sc.Event {
					version = nextVersion(o.Version, "0.0.1")
				}
			}
			e.onEvents = append(e.onEvents, &DeployedOnEvent{Name: sc.Name, ProviderConfigKey: p.ProviderConfigKey, Event: sc.Event, Version: version})
			results = append(results, deployResult{Name: sc.Name, Version: version, ProviderConfigKey: p.ProviderConfigKey, Type: "on-event", Models: []string{}})
		}
	}
	return results
}

func missingSchemaModel(model, syncName string) answer {
	payload, _ := json.Marshal(map[string]string{"model": model, "syncName": syncName})
	return jsonAnswer(400, map[string]any{"error": map[string]any{"code": "deploy_missing_json_schema_model",
		"message": string(payload), "payload": map[string]any{"model": model, "syncName": syncName}}})
}

// modelsReferenced lists the models of a model_schema and the models their fields refer to.
func modelsReferenced(raw json.RawMessage) []string {
	var models []struct {
		Name   string            `json:"name"`
		Fields []json.RawMessage `json:"fields"`
	}
	if json.Unmarshal(raw, &models) != nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	addName := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	var walk func(fields []json.RawMessage)
	walk = func(fields []json.RawMessage) {
		for _, raw := range fields {
			var f struct {
				Value json.RawMessage `json:"value"`
				Model bool            `json:"model"`
			}
			if json.Unmarshal(raw, &f) != nil {
				continue
			}
			var s string
			if f.Model && json.Unmarshal(f.Value, &s) == nil {
				addName(s)
				continue
			}
			var nested []json.RawMessage
			if json.Unmarshal(f.Value, &nested) == nil {
				walk(nested)
			}
		}
	}
	for _, m := range models {
		addName(m.Name)
		walk(m.Fields)
	}
	return out
}
