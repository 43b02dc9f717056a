package nangoyaml

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Our own diagnostic codes, for problems the reference reports unclearly (a crash message,
// "no nango.yaml config found") or not at all. See COMPATIBILITY.md.
const (
	CodeYAMLSyntax          = "yaml_syntax"
	CodeDuplicateKey        = "duplicate_key"
	CodeEmptyFile           = "empty_file"
	CodeInvalidFileFormat   = "invalid_file_format"
	CodeMissingModelsKey    = "missing_models_key"
	CodeRunsMissingInterval = "runs_missing_interval"
	CodeV2KeyInV1File       = "v2_key_in_v1_file"
	CodeV1SyncNoReturns     = "v1_sync_without_returns"
	CodePostConnectionOnly  = "post_connection_scripts_only"
	CodeInvalidModelBody    = "invalid_model_body"
	CodeInvalidExtends      = "invalid_extends"
	CodeCyclicExtends       = "cyclic_extends"
	CodeModelsTooLarge      = "models_too_large"
	CodeModelTooDeep        = "model_too_deep"
)

const msgInvalidFileFormat = "Invalid file format, you should have at least an `integrations` property at the root level. Check our documentation https://docs.nango.dev/reference/integration-configuration"

type parser struct {
	file     string
	opts     Options
	root     *jv
	version  string
	errors   []Diagnostic
	warnings []Diagnostic
	mp       *modelsParser
	result   *Parsed
}

func (p *parser) diag(sev Severity, phase Phase, code, msg string, path []string, pos Pos) Diagnostic {
	return Diagnostic{Severity: sev, Phase: phase, Code: code, Message: msg, KeyPath: path, File: p.file, Line: pos.Line, Column: pos.Column}
}

func (p *parser) errorf(code, msg string, pos Pos, path ...string) {
	p.errors = append(p.errors, p.diag(SeverityError, PhaseParser, code, msg, path, pos))
}

func (p *parser) warnf(code, msg string, pos Pos, path ...string) {
	p.warnings = append(p.warnings, p.diag(SeverityWarning, PhaseParser, code, msg, path, pos))
}

func parse(filename string, data []byte, opts Options) (*Parsed, []Diagnostic) {
	p := &parser{file: filename, opts: opts}
	root, err := decodeYAML(data)
	if err != nil {
		le := err.(*loadError)
		return nil, []Diagnostic{p.diag(SeverityError, PhaseLoad, le.code, le.msg, nil, le.pos)}
	}
	if root == nil || root.kind == jsNull {
		pos := Pos{Line: 1, Column: 1}
		return nil, []Diagnostic{p.diag(SeverityError, PhaseLoad, CodeEmptyFile, FileName+" is empty: declare your integrations under an `integrations:` key and your models under `models:`", nil, pos)}
	}
	p.root = root
	if root.kind != jsObject || root.isDate {
		return nil, []Diagnostic{p.diag(SeverityError, PhaseSchema, CodeInvalidFileFormat, msgInvalidFileFormat, nil, root.pos)}
	}
	if _, ok := root.get("integrations"); !ok {
		return nil, []Diagnostic{p.diag(SeverityError, PhaseSchema, CodeInvalidFileFormat, msgInvalidFileFormat, nil, root.pos)}
	}
	p.detectVersion()
	if p.version == YamlV1 {
		p.checkV2KeysInV1()
		if len(p.errors) > 0 {
			return nil, p.errors
		}
	}
	if diags := validateSchema(root, p.version, filename); len(diags) > 0 {
		return nil, diags
	}
	if diags := p.validateUnpatternedScripts(); len(diags) > 0 {
		return nil, diags
	}
	models, ok := root.get("models")
	if !ok {
		return nil, []Diagnostic{p.diag(SeverityError, PhaseSchema, CodeMissingModelsKey, FileName+" has no `models:` key: add one (use `models: {}` when there are no models)", nil, root.pos)}
	}
	p.mp = newModelsParser(models, filename, opts)
	if pos, tooLarge := p.parseModelsAndScripts(root); tooLarge {
		return nil, []Diagnostic{p.diag(SeverityError, PhaseParser, CodeModelsTooLarge, fmt.Sprintf("models expand to more than %d fields (through YAML aliases?): simplify them", maxModelFields), nil, pos)}
	}
	if len(p.errors) > 0 {
		return nil, p.errors
	}
	p.result.Models = p.mp.parsed.order
	p.result.modelsByName = make(map[string]*Model, len(p.result.Models))
	for _, m := range p.result.Models {
		p.result.modelsByName[m.Name] = m
	}
	return p.result, p.warnings
}

// parseModelsAndScripts runs the models parser, then the integrations and post-validation;
// it reports whether the models were too large to parse.
func (p *parser) parseModelsAndScripts(root *jv) (pos Pos, tooLarge bool) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(errModelsTooLarge)
			if !ok {
				panic(r)
			}
			pos, tooLarge = e.pos, true
		}
	}()
	p.mp.parseAll()
	if len(p.mp.errors) > 0 {
		p.errors = p.mp.errors
		return Pos{}, false
	}
	p.warnings = append(p.warnings, p.mp.warnings...)
	p.result = &Parsed{YamlVersion: p.version}
	integrations, _ := root.get("integrations")
	if p.version == YamlV2 {
		p.parseV2(integrations)
	} else {
		p.parseV1(integrations)
	}
	p.postValidate()
	return Pos{}, false
}

var v2IntegrationKeys = []string{"syncs", "actions", "on-events"}

// detectVersion follows determineVersion: only the first integration (JS key order) decides.
func (p *parser) detectVersion() {
	p.version = YamlV1
	integrations, _ := p.root.get("integrations")
	if integrations == nil || integrations.kind != jsObject || len(integrations.keys) == 0 {
		return
	}
	first := integrations.vals[0]
	if first.kind != jsObject {
		return
	}
	for _, k := range v2IntegrationKeys {
		if _, ok := first.get(k); ok {
			p.version = YamlV2
			return
		}
	}
	// An integration with only the deprecated post-connection-scripts is v2 by intent; the
	// reference misreads it as v1 and rejects it with four unrelated schema errors.
	if len(first.keys) > 0 {
		for _, k := range first.keys {
			if k != "post-connection-scripts" {
				return
			}
		}
		p.version = YamlV2
		p.warnf(CodePostConnectionOnly, `integration "`+integrations.keys[0]+`" only has the deprecated post-connection-scripts: it is read as a v2 file (the reference CLI misreads it as v1 and rejects it); prefer on-events.post-connection-creation`, integrations.keyPos[0], integrations.keys[0])
	}
}

// v2KeyTypos are keys that look like a v2 integration key but are not one; in a v1 file they
// would be read as a script name and silently dropped.
var v2KeyTypos = map[string]string{
	"sync": "syncs", "action": "actions", "on-event": "on-events", "onevents": "on-events",
	"on_events": "on-events", "onEvents": "on-events", "on-events:": "on-events",
	"Syncs": "syncs", "Actions": "actions", "SYNCS": "syncs", "ACTIONS": "actions",
}

// checkV2KeysInV1 reports v2-looking keys in a file detected as v1: a typo such as `sync:`
// in the first integration, or a v2 integration after a v1 one. The reference silently
// drops these scripts.
func (p *parser) checkV2KeysInV1() {
	integrations, _ := p.root.get("integrations")
	if integrations == nil || integrations.kind != jsObject {
		return
	}
	for i, name := range integrations.keys {
		body := integrations.vals[i]
		if body.kind != jsObject || body.isDate {
			continue
		}
		for j, k := range body.keys {
			if !looksLikeV2Group(body.vals[j]) {
				continue
			}
			if want, ok := v2KeyTypos[k]; ok && i == 0 {
				p.errorf(CodeV2KeyInV1File, fmt.Sprintf("integration %q has a key %q: did you mean %q? Without a `syncs`, `actions` or `on-events` key in the first integration the file is read as the deprecated v1 format and these scripts are ignored", name, k, want), body.keyPos[j], name, k)
				continue
			}
			isV2 := false
			for _, v2 := range v2IntegrationKeys {
				isV2 = isV2 || k == v2
			}
			if isV2 || (k == "post-connection-scripts" && i > 0) {
				p.errorf(CodeV2KeyInV1File, fmt.Sprintf("integration %q uses the v2 key %q, but the first integration (%q) is in the deprecated v1 format, so the whole file is read as v1 and these scripts would be ignored: convert every integration to the v2 format (syncs/actions)", name, k, integrations.keys[0]), body.keyPos[j], name, k)
			}
		}
	}
}

// v1ScriptKeys are the keys a v1 script body uses.
var v1ScriptKeys = map[string]bool{"type": true, "returns": true, "description": true, "runs": true, "track_deletes": true, "auto_start": true, "version": true}

// looksLikeV2Group reports whether a v1 "script" body is rather a v2 group (syncs/actions/
// on-events): a mapping with no v1 script key, holding mappings or lists.
func looksLikeV2Group(v *jv) bool {
	if v.kind != jsObject || v.isDate || len(v.keys) == 0 {
		return false
	}
	nested := false
	for i, k := range v.keys {
		if v1ScriptKeys[k] {
			return false
		}
		if c := v.vals[i]; c.kind == jsArray || c.kind == jsObject && !c.isDate {
			nested = true
		}
	}
	return nested
}

var scriptNameRe = regexp.MustCompile(scriptNamePattern)

// validateUnpatternedScripts applies the sync/action schema to v2 scripts whose names fall
// outside ^[a-zA-Z0-9_-]+$, which the reference's schema skips entirely (and whose bad values
// then crash or silently misparse).
func (p *parser) validateUnpatternedScripts() []Diagnostic {
	if p.version != YamlV2 {
		return nil
	}
	integrations, _ := p.root.get("integrations")
	integration := schemaV2.properties[0].s.additional
	var syncSchema, actionSchema *jsonSchema
	for _, pr := range integration.properties {
		switch pr.name {
		case "syncs":
			syncSchema = pr.s.patternProperties[0].s
		case "actions":
			actionSchema = pr.s.patternProperties[0].s
		}
	}
	vd := &validator{}
	for i, in := range integrations.keys {
		body := integrations.vals[i]
		for _, kind := range []string{"syncs", "actions"} {
			scripts, ok := body.get(kind)
			if !ok || scripts.kind != jsObject {
				continue
			}
			s := syncSchema
			if kind == "actions" {
				s = actionSchema
			}
			for j, name := range scripts.keys {
				if scriptNameRe.MatchString(name) {
					continue
				}
				vd.validate(s, scripts.vals[j], []string{"integrations", in, kind, name}, scripts.keyPos[j], nil)
			}
		}
	}
	var out []Diagnostic
	for _, e := range vd.errs {
		if strings.TrimSpace(e.message) == "" {
			continue
		}
		d := Diagnostic{Severity: SeverityError, Phase: PhaseSchema, Code: e.keyword, Message: e.message, KeyPath: pointerPath(e.path), File: p.file, Line: e.pos.Line, Column: e.pos.Column}
		if e.keyword != CodeErrorMessage {
			d.Params = e.params
		}
		out = append(out, d)
	}
	return out
}

func keyPositions(v *jv) map[string]Pos {
	m := make(map[string]Pos, len(v.keys))
	for i, k := range v.keys {
		m[k] = v.keyPos[i]
	}
	return m
}

func stringList(v *jv) []string {
	if v == nil {
		return nil
	}
	switch v.kind {
	case jsString:
		return []string{v.str}
	case jsArray:
		out := make([]string, 0, len(v.items))
		for _, it := range v.items {
			out = append(out, it.jsString())
		}
		return out
	}
	return nil
}

func listPositions(v *jv) []Pos {
	if v == nil || v.kind != jsArray {
		return nil
	}
	out := make([]Pos, len(v.items))
	for i, it := range v.items {
		out[i] = it.pos
	}
	return out
}

func versionOf(v *jv, ok bool) Version {
	if !ok || !v.truthy() {
		return Version{}
	}
	if v.kind == jsNumber {
		return Version{IsNumber: true, Number: v.num}
	}
	return Version{Text: v.jsString()}
}

// ioModels resolves an output (string or list) into model names, warning model_is_literal.
func (p *parser) outputs(v *jv, ok bool, integration, scriptType, script, pathType string) []string {
	if !ok || !v.truthy() {
		return nil
	}
	items := []*jv{v}
	if v.kind == jsArray {
		items = v.items
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		name, literal := p.mp.modelForIO(it, integration, scriptType, script, "output")
		if literal {
			p.warnf("model_is_literal", `A literal type "`+it.jsString()+`" was parsed, which might be an error. It is recommended to use a Model for input and output.`, it.pos, integration, pathType, script, "[output]")
		}
		out = append(out, name)
	}
	return out
}

func (p *parser) input(v *jv, ok bool, integration, scriptType, script, pathType string) *string {
	if !ok || !v.truthy() {
		return nil
	}
	name, literal := p.mp.modelForIO(v, integration, scriptType, script, "input")
	if literal {
		p.warnf("model_is_literal", `A literal type "`+v.jsString()+`" was parsed, which might be an error. It is recommended to use a Model for input and output.`, v.pos, integration, pathType, script, "[input]")
	}
	return &name
}

func parseEndpoint(v *jv, defaultMethod string) Endpoint {
	if v.kind == jsObject {
		e := Endpoint{Method: defaultMethod, Pos: v.pos}
		if m, ok := v.get("method"); ok && m.truthy() {
			e.Method = m.jsString()
		}
		if pa, ok := v.get("path"); ok {
			e.Path = pa.jsString()
		}
		if g, ok := v.get("group"); ok && g.truthy() {
			e.Group = g.jsString()
		}
		return e
	}
	s := v.jsString()
	parts := strings.Split(s, " ")
	if len(parts) >= 2 {
		return Endpoint{Method: parts[0], Path: parts[1], Pos: v.pos}
	}
	return Endpoint{Method: defaultMethod, Path: s, Pos: v.pos}
}

func (p *parser) parseV2(integrations *jv) {
	for i, key := range integrations.keys {
		body := integrations.vals[i]
		in := &Integration{ProviderConfigKey: key, Pos: integrations.keyPos[i], Syncs: []*Sync{}, Actions: []*Action{}}
		in.OnEventScripts = OnEventScripts{PostConnectionCreation: []string{}, PreConnectionDeletion: []string{}}
		if syncs, ok := body.get("syncs"); ok && syncs.kind == jsObject {
			for j, name := range syncs.keys {
				if s := p.parseV2Sync(key, name, syncs.vals[j], syncs.keyPos[j]); s != nil {
					in.Syncs = append(in.Syncs, s)
				}
			}
		}
		if actions, ok := body.get("actions"); ok && actions.kind == jsObject {
			for j, name := range actions.keys {
				in.Actions = append(in.Actions, p.parseV2Action(key, name, actions.vals[j], actions.keyPos[j]))
			}
		}
		onEvents, hasOnEvents := body.get("on-events")
		if hasOnEvents && onEvents.kind == jsObject {
			if v, ok := onEvents.get(EventPostConnectionCreation); ok {
				in.OnEventScripts.PostConnectionCreation = nonNil(stringList(v))
				in.OnEventScripts.PostConnectionCreationPos = listPositions(v)
			}
			if v, ok := onEvents.get(EventPreConnectionDeletion); ok {
				in.OnEventScripts.PreConnectionDeletion = nonNil(stringList(v))
				in.OnEventScripts.PreConnectionDeletionPos = listPositions(v)
			}
		}
		pcs, hasPCS := body.get("post-connection-scripts")
		if hasPCS && pcs.kind != jsNull && hasOnEvents && onEvents.kind == jsObject && len(onEvents.keys) > 0 {
			p.errorf("both_post_connection_scripts_and_on_events_present", "Both post-connection-scripts and on-events are present. Only one of them can be used at a time.", body.keyPosOf("on-events"), key, "on-events")
		}
		if hasPCS {
			if l := stringList(pcs); len(l) > 0 {
				in.PostConnectionScripts = l
				in.PostConnectionScriptsPos = listPositions(pcs)
			}
		}
		p.result.Integrations = append(p.result.Integrations, in)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (p *parser) parseV2Sync(integration, name string, body *jv, pos Pos) *Sync {
	if body.kind != jsObject {
		return nil
	}
	s := &Sync{Name: name, Pos: pos, KeyPos: keyPositions(body)}
	outV, outOK := body.get("output")
	s.Output = nonNil(p.outputs(outV, outOK, integration, "sync", name, "syncs"))
	inV, inOK := body.get("input")
	s.Input = p.input(inV, inOK, integration, "sync", name, "syncs")
	if epV, ok := body.get("endpoint"); ok {
		items := []*jv{epV}
		if epV.kind == jsArray {
			items = epV.items
		}
		for _, it := range items {
			s.Endpoints = append(s.Endpoints, parseEndpoint(it, "GET"))
		}
	}
	s.Endpoints = nonNilEndpoints(s.Endpoints)
	if len(s.Endpoints) != len(s.Output) {
		p.errorf("endpoints_mismatch", `The number of endpoints doesn't match the number of models returned by "`+name+`". The endpoints to model should match 1 to 1.`, posOr(s.KeyPos["endpoint"], pos), integration, "syncs", name)
		return nil
	}
	runs, _ := body.get("runs")
	if runs != nil {
		s.Runs = runs.jsString()
	}
	if code, msg := checkRuns(s.Runs); code != "" {
		p.errorf(code, msg, posOr(s.KeyPos["runs"], pos), integration, "syncs", name)
		return nil
	}
	if d, ok := body.get("description"); ok && d.truthy() {
		s.Description = trimJS(d.jsString())
	}
	s.SyncType = "full"
	if st, ok := body.get("sync_type"); ok && st.kind == jsString && strings.ToLower(st.str) == "incremental" {
		s.SyncType = "incremental"
	}
	s.Version = versionOf(body.get("version"))
	if td, ok := body.get("track_deletes"); ok && td.truthy() {
		s.TrackDeletes = true
	}
	s.AutoStart = true
	if as, ok := body.get("auto_start"); ok && as.kind == jsBool && !as.b {
		s.AutoStart = false
	}
	s.Scopes = scopesOf(body.get("scopes"))
	ws, _ := body.get("webhook-subscriptions")
	s.WebhookSubscriptions = nonNil(stringList(ws))
	if s.Input != nil {
		s.UsedModels = append(append([]string{}, s.Output...), *s.Input)
	} else {
		s.UsedModels = append([]string{}, s.Output...)
	}
	return s
}

func nonNilEndpoints(e []Endpoint) []Endpoint {
	if e == nil {
		return []Endpoint{}
	}
	return e
}

func posOr(p, def Pos) Pos {
	if p.IsZero() {
		return def
	}
	return p
}

func scopesOf(v *jv, ok bool) []string {
	if !ok || v == nil {
		return []string{}
	}
	switch v.kind {
	case jsArray:
		return nonNil(stringList(v))
	case jsString:
		if v.str == "" {
			return []string{}
		}
		return strings.Split(v.str, ",")
	}
	return []string{}
}

func (p *parser) parseV2Action(integration, name string, body *jv, pos Pos) *Action {
	a := &Action{Name: name, Pos: pos, KeyPos: map[string]Pos{}, Scopes: []string{}}
	if body.kind != jsObject {
		return a
	}
	a.KeyPos = keyPositions(body)
	outV, outOK := body.get("output")
	a.Output = p.outputs(outV, outOK, integration, "action", name, "actions")
	inV, inOK := body.get("input")
	a.Input = p.input(inV, inOK, integration, "action", name, "actions")
	if d, ok := body.get("description"); ok && d.truthy() {
		a.Description = trimJS(d.jsString())
	}
	a.Version = versionOf(body.get("version"))
	a.Scopes = scopesOf(body.get("scopes"))
	if ep, ok := body.get("endpoint"); ok && ep.kind != jsNull {
		e := parseEndpoint(ep, "POST")
		a.Endpoint = &e
	}
	a.UsedModels = append([]string{}, a.Output...)
	if a.Input != nil {
		a.UsedModels = append(a.UsedModels, *a.Input)
	}
	return a
}

func (p *parser) parseV1(integrations *jv) {
	if integrations == nil || integrations.kind != jsObject {
		return
	}
	for i, key := range integrations.keys {
		body := integrations.vals[i]
		in := &Integration{ProviderConfigKey: key, Pos: integrations.keyPos[i], Syncs: []*Sync{}, Actions: []*Action{}, v1: true}
		in.OnEventScripts = OnEventScripts{PostConnectionCreation: []string{}, PreConnectionDeletion: []string{}}
		if body.kind == jsObject {
			for j, name := range body.keys {
				script := body.vals[j]
				spos := body.keyPos[j]
				if script.kind != jsObject || script.isDate {
					continue
				}
				returns, hasReturns := script.get("returns")
				typ, _ := script.get("type")
				if typ != nil && typ.kind == jsString && typ.str == "action" {
					a := &Action{Name: name, Pos: spos, KeyPos: keyPositions(script), Scopes: []string{}, v1: true}
					a.Output = p.outputs(returns, hasReturns, key, "sync", name, "actions")
					if d, ok := script.get("description"); ok && d.truthy() {
						a.Description = trimJS(d.jsString())
					}
					a.Version = versionOf(script.get("version"))
					a.UsedModels = append([]string{}, a.Output...)
					in.Actions = append(in.Actions, a)
					continue
				}
				if !hasReturns || !returns.truthy() {
					p.warnf(CodeV1SyncNoReturns, fmt.Sprintf("sync %q has no `returns`, so it is ignored (the reference CLI drops it silently); add `returns: <Model>` or `type: action`", name), spos, key, name)
					continue
				}
				s := &Sync{Name: name, Pos: spos, KeyPos: keyPositions(script), SyncType: "incremental", v1: true,
					Endpoints: []Endpoint{}, Scopes: []string{}, WebhookSubscriptions: []string{}}
				s.Output = nonNil(p.outputs(returns, hasReturns, key, "sync", name, "syncs"))
				if d, ok := script.get("description"); ok && d.truthy() {
					s.Description = d.jsString()
				}
				if r, ok := script.get("runs"); ok && r.truthy() {
					s.Runs = r.jsString()
				}
				if td, ok := script.get("track_deletes"); ok && td.truthy() {
					s.TrackDeletes = true
				}
				s.AutoStart = true
				if as, ok := script.get("auto_start"); ok && as.kind == jsBool && !as.b {
					s.AutoStart = false
				}
				s.Version = versionOf(script.get("version"))
				s.UsedModels = append([]string{}, s.Output...)
				in.Syncs = append(in.Syncs, s)
			}
		}
		p.result.Integrations = append(p.result.Integrations, in)
	}
}

var endpointModelRe = regexp.MustCompile(`\{([^}]+)\}`)

// postValidate is the reference's cross-check pass: duplicate models, the id rule, duplicate
// endpoints and models named in paths; it also recomputes usedModels.
func (p *parser) postValidate() {
	for _, in := range p.result.Integrations {
		usedModels := map[string]bool{}
		usedEndpoints := map[string]bool{}
		for _, s := range in.Syncs {
			outPos := posOr(s.KeyPos["output"], s.KeyPos["returns"])
			outPos = posOr(outPos, s.Pos)
			for _, out := range s.Output {
				if usedModels[out] {
					p.errorf("duplicate_model", `Model "`+out+`" is used multiple times. Please make sure all models are unique within an integration.`, outPos, in.ProviderConfigKey, "syncs", s.Name, "[output]")
					continue
				}
				usedModels[out] = true
				m := p.mp.parsed.get(out)
				if m == nil || !hasIDField(m) {
					p.errorf("model_missing_id", `Model "`+out+`" doesn't have an id field. This is required to be able to uniquely identify the data record`, outPos, in.ProviderConfigKey, "syncs", s.Name, "[output]")
				}
			}
			if s.Input != nil {
				usedModels[*s.Input] = true
			}
			for _, e := range s.Endpoints {
				key := e.String()
				epos := posOr(e.Pos, s.Pos)
				if usedEndpoints[key] {
					p.errorf("duplicate_endpoint", `Endpoint "`+key+`" is used multiple times. Please make sure all endpoints are unique.`, epos, in.ProviderConfigKey, "syncs", s.Name, "[endpoints]")
					continue
				}
				usedEndpoints[key] = true
				if m := endpointModelRe.FindStringSubmatch(e.Path); m != nil && p.mp.parsed.get(m[1]) == nil {
					p.errorf("model_not_found", `Model "`+m[1]+`" does not exists`, epos, in.ProviderConfigKey, "syncs", s.Name, "[endpoints]")
				}
			}
			s.UsedModels = p.usedModels(s.Output, s.Input)
		}
		for _, a := range in.Actions {
			seen := map[string]bool{}
			outPos := posOr(posOr(a.KeyPos["output"], a.KeyPos["returns"]), a.Pos)
			for _, out := range a.Output {
				if seen[out] {
					p.errorf("duplicate_model", `Model "`+out+`" is used multiple times. Please make sure all models are unique within an integration.`, outPos, in.ProviderConfigKey, "actions", a.Name, "[output]")
					continue
				}
				seen[out] = true
			}
			if a.Endpoint != nil {
				e := a.Endpoint
				key := e.String()
				epos := posOr(e.Pos, a.Pos)
				if usedEndpoints[key] {
					p.errorf("duplicate_endpoint", `Endpoint "`+key+`" is used multiple times. Please make sure all endpoints are unique.`, epos, in.ProviderConfigKey, "actions", a.Name, "[endpoint]")
				} else {
					usedEndpoints[key] = true
					if m := endpointModelRe.FindStringSubmatch(e.Path); m != nil {
						name, _, _ := strings.Cut(m[1], ":")
						if p.mp.parsed.get(name) == nil {
							// the reference reports this under "syncs" even for actions
							p.errorf("model_not_found", `Model "`+name+`" does not exists`, epos, in.ProviderConfigKey, "syncs", a.Name, "[endpoint]")
						}
					}
				}
			}
			a.UsedModels = p.usedModels(a.Output, a.Input)
		}
	}
}

func hasIDField(m *Model) bool {
	for _, f := range m.Fields {
		if f.Name == "id" {
			return true
		}
	}
	return false
}

// usedModels lists outputs, then input, each followed depth-first by the models it references.
func (p *parser) usedModels(outputs []string, input *string) []string {
	roots := append([]string{}, outputs...)
	if input != nil {
		roots = append(roots, *input)
	}
	seen := map[string]bool{}
	out := []string{}
	var visit func(name string)
	var visitFields func(fs []*Field)
	visitFields = func(fs []*Field) {
		for _, f := range fs {
			if f.Kind == FieldModel {
				if s, ok := f.Value.(string); ok {
					visit(s)
				}
			}
			if sub := f.Fields(); sub != nil {
				visitFields(sub)
			}
		}
	}
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		out = append(out, name)
		if m := p.mp.parsed.get(name); m != nil {
			visitFields(m.Fields)
		}
	}
	for _, r := range roots {
		visit(r)
	}
	return out
}

// ---- runs ----

var fixedRuns = map[string]bool{
	"every half day": true, "every half hour": true, "every quarter hour": true,
	"every hour": true, "every day": true, "every month": true, "every week": true,
}

var msRe = regexp.MustCompile(`^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$`)

// parseMS is the `ms` package (3.0.0-canary.1) parse: NaN when the text does not match.
// ok=false means ms would throw (empty or longer than 100 characters).
func parseMS(s string) (float64, bool) {
	if n := utf16Len(s); n == 0 || n > 100 {
		return math.NaN(), false
	}
	// the reference's regex is case-insensitive without the "u" flag: only ASCII letters fold
	m := msRe.FindStringSubmatch(asciiLower(s))
	if m == nil {
		return math.NaN(), true
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return math.NaN(), true
	}
	const (
		sec  = 1000.0
		min  = sec * 60
		hour = min * 60
		day  = hour * 24
		week = day * 7
		year = day * 365.25
	)
	switch m[2] {
	case "years", "year", "yrs", "yr", "y":
		return n * year, true
	case "weeks", "week", "w":
		return n * week, true
	case "days", "day", "d":
		return n * day, true
	case "hours", "hour", "hrs", "hr", "h":
		return n * hour, true
	case "minutes", "minute", "mins", "min", "m":
		return n * min, true
	case "seconds", "second", "secs", "sec", "s":
		return n * sec, true
	}
	return n, true
}

// utf16Len is a JavaScript string's length (UTF-16 code units).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// checkRuns validates a v2 `runs` value like getInterval; it returns a code and message, or
// empty strings when the value is accepted.
func checkRuns(runs string) (code, msg string) {
	if fixedRuns[runs] {
		return "", ""
	}
	interval := strings.Replace(runs, "every ", "", 1)
	v, ok := parseMS(interval)
	if !ok {
		if interval == "" {
			return CodeRunsMissingInterval, `runs "` + runs + `" has no interval: write e.g. "every 30min", "every 2 hours" or "every day"`
		}
		return "invalid_runs", "sync_interval_invalid"
	}
	if math.IsNaN(v) || v == 0 {
		return "invalid_runs", "sync_interval_invalid"
	}
	if v < 30000 {
		return "invalid_runs", "sync_interval_too_short"
	}
	return "", ""
}
