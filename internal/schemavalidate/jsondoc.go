package schemavalidate

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Doc is one parsed JSON value, kept as a flat list of nodes that point into the original
// text. Validation walks the nodes without building Go maps, so a valid record costs no
// allocation once the Doc has been reused a few times. Object members keep their order.
type Doc struct {
	src   []byte
	nodes []node
}

// Kind is the JSON type of a node.
type Kind uint8

const (
	KindNull Kind = iota
	KindFalse
	KindTrue
	KindNumber
	KindString
	KindObject
	KindArray
)

func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindFalse, KindTrue:
		return "boolean"
	case KindNumber:
		return "number"
	case KindString:
		return "string"
	case KindObject:
		return "object"
	case KindArray:
		return "array"
	}
	return "unknown"
}

type node struct {
	kind Kind
	esc  bool // string value contains backslash escapes
	kesc bool // member key contains backslash escapes
	// start/end: the value's span in src (strings include their quotes).
	start, end int
	// kstart/kend: the member key's content (without quotes), for object members.
	kstart, kend int
	first        int // first child, -1 when none
	next         int // next sibling, -1 when none
	count        int // number of children
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 10000

// SyntaxError reports malformed JSON text.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at offset %d: %s", e.Offset, e.Msg)
}

// Parse parses src into d, reusing d's storage. d keeps a reference to src.
func (d *Doc) Parse(src []byte) error {
	d.src = src
	d.nodes = d.nodes[:0]
	p := parser{src: src, doc: d}
	p.skipSpace()
	if _, err := p.value(0); err != nil {
		return err
	}
	p.skipSpace()
	if p.pos != len(src) {
		return p.errorf("unexpected %q after the value", src[p.pos])
	}
	return nil
}

// Kind returns the JSON type of the root value.
func (d *Doc) Kind() Kind {
	if len(d.nodes) == 0 {
		return KindNull
	}
	return d.nodes[0].kind
}

// Raw returns the text of the root value.
func (d *Doc) Raw() []byte {
	if len(d.nodes) == 0 {
		return nil
	}
	return d.src[d.nodes[0].start:d.nodes[0].end]
}

type parser struct {
	src []byte
	pos int
	doc *Doc
}

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) add(k Kind, start int) int {
	p.doc.nodes = append(p.doc.nodes, node{kind: k, start: start, first: -1, next: -1, kstart: -1, kend: -1})
	return len(p.doc.nodes) - 1
}

// value parses one value at p.pos (spaces already skipped) and returns its node index.
func (p *parser) value(depth int) (int, error) {
	if depth > maxDepth {
		return 0, p.errorf("nesting deeper than %d levels", maxDepth)
	}
	if p.pos >= len(p.src) {
		return 0, p.errorf("unexpected end of input")
	}
	start := p.pos
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		esc, err := p.str()
		if err != nil {
			return 0, err
		}
		i := p.add(KindString, start)
		p.doc.nodes[i].esc = esc
		p.doc.nodes[i].end = p.pos
		return i, nil
	case c == 't':
		return p.literal("true", KindTrue)
	case c == 'f':
		return p.literal("false", KindFalse)
	case c == 'n':
		return p.literal("null", KindNull)
	case c == '-' || (c >= '0' && c <= '9'):
		if err := p.number(); err != nil {
			return 0, err
		}
		i := p.add(KindNumber, start)
		p.doc.nodes[i].end = p.pos
		return i, nil
	default:
		return 0, p.errorf("unexpected %q", c)
	}
}

func (p *parser) literal(word string, k Kind) (int, error) {
	if len(p.src)-p.pos < len(word) || string(p.src[p.pos:p.pos+len(word)]) != word {
		return 0, p.errorf("invalid literal, expected %s", word)
	}
	i := p.add(k, p.pos)
	p.pos += len(word)
	p.doc.nodes[i].end = p.pos
	return i, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) number() error {
	s := p.src
	if s[p.pos] == '-' {
		p.pos++
	}
	if p.pos >= len(s) || !isDigit(s[p.pos]) {
		return p.errorf("invalid number")
	}
	if s[p.pos] == '0' {
		p.pos++
	} else {
		for p.pos < len(s) && isDigit(s[p.pos]) {
			p.pos++
		}
	}
	if p.pos < len(s) && s[p.pos] == '.' {
		p.pos++
		if p.pos >= len(s) || !isDigit(s[p.pos]) {
			return p.errorf("invalid number: digit expected after the decimal point")
		}
		for p.pos < len(s) && isDigit(s[p.pos]) {
			p.pos++
		}
	}
	if p.pos < len(s) && (s[p.pos] == 'e' || s[p.pos] == 'E') {
		p.pos++
		if p.pos < len(s) && (s[p.pos] == '+' || s[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(s) || !isDigit(s[p.pos]) {
			return p.errorf("invalid number: digit expected in the exponent")
		}
		for p.pos < len(s) && isDigit(s[p.pos]) {
			p.pos++
		}
	}
	return nil
}

// str scans a string starting at the opening quote; it reports whether escapes occur.
func (p *parser) str() (bool, error) {
	s := p.src
	p.pos++ // opening quote
	esc := false
	for p.pos < len(s) {
		c := s[p.pos]
		switch {
		case c == '"':
			p.pos++
			return esc, nil
		case c == '\\':
			esc = true
			p.pos++
			if p.pos >= len(s) {
				return esc, p.errorf("unterminated string")
			}
			switch s[p.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.pos++
			case 'u':
				if len(s)-p.pos < 5 {
					return esc, p.errorf("invalid \\u escape")
				}
				for _, h := range s[p.pos+1 : p.pos+5] {
					if !isHex(h) {
						return esc, p.errorf("invalid \\u escape")
					}
				}
				p.pos += 5
			default:
				return esc, p.errorf("invalid escape \\%c", s[p.pos])
			}
		case c < 0x20:
			return esc, p.errorf("control character in string")
		default:
			p.pos++
		}
	}
	return esc, p.errorf("unterminated string")
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (p *parser) object(depth int) (int, error) {
	i := p.add(KindObject, p.pos)
	p.pos++
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		p.doc.nodes[i].end = p.pos
		return i, nil
	}
	prev := -1
	for {
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return 0, p.errorf("object key expected")
		}
		kstart := p.pos + 1
		kesc, err := p.str()
		if err != nil {
			return 0, err
		}
		kend := p.pos - 1
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return 0, p.errorf("':' expected after object key")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return 0, err
		}
		n := &p.doc.nodes[v]
		n.kstart, n.kend, n.kesc = kstart, kend, kesc
		if prev < 0 {
			p.doc.nodes[i].first = v
		} else {
			p.doc.nodes[prev].next = v
		}
		prev = v
		p.doc.nodes[i].count++
		p.skipSpace()
		if p.pos >= len(p.src) {
			return 0, p.errorf("unterminated object")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.doc.nodes[i].end = p.pos
			return i, nil
		default:
			return 0, p.errorf("',' or '}' expected in object")
		}
	}
}

func (p *parser) array(depth int) (int, error) {
	i := p.add(KindArray, p.pos)
	p.pos++
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		p.doc.nodes[i].end = p.pos
		return i, nil
	}
	prev := -1
	for {
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return 0, err
		}
		if prev < 0 {
			p.doc.nodes[i].first = v
		} else {
			p.doc.nodes[prev].next = v
		}
		prev = v
		p.doc.nodes[i].count++
		p.skipSpace()
		if p.pos >= len(p.src) {
			return 0, p.errorf("unterminated array")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.doc.nodes[i].end = p.pos
			return i, nil
		default:
			return 0, p.errorf("',' or ']' expected in array")
		}
	}
}

// keyBytes returns the raw (possibly escaped) key of member n.
func (d *Doc) keyBytes(n int) []byte {
	nd := &d.nodes[n]
	return d.src[nd.kstart:nd.kend]
}

// keyEq reports whether member n's decoded key is name, without allocating for plain keys.
func (d *Doc) keyEq(n int, name string) bool {
	if d.nodes[n].kesc {
		return d.key(n) == name
	}
	return string(d.keyBytes(n)) == name
}

// key returns the decoded key of member n.
func (d *Doc) key(n int) string {
	nd := &d.nodes[n]
	if !nd.kesc {
		return string(d.src[nd.kstart:nd.kend])
	}
	return unquote(d.src[nd.kstart-1 : nd.kend+1])
}

// strBytes returns the content of string node n without quotes; ok is false when it has
// escapes (use str then).
func (d *Doc) strBytes(n int) (b []byte, ok bool) {
	nd := &d.nodes[n]
	return d.src[nd.start+1 : nd.end-1], !nd.esc
}

// str returns the decoded value of string node n.
func (d *Doc) str(n int) string {
	nd := &d.nodes[n]
	if !nd.esc {
		return string(d.src[nd.start+1 : nd.end-1])
	}
	return unquote(d.src[nd.start:nd.end])
}

func (d *Doc) num(n int) float64 {
	nd := &d.nodes[n]
	f, _ := strconv.ParseFloat(string(d.src[nd.start:nd.end]), 64)
	return f
}

// unquote decodes a JSON string literal (with quotes) that the parser already checked.
func unquote(lit []byte) string {
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return string(lit[1 : len(lit)-1])
	}
	return s
}

// Value is one node of a Doc.
type Value struct {
	doc *Doc
	n   int
}

// Root returns the root value of d.
func (d *Doc) Root() Value { return Value{doc: d, n: 0} }

// Kind returns the value's JSON type.
func (v Value) Kind() Kind { return v.doc.nodes[v.n].kind }

// Raw returns the value's text as it appears in the source.
func (v Value) Raw() []byte {
	nd := &v.doc.nodes[v.n]
	return v.doc.src[nd.start:nd.end]
}

// Str returns the decoded string of a string value.
func (v Value) Str() string { return v.doc.str(v.n) }

// StrBytes returns the content of a string value without quotes when it has no escapes
// (no allocation); ok is false when it has escapes and Str must be used.
func (v Value) StrBytes() (b []byte, ok bool) { return v.doc.strBytes(v.n) }

// Float returns the value of a number.
func (v Value) Float() float64 { return v.doc.num(v.n) }

// Field returns the member called name of an object value (the last one if the key is
// repeated, as JavaScript keeps it).
func (v Value) Field(name string) (Value, bool) {
	d := v.doc
	if d.nodes[v.n].kind != KindObject {
		return Value{}, false
	}
	found := -1
	for c := d.nodes[v.n].first; c >= 0; c = d.nodes[c].next {
		if d.keyEq(c, name) {
			found = c
		}
	}
	if found < 0 {
		return Value{}, false
	}
	return Value{doc: d, n: found}, true
}

// WithoutField returns the text of an object value with every member called name removed,
// members otherwise kept in order and as written. It allocates a new slice.
func (v Value) WithoutField(name string) []byte {
	d := v.doc
	out := make([]byte, 0, len(v.Raw()))
	out = append(out, '{')
	first := true
	for c := d.nodes[v.n].first; c >= 0; c = d.nodes[c].next {
		nd := &d.nodes[c]
		if d.keyEq(c, name) {
			continue
		}
		if !first {
			out = append(out, ',')
		}
		first = false
		out = append(out, d.src[nd.kstart-1:nd.end]...)
	}
	return append(out, '}')
}

// ForEachElement parses the JSON array src one element at a time into a reused Doc and
// calls fn with the element's index and root value; the value is only valid during the
// call. It keeps memory flat for arrays of any length.
func ForEachElement(src []byte, fn func(i int, elem Value) error) error {
	var d Doc
	d.src = src
	p := parser{src: src, doc: &d}
	p.skipSpace()
	if p.pos >= len(src) || src[p.pos] != '[' {
		return p.errorf("array expected")
	}
	p.pos++
	p.skipSpace()
	if p.pos < len(src) && src[p.pos] == ']' {
		p.pos++
		p.skipSpace()
		if p.pos != len(src) {
			return p.errorf("unexpected %q after the array", src[p.pos])
		}
		return nil
	}
	for i := 0; ; i++ {
		p.skipSpace()
		d.nodes = d.nodes[:0]
		if _, err := p.value(1); err != nil {
			return err
		}
		if err := fn(i, d.Root()); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(src) {
			return p.errorf("unterminated array")
		}
		switch src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.skipSpace()
			if p.pos != len(src) {
				return p.errorf("unexpected %q after the array", src[p.pos])
			}
			return nil
		default:
			return p.errorf("',' or ']' expected in array")
		}
	}
}
