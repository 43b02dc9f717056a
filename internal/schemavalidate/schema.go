// Package schemavalidate checks JSON values against the models of a project's
// `.nango/schema.json` (JSON Schema draft-07 as `nango generate` writes it), the way the
// reference CLI's ajv setup does (allErrors, ajv-formats): same keywords, same error
// messages and paths, so a record that the reference rejects is rejected here with the
// same words.
//
// Only the subset of draft-07 that the project's codegens emit is supported. The
// nango.yaml model codegen writes type (one or a list), properties, required,
// additionalProperties (false or a schema), items, enum, const, anyOf, not, $ref to
// #/definitions/X (cycles included), format (date-time), boolean schemas and annotations.
// Zero-yaml projects get their models from zod 4's toJSONSchema (internal/project
// zeroload.go), which also writes minimum, maximum, exclusiveMinimum, exclusiveMaximum,
// multipleOf, minLength, maxLength, pattern, format (date, email, uri, uuid), minItems,
// maxItems, tuple items, oneOf, allOf, propertyNames {type: string}, $ref to "#" and
// "#/$defs/X", and $schema/$defs. Anything else is a compile error that names the keyword,
// rather than a silent pass.
package schemavalidate

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/dlclark/regexp2/v2"
)

// Schema is a parsed schema document. Validators are compiled once per model and cached;
// a Schema is safe for concurrent use. A nil *Schema means "the project has no schema":
// every value is valid, as in the reference.
type Schema struct {
	defs map[string]json.RawMessage

	mu    sync.Mutex
	roots map[string]*compiled // model → validator with the model as root ("#")
	named map[string]*compiled // definition → compiled node with path #/definitions/X
}

type compiled struct {
	v   *Validator
	err error
}

// UnknownModelError is returned for a model that the schema does not define. Its Code is
// the reference's error text.
type UnknownModelError struct{ Model string }

func (e *UnknownModelError) Error() string {
	return fmt.Sprintf("model %q is not defined in .nango/schema.json (run `nango generate` after changing nango.yaml)", e.Model)
}

// Code is the reference's identifier for this failure.
func (e *UnknownModelError) Code() string { return "model_not_found_" + e.Model }

// CompileError reports a schema the validator cannot use.
type CompileError struct {
	Path string // schema path, e.g. #/definitions/User/properties/age
	Msg  string
}

func (e *CompileError) Error() string {
	return fmt.Sprintf("schema.json: %s: %s", e.Path, e.Msg)
}

// Parse parses the text of a schema.json document.
func Parse(data []byte) (*Schema, error) {
	var doc struct {
		Definitions map[string]json.RawMessage `json:"definitions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("schema.json is not valid JSON: %w", err)
	}
	if doc.Definitions == nil {
		doc.Definitions = map[string]json.RawMessage{}
	}
	return &Schema{
		defs:  doc.Definitions,
		roots: map[string]*compiled{},
		named: map[string]*compiled{},
	}, nil
}

// Load reads and parses a schema.json file. A missing file returns an error wrapping
// fs.ErrNotExist; callers that treat "no schema" as "everything valid" check for it.
func Load(path string) (*Schema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Models returns the defined model names, sorted.
func (s *Schema) Models() []string {
	if s == nil {
		return nil
	}
	names := make([]string, 0, len(s.defs))
	for n := range s.defs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Has reports whether model is defined.
func (s *Schema) Has(model string) bool {
	if s == nil {
		return false
	}
	_, ok := s.defs[model]
	return ok
}

// Validator returns the compiled validator for model, compiling it on first use. It
// returns *UnknownModelError for an undefined model and *CompileError for a schema it
// cannot use; both results are cached like successes.
func (s *Schema) Validator(model string) (*Validator, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.roots[model]; ok {
		return c.v, c.err
	}
	c := &compiled{}
	s.roots[model] = c
	raw, ok := s.defs[model]
	if !ok {
		c.err = &UnknownModelError{Model: model}
		return nil, c.err
	}
	// The reference compiles {...document, ...definition}: spreading a boolean definition
	// adds nothing, so a model defined as true or false accepts everything.
	if t := strings.TrimSpace(string(raw)); t == "true" || t == "false" {
		raw = json.RawMessage("{}")
	}
	cc := compiler{s: s}
	root, err := cc.compile(raw, "#")
	if err == nil {
		cc.setRoot(root, raw)
		err = cc.resolve()
	}
	if err != nil {
		c.err = err
		// Definitions compiled along the way may be half-linked: drop them.
		s.named = map[string]*compiled{}
		return nil, err
	}
	c.v = &Validator{model: model, root: root}
	return c.v, nil
}

// Validate checks the JSON text data against model. The error is non-nil only when data
// is not JSON or the model cannot be used (unknown, bad schema); a value that does not
// match the model gives a Result with errors. A nil Schema validates everything.
func (s *Schema) Validate(model string, data []byte) (Result, error) {
	if s == nil {
		return Result{Model: model}, nil
	}
	v, err := s.Validator(model)
	if err != nil {
		return Result{Model: model}, err
	}
	return v.Validate(data)
}

// schemaNode is one compiled (sub)schema.
type schemaNode struct {
	path string // schema path of this node, "#/properties/a"

	always bool // true, {} or only annotations
	never  bool // false

	types     typeMask
	typeList  []string // as written, for messages
	typeParam any      // "string" or ["string","null"], for params
	upfront   bool     // check type before the keywords (ajv's coerceAndCheckDataType)
	groupType typeMask // with !upfront: the single type whose group reports the type error

	ref       string
	refTarget *schemaNode
	refOnly   bool

	hasConst bool
	constVal any
	enum     []any

	not   *schemaNode
	anyOf []*schemaNode

	oneOf []*schemaNode
	allOf []*schemaNode

	format    string
	formatFn  func([]byte) bool
	minLength int // -1 when absent
	maxLength int
	pattern   string
	patternRe *regexp2.Regexp

	// number group: limits[i] applies when hasLimit[i], in ajv's order (maximum, minimum,
	// exclusiveMaximum, exclusiveMinimum); multipleOf applies when not 0.
	limits     [4]float64
	hasLimit   [4]bool
	multipleOf float64

	items    *schemaNode
	tuple    []*schemaNode // items written as an array
	minItems int           // -1 when absent
	maxItems int

	props      []prop
	propIndex  map[string]int
	required   []string
	reqIndex   []int // index into props, -1 when the property is not in properties
	addFalse   bool
	additional *schemaNode

	hasStringRules, hasArrayRules, hasObjectRules, hasNumberRules bool
}

type prop struct {
	name   string
	schema *schemaNode
}

type typeMask uint8

const (
	tNull typeMask = 1 << iota
	tBoolean
	tObject
	tArray
	tNumber
	tInteger
	tString
)

var typeNames = map[string]typeMask{
	"null": tNull, "boolean": tBoolean, "object": tObject, "array": tArray,
	"number": tNumber, "integer": tInteger, "string": tString,
}

// annotations are keywords that never affect validity.
var annotations = map[string]bool{
	"$schema": true, "$comment": true, "$id": true, "definitions": true, "$defs": true, "title": true,
	"description": true, "default": true, "examples": true, "deprecated": true,
	"readOnly": true, "writeOnly": true,
}

type compiler struct {
	s       *Schema
	pending []*schemaNode // nodes with an unresolved $ref

	// root is the model being compiled: the reference compiles {...document, ...model},
	// so "#" and "#/$defs/X" (written by zod's toJSONSchema) point into the model, and
	// "#/definitions/X" does too when the model has its own definitions.
	root      *schemaNode
	localDefs map[string]json.RawMessage // "#/$defs/X" or "#/definitions/X" → schema
	local     map[string]*schemaNode     // compiled localDefs, by ref
	// ownDefinitions: the model has a "definitions" member, which hides the document's.
	ownDefinitions bool
}

func (c *compiler) compile(raw json.RawMessage, path string) (*schemaNode, error) {
	n := &schemaNode{path: path, minLength: -1, maxLength: -1, minItems: -1, maxItems: -1}
	switch strings.TrimSpace(string(raw)) {
	case "true":
		n.always = true
		return n, nil
	case "false":
		n.never = true
		return n, nil
	}
	var kw map[string]json.RawMessage
	if err := json.Unmarshal(raw, &kw); err != nil {
		return nil, &CompileError{Path: path, Msg: "a schema must be an object or a boolean"}
	}
	keys := make([]string, 0, len(kw))
	for k := range kw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rules := 0
	for _, k := range keys {
		p := path + "/" + escapePointer(k)
		used, err := c.keyword(n, k, kw[k], p)
		if err != nil {
			return nil, err
		}
		if used {
			rules++
		} else if !annotations[k] {
			return nil, &CompileError{Path: p, Msg: fmt.Sprintf("keyword %q is not supported (the model codegen never writes it)", k)}
		}
	}
	n.finish(rules)
	return n, nil
}

// keyword compiles one keyword into n. It reports false for a keyword it does not know
// (an annotation or an unsupported keyword).
func (c *compiler) keyword(n *schemaNode, k string, v json.RawMessage, p string) (bool, error) {
	switch k {
	case "type":
		return true, n.setType(v, p)
	case "$ref":
		var ref string
		if err := json.Unmarshal(v, &ref); err != nil {
			return true, &CompileError{Path: p, Msg: "$ref must be a string"}
		}
		n.ref = ref
		c.pending = append(c.pending, n)
	case "const":
		n.hasConst = true
		if err := json.Unmarshal(v, &n.constVal); err != nil {
			return true, &CompileError{Path: p, Msg: err.Error()}
		}
	case "enum":
		if err := json.Unmarshal(v, &n.enum); err != nil || n.enum == nil {
			return true, &CompileError{Path: p, Msg: "enum must be an array"}
		}
	case "not":
		sub, err := c.compile(v, p)
		n.not = sub
		return true, err
	case "anyOf", "oneOf", "allOf":
		list, err := c.compileList(v, p, k)
		switch k {
		case "anyOf":
			n.anyOf = list
		case "oneOf":
			n.oneOf = list
		default:
			n.allOf = list
		}
		return true, err
	case "format":
		return true, n.setFormat(v, p)
	case "items", "minItems", "maxItems":
		n.hasArrayRules = true
		return true, c.arrayKeyword(n, k, v, p)
	case "properties", "required", "additionalProperties", "propertyNames":
		n.hasObjectRules = true
		return true, c.objectKeyword(n, k, v, p)
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
		n.hasNumberRules = true
		return true, n.numberKeyword(k, v, p)
	case "minLength", "maxLength", "pattern":
		n.hasStringRules = true
		return true, n.stringKeyword(k, v, p)
	default:
		return false, nil
	}
	return true, nil
}

// compileList compiles the non-empty array of schemas of anyOf, oneOf or allOf.
func (c *compiler) compileList(v json.RawMessage, p, k string) ([]*schemaNode, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(v, &list); err != nil || len(list) == 0 {
		return nil, &CompileError{Path: p, Msg: k + " must be a non-empty array"}
	}
	out := make([]*schemaNode, 0, len(list))
	for i, item := range list {
		sub, err := c.compile(item, fmt.Sprintf("%s/%d", p, i))
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, nil
}

func (c *compiler) objectKeyword(n *schemaNode, k string, v json.RawMessage, p string) error {
	switch k {
	case "properties":
		return c.setProperties(n, v, p)
	case "required":
		if err := json.Unmarshal(v, &n.required); err != nil {
			return &CompileError{Path: p, Msg: "required must be an array of strings"}
		}
	case "additionalProperties":
		if strings.TrimSpace(string(v)) == "false" {
			n.addFalse = true
			return nil
		}
		sub, err := c.compile(v, p)
		n.additional = sub
		return err
	case "propertyNames":
		sub, err := c.compile(v, p)
		if err != nil {
			return err
		}
		// Keys are strings, so a schema that only asks for a string never fails; that is
		// all zod writes (z.record(z.string(), ...)). Checking keys against string rules
		// would need the walk to validate text that is not a node.
		if !sub.always && !(sub.types&tString != 0 && sub.onlyType()) {
			return &CompileError{Path: p, Msg: `propertyNames other than {"type": "string"} is not supported (zod writes only that)`}
		}
	}
	return nil
}

func (c *compiler) arrayKeyword(n *schemaNode, k string, v json.RawMessage, p string) error {
	if k != "items" {
		return setCount(v, p, k, map[string]*int{"minItems": &n.minItems, "maxItems": &n.maxItems}[k])
	}
	if !strings.HasPrefix(strings.TrimSpace(string(v)), "[") {
		sub, err := c.compile(v, p)
		n.items = sub
		return err
	}
	// A tuple (draft-07 items as an array, what zod writes for z.tuple): element i is
	// checked against items[i]; further elements are allowed.
	var list []json.RawMessage
	if err := json.Unmarshal(v, &list); err != nil {
		return &CompileError{Path: p, Msg: "items must be a schema or an array of schemas"}
	}
	n.tuple = []*schemaNode{}
	for i, item := range list {
		sub, err := c.compile(item, fmt.Sprintf("%s/%d", p, i))
		if err != nil {
			return err
		}
		n.tuple = append(n.tuple, sub)
	}
	return nil
}

// finish derives what the walk needs once every keyword is compiled.
func (n *schemaNode) finish(rules int) {
	// Properties named in required but absent from properties are still required.
	n.reqIndex = make([]int, len(n.required))
	for i, r := range n.required {
		if j, ok := n.propIndex[r]; ok {
			n.reqIndex[i] = j
		} else {
			n.reqIndex[i] = -1
		}
	}
	if rules == 0 {
		n.always = true
	}
	n.refOnly = n.ref != "" && rules == 1
	// ajv checks the type first unless it is a single type whose own keywords are present;
	// then the type error is reported in that type's keyword group. "integer" has no group
	// of its own (its keywords are the number group's), so it is always checked first.
	if n.types != 0 {
		single := len(n.typeList) == 1
		has := (n.types == tString && n.hasStringRules) || (n.types == tArray && n.hasArrayRules) ||
			(n.types == tObject && n.hasObjectRules) || (n.types == tNumber && n.hasNumberRules)
		if single && has {
			n.groupType = n.types
		} else {
			n.upfront = true
		}
	}
}

// onlyType reports whether the node has no keyword but type.
func (n *schemaNode) onlyType() bool {
	return n.ref == "" && !n.hasConst && n.enum == nil && n.not == nil && n.anyOf == nil &&
		n.oneOf == nil && n.allOf == nil && !n.hasStringRules && !n.hasArrayRules &&
		!n.hasObjectRules && !n.hasNumberRules
}

func (n *schemaNode) setFormat(v json.RawMessage, p string) error {
	if err := json.Unmarshal(v, &n.format); err != nil {
		return &CompileError{Path: p, Msg: "format must be a string"}
	}
	fn, ok := formats[n.format]
	if !ok {
		return &CompileError{Path: p, Msg: fmt.Sprintf("unknown format %q", n.format)}
	}
	n.formatFn = fn
	n.hasStringRules = true
	return nil
}

func (n *schemaNode) setType(v json.RawMessage, p string) error {
	var one string
	if err := json.Unmarshal(v, &one); err == nil {
		n.typeList = []string{one}
		n.typeParam = one
	} else {
		var list []string
		if err := json.Unmarshal(v, &list); err != nil || len(list) == 0 {
			return &CompileError{Path: p, Msg: "type must be a string or a non-empty array of strings"}
		}
		n.typeList = list
		n.typeParam = list
	}
	for _, t := range n.typeList {
		m, ok := typeNames[t]
		if !ok {
			return &CompileError{Path: p, Msg: fmt.Sprintf("unknown type %q", t)}
		}
		n.types |= m
	}
	return nil
}

func (c *compiler) setProperties(n *schemaNode, v json.RawMessage, p string) error {
	// Keep the order of the document: ajv iterates properties as written.
	dec := json.NewDecoder(strings.NewReader(string(v)))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return &CompileError{Path: p, Msg: "properties must be an object"}
	}
	n.propIndex = map[string]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return &CompileError{Path: p, Msg: err.Error()}
		}
		name := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return &CompileError{Path: p, Msg: err.Error()}
		}
		sub, err := c.compile(raw, p+"/"+escapePointer(name))
		if err != nil {
			return err
		}
		if j, ok := n.propIndex[name]; ok {
			n.props[j].schema = sub
			continue
		}
		n.propIndex[name] = len(n.props)
		n.props = append(n.props, prop{name: name, schema: sub})
	}
	return nil
}

// resolve links every pending $ref to its target, compiling definitions on demand.
// Definitions are registered before they are compiled, so cycles terminate.
func (c *compiler) resolve() error {
	for len(c.pending) > 0 {
		n := c.pending[len(c.pending)-1]
		c.pending = c.pending[:len(c.pending)-1]
		target, err := c.target(n)
		if err != nil {
			return err
		}
		n.refTarget = target
	}
	return nil
}

// target finds (compiling it if needed) the node a $ref points at.
func (c *compiler) target(n *schemaNode) (*schemaNode, error) {
	if n.ref == "#" {
		return c.root, nil
	}
	if t, ok := c.local[n.ref]; ok {
		return t, nil
	}
	if raw, ok := c.localDefs[n.ref]; ok {
		// Refs inside are resolved after this returns, so a cycle finds it in c.local.
		t, err := c.compile(raw, n.ref)
		if err != nil {
			return nil, err
		}
		c.local[n.ref] = t
		return t, nil
	}
	name, ok := definitionName(n.ref)
	if !ok || c.ownDefinitions {
		return nil, &CompileError{Path: n.path + "/$ref", Msg: fmt.Sprintf("unsupported $ref %q (only #, #/$defs/<Name> and #/definitions/<Model> are written by the codegen)", n.ref)}
	}
	if cd, ok := c.s.named[name]; ok {
		if cd.err != nil {
			return nil, cd.err
		}
		return cd.v.root, nil
	}
	raw, ok := c.s.defs[name]
	if !ok {
		return nil, &CompileError{Path: n.path + "/$ref", Msg: fmt.Sprintf("can't resolve reference %s: no such definition", n.ref)}
	}
	target, err := c.compile(raw, "#/definitions/"+escapePointer(name))
	if err != nil {
		c.s.named[name] = &compiled{err: err}
		return nil, err
	}
	c.s.named[name] = &compiled{v: &Validator{model: name, root: target}}
	return target, nil
}

// setRoot records the model being compiled and the definitions it carries itself.
func (c *compiler) setRoot(root *schemaNode, raw json.RawMessage) {
	c.root = root
	c.localDefs = map[string]json.RawMessage{}
	c.local = map[string]*schemaNode{}
	var own struct {
		Defs        map[string]json.RawMessage `json:"$defs"`
		Definitions map[string]json.RawMessage `json:"definitions"`
	}
	_ = json.Unmarshal(raw, &own)
	for k, v := range own.Defs {
		c.localDefs["#/$defs/"+escapePointer(k)] = v
	}
	if own.Definitions != nil {
		c.ownDefinitions = true
		for k, v := range own.Definitions {
			c.localDefs["#/definitions/"+escapePointer(k)] = v
		}
	}
}

func definitionName(ref string) (string, bool) {
	const prefix = "#/definitions/"
	if !strings.HasPrefix(ref, prefix) {
		return "", false
	}
	name := ref[len(prefix):]
	if strings.Contains(name, "/") {
		return "", false
	}
	if un, err := url.PathUnescape(name); err == nil {
		name = un
	}
	name = strings.ReplaceAll(strings.ReplaceAll(name, "~1", "/"), "~0", "~")
	return name, name != ""
}

func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
