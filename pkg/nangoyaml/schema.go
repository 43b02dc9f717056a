package nangoyaml

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file reproduces the reference's JSON-schema stage (ajv v8 with allErrors, nullable and
// ajv-errors) for the two nango.yaml schemas. The schemas are expressed as Go values and run
// by a small interpreter that keeps ajv's error order, messages and params:
//
//   - a single `type` whose keyword group is used is checked in that group's slot; otherwise
//     the type is checked before every other keyword;
//   - keyword order: enum, anyOf, oneOf, $ref; string: pattern; array: items; object:
//     maxProperties, required, additionalProperties, properties, patternProperties; then the
//     errorMessage post-processing;
//   - errorMessage (ajv-errors) replaces errors raised at the same instance path by this schema
//     or its sub-schemas (not through $ref) and appends the custom error(s) at the end.

type jsonSchema struct {
	types    []string
	nullable bool
	enum     []string
	pattern  *regexp.Regexp
	patSrc   string
	required []string
	maxProps int // -1 = none

	properties        []namedSchema
	patternProperties []patternSchema
	noAdditional      bool
	additional        *jsonSchema
	items             *jsonSchema
	oneOf, anyOf      []*jsonSchema
	ref               *jsonSchema

	errAll      string  // errorMessage._ (or a plain string)
	errKeywords []kwMsg // errorMessage.<keyword>
	errRequired []kwMsg // errorMessage.required.<property>
	hasErrMsg   bool
}

type namedSchema struct {
	name string
	s    *jsonSchema
}

type patternSchema struct {
	re  *regexp.Regexp
	src string
	s   *jsonSchema
}

type kwMsg struct{ key, msg string }

type schemaErr struct {
	path    []string
	keyword string
	message string
	params  []Param
	pos     Pos
	chain   []*jsonSchema // schemas under evaluation (since the last $ref) when raised
	used    bool
}

type validator struct {
	errs []*schemaErr
}

func jsType(v *jv) string {
	switch v.kind {
	case jsNull:
		return "null"
	case jsBool:
		return "boolean"
	case jsNumber:
		return "number"
	case jsString:
		return "string"
	case jsArray:
		return "array"
	}
	return "object"
}

func typeMatches(t string, v *jv) bool {
	switch t {
	case "integer":
		return v.kind == jsNumber && !isInfOrNaN(v.num) && v.num == math.Trunc(v.num)
	case "number":
		return v.kind == jsNumber && !isInfOrNaN(v.num)
	}
	return jsType(v) == t
}

func isInfOrNaN(f float64) bool {
	return f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308
}

func (s *jsonSchema) hasRulesFor(t string) bool {
	switch t {
	case "string":
		return s.pattern != nil
	case "array":
		return s.items != nil
	case "object":
		return s.maxProps >= 0 || len(s.required) > 0 || s.noAdditional || s.additional != nil || len(s.properties) > 0 || len(s.patternProperties) > 0
	}
	return false
}

func childPath(path []string, k string) []string {
	out := make([]string, len(path)+1)
	copy(out, path)
	out[len(path)] = k
	return out
}

func (vd *validator) add(chain []*jsonSchema, path []string, pos Pos, keyword, message string, params ...Param) {
	vd.errs = append(vd.errs, &schemaErr{path: path, keyword: keyword, message: message, params: params, pos: pos, chain: append([]*jsonSchema(nil), chain...)})
}

func (s *jsonSchema) typeError(vd *validator, chain []*jsonSchema, path []string, pos Pos) {
	t := strings.Join(s.types, ",")
	vd.add(chain, path, pos, "type", "must be "+t, Param{"type", t})
}

// validate runs s on v (at instance path `path`, reported at pos) and reports whether v is valid.
func (vd *validator) validate(s *jsonSchema, v *jv, path []string, pos Pos, chain []*jsonSchema) bool {
	chain = append(chain, s)
	start := len(vd.errs)
	if s.ref != nil {
		vd.validate(s.ref, v, path, pos, nil)
	} else {
		vd.keywords(s, v, path, pos, chain)
	}
	if s.hasErrMsg && len(vd.errs) > start {
		vd.errorMessage(s, path, pos, start)
	}
	for _, e := range vd.errs[start:] {
		if !e.used {
			return false
		}
	}
	return true
}

// checkType checks v against the schema's type keyword (with nullable). It returns the type
// whose type-specific keywords apply as a group (when the schema has one type with rules),
// else "".
func (vd *validator) checkType(s *jsonSchema, v *jv, path []string, pos Pos, chain []*jsonSchema) string {
	types := append([]string(nil), s.types...)
	if s.nullable {
		types = append(types, "null")
	}
	if len(types) == 1 && s.hasRulesFor(types[0]) {
		return types[0]
	}
	if len(types) > 0 {
		ok := false
		for _, t := range types {
			if typeMatches(t, v) {
				ok = true
			}
		}
		if !ok {
			s.typeError(vd, chain, path, pos)
		}
	}
	return ""
}

func (vd *validator) keywords(s *jsonSchema, v *jv, path []string, pos Pos, chain []*jsonSchema) {
	groupType := vd.checkType(s, v, path, pos, chain)
	// keywords for any type
	if len(s.enum) > 0 {
		ok := false
		if v.kind == jsString {
			for _, e := range s.enum {
				if e == v.str {
					ok = true
				}
			}
		}
		if !ok {
			vd.add(chain, path, pos, "enum", "must be equal to one of the allowed values", Param{"allowedValues", strings.Join(s.enum, ",")})
		}
	}
	if len(s.anyOf) > 0 {
		start := len(vd.errs)
		ok := false
		for _, sub := range s.anyOf {
			if vd.validate(sub, v, path, pos, chain) {
				ok = true
				break
			}
		}
		if ok {
			vd.errs = vd.errs[:start]
		} else {
			vd.add(chain, path, pos, "anyOf", "must match a schema in anyOf")
		}
	}
	if len(s.oneOf) > 0 {
		start := len(vd.errs)
		var passing []int
		for i, sub := range s.oneOf {
			if vd.validate(sub, v, path, pos, chain) {
				passing = append(passing, i)
			}
		}
		if len(passing) == 1 {
			vd.errs = vd.errs[:start]
		} else {
			val := "null"
			if len(passing) > 1 {
				parts := make([]string, len(passing))
				for i, p := range passing {
					parts[i] = strconv.Itoa(p)
				}
				val = strings.Join(parts, ",")
			}
			vd.add(chain, path, pos, "oneOf", "must match exactly one schema in oneOf", Param{"passingSchemas", val})
		}
	}
	// typed groups, in ajv order: number, string, array, object
	for _, g := range []string{"string", "array", "object"} {
		if !s.hasRulesFor(g) {
			continue
		}
		if !typeMatches(g, v) {
			if groupType == g {
				s.typeError(vd, chain, path, pos)
			}
			continue
		}
		switch g {
		case "string":
			if !s.pattern.MatchString(v.str) {
				vd.add(chain, path, pos, "pattern", `must match pattern "`+s.patSrc+`"`, Param{"pattern", s.patSrc})
			}
		case "array":
			for i, it := range v.items {
				vd.validate(s.items, it, childPath(path, strconv.Itoa(i)), it.pos, chain)
			}
		case "object":
			vd.objectKeywords(s, v, path, pos, chain)
		}
	}
}

func (vd *validator) objectKeywords(s *jsonSchema, v *jv, path []string, pos Pos, chain []*jsonSchema) {
	if s.maxProps >= 0 && len(v.keys) > s.maxProps {
		n := strconv.Itoa(s.maxProps)
		vd.add(chain, path, pos, "maxProperties", "must NOT have more than "+n+" properties", Param{"limit", n})
	}
	for _, r := range s.required {
		if _, ok := v.get(r); !ok {
			vd.add(chain, path, pos, "required", "must have required property '"+r+"'", Param{"missingProperty", r})
		}
	}
	if s.noAdditional || s.additional != nil {
		for i, k := range v.keys {
			if s.isKnown(k) {
				continue
			}
			if s.noAdditional {
				vd.add(chain, path, v.keyPos[i], "additionalProperties", "must NOT have additional properties", Param{"additionalProperty", k})
			} else {
				vd.validate(s.additional, v.vals[i], childPath(path, k), v.keyPos[i], chain)
			}
		}
	}
	for _, p := range s.properties {
		for i, k := range v.keys {
			if k == p.name {
				vd.validate(p.s, v.vals[i], childPath(path, k), v.keyPos[i], chain)
			}
		}
	}
	for _, pp := range s.patternProperties {
		for i, k := range v.keys {
			if pp.re.MatchString(k) {
				vd.validate(pp.s, v.vals[i], childPath(path, k), v.keyPos[i], chain)
			}
		}
	}
}

func (s *jsonSchema) isKnown(k string) bool {
	for _, p := range s.properties {
		if p.name == k {
			return true
		}
	}
	for _, pp := range s.patternProperties {
		if pp.re.MatchString(k) {
			return true
		}
	}
	return false
}

func inChain(chain []*jsonSchema, s *jsonSchema) bool {
	for _, c := range chain {
		if c == s {
			return true
		}
	}
	return false
}

// errorMessage implements ajv-errors for schema s over the errors raised since start.
func (vd *validator) errorMessage(s *jsonSchema, path []string, pos Pos, start int) {
	var added []*schemaErr
	chain := []*jsonSchema{s}
	for _, km := range s.errKeywords {
		matched := false
		for _, e := range vd.errs[start:] {
			if !e.used && e.keyword == km.key && slices.Equal(e.path, path) && len(e.chain) > 0 && e.chain[len(e.chain)-1] == s {
				e.used, matched = true, true
			}
		}
		if matched {
			added = append(added, &schemaErr{path: path, keyword: CodeErrorMessage, message: km.msg, pos: pos, chain: chain})
		}
	}
	for _, km := range s.errRequired {
		matched := false
		for _, e := range vd.errs[start:] {
			if !e.used && e.keyword == "required" && slices.Equal(e.path, path) && len(e.chain) > 0 && e.chain[len(e.chain)-1] == s && len(e.params) > 0 && e.params[0].Value == km.key {
				e.used, matched = true, true
			}
		}
		if matched {
			added = append(added, &schemaErr{path: path, keyword: CodeErrorMessage, message: km.msg, pos: pos, chain: chain})
		}
	}
	if s.errAll != "" {
		matched := false
		for _, e := range vd.errs[start:] {
			if !e.used && e.keyword != CodeErrorMessage && slices.Equal(e.path, path) && inChain(e.chain, s) {
				e.used, matched = true, true
			}
		}
		if matched {
			added = append(added, &schemaErr{path: path, keyword: CodeErrorMessage, message: s.errAll, pos: pos, chain: chain})
		}
	}
	// remove used errors, then append the custom ones
	kept := vd.errs[:start]
	for _, e := range vd.errs[start:] {
		if !e.used {
			kept = append(kept, e)
		}
	}
	vd.errs = append(kept, added...)
}

// ---- the schemas ----

func obj(props ...namedSchema) *jsonSchema {
	return &jsonSchema{types: []string{"object"}, properties: props, maxProps: -1}
}

func typ(types ...string) *jsonSchema { return &jsonSchema{types: types, maxProps: -1} }

func prop(name string, s *jsonSchema) namedSchema { return namedSchema{name, s} }

func (s *jsonSchema) msgAll(m string) *jsonSchema { s.errAll, s.hasErrMsg = m, true; return s }

func (s *jsonSchema) msgFor(kw, m string) *jsonSchema {
	s.errKeywords = append(s.errKeywords, kwMsg{kw, m})
	s.hasErrMsg = true
	return s
}

func (s *jsonSchema) msgRequired(p, m string) *jsonSchema {
	s.errRequired = append(s.errRequired, kwMsg{p, m})
	s.hasErrMsg = true
	return s
}

func (s *jsonSchema) withPattern(src string) *jsonSchema {
	s.patSrc = src
	s.pattern = regexp.MustCompile(jsRegexToGo(src))
	return s
}

// jsRegexToGo adapts the few JS regex features the schemas use: \s and \d are Unicode-aware
// ("u" flag) in JS; \d is ASCII in both.
func jsRegexToGo(src string) string {
	return strings.ReplaceAll(src, `\s`, `[\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`)
}

func oneOf(ss ...*jsonSchema) *jsonSchema { return &jsonSchema{oneOf: ss, maxProps: -1} }

func ref(s *jsonSchema) *jsonSchema { return &jsonSchema{ref: s, maxProps: -1} }

func arrayOf(item *jsonSchema) *jsonSchema {
	s := typ("array")
	s.items = item
	return s
}

func stringOrStrings(msg string) *jsonSchema {
	return oneOf(typ("string"), arrayOf(typ("string"))).msgAll(msg)
}

const scriptNamePattern = `^[a-zA-Z0-9_-]+$`

const (
	msgSyncEndpoint   = "endpoint must be a URL (or an array of URLs) with an HTTP verb, i.e:\n- endpoint: GET /tickets\n- endpoint:\n    method: GET\n    path: /tickets"
	msgActionEndpoint = "endpoint must be a URL with an HTTP verb, i.e:\n- endpoint: POST /tickets\n- endpoint:\n    method: POST\n    path: /tickets"
	msgVersion        = `version must be an integer, string or a semver string. Example: "10", "1.0.0", or 10`
)

func endpointObject(methods ...string) *jsonSchema {
	method := typ("string")
	method.enum = methods
	s := obj(
		prop("method", method),
		prop("path", typ("string").withPattern(`^/[a-zA-Z0-9-:{}./_]+$`)),
		prop("group", typ("string").withPattern(`^[a-zA-Z _-]{1,64}$`)),
	)
	s.noAdditional = true
	s.required = []string{"path"}
	return s.msgAll(" ")
}

func versionSchema() *jsonSchema {
	return oneOf(
		typ("integer").msgAll(" "),
		typ("string").withPattern(`^(\d+|\d+\.\d+\.\d+)$`).msgAll(" "),
	).msgAll(msgVersion)
}

func nullableString(msg string) *jsonSchema {
	s := typ("string")
	s.nullable = true
	return s.msgFor("type", msg)
}

func buildV2Schema() *jsonSchema {
	endpointStrSync := typ("string").withPattern(`^(GET\s)?/[a-zA-Z0-9-./_]+$`).msgAll(" ")
	endpointStrAction := typ("string").withPattern(`^((GET|POST|PUT|PATCH|DELETE)\s)?/[a-zA-Z0-9-:{}./_]+$`).msgAll(" ")
	endpointObjSync := endpointObject("GET")
	endpointObjAction := endpointObject("GET", "POST", "PUT", "PATCH", "DELETE")

	syncType := typ("string")
	syncType.enum = []string{"incremental", "full"}
	syncType.msgFor("enum", "sync_type must be either 'incremental' or 'full'.")

	sync := obj(
		prop("description", typ("string").msgFor("type", "description must be a string.")),
		prop("sync_type", syncType),
		prop("track_deletes", typ("boolean").msgFor("type", "track_deletes must be a boolean.")),
		prop("auto_start", typ("boolean").msgFor("type", "auto_start must be a boolean.")),
		prop("version", versionSchema()),
		prop("runs", typ("string").msgFor("type", `runs must be a string and include the word "every".`)),
		prop("endpoint", oneOf(ref(endpointStrSync), ref(endpointObjSync), arrayOf(oneOf(ref(endpointStrSync), ref(endpointObjSync)))).msgAll(msgSyncEndpoint)),
		prop("scopes", stringOrStrings("scopes must be a string or an array of strings.")),
		prop("input", nullableString("input must be a string and should define any required metadata for the sync.")),
		prop("output", stringOrStrings("output must be a string or an array of strings.")),
		prop("webhook-subscriptions", stringOrStrings("webhook-subscriptions must be a string or an array of strings.")),
	)
	sync.noAdditional = true
	sync.required = []string{"endpoint", "output", "runs"}
	sync.msgRequired("endpoint", "An endpoint property is required to specify how to retrieve the data from the sync.")
	sync.msgRequired("output", "An output property is required to specify what is the outcome of the sync.")

	action := obj(
		prop("description", typ("string").msgFor("type", "description must be a string.")),
		prop("version", versionSchema()),
		prop("endpoint", oneOf(ref(endpointStrAction), ref(endpointObjAction)).msgAll(msgActionEndpoint)),
		prop("scopes", stringOrStrings("scopes must be a string or an array of strings.")),
		prop("input", nullableString("input must be a string and should define any required input for the action.")),
		prop("output", stringOrStrings("output must be a string or an array of strings.")),
	)
	action.noAdditional = true
	action.required = []string{"endpoint"}
	action.msgRequired("endpoint", "An endpoint property is required to specify how to trigger the action.")

	scriptNames := func(msg string) *jsonSchema {
		return arrayOf(typ("string").withPattern(scriptNamePattern)).msgAll(msg)
	}
	onEvents := obj(
		prop(EventPostConnectionCreation, scriptNames("post-connection-creation must be an array of strings.")),
		prop(EventPreConnectionDeletion, scriptNames("post-connection-creation must be an array of strings.")),
	)
	onEvents.noAdditional = true

	syncs := typ("object")
	syncs.patternProperties = []patternSchema{{regexp.MustCompile(scriptNamePattern), scriptNamePattern, sync}}
	actions := typ("object")
	actions.patternProperties = []patternSchema{{regexp.MustCompile(scriptNamePattern), scriptNamePattern, action}}

	integration := obj(
		prop("post-connection-scripts", arrayOf(typ("string")).msgAll("post-connection-scripts must be an array of strings.")),
		prop("on-events", onEvents),
		prop("syncs", syncs),
		prop("actions", actions),
	)
	integration.noAdditional = true

	integrations := typ("object")
	integrations.additional = integration

	// The models pattern is a one-character class (sic): it only constrains one-letter names.
	modelBody := typ("object")
	models := typ("object")
	models.patternProperties = []patternSchema{{regexp.MustCompile(`^[a-zA-Z0-9_-]$`), `^[a-zA-Z0-9_-]$`, modelBody}}

	root := obj(prop("integrations", integrations), prop("models", models))
	root.noAdditional = true
	return root
}

func buildV1Schema() *jsonSchema {
	nullable := func(t string) *jsonSchema {
		s := typ(t)
		s.nullable = true
		return s
	}
	empty := typ("object")
	empty.maxProps = 0
	script := obj(
		prop("type", typ("string")),
		prop("returns", oneOf(typ("string"), arrayOf(typ("string")))),
		prop("description", typ("string")),
		prop("runs", nullable("string")),
		prop("track_deletes", nullable("boolean")),
		prop("auto_start", nullable("boolean")),
	)
	scriptValue := &jsonSchema{anyOf: []*jsonSchema{empty, typ("null"), script}, maxProps: -1}
	integration := typ("object")
	integration.additional = scriptValue
	integrations := typ("object")
	integrations.additional = integration
	return obj(prop("integrations", integrations), prop("models", typ("object")))
}

var (
	schemaV2 = buildV2Schema()
	schemaV1 = buildV1Schema()
)

// validateSchema returns the schema-stage diagnostics (ajv order), skipping the blank
// messages the schema uses to silence sub-errors.
func validateSchema(root *jv, version, file string) []Diagnostic {
	s := schemaV2
	if version == YamlV1 {
		s = schemaV1
	}
	vd := &validator{}
	vd.validate(s, root, nil, root.pos, nil)
	var out []Diagnostic
	for _, e := range vd.errs {
		if strings.TrimSpace(e.message) == "" {
			continue
		}
		d := Diagnostic{Severity: SeverityError, Phase: PhaseSchema, Code: e.keyword, Message: e.message, KeyPath: pointerPath(e.path), File: file, Line: e.pos.Line, Column: e.pos.Column}
		if e.keyword != CodeErrorMessage {
			d.Params = e.params
		}
		out = append(out, d)
	}
	return out
}

// pointerPath escapes path segments like ajv's instancePath (JSON pointer: "~" → "~0",
// "/" → "~1"); the reference prints them escaped.
func pointerPath(path []string) []string {
	out := make([]string, len(path))
	for i, p := range path {
		out[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1")
	}
	return out
}
