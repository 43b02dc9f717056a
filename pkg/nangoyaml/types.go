// Package nangoyaml parses nango.yaml files (format v1 and v2) the way the reference
// Nango CLI 0.58–0.61 does, and reports every problem as a Diagnostic that carries both the
// reference's logical key path and the file/line/column of the YAML node at fault.
//
// The parse result mirrors the reference parser's data model (what `nango sync:config.check`
// prints and what models.ts embeds as NangoFlows), so generated output can be byte-compatible.
package nangoyaml

import (
	"fmt"
	"strings"

	"github.com/nango-go/nango/pkg/jsjson"
)

// FileName is the name of the project configuration file inside a project directory.
const FileName = "nango.yaml"

// YAML format versions.
const (
	YamlV1 = "v1"
	YamlV2 = "v2"
)

// Pos is a 1-based position in the YAML source. The zero value means "unknown".
type Pos struct {
	Line   int
	Column int
}

// IsZero reports whether the position is unknown.
func (p Pos) IsZero() bool { return p.Line == 0 }

// Parsed is the result of a successful parse. It is usable only when no diagnostic returned
// with it has error severity.
type Parsed struct {
	// YamlVersion is YamlV1 or YamlV2 (detected from the first integration, as the reference does).
	YamlVersion string
	// Integrations in JS object key order of the `integrations` mapping.
	Integrations []*Integration
	// Models in the reference's emission order, anonymous models included (after named ones).
	Models []*Model

	modelsByName map[string]*Model
}

// Model returns the model with the given name (named or anonymous), or nil.
func (p *Parsed) Model(name string) *Model {
	if p == nil {
		return nil
	}
	if p.modelsByName != nil {
		return p.modelsByName[name]
	}
	// a Parsed built by hand: no index (lookups must stay safe for concurrent readers)
	for _, m := range p.Models {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Integration returns the integration with the given provider config key, or nil.
func (p *Parsed) Integration(providerConfigKey string) *Integration {
	if p == nil {
		return nil
	}
	for _, in := range p.Integrations {
		if in.ProviderConfigKey == providerConfigKey {
			return in
		}
	}
	return nil
}

// ScriptType says what kind of script a Script is.
type ScriptType string

// Script types. ScriptPostConnection is the deprecated `post-connection-scripts` list
// (the reference never scaffolds those, but compile still looks at their folder).
const (
	ScriptSync           ScriptType = "sync"
	ScriptAction         ScriptType = "action"
	ScriptOnEvent        ScriptType = "on-event"
	ScriptPostConnection ScriptType = "post-connection-script"
)

// Dir is the sub-folder of an integration that holds scripts of this type in the nested layout
// (`syncs`, `actions`, `on-events`, `post-connection-scripts`).
func (t ScriptType) Dir() string {
	switch t {
	case ScriptSync:
		return "syncs"
	case ScriptAction:
		return "actions"
	case ScriptOnEvent:
		return "on-events"
	case ScriptPostConnection:
		return "post-connection-scripts"
	}
	return string(t)
}

// Script is one script declared in nango.yaml, with its integration.
type Script struct {
	Integration *Integration
	Name        string
	Type        ScriptType
	// Event is the on-event hook (EventPostConnectionCreation or EventPreConnectionDeletion)
	// for ScriptOnEvent; empty otherwise.
	Event string
	// Sync is set for ScriptSync, Action for ScriptAction.
	Sync   *Sync
	Action *Action
	// Pos is where the script is declared.
	Pos Pos
}

// Scripts enumerates every script in reference scaffold order: per integration (in order),
// first on-event scripts (post-connection-creation, then pre-connection-deletion), then
// syncs, then actions, then deprecated post-connection scripts.
func (p *Parsed) Scripts() []Script {
	if p == nil {
		return nil
	}
	var out []Script
	for _, in := range p.Integrations {
		for i, name := range in.OnEventScripts.PostConnectionCreation {
			out = append(out, Script{Integration: in, Name: name, Type: ScriptOnEvent, Event: EventPostConnectionCreation, Pos: posAt(in.OnEventScripts.PostConnectionCreationPos, i)})
		}
		for i, name := range in.OnEventScripts.PreConnectionDeletion {
			out = append(out, Script{Integration: in, Name: name, Type: ScriptOnEvent, Event: EventPreConnectionDeletion, Pos: posAt(in.OnEventScripts.PreConnectionDeletionPos, i)})
		}
		for _, s := range in.Syncs {
			out = append(out, Script{Integration: in, Name: s.Name, Type: ScriptSync, Sync: s, Pos: s.Pos})
		}
		for _, a := range in.Actions {
			out = append(out, Script{Integration: in, Name: a.Name, Type: ScriptAction, Action: a, Pos: a.Pos})
		}
		for i, name := range in.PostConnectionScripts {
			out = append(out, Script{Integration: in, Name: name, Type: ScriptPostConnection, Pos: posAt(in.PostConnectionScriptsPos, i)})
		}
	}
	return out
}

func posAt(ps []Pos, i int) Pos {
	if i < len(ps) {
		return ps[i]
	}
	return Pos{}
}

// On-event hook names (keys of `on-events`).
const (
	EventPostConnectionCreation = "post-connection-creation"
	EventPreConnectionDeletion  = "pre-connection-deletion"
)

// Integration is one entry of `integrations`.
type Integration struct {
	ProviderConfigKey string
	Syncs             []*Sync
	Actions           []*Action
	OnEventScripts    OnEventScripts
	// PostConnectionScripts is the deprecated `post-connection-scripts` list (nil when absent
	// or empty; it is emitted in JSON only when non-empty, like the reference).
	PostConnectionScripts    []string
	PostConnectionScriptsPos []Pos
	// Pos is the position of the integration's key.
	Pos Pos

	v1 bool
}

// OnEventScripts holds the script names of `on-events` (never nil slices after a parse).
type OnEventScripts struct {
	PostConnectionCreation    []string
	PreConnectionDeletion     []string
	PostConnectionCreationPos []Pos
	PreConnectionDeletionPos  []Pos
}

// Version is a script `version`: it keeps its YAML type, a number or a string. The zero
// value is the empty string (the reference's default, also used for `version: 0`).
type Version struct {
	IsNumber bool
	Number   float64
	Text     string
}

// String returns the version as text (numbers printed like JavaScript does).
func (v Version) String() string {
	if v.IsNumber {
		return jsjson.FormatNumber(v.Number)
	}
	return v.Text
}

// Endpoint is one parsed endpoint.
type Endpoint struct {
	Method string
	Path   string
	// Group is set only when the endpoint was written in object form with a `group`.
	Group string
	Pos   Pos
}

// String returns "<METHOD> <path>", the key the reference uses to detect duplicates.
func (e Endpoint) String() string { return e.Method + " " + e.Path }

// Sync is a parsed sync (v2 `syncs.<name>`, or a v1 script whose type is not "action").
type Sync struct {
	Name        string
	Description string
	// SyncType is "incremental" or "full" (v1: always "incremental").
	SyncType     string
	UsedModels   []string
	Runs         string
	Version      Version
	TrackDeletes bool
	AutoStart    bool
	// Input is a model name (possibly anonymous) or nil for null.
	Input                *string
	Output               []string
	Scopes               []string
	Endpoints            []Endpoint
	WebhookSubscriptions []string

	// Pos is the position of the sync's key; KeyPos holds the position of each YAML key
	// written in the sync body (e.g. "runs", "endpoint", "output"), by key.
	Pos    Pos
	KeyPos map[string]Pos

	v1 bool
}

// Action is a parsed action.
type Action struct {
	Name        string
	Description string
	Version     Version
	Scopes      []string
	// Input is a model name (possibly anonymous) or nil for null.
	Input *string
	// Output is nil (JSON null) when the action declares no output.
	Output     []string
	UsedModels []string
	// Endpoint is nil in v1 files.
	Endpoint *Endpoint

	Pos    Pos
	KeyPos map[string]Pos

	v1 bool
}

// Model is a named model of `models`, or an anonymous model created for an input/output that
// is not a model name (IsAnon; its single field is named "input" or "output").
type Model struct {
	Name   string
	Fields []*Field
	IsAnon bool
	Pos    Pos
}

// FieldKind tells how a field value was resolved; it also fixes which keys the reference puts
// in the field's JSON object, and in which order.
type FieldKind int

const (
	// FieldTSType: an alias (`integer` → "number", `object` → "Record<string, any>"), a number
	// parsed from a string with JS parseInt ("42", "2.5" → 2), or the words true/false/null/
	// undefined. Value is a string, float64, bool or nil. JSON keys: name, value, tsType, array, optional.
	FieldTSType FieldKind = iota
	// FieldYAMLLiteral: a YAML number, boolean or null (also an empty value). Value is float64,
	// bool or nil. JSON keys: name, value, tsType. Like the reference, such a field is never
	// Optional nor Dynamic (`n?: 1` prints as `n: 1`; `__string: 1` as a field named __string).
	FieldYAMLLiteral
	// FieldModel: a reference to a model; Value is the model name. JSON keys: name, value,
	// model, optional, array.
	FieldModel
	// FieldStringLiteral: a word that is neither alias, literal nor model (a
	// model_not_found_fallback warning was raised); Value is the text. JSON keys: name, value,
	// array, optional.
	FieldStringLiteral
	// FieldUnion: `a | b`; Value is []*Field (members named "0", "1", …). JSON keys: name,
	// value, union, optional.
	FieldUnion
	// FieldList: a YAML sequence, i.e. an array of the union of its elements; Value is
	// []*Field (named "0", "1", …). JSON keys: name, value, array, optional.
	FieldList
	// FieldObject: an inline object (a YAML mapping, or a timestamp which has no keys); Value
	// is []*Field. JSON keys: name, value, optional.
	FieldObject
)

// Field is one field of a model, mirroring the reference's field object
// `{name, value, tsType?, model?, array?, union?, optional?, dynamic?}`.
type Field struct {
	Name string
	// Value is a string, float64, bool, nil, or []*Field (FieldUnion, FieldList, FieldObject).
	Value    any
	Kind     FieldKind
	TSType   bool
	Model    bool
	Array    bool
	Union    bool
	Optional bool
	// Dynamic marks the `__string` key (`[key: string]: T`).
	Dynamic bool
	Pos     Pos
}

// Fields returns the nested fields of a union, list or object field (nil otherwise).
func (f *Field) Fields() []*Field {
	fs, _ := f.Value.([]*Field)
	return fs
}

// Severity of a diagnostic.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Phase is the stage that produced a diagnostic.
type Phase string

const (
	// PhaseLoad: reading/decoding the YAML (syntax errors, duplicate keys, empty file).
	PhaseLoad Phase = "load"
	// PhaseSchema: the JSON-schema stage (the reference's ajv validation).
	PhaseSchema Phase = "schema"
	// PhaseParser: the nango-yaml parser stage (models, integrations, post-validation).
	PhaseParser Phase = "parser"
)

// CodeErrorMessage is the code of schema errors that carry a custom message (ajv-errors'
// keyword); the reference prints those without a `[code]` suffix.
const CodeErrorMessage = "errorMessage"

// Param is one ajv error parameter (e.g. additionalProperty: foo), in ajv's order. Array
// values are joined with ",".
type Param struct {
	Name  string
	Value string
}

// Diagnostic is one error or warning.
type Diagnostic struct {
	Severity Severity
	Phase    Phase
	// Code is the reference's code (e.g. "model_missing_id"), the ajv keyword for schema
	// errors ("additionalProperties", "type", or CodeErrorMessage for custom messages), or one
	// of our own codes for problems the reference does not report clearly (see COMPATIBILITY.md).
	Code string
	// Message is the reference's exact text (our own text for our own codes).
	Message string
	// KeyPath is the reference's logical path (printed joined with " > "); empty for the root.
	KeyPath []string
	// Params are the ajv params of schema errors (nil otherwise).
	Params []Param
	// File is the file name given to Parse; Line and Column are 1-based (0 when unknown).
	File   string
	Line   int
	Column int
}

// Path returns the key path joined with " > ", as the reference prints it.
func (d Diagnostic) Path() string { return strings.Join(d.KeyPath, " > ") }

// String formats the diagnostic for humans:
//
//	nango.yaml:12:5: error: <message> [<code>]
//	  at integrations > github > syncs > issues
//	  additionalProperty: foo
func (d Diagnostic) String() string {
	var b strings.Builder
	loc := d.File
	if loc == "" {
		loc = FileName
	}
	if d.Line > 0 {
		loc += fmt.Sprintf(":%d", d.Line)
		if d.Column > 0 {
			loc += fmt.Sprintf(":%d", d.Column)
		}
	}
	fmt.Fprintf(&b, "%s: %s: %s", loc, d.Severity, d.Message)
	if d.Code != "" && d.Code != CodeErrorMessage {
		fmt.Fprintf(&b, " [%s]", d.Code)
	}
	if len(d.KeyPath) > 0 {
		fmt.Fprintf(&b, "\n  at %s", d.Path())
	}
	for _, p := range d.Params {
		fmt.Fprintf(&b, "\n  %s: %s", p.Name, p.Value)
	}
	return b.String()
}

// MarshalJSON writes {"severity","phase","code","message","path","params"?,"file"?,"line","column"}
// where path is the joined key path and params an object in ajv order. (encoding/json
// HTML-escapes Marshaler output unless the Encoder has SetEscapeHTML(false).)
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	o := &jsonObject{}
	o.add("severity", string(d.Severity))
	o.add("phase", string(d.Phase))
	o.add("code", d.Code)
	o.add("message", d.Message)
	o.add("path", d.Path())
	if len(d.Params) > 0 {
		po := &jsonObject{}
		for _, p := range d.Params {
			po.add(p.Name, p.Value)
		}
		o.add("params", po)
	}
	if d.File != "" {
		o.add("file", d.File)
	}
	o.add("line", float64(d.Line))
	o.add("column", float64(d.Column))
	return encodeJSON(o, ""), nil
}

// HasErrors reports whether any diagnostic has error severity.
func HasErrors(diags []Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Count returns how many diagnostics have severity s.
func Count(diags []Diagnostic, s Severity) int {
	n := 0
	for _, d := range diags {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Options tunes behaviour that changed between reference releases.
type Options struct {
	// NeverVoidAliases makes `never` and `void` type aliases, as the reference does from
	// v0.59.13 on. When false (0.58 behaviour) they are string literals with a
	// model_not_found_fallback warning.
	NeverVoidAliases bool
}

// Parse parses the content of a nango.yaml file. filename is only used in diagnostics. It does
// no I/O. When the file has errors, the result is nil and only the errors of the first failing
// stage are returned (load, then schema, then models, then integrations), like the reference;
// otherwise the result is returned with its warnings (the reference's order).
func Parse(filename string, data []byte) (*Parsed, []Diagnostic) {
	return ParseWithOptions(filename, data, Options{})
}

// ParseWithOptions is Parse with explicit options.
func ParseWithOptions(filename string, data []byte, opts Options) (*Parsed, []Diagnostic) {
	return parse(filename, data, opts)
}

// IntegrationsJSON returns JSON.stringify(parsed.integrations, null, 2): the reference's key
// order for the file's version, JS number printing, no HTML escaping, no trailing newline.
// This is what models.ts embeds as NangoFlows and what .nango/nango.json contains.
func (p *Parsed) IntegrationsJSON() []byte {
	return encodeJSON(p.integrationsValue(), "  ")
}

// MarshalJSON writes what the reference's `nango sync:config.check` prints ({yamlVersion,
// integrations, models}), compact.
func (p *Parsed) MarshalJSON() ([]byte, error) { return encodeJSON(p.configValue(), ""), nil }

func (p *Parsed) configValue() *jsonObject {
	o := &jsonObject{}
	o.add("yamlVersion", p.YamlVersion)
	o.add("integrations", p.integrationsValue())
	models := make(jsonArray, 0, len(p.Models))
	for _, m := range p.Models {
		models = append(models, m.jsonValue())
	}
	o.add("models", models)
	return o
}

// MarshalJSON writes the integration with the reference's key order (v1 or v2 shape).
func (in *Integration) MarshalJSON() ([]byte, error) { return encodeJSON(in.jsonValue(), ""), nil }

// MarshalJSON writes the model as `{name, fields, isAnon?}`.
func (m *Model) MarshalJSON() ([]byte, error) { return encodeJSON(m.jsonValue(), ""), nil }

// MarshalJSON writes the field object with the reference's keys for its Kind.
func (f *Field) MarshalJSON() ([]byte, error) { return encodeJSON(f.jsonValue(), ""), nil }
