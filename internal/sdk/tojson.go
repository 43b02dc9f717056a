package sdk

import (
	"math"
	"strconv"
	"strings"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/pkg/jsjson"
)

// Batch calls hand the script's records to Go as JSON text. goja's JSON.stringify is the
// largest single cost of a big sync (it quotes strings rune by rune into a bytes.Buffer,
// then the text is copied into a JS string and again into a Go string), so plain data
// (what records nearly always are: objects, arrays, strings, numbers, booleans, null,
// Dates) is written here straight into bytes, with JSON.stringify's rules. Anything else
// (toJSON methods, boxed primitives, class instances, Maps, typed arrays, cycles, BigInts,
// strings with lone surrogates, proxies) makes the plain path give up, and the caller falls
// back to JSON.stringify for the whole value, so the text is always what JSON.stringify
// produces.
//
// goja's public API lists an object's enumerable keys through a closure per key (Keys),
// which costs as much as JSON.stringify itself; GetOwnPropertyNames is several times
// cheaper but also lists non-enumerable properties. An ordinary object only gets those
// through Object.defineProperty/defineProperties/create or Reflect.defineProperty, so
// nango.js wraps these to report such objects (and every Proxy, which can fake anything) to
// the host: a reported object takes the slow, exact path (Keys) or, for a proxy, the
// fallback.

// shapeMarks are the objects the plain path must not trust GetOwnPropertyNames for.
type shapeMarks struct {
	hidden  map[*goja.Object]struct{} // may have non-enumerable own properties
	proxies map[*goja.Object]struct{}
}

func (m *shapeMarks) markHidden(o *goja.Object) {
	if o == nil {
		return
	}
	if m.hidden == nil {
		m.hidden = map[*goja.Object]struct{}{}
	}
	m.hidden[o] = struct{}{}
}

func (m *shapeMarks) markProxy(o *goja.Object) {
	if o == nil {
		return
	}
	if m.proxies == nil {
		m.proxies = map[*goja.Object]struct{}{}
	}
	m.proxies[o] = struct{}{}
}

// plainJSON holds what one serialization needs to recognise plain values.
type plainJSON struct {
	vm        *goja.Runtime
	objProto  *goja.Object
	arrProto  *goja.Object
	dateProto *goja.Object
	marks     *shapeMarks
	stack     []*goja.Object
}

func newPlainJSON(vm *goja.Runtime, marks *shapeMarks) *plainJSON {
	proto := func(name string) *goja.Object {
		c, ok := vm.Get(name).(*goja.Object)
		if !ok {
			return nil
		}
		p, _ := c.Get("prototype").(*goja.Object)
		return p
	}
	if marks == nil {
		return nil
	}
	p := &plainJSON{vm: vm, objProto: proto("Object"), arrProto: proto("Array"), dateProto: proto("Date"), marks: marks}
	// A toJSON added to a built-in prototype changes what JSON.stringify writes for every
	// value: leave such runs to JSON.stringify.
	for _, o := range []*goja.Object{p.objProto, p.arrProto} {
		if o == nil || !isAbsent(o.Get("toJSON")) {
			return nil
		}
	}
	return p
}

func isAbsent(v goja.Value) bool { return v == nil || goja.IsUndefined(v) }

// maxPlainDepth bounds nesting; deeper values go to JSON.stringify (which reports cycles).
const maxPlainDepth = 200

// appendValue appends v as JSON.stringify writes it as an array element or property value.
// skip is true when v is omitted from an object (undefined, functions, symbols); in an array
// the caller writes null instead.
func (p *plainJSON) appendValue(dst []byte, v goja.Value) (out []byte, skip, ok bool) {
	switch x := v.(type) {
	case nil:
		return dst, true, true
	case *goja.Symbol:
		return dst, true, true
	case *goja.Object:
		if _, isFn := goja.AssertFunction(x); isFn {
			return dst, true, true
		}
		out, ok = p.appendObject(dst, x)
		return out, false, ok
	}
	if goja.IsUndefined(v) {
		return dst, true, true
	}
	if goja.IsNull(v) {
		return append(dst, "null"...), false, true
	}
	switch e := v.Export().(type) {
	case string:
		if strings.ContainsRune(e, '\uFFFD') {
			// Possibly a lone surrogate that the Go string lost: JSON.stringify escapes it.
			return dst, false, false
		}
		return jsjson.AppendQuoted(dst, e), false, true
	case int64:
		return strconv.AppendInt(dst, e, 10), false, true
	case float64:
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return append(dst, "null"...), false, true
		}
		return jsjson.AppendNumber(dst, e), false, true
	case bool:
		return strconv.AppendBool(dst, e), false, true
	}
	return dst, false, false
}

func (p *plainJSON) appendObject(dst []byte, o *goja.Object) ([]byte, bool) {
	if len(p.stack) >= maxPlainDepth {
		return dst, false
	}
	for _, s := range p.stack {
		if s == o {
			return dst, false
		}
	}
	if _, isProxy := p.marks.proxies[o]; isProxy {
		return dst, false
	}
	proto := o.Prototype()
	switch {
	case proto == p.arrProto && o.ClassName() == "Array":
		return p.appendArray(dst, o)
	case proto == p.dateProto && o.ClassName() == "Date":
		return p.appendDate(dst, o)
	case (proto == p.objProto || proto == nil) && o.ClassName() == "Object":
	default:
		return dst, false
	}
	if !isAbsent(o.Get("toJSON")) {
		return dst, false
	}
	p.stack = append(p.stack, o)
	defer func() { p.stack = p.stack[:len(p.stack)-1] }()
	var keys []string
	if _, hidden := p.marks.hidden[o]; hidden {
		keys = o.Keys()
	} else {
		keys = o.GetOwnPropertyNames()
	}
	dst = append(dst, '{')
	first := true
	for _, k := range keys {
		start := len(dst)
		if !first {
			dst = append(dst, ',')
		}
		dst = jsjson.AppendQuoted(dst, k)
		dst = append(dst, ':')
		var skip, ok bool
		dst, skip, ok = p.appendValue(dst, o.Get(k))
		if !ok {
			return dst, false
		}
		if skip {
			dst = dst[:start]
			continue
		}
		first = false
	}
	return append(dst, '}'), true
}

func (p *plainJSON) appendArray(dst []byte, o *goja.Object) ([]byte, bool) {
	if !isAbsent(o.Get("toJSON")) {
		return dst, false
	}
	p.stack = append(p.stack, o)
	defer func() { p.stack = p.stack[:len(p.stack)-1] }()
	n := o.Get("length").ToInteger()
	dst = append(dst, '[')
	var idx []byte
	for i := int64(0); i < n; i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		idx = strconv.AppendInt(idx[:0], i, 10)
		var skip, ok bool
		dst, skip, ok = p.appendValue(dst, o.Get(string(idx)))
		if !ok {
			return dst, false
		}
		if skip {
			dst = append(dst, "null"...)
		}
	}
	return append(dst, ']'), true
}

// appendDate writes a Date as its toJSON does: the ISO string, or null when invalid.
func (p *plainJSON) appendDate(dst []byte, o *goja.Object) ([]byte, bool) {
	if !isAbsent(o.Get("toJSON")) && o.Get("toJSON") != p.dateProto.Get("toJSON") {
		return dst, false
	}
	ms := o.Get("valueOf")
	if f, isFn := goja.AssertFunction(ms); isFn {
		v, err := f(o)
		if err != nil {
			return dst, false
		}
		n := v.ToFloat()
		if math.IsNaN(n) {
			return append(dst, "null"...), true
		}
		// Years 0–9999 only: goja writes other years unlike the spec's expanded form, and
		// JSON.stringify (the fallback) is what the text must match.
		if n >= minISO4DigitMs && n <= maxISO4DigitMs {
			if s, ok := jsjson.ISODate(n); ok {
				return jsjson.AppendQuoted(dst, s), true
			}
		}
		return dst, false
	}
	return dst, false
}

// The ms range of years 0000–9999.
const (
	minISO4DigitMs = -62167219200000
	maxISO4DigitMs = 253402300799999
)

// recordsJSON serializes a batch call's records argument the way JSON.stringify does; nil
// for undefined (no records). It takes the plain path when it can.
func (n *Nango) recordsJSON(v goja.Value) ([]byte, error) {
	if v == nil || goja.IsUndefined(v) {
		return nil, nil
	}
	if p := newPlainJSON(n.rt.VM(), n.marks); p != nil {
		buf := make([]byte, 0, n.batchSizeHint)
		if out, skip, ok := p.appendValue(buf, v); ok {
			if skip {
				return nil, nil
			}
			if len(out) > n.batchSizeHint {
				n.batchSizeHint = len(out)
			}
			return out, nil
		}
	}
	return n.rt.ToJSON(v)
}
