package jsjson

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 10000

// SyntaxError is returned for text JSON.parse would reject; Offset is the byte offset of the
// problem and Line/Column (1-based) locate it for a person.
type SyntaxError struct {
	Msg          string
	Offset       int
	Line, Column int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Parse reads JSON text as JavaScript's JSON.parse does: strict RFC 8259 syntax, numbers as
// float64 (out-of-range ones become ±Infinity, "-0" stays -0), later duplicate keys replace
// earlier ones in the earlier place, and object properties in JavaScript order. A UTF-8 BOM
// is not accepted (JSON.parse rejects it too); use TrimBOM for files.
func Parse(text []byte) (Value, error) {
	p := parser{src: text}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return Value{}, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return Value{}, p.errorf("unexpected %s after the JSON value", p.describe())
	}
	return v, nil
}

// ParseString is Parse for a string.
func ParseString(text string) (Value, error) { return Parse([]byte(text)) }

// TrimBOM drops a leading UTF-8 byte order mark (editors on Windows add one to files).
func TrimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

type parser struct {
	src []byte
	pos int
}

func (p *parser) errorf(format string, args ...any) error {
	line, col := 1, 1
	for i := 0; i < p.pos && i < len(p.src); i++ {
		if p.src[i] == '\n' {
			line++
			col = 1
		} else if p.src[i]&0xC0 != 0x80 {
			col++
		}
	}
	return &SyntaxError{Msg: fmt.Sprintf(format, args...), Offset: p.pos, Line: line, Column: col}
}

func (p *parser) describe() string {
	if p.pos >= len(p.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.src[p.pos:])
	return strconv.QuoteRune(r)
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

func (p *parser) value(depth int) (Value, error) {
	if depth > maxDepth {
		return Value{}, p.errorf("nesting deeper than %d levels", maxDepth)
	}
	if p.pos >= len(p.src) {
		return Value{}, p.errorf("unexpected end of input, expected a value")
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.string()
		return Value{Kind: String, Str: s}, err
	case c == 't':
		return p.literal("true", Value{Kind: Bool, Bool: true})
	case c == 'f':
		return p.literal("false", Value{Kind: Bool})
	case c == 'n':
		return p.literal("null", Value{Kind: Null})
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return Value{}, p.errorf("unexpected %s, expected a value", p.describe())
}

func (p *parser) literal(word string, v Value) (Value, error) {
	if len(p.src)-p.pos >= len(word) && string(p.src[p.pos:p.pos+len(word)]) == word {
		p.pos += len(word)
		return v, nil
	}
	return Value{}, p.errorf("unexpected %s, expected a value", p.describe())
}

func (p *parser) number() (Value, error) {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.pos < len(p.src) && p.src[p.pos] == '0' {
		p.pos++
	} else if digits() == 0 {
		return Value{}, p.errorf("malformed number")
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return Value{}, p.errorf("malformed number: no digits after the decimal point")
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return Value{}, p.errorf("malformed number: no digits in the exponent")
		}
	}
	f, err := strconv.ParseFloat(string(p.src[start:p.pos]), 64)
	if err != nil {
		// Only a range error is possible after the checks above; ParseFloat then returns
		// ±Inf or ±0, which is what JSON.parse gives as well.
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return Value{}, p.errorf("malformed number")
		}
	}
	return Value{Kind: Number, Num: f}, nil
}

func (p *parser) string() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes.
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '"' {
			s := p.src[start:p.pos]
			p.pos++
			if !utf8.Valid(s) {
				return toValidString(s), nil
			}
			return string(s), nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", p.errorf("control character %U in a string must be escaped", rune(c))
		}
		p.pos++
	}
	buf := append([]byte(nil), p.src[start:p.pos]...)
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			if !utf8.Valid(buf) {
				return toValidKeepingSurrogates(buf), nil
			}
			return string(buf), nil
		case c < 0x20:
			return "", p.errorf("control character %U in a string must be escaped", rune(c))
		case c != '\\':
			buf = append(buf, c)
			p.pos++
			continue
		}
		p.pos++
		if p.pos >= len(p.src) {
			break
		}
		e := p.src[p.pos]
		p.pos++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.errorf("bad \\u escape")
			}
			if utf16.IsSurrogate(r) && r < 0xDC00 && p.pos+6 <= len(p.src) && p.src[p.pos] == '\\' && p.src[p.pos+1] == 'u' {
				save := p.pos
				p.pos += 2
				if r2, ok := p.hex4(); ok && r2 >= 0xDC00 && r2 <= 0xDFFF {
					buf = utf8.AppendRune(buf, utf16.DecodeRune(r, r2))
					continue
				}
				p.pos = save
			}
			buf = appendWTF8(buf, r)
		default:
			p.pos--
			return "", p.errorf("bad escape \\%c", e)
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *parser) hex4() (rune, bool) {
	if p.pos+4 > len(p.src) {
		return 0, false
	}
	var r rune
	for _, c := range p.src[p.pos : p.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	p.pos += 4
	return r, true
}

// appendWTF8 appends r; a lone surrogate is written in its 3-byte generalised UTF-8 form,
// which utf8.AppendRune would replace by U+FFFD.
func appendWTF8(buf []byte, r rune) []byte {
	if utf16.IsSurrogate(r) {
		return append(buf, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
	}
	return utf8.AppendRune(buf, r)
}

// toValidString replaces invalid UTF-8 in raw (unescaped) string bytes by U+FFFD, as a
// decoder of the file's bytes would.
func toValidString(b []byte) string {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		out = utf8.AppendRune(out, r)
		b = b[n:]
	}
	return string(out)
}

// toValidKeepingSurrogates is toValidString but keeps surrogates written by appendWTF8.
func toValidKeepingSurrogates(b []byte) string {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		if isWTF8Surrogate(b) {
			out = append(out, b[:3]...)
			b = b[3:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		out = utf8.AppendRune(out, r)
		b = b[n:]
	}
	return string(out)
}

// isWTF8Surrogate reports whether b starts with a surrogate code point in generalised UTF-8.
func isWTF8Surrogate(b []byte) bool {
	return len(b) >= 3 && b[0] == 0xED && b[1] >= 0xA0 && b[1] <= 0xBF && b[2]&0xC0 == 0x80
}

func (p *parser) array(depth int) (Value, error) {
	p.pos++
	v := Value{Kind: Array, Items: []Value{}}
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		p.skipSpace()
		item, err := p.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		v.Items = append(v.Items, item)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return Value{}, p.errorf("unexpected end of input in an array")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return Value{}, p.errorf("unexpected %s in an array, expected ',' or ']'", p.describe())
		}
	}
}

func (p *parser) object(depth int) (Value, error) {
	p.pos++
	v := Value{Kind: Object, Members: []Member{}}
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	var seen map[string]int // built lazily for larger objects
	hasIndex := false
	for {
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return Value{}, p.errorf("unexpected %s in an object, expected a property name in double quotes", p.describe())
		}
		key, err := p.string()
		if err != nil {
			return Value{}, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return Value{}, p.errorf("unexpected %s after a property name, expected ':'", p.describe())
		}
		p.pos++
		p.skipSpace()
		val, err := p.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		dup := -1
		if seen != nil {
			if i, ok := seen[key]; ok {
				dup = i
			}
		} else {
			for i := range v.Members {
				if v.Members[i].Key == key {
					dup = i
					break
				}
			}
		}
		if dup >= 0 {
			v.Members[dup].Value = val
		} else {
			if !hasIndex {
				_, hasIndex = ArrayIndex(key)
			}
			v.Members = append(v.Members, Member{key, val})
			if seen != nil {
				seen[key] = len(v.Members) - 1
			} else if len(v.Members) == 16 {
				seen = make(map[string]int, 32)
				for i, m := range v.Members {
					seen[m.Key] = i
				}
			}
		}
		p.skipSpace()
		if p.pos >= len(p.src) {
			return Value{}, p.errorf("unexpected end of input in an object")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			if hasIndex {
				orderIndexKeysFirst(v.Members)
			}
			return v, nil
		default:
			return Value{}, p.errorf("unexpected %s in an object, expected ',' or '}'", p.describe())
		}
	}
}

// orderIndexKeysFirst arranges members in JavaScript property order: integer-like keys
// ascending, then the others in insertion order.
func orderIndexKeysFirst(ms []Member) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, aok := ArrayIndex(ms[i].Key)
		b, bok := ArrayIndex(ms[j].Key)
		if aok && bok {
			return a < b
		}
		return aok && !bok
	})
}

// isInteger reports whether f is a finite whole number.
func isInteger(f float64) bool { return f == math.Trunc(f) && !math.IsInf(f, 0) }
