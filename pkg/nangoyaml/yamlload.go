package nangoyaml

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nango-go/nango/pkg/jsjson"
)

// jsKind is the JavaScript type of a value produced by js-yaml's default schema.
type jsKind int

const (
	jsNull jsKind = iota
	jsBool
	jsNumber
	jsString
	jsObject // a mapping; also a Date (timestamp), which behaves as an object without keys
	jsArray
)

// jv is a decoded YAML value with JavaScript semantics and source positions.
type jv struct {
	kind   jsKind
	b      bool
	num    float64
	str    string
	isDate bool
	raw    string // the scalar source text (for dates and messages)

	// objects: keys in JS property order, values, and each key's position
	keys   []string
	vals   []*jv
	keyPos []Pos
	// arrays
	items []*jv

	pos Pos
}

func (v *jv) get(key string) (*jv, bool) {
	if v == nil || v.kind != jsObject {
		return nil, false
	}
	for i, k := range v.keys {
		if k == key {
			return v.vals[i], true
		}
	}
	return nil, false
}

func (v *jv) keyPosOf(key string) Pos {
	if v == nil {
		return Pos{}
	}
	for i, k := range v.keys {
		if k == key {
			return v.keyPos[i]
		}
	}
	return Pos{}
}

// truthy is JavaScript truthiness.
func (v *jv) truthy() bool {
	if v == nil {
		return false
	}
	switch v.kind {
	case jsNull:
		return false
	case jsBool:
		return v.b
	case jsNumber:
		return v.num != 0 && !math.IsNaN(v.num)
	case jsString:
		return v.str != ""
	}
	return true
}

// jsString is String(value) for scalars (used for mapping keys and template values).
func (v *jv) jsString() string {
	switch v.kind {
	case jsNull:
		return "null"
	case jsBool:
		if v.b {
			return "true"
		}
		return "false"
	case jsNumber:
		return jsjson.FormatNumber(v.num)
	case jsString:
		return v.str
	case jsArray:
		parts := make([]string, len(v.items))
		for i, it := range v.items {
			if it.kind == jsNull {
				continue
			}
			parts[i] = it.jsString()
		}
		return strings.Join(parts, ",")
	}
	if v.isDate {
		return v.raw
	}
	return "[object Object]"
}

// loadError is a failure to turn the bytes into a value (the reference reports all of these
// as "no nango.yaml config found").
type loadError struct {
	code string
	msg  string
	pos  Pos
}

func (e *loadError) Error() string { return e.msg }

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// decodeYAML parses data with yaml.v3 and converts it with js-yaml 4 default-schema rules.
// A nil value with a nil error means an empty document.
func decodeYAML(data []byte) (v *jv, err error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if uerr := dec.Decode(&doc); uerr != nil && uerr != io.EOF {
		return nil, yamlSyntaxError(uerr, data)
	}
	// js-yaml's load() accepts exactly one document
	var next yaml.Node
	if nerr := dec.Decode(&next); nerr == nil {
		return nil, &loadError{code: CodeYAMLSyntax, msg: "invalid YAML: expected a single document in the stream, but found more (remove the extra `---`)", pos: Pos{Line: max(next.Line, 1), Column: next.Column}}
	} else if nerr != io.EOF {
		return nil, yamlSyntaxError(nerr, data)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	c := &converter{active: map[*yaml.Node]bool{}, anchors: map[*yaml.Node]*jv{}}
	defer func() {
		if r := recover(); r != nil {
			le, ok := r.(*loadError)
			if !ok {
				panic(r)
			}
			v, err = nil, le
		}
	}()
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" && root.Value == "" && root.Style == 0 && isBlank(data) {
		return nil, nil
	}
	return c.convert(root), nil
}

func isBlank(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if t != "" && !strings.HasPrefix(t, "#") && t != "---" && t != "..." {
			return false
		}
	}
	return true
}

func yamlSyntaxError(err error, data []byte) *loadError {
	msg := err.Error()
	le := &loadError{code: CodeYAMLSyntax}
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		le.pos = Pos{Line: line}
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if le.pos.Line <= 0 {
		// yaml.v3 gives no line for some errors (e.g. an unexpected end of stream): point at
		// the end of the file for those, else at its start.
		le.pos = Pos{Line: 1}
		if strings.Contains(msg, "end of stream") {
			le.pos.Line = strings.Count(string(data), "\n") + 1
			if strings.HasSuffix(string(data), "\n") {
				le.pos.Line--
			}
			le.pos.Line = max(le.pos.Line, 1)
		}
	}
	le.msg = "invalid YAML: " + msg
	return le
}

type converter struct {
	depth   int
	active  map[*yaml.Node]bool // aliases being expanded (cycle guard)
	anchors map[*yaml.Node]*jv  // converted anchored nodes
	count   int                 // nodes produced (guards against alias bombs)
}

const maxYAMLNodes = 1_000_000

func posOf(n *yaml.Node) Pos { return Pos{Line: n.Line, Column: n.Column} }

func (c *converter) fail(n *yaml.Node, code, format string, args ...any) {
	panic(&loadError{code: code, msg: fmt.Sprintf(format, args...), pos: posOf(n)})
}

func (c *converter) convert(n *yaml.Node) *jv {
	c.count++
	if c.count > maxYAMLNodes {
		c.fail(n, CodeYAMLSyntax, "invalid YAML: document too large after expanding aliases")
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > 10000 {
		c.fail(n, CodeYAMLSyntax, "invalid YAML: nesting too deep")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &jv{kind: jsNull, pos: posOf(n)}
		}
		return c.convert(n.Content[0])
	case yaml.AliasNode:
		if n.Alias == nil || c.active[n.Alias] {
			c.fail(n, CodeYAMLSyntax, "invalid YAML: recursive alias *%s", n.Value)
		}
		// js-yaml returns the anchored value itself for every alias (a shared reference), so
		// the decoded tree is a DAG: convert each anchor once.
		if v, ok := c.anchors[n.Alias]; ok {
			return v
		}
		c.active[n.Alias] = true
		v := c.convert(n.Alias)
		delete(c.active, n.Alias)
		c.anchors[n.Alias] = v
		return v
	case yaml.ScalarNode:
		return c.scalar(n)
	case yaml.SequenceNode:
		if n.Tag != "" && n.Tag != "!!seq" && n.Style&yaml.TaggedStyle != 0 {
			c.fail(n, CodeYAMLSyntax, "invalid YAML: unknown tag %s", n.Tag)
		}
		v := &jv{kind: jsArray, pos: posOf(n), items: make([]*jv, 0, len(n.Content))}
		for _, it := range n.Content {
			v.items = append(v.items, c.convert(it))
		}
		return v
	case yaml.MappingNode:
		if n.Tag != "" && n.Tag != "!!map" && n.Style&yaml.TaggedStyle != 0 {
			c.fail(n, CodeYAMLSyntax, "invalid YAML: unknown tag %s", n.Tag)
		}
		return c.mapping(n)
	}
	c.fail(n, CodeYAMLSyntax, "invalid YAML: unexpected node")
	return nil
}

// objBuilder collects properties with JS semantics: re-assigning keeps the first position.
type objBuilder struct {
	v        *jv
	index    map[string]int
	explicit map[string]bool // keys written literally in this mapping (duplicates are errors)
}

func (o *objBuilder) set(key string, val *jv, kp Pos) {
	if i, ok := o.index[key]; ok {
		o.v.vals[i] = val
		o.v.keyPos[i] = kp
		return
	}
	o.index[key] = len(o.v.keys)
	o.v.keys = append(o.v.keys, key)
	o.v.vals = append(o.v.vals, val)
	o.v.keyPos = append(o.v.keyPos, kp)
}

func (c *converter) mapping(n *yaml.Node) *jv {
	o := &objBuilder{v: &jv{kind: jsObject, pos: posOf(n)}, index: map[string]int{}, explicit: map[string]bool{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.Value == "<<" && kn.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 && (kn.Tag == "!!merge" || kn.Tag == "" || kn.Tag == "!!str") {
			c.merge(o, vn)
			continue
		}
		key := c.convert(kn)
		if key.kind == jsObject && !key.isDate || key.kind == jsArray {
			c.fail(kn, CodeYAMLSyntax, "invalid YAML: mapping keys must be scalars")
		}
		ks := key.jsString()
		if o.explicit[ks] {
			c.fail(kn, CodeDuplicateKey, "duplicated mapping key %q: each key may appear only once in a mapping", ks)
		}
		o.explicit[ks] = true
		o.set(ks, c.convert(vn), posOf(kn))
	}
	sortJSKeys(o.v)
	return o.v
}

// merge implements `<<: *anchor` / `<<: [*a, *b]`: keys already present are not overridden.
func (c *converter) merge(o *objBuilder, vn *yaml.Node) {
	src := c.convert(vn)
	var sources []*jv
	switch {
	case src.kind == jsObject:
		sources = []*jv{src}
	case src.kind == jsArray:
		for _, it := range src.items {
			if it.kind != jsObject {
				c.fail(vn, CodeYAMLSyntax, "invalid YAML: cannot merge mappings; the provided source object is unacceptable")
			}
			sources = append(sources, it)
		}
	default:
		c.fail(vn, CodeYAMLSyntax, "invalid YAML: cannot merge mappings; the provided source object is unacceptable")
	}
	for _, s := range sources {
		for i, k := range s.keys {
			if _, ok := o.index[k]; ok {
				continue
			}
			o.set(k, s.vals[i], s.keyPos[i])
		}
	}
}

// arrayIndexKey reports whether k is a canonical array index ("0".."4294967294"), the keys
// JavaScript objects enumerate first, in ascending numeric order.
func arrayIndexKey(k string) (uint64, bool) {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return 0, false
		}
		n = n*10 + uint64(k[i]-'0')
	}
	return n, n < 4294967295
}

func sortJSKeys(v *jv) {
	type ent struct {
		k   string
		v   *jv
		p   Pos
		idx uint64
		num bool
	}
	ents := make([]ent, len(v.keys))
	anyNum := false
	for i, k := range v.keys {
		n, ok := arrayIndexKey(k)
		ents[i] = ent{k, v.vals[i], v.keyPos[i], n, ok}
		anyNum = anyNum || ok
	}
	if !anyNum {
		return
	}
	sort.SliceStable(ents, func(i, j int) bool {
		a, b := ents[i], ents[j]
		if a.num != b.num {
			return a.num
		}
		if a.num {
			return a.idx < b.idx
		}
		return false
	})
	for i, e := range ents {
		v.keys[i], v.vals[i], v.keyPos[i] = e.k, e.v, e.p
	}
}

var (
	jsFloatRe     = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	jsDateRe      = regexp.MustCompile(`^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$`)
	jsTimestampRe = regexp.MustCompile(`^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?$`)
)

func (c *converter) scalar(n *yaml.Node) *jv {
	v := &jv{pos: posOf(n), raw: n.Value}
	tagged := n.Style&yaml.TaggedStyle != 0
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0
	if tagged {
		switch n.Tag {
		case "!!str":
			v.kind, v.str = jsString, n.Value
			return v
		case "!!null", "!!bool", "!!int", "!!float", "!!timestamp":
			if r := resolvePlain(n.Value, v); r && tagMatches(n.Tag, v) {
				return v
			}
			c.fail(n, CodeYAMLSyntax, "invalid YAML: cannot resolve a node with %s explicit tag", n.Tag)
		default:
			c.fail(n, CodeYAMLSyntax, "invalid YAML: unknown tag %s", n.Tag)
		}
	}
	if quoted {
		v.kind, v.str = jsString, n.Value
		return v
	}
	if !resolvePlain(n.Value, v) {
		v.kind, v.str = jsString, n.Value
	}
	return v
}

func tagMatches(tag string, v *jv) bool {
	switch tag {
	case "!!null":
		return v.kind == jsNull
	case "!!bool":
		return v.kind == jsBool
	case "!!int":
		return v.kind == jsNumber && v.num == math.Trunc(v.num)
	case "!!float":
		return v.kind == jsNumber
	case "!!timestamp":
		return v.isDate
	}
	return false
}

// resolvePlain applies js-yaml 4's implicit types (null, bool, int, float, timestamp) to a
// plain scalar; false means it is a string.
func resolvePlain(s string, v *jv) bool {
	switch s {
	case "", "~", "null", "Null", "NULL":
		v.kind = jsNull
		return true
	case "true", "True", "TRUE":
		v.kind, v.b = jsBool, true
		return true
	case "false", "False", "FALSE":
		v.kind, v.b = jsBool, false
		return true
	}
	if f, ok := resolveJSYamlInt(s); ok {
		v.kind, v.num = jsNumber, f
		return true
	}
	if jsFloatRe.MatchString(s) {
		v.kind, v.num = jsNumber, constructJSYamlFloat(s)
		return true
	}
	if jsDateRe.MatchString(s) || jsTimestampRe.MatchString(s) {
		v.kind, v.isDate = jsObject, true
		return true
	}
	return false
}

func isDigitIn(c byte, base int) bool {
	switch base {
	case 2:
		return c == '0' || c == '1'
	case 8:
		return c >= '0' && c <= '7'
	case 16:
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
	}
	return c >= '0' && c <= '9'
}

// resolveJSYamlInt follows js-yaml 4's int type: optional sign, then 0b/0x/0o prefixed or
// decimal digits (leading zeros allowed and read as decimal, no underscores).
func resolveJSYamlInt(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	sign := 1.0
	body := s
	if body[0] == '-' || body[0] == '+' {
		if body[0] == '-' {
			sign = -1
		}
		body = body[1:]
	}
	if body == "" {
		return 0, false
	}
	base := 10
	digits := body
	if len(body) >= 2 && body[0] == '0' {
		switch body[1] {
		case 'b':
			base, digits = 2, body[2:]
		case 'x':
			base, digits = 16, body[2:]
		case 'o':
			base, digits = 8, body[2:]
		}
	}
	if digits == "" {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if !isDigitIn(digits[i], base) {
			return 0, false
		}
	}
	f := 0.0
	for i := 0; i < len(digits); i++ {
		d := digits[i]
		var dv float64
		switch {
		case d >= '0' && d <= '9':
			dv = float64(d - '0')
		case d >= 'a' && d <= 'f':
			dv = float64(d-'a') + 10
		default:
			dv = float64(d-'A') + 10
		}
		f = f*float64(base) + dv
	}
	if base == 10 {
		// parse exactly like JS for long decimal strings
		if g, err := strconv.ParseFloat(digits, 64); err == nil || g != 0 {
			f = g
		}
	}
	return sign * f, true
}

func constructJSYamlFloat(s string) float64 {
	v := strings.ToLower(s)
	sign := 1.0
	if v[0] == '-' || v[0] == '+' {
		if v[0] == '-' {
			sign = -1
		}
		v = v[1:]
	}
	switch v {
	case ".inf":
		return sign * math.Inf(1)
	case ".nan":
		return math.NaN()
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		// ParseFloat rejects "1." and ".5e" style only on range; values like "1." are fine in JS
		f, _ = strconv.ParseFloat(strings.TrimSuffix(v, "."), 64)
	}
	return sign * f
}
