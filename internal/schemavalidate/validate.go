package schemavalidate

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nango-go/nango/pkg/jsjson"
)

// Validator checks values against one model. It is immutable and safe for concurrent use.
type Validator struct {
	model string
	root  *schemaNode
}

// Model returns the model name the validator checks.
func (v *Validator) Model() string { return v.model }

// Error is one failed check, shaped like an ajv ErrorObject so that `--json` output reads
// the same as the reference's validation payloads.
type Error struct {
	// InstancePath is a JSON pointer to the failing value ("" for the value itself,
	// "/address/city", "/tags/0").
	InstancePath string `json:"instancePath"`
	// SchemaPath points at the failing keyword in schema.json ("#/properties/id/type";
	// checks reached through a $ref are under "#/definitions/<Model>/...").
	SchemaPath string         `json:"schemaPath"`
	Keyword    string         `json:"keyword"`
	Params     map[string]any `json:"params"`
	Message    string         `json:"message"`
}

// Fields returns the instance path as decoded segments ("address", "city"; array
// indexes as decimal strings).
func (e Error) Fields() []string {
	if e.InstancePath == "" {
		return nil
	}
	parts := strings.Split(e.InstancePath[1:], "/")
	for i, p := range parts {
		if strings.Contains(p, "~") {
			parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
		}
	}
	return parts
}

// DisplayPath is the instance path as the reference prints it: segments joined with " > ",
// or "root" for the value itself.
func (e Error) DisplayPath() string {
	f := e.Fields()
	if len(f) == 0 {
		return "root"
	}
	return strings.Join(f, " > ")
}

// Field is the path of the field the error is about, for one-line messages: like
// DisplayPath, but for `required` and `additionalProperties` it ends with the property
// concerned ("address > city" rather than "address").
func (e Error) Field() string {
	f := e.Fields()
	switch e.Keyword {
	case "required":
		if p, ok := e.Params["missingProperty"].(string); ok {
			f = append(f, p)
		}
	case "additionalProperties":
		if p, ok := e.Params["additionalProperty"].(string); ok {
			f = append(f, p)
		}
	}
	if len(f) == 0 {
		return "root"
	}
	return strings.Join(f, " > ")
}

// String formats the error on one line: `address > city: must be string [type]`.
func (e Error) String() string {
	return e.Field() + ": " + e.Message + " [" + e.Keyword + "]"
}

// Result is the outcome of validating one value.
type Result struct {
	Model  string  `json:"model"`
	Errors []Error `json:"errors"`
}

// Valid reports whether the value matched.
func (r Result) Valid() bool { return len(r.Errors) == 0 }

// Validate parses the JSON text data and checks it. The error is non-nil only for text
// that is not JSON.
func (v *Validator) Validate(data []byte) (Result, error) {
	st := statePool.Get().(*state)
	defer statePool.Put(st)
	if err := st.own.Parse(data); err != nil {
		return Result{Model: v.model}, err
	}
	return Result{Model: v.model, Errors: st.run(v.root, &st.own, 0)}, nil
}

// ValidateValue checks an already parsed value (from Doc.Root or ForEachElement); paths
// are relative to that value.
func (v *Validator) ValidateValue(val Value) Result {
	st := statePool.Get().(*state)
	defer statePool.Put(st)
	return Result{Model: v.model, Errors: st.run(v.root, val.doc, val.n)}
}

// maxSchemaDepth bounds recursion through $ref/anyOf chains that consume no data
// (possible only in a hand-edited schema.json).
const maxSchemaDepth = 20000

type keyword uint8

const (
	kwType keyword = iota
	kwRequired
	kwAdditional
	kwEnum
	kwConst
	kwFormat
	kwLimitNumber // extra: index in numLimits
	kwMaxLength
	kwMinLength
	kwPattern
	kwAnyOf
	kwNot
	kwFalse
	kwTooDeep
)

// rawErr is an error recorded during the walk; it becomes an Error only if it survives
// (anyOf and not discard the errors of their branches), so valid values cost nothing.
type rawErr struct {
	kw      keyword
	s       *schemaNode
	extra   int // required: index in s.required; additionalProperties: member node
	pathOff int
	pathLen int
}

// seg is one instance-path segment: an object member (node index) or an array index.
type seg struct {
	member int
	index  int
}

type state struct {
	own     Doc
	doc     *Doc
	errs    []rawErr
	path    []seg
	arena   []seg // copies of path for recorded errors
	scratch []int // per-object property → member tables, used as a stack
	depth   int
}

var statePool = sync.Pool{New: func() any { return new(state) }}

func (st *state) run(root *schemaNode, d *Doc, n int) []Error {
	st.doc = d
	st.errs = st.errs[:0]
	st.path = st.path[:0]
	st.arena = st.arena[:0]
	st.scratch = st.scratch[:0]
	st.depth = 0
	st.validate(root, n)
	var out []Error
	if len(st.errs) > 0 {
		out = make([]Error, len(st.errs))
		for i, e := range st.errs {
			out[i] = st.materialize(e)
		}
	}
	st.doc = nil
	if d == &st.own {
		st.own.src = nil
	}
	return out
}

func (st *state) add(kw keyword, s *schemaNode, extra int) {
	off := len(st.arena)
	st.arena = append(st.arena, st.path...)
	st.errs = append(st.errs, rawErr{kw: kw, s: s, extra: extra, pathOff: off, pathLen: len(st.path)})
}

func (st *state) typeOK(m typeMask, n int) bool {
	switch st.doc.nodes[n].kind {
	case KindNull:
		return m&tNull != 0
	case KindTrue, KindFalse:
		return m&tBoolean != 0
	case KindObject:
		return m&tObject != 0
	case KindArray:
		return m&tArray != 0
	case KindString:
		return m&tString != 0
	case KindNumber:
		if m&tNumber != 0 {
			return true
		}
		if m&tInteger != 0 {
			f := st.doc.num(n)
			return f == math.Trunc(f)
		}
	}
	return false
}

func (st *state) validate(s *schemaNode, n int) {
	if s.always {
		return
	}
	if s.never {
		st.add(kwFalse, s, 0)
		return
	}
	st.depth++
	if st.depth > maxSchemaDepth {
		st.add(kwTooDeep, s, 0)
	} else if s.refOnly {
		st.validate(s.refTarget, n)
	} else {
		st.keywords(s, n)
	}
	st.depth--
}

func (st *state) keywords(s *schemaNode, n int) {
	d := st.doc
	kind := d.nodes[n].kind
	if s.upfront && !st.typeOK(s.types, n) {
		st.add(kwType, s, 0)
	}
	// Keywords for any type, in ajv's order.
	if s.refTarget != nil {
		st.validate(s.refTarget, n)
	}
	if s.hasConst && !d.equal(n, s.constVal) {
		st.add(kwConst, s, 0)
	}
	if s.enum != nil {
		ok := false
		for _, e := range s.enum {
			if d.equal(n, e) {
				ok = true
				break
			}
		}
		if !ok {
			st.add(kwEnum, s, 0)
		}
	}
	if s.not != nil {
		ne, na := len(st.errs), len(st.arena)
		st.validate(s.not, n)
		valid := len(st.errs) == ne
		st.errs, st.arena = st.errs[:ne], st.arena[:na]
		if valid {
			st.add(kwNot, s, 0)
		}
	}
	if s.anyOf != nil {
		st.anyOf(s, n)
	}
	// Keywords for one type: they apply only to values of that type; a value of another
	// type fails the type check here when it was not checked up front.
	if s.hasNumberRules {
		if kind == KindNumber {
			f := d.num(n)
			for i, l := range s.numLimits {
				if !l.ok(f) {
					st.add(kwLimitNumber, s, i)
				}
			}
		} else if s.groupType == tNumber {
			st.add(kwType, s, 0)
		}
	}
	if s.hasStringRules {
		if kind == KindString {
			st.stringRules(s, n)
		} else if s.groupType == tString {
			st.add(kwType, s, 0)
		}
	}
	if s.hasArrayRules {
		if kind == KindArray {
			i := 0
			for c := d.nodes[n].first; c >= 0; c = d.nodes[c].next {
				st.path = append(st.path, seg{member: -1, index: i})
				st.validate(s.items, c)
				st.path = st.path[:len(st.path)-1]
				i++
			}
		} else if s.groupType == tArray {
			st.add(kwType, s, 0)
		}
	}
	if s.hasObjectRules {
		if kind == KindObject {
			st.object(s, n)
		} else if s.groupType == tObject {
			st.add(kwType, s, 0)
		}
	}
}

// stringRules checks maxLength, minLength, pattern and format, in ajv's order. Lengths
// count code points, as ajv's ucs2length does.
func (st *state) stringRules(s *schemaNode, n int) {
	d := st.doc
	b, plain := d.strBytes(n)
	if !plain {
		b = []byte(d.str(n))
	}
	if s.maxLen >= 0 || s.minLen >= 0 {
		l := utf8.RuneCount(b)
		if s.maxLen >= 0 && l > s.maxLen {
			st.add(kwMaxLength, s, 0)
		}
		if s.minLen >= 0 && l < s.minLen {
			st.add(kwMinLength, s, 0)
		}
	}
	if s.patternRe != nil {
		if ok, err := s.patternRe.MatchString(string(b)); !ok || err != nil {
			st.add(kwPattern, s, 0)
		}
	}
	if s.formatFn != nil && !s.formatFn(b) {
		st.add(kwFormat, s, 0)
	}
}

func (st *state) anyOf(s *schemaNode, n int) {
	for _, b := range s.anyOf {
		if b.always {
			return
		}
	}
	ne, na := len(st.errs), len(st.arena)
	for _, b := range s.anyOf {
		before := len(st.errs)
		st.validate(b, n)
		if len(st.errs) == before {
			st.errs, st.arena = st.errs[:ne], st.arena[:na]
			return
		}
	}
	st.add(kwAnyOf, s, 0)
}

// lookup returns the index in s.props of member c's key.
func (st *state) lookup(s *schemaNode, c int) (int, bool) {
	if s.propIndex == nil {
		return 0, false
	}
	d := st.doc
	if d.nodes[c].kesc {
		j, ok := s.propIndex[d.key(c)]
		return j, ok
	}
	j, ok := s.propIndex[string(d.keyBytes(c))]
	return j, ok
}

func (st *state) object(s *schemaNode, n int) {
	d := st.doc
	base := len(st.scratch)
	for range s.props {
		st.scratch = append(st.scratch, -1)
	}
	for c := d.nodes[n].first; c >= 0; c = d.nodes[c].next {
		if j, ok := st.lookup(s, c); ok {
			st.scratch[base+j] = c
		}
	}
	for i, r := range s.required {
		present := false
		if j := s.reqIndex[i]; j >= 0 {
			present = st.scratch[base+j] >= 0
		} else {
			for c := d.nodes[n].first; c >= 0; c = d.nodes[c].next {
				if d.keyEq(c, r) {
					present = true
					break
				}
			}
		}
		if !present {
			st.add(kwRequired, s, i)
		}
	}
	if s.addFalse || s.additional != nil {
		for c := d.nodes[n].first; c >= 0; c = d.nodes[c].next {
			if _, ok := st.lookup(s, c); ok {
				continue
			}
			if s.addFalse {
				st.add(kwAdditional, s, c)
				continue
			}
			st.path = append(st.path, seg{member: c})
			st.validate(s.additional, c)
			st.path = st.path[:len(st.path)-1]
		}
	}
	for j := range s.props {
		c := st.scratch[base+j]
		if c < 0 {
			continue
		}
		st.path = append(st.path, seg{member: c})
		st.validate(s.props[j].schema, c)
		st.path = st.path[:len(st.path)-1]
	}
	st.scratch = st.scratch[:base]
}

func (st *state) materialize(e rawErr) Error {
	var b strings.Builder
	for _, sg := range st.arena[e.pathOff : e.pathOff+e.pathLen] {
		b.WriteByte('/')
		if sg.member >= 0 {
			b.WriteString(escapePointer(st.doc.key(sg.member)))
		} else {
			b.WriteString(strconv.Itoa(sg.index))
		}
	}
	s := e.s
	out := Error{InstancePath: b.String(), Params: map[string]any{}}
	switch e.kw {
	case kwType:
		out.Keyword, out.Message = "type", "must be "+strings.Join(s.typeList, ",")
		out.Params["type"] = s.typeParam
	case kwRequired:
		name := s.required[e.extra]
		out.Keyword, out.Message = "required", "must have required property '"+name+"'"
		out.Params["missingProperty"] = name
	case kwAdditional:
		out.Keyword, out.Message = "additionalProperties", "must NOT have additional properties"
		out.Params["additionalProperty"] = st.doc.key(e.extra)
	case kwEnum:
		out.Keyword, out.Message = "enum", "must be equal to one of the allowed values"
		out.Params["allowedValues"] = s.enum
	case kwConst:
		out.Keyword, out.Message = "const", "must be equal to constant"
		out.Params["allowedValue"] = s.constVal
	case kwFormat:
		out.Keyword, out.Message = "format", `must match format "`+s.format+`"`
		out.Params["format"] = s.format
	case kwLimitNumber:
		l := s.numLimits[e.extra]
		out.Keyword, out.Message = l.keyword, "must be "+l.comparison+" "+jsjson.FormatNumber(l.limit)
		out.Params["comparison"], out.Params["limit"] = l.comparison, l.limit
	case kwMaxLength:
		out.Keyword, out.Message = "maxLength", "must NOT have more than "+strconv.Itoa(s.maxLen)+" characters"
		out.Params["limit"] = s.maxLen
	case kwMinLength:
		out.Keyword, out.Message = "minLength", "must NOT have fewer than "+strconv.Itoa(s.minLen)+" characters"
		out.Params["limit"] = s.minLen
	case kwPattern:
		out.Keyword, out.Message = "pattern", `must match pattern "`+s.pattern+`"`
		out.Params["pattern"] = s.pattern
	case kwAnyOf:
		out.Keyword, out.Message = "anyOf", "must match a schema in anyOf"
	case kwNot:
		out.Keyword, out.Message = "not", "must NOT be valid"
	case kwFalse:
		out.Keyword, out.Message = "false schema", "boolean schema is false"
		out.SchemaPath = s.path
		return out
	case kwTooDeep:
		out.Keyword, out.Message = "$ref", "schema references nest too deeply (a $ref cycle that consumes no data?)"
	}
	out.SchemaPath = s.path + "/" + out.Keyword
	return out
}

// equal compares node n with a constant decoded by encoding/json, with JavaScript's
// deep-equality rules (numbers by value, object keys in any order).
func (d *Doc) equal(n int, v any) bool {
	nd := &d.nodes[n]
	switch x := v.(type) {
	case nil:
		return nd.kind == KindNull
	case bool:
		return (x && nd.kind == KindTrue) || (!x && nd.kind == KindFalse)
	case float64:
		return nd.kind == KindNumber && d.num(n) == x
	case string:
		if nd.kind != KindString {
			return false
		}
		if b, ok := d.strBytes(n); ok {
			return string(b) == x
		}
		return d.str(n) == x
	case []any:
		if nd.kind != KindArray || nd.count != len(x) {
			return false
		}
		i := 0
		for c := nd.first; c >= 0; c = d.nodes[c].next {
			if !d.equal(c, x[i]) {
				return false
			}
			i++
		}
		return true
	case map[string]any:
		if nd.kind != KindObject {
			return false
		}
		seen := 0
		for c := nd.first; c >= 0; c = d.nodes[c].next {
			want, ok := x[d.key(c)]
			if !ok || !d.equal(c, want) {
				return false
			}
			seen++
		}
		return seen == len(x)
	}
	return false
}
