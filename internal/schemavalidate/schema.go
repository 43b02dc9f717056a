// Package schemavalidate checks JSON values against the models of a project's
// `.nango/schema.json` (JSON Schema draft-07 as `nango generate` writes it), the way the
// reference CLI's ajv setup does (allErrors, ajv-formats): same keywords, same error
// messages and paths, so a record that the reference rejects is rejected here with the
// same words.
//
// Only the subset of draft-07 that the model codegen emits is supported: type (one or a
// list), properties, required, additionalProperties (false or a schema), items, enum,
// const, anyOf, not, $ref to #/definitions/X (cycles included), format (date-time, date,
// time), boolean schemas and annotations. Anything else is a compile error that names the
// keyword, rather than a silent pass.
package schemavalidate

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

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

	format   string
	formatFn func([]byte) bool

	// numLimits are maximum, minimum, exclusiveMaximum and exclusiveMinimum, in that order
	// (ajv's); minLen/maxLen are -1 when absent; pattern is a JavaScript regular expression
	// (ajv compiles it with the u flag).
	numLimits      []numLimit
	minLen, maxLen int
	pattern        string
	patternRe      *regexp2.Regexp
	hasNumberRules bool

	items *schemaNode

	props      []prop
	propIndex  map[string]int
	required   []string
	reqIndex   []int // index into props, -1 when the property is not in properties
	addFalse   bool
	additional *schemaNode

	hasStringRules, hasArrayRules, hasObjectRules bool
}

// numLimit is one of the number keywords, with ajv's comparison of the error message.
type numLimit struct {
	keyword    string
	comparison string
	limit      float64
}

// numberKeywords are the number keywords in ajv's order, with the comparison a valid value
// makes with the limit.
var numberKeywords = []struct{ keyword, comparison string }{
	{"maximum", "<="}, {"minimum", ">="}, {"exclusiveMaximum", "<"}, {"exclusiveMinimum", ">"},
}

func (l numLimit) ok(f float64) bool {
	switch l.comparison {
	case "<=":
		return f <= l.limit
	case ">=":
		return f >= l.limit
	case "<":
		return f < l.limit
	}
	return f > l.limit
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
	"$schema": true, "$comment": true, "$id": true, "definitions": true, "title": true,
	"description": true, "default": true, "examples": true, "deprecated": true,
	"readOnly": true, "writeOnly": true,
}

type compiler struct {
	s       *Schema
	pending []*schemaNode // nodes with an unresolved $ref
}

func (c *compiler) compile(raw json.RawMessage, path string) (*schemaNode, error) {
	n := &schemaNode{path: path, minLen: -1, maxLen: -1}
	trimmed := strings.TrimSpace(string(raw))
	switch trimmed {
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
		if err := c.keyword(n, k, kw[k], path+"/"+escapePointer(k)); err != nil {
			return nil, err
		}
		// annotations and propertyNames (of strings, all there is) never fail a value
		if k != "propertyNames" && !annotations[k] {
			rules++
		}
	}
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
	n.sortNumLimits()
	// ajv checks the type first unless it is a single type whose own keywords are present;
	// then the type error is reported in that type's keyword group ("integer" has no group:
	// checked first).
	if n.types != 0 {
		single := len(n.typeList) == 1
		has := (n.types == tNumber && n.hasNumberRules) || (n.types == tString && n.hasStringRules) ||
			(n.types == tArray && n.hasArrayRules) || (n.types == tObject && n.hasObjectRules)
		if single && has {
			n.groupType = n.types
		} else {
			n.upfront = true
		}
	}
	return n, nil
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

// resolve links every pending $ref to its definition, compiling definitions on demand.
// Definitions are registered before they are compiled, so cycles terminate.
func (c *compiler) resolve() error {
	for len(c.pending) > 0 {
		n := c.pending[len(c.pending)-1]
		c.pending = c.pending[:len(c.pending)-1]
		name, ok := definitionName(n.ref)
		if !ok {
			return &CompileError{Path: n.path + "/$ref", Msg: fmt.Sprintf("unsupported $ref %q (only #/definitions/<Model> is used by the codegen)", n.ref)}
		}
		if cd, ok := c.s.named[name]; ok {
			if cd.err != nil {
				return cd.err
			}
			n.refTarget = cd.v.root
			continue
		}
		raw, ok := c.s.defs[name]
		if !ok {
			return &CompileError{Path: n.path + "/$ref", Msg: fmt.Sprintf("can't resolve reference %s: no such definition", n.ref)}
		}
		target, err := c.compile(raw, "#/definitions/"+escapePointer(name))
		if err != nil {
			c.s.named[name] = &compiled{err: err}
			return err
		}
		c.s.named[name] = &compiled{v: &Validator{model: name, root: target}}
		n.refTarget = target
	}
	return nil
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

// setLimit compiles one number, length or pattern keyword.
func (n *schemaNode) setLimit(k string, v json.RawMessage, p string) error {
	switch k {
	case "minLength", "maxLength":
		var l float64
		if err := json.Unmarshal(v, &l); err != nil || l < 0 || l != math.Trunc(l) {
			return &CompileError{Path: p, Msg: k + " must be a non-negative integer"}
		}
		if k == "minLength" {
			n.minLen = int(l)
		} else {
			n.maxLen = int(l)
		}
		n.hasStringRules = true
	case "pattern":
		if err := json.Unmarshal(v, &n.pattern); err != nil {
			return &CompileError{Path: p, Msg: "pattern must be a string"}
		}
		re, err := regexp2.Compile(n.pattern, regexp2.ECMAScript|regexp2.Unicode)
		if err != nil {
			return &CompileError{Path: p, Msg: fmt.Sprintf("pattern %q is not a valid regular expression: %v", n.pattern, err)}
		}
		re.MatchTimeout = patternTimeout
		n.patternRe = re
		n.hasStringRules = true
	default:
		var f float64
		if err := json.Unmarshal(v, &f); err != nil {
			return &CompileError{Path: p, Msg: k + " must be a number"}
		}
		for _, nk := range numberKeywords {
			if nk.keyword == k {
				n.numLimits = append(n.numLimits, numLimit{keyword: k, comparison: nk.comparison, limit: f})
			}
		}
		n.hasNumberRules = true
	}
	return nil
}

// patternTimeout bounds one pattern match (a catastrophic backtracking pattern in a
// hand-edited schema fails the value instead of hanging the run).
const patternTimeout = time.Second

// sortNumLimits puts the number keywords in ajv's order (compile reads keys sorted by name).
func (n *schemaNode) sortNumLimits() {
	if len(n.numLimits) < 2 {
		return
	}
	sorted := make([]numLimit, 0, len(n.numLimits))
	for _, nk := range numberKeywords {
		for _, l := range n.numLimits {
			if l.keyword == nk.keyword {
				sorted = append(sorted, l)
			}
		}
	}
	n.numLimits = sorted
}

// stringOnly: the schema is {"type": "string"} (or true), which every property name meets.
func stringOnly(v json.RawMessage) bool {
	if strings.TrimSpace(string(v)) == "true" {
		return true
	}
	var kw map[string]json.RawMessage
	if json.Unmarshal(v, &kw) != nil || len(kw) != 1 {
		return false
	}
	var t string
	return json.Unmarshal(kw["type"], &t) == nil && t == "string"
}

// keyword compiles one keyword of a schema object into n (the object and array ones in
// structural).
func (c *compiler) keyword(n *schemaNode, k string, v json.RawMessage, p string) error {
	switch k {
	case "type":
		if err := n.setType(v, p); err != nil {
			return err
		}
	case "$ref":
		var ref string
		if err := json.Unmarshal(v, &ref); err != nil {
			return &CompileError{Path: p, Msg: "$ref must be a string"}
		}
		n.ref = ref
		c.pending = append(c.pending, n)
	case "const":
		n.hasConst = true
		if err := json.Unmarshal(v, &n.constVal); err != nil {
			return &CompileError{Path: p, Msg: err.Error()}
		}
	case "enum":
		if err := json.Unmarshal(v, &n.enum); err != nil || n.enum == nil {
			return &CompileError{Path: p, Msg: "enum must be an array"}
		}
	case "not":
		sub, err := c.compile(v, p)
		if err != nil {
			return err
		}
		n.not = sub
	case "anyOf":
		var list []json.RawMessage
		if err := json.Unmarshal(v, &list); err != nil || len(list) == 0 {
			return &CompileError{Path: p, Msg: "anyOf must be a non-empty array"}
		}
		for i, item := range list {
			sub, err := c.compile(item, fmt.Sprintf("%s/%d", p, i))
			if err != nil {
				return err
			}
			n.anyOf = append(n.anyOf, sub)
		}
	case "format":
		if err := json.Unmarshal(v, &n.format); err != nil {
			return &CompileError{Path: p, Msg: "format must be a string"}
		}
		fn, ok := formats[n.format]
		if !ok {
			return &CompileError{Path: p, Msg: fmt.Sprintf("unknown format %q", n.format)}
		}
		n.formatFn = fn
		n.hasStringRules = true
	case "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "minLength", "maxLength", "pattern":
		if err := n.setLimit(k, v, p); err != nil {
			return err
		}
	case "propertyNames":
		// zod writes {"type": "string"} for a record's keys, which every key satisfies;
		// another rule on names is not supported (refused, as any unknown keyword).
		if !stringOnly(v) {
			return &CompileError{Path: p, Msg: `propertyNames other than {"type": "string"} is not supported`}
		}
	default:
		return c.structural(n, k, v, p)
	}
	return nil
}

// structural compiles the array and object keywords; any other that is not an annotation is
// refused.
func (c *compiler) structural(n *schemaNode, k string, v json.RawMessage, p string) error {
	switch k {
	case "items":
		if strings.HasPrefix(strings.TrimSpace(string(v)), "[") {
			return &CompileError{Path: p, Msg: "tuple items are not supported"}
		}
		sub, err := c.compile(v, p)
		if err != nil {
			return err
		}
		n.items = sub
		n.hasArrayRules = true
	case "properties":
		if err := c.setProperties(n, v, p); err != nil {
			return err
		}
		n.hasObjectRules = true
	case "required":
		if err := json.Unmarshal(v, &n.required); err != nil {
			return &CompileError{Path: p, Msg: "required must be an array of strings"}
		}
		n.hasObjectRules = true
	case "additionalProperties":
		if strings.TrimSpace(string(v)) == "false" {
			n.addFalse = true
		} else {
			sub, err := c.compile(v, p)
			if err != nil {
				return err
			}
			n.additional = sub
		}
		n.hasObjectRules = true
	default:
		if !annotations[k] {
			return &CompileError{Path: p, Msg: fmt.Sprintf("keyword %q is not supported (the model codegen never writes it)", k)}
		}
	}
	return nil
}
