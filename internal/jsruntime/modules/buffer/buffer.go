// Package buffer installs Node's Buffer global. The constructor, the numeric read/write
// methods and concat come from goja_nodejs/buffer (a Uint8Array subclass, so `instanceof
// Uint8Array` and `instanceof Buffer` both hold); this package adds what scripts use that
// goja_nodejs lacks or spells differently: every Node encoding name (latin1/binary, base64url,
// ascii, utf16le, case-insensitive), isBuffer, byteLength, compare, isEncoding, allocUnsafe,
// toJSON, slice sharing memory, copy, string indexOf/includes, write.
package buffer

import (
	"bytes"
	"reflect"

	"github.com/dop251/goja"
	nodebuffer "github.com/dop251/goja_nodejs/buffer"
)

// API gives Go code (crypto, encoders, the host) access to the installed Buffer.
type API struct {
	vm         *goja.Runtime
	ctor       *goja.Object
	uint8Array *goja.Object
	from       goja.Callable
	api        *nodebuffer.Buffer
}

var typeArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})

// Enable installs the Buffer global and returns the API.
func Enable(vm *goja.Runtime) *API {
	module := vm.NewObject()
	exports := vm.NewObject()
	_ = module.Set("exports", exports)
	nodebuffer.Require(vm, module)
	ctor := exports.Get("Buffer").ToObject(vm)
	a := &API{vm: vm, ctor: ctor, uint8Array: vm.Get("Uint8Array").ToObject(vm)}
	a.from, _ = goja.AssertFunction(ctor.Get("from"))
	_ = vm.Set("Buffer", ctor)
	a.api = nodebuffer.GetApi(vm)
	a.patch()
	return a
}

// Constructor is the Buffer constructor object.
func (a *API) Constructor() *goja.Object { return a.ctor }

// Wrap returns a new Buffer holding data (not copied).
func (a *API) Wrap(data []byte) *goja.Object {
	return a.api.WrapBytes(data)
}

// IsBuffer reports whether v is a Buffer.
func (a *API) IsBuffer(v goja.Value) bool { return a.vm.InstanceOf(v, a.ctor) }

// Bytes returns the bytes behind an ArrayBuffer, a typed array (Buffer included) or a
// DataView, sharing memory with it.
func Bytes(vm *goja.Runtime, v goja.Value) ([]byte, bool) {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil, false
	}
	if o.ExportType() == typeArrayBuffer {
		return o.Export().(goja.ArrayBuffer).Bytes(), true
	}
	bufV := o.Get("buffer")
	if bufV == nil {
		return nil, false
	}
	bo, ok := bufV.(*goja.Object)
	if !ok || bo.ExportType() != typeArrayBuffer {
		return nil, false
	}
	all := bo.Export().(goja.ArrayBuffer).Bytes()
	off := int(o.Get("byteOffset").ToInteger())
	n := int(o.Get("byteLength").ToInteger())
	if off < 0 || n < 0 || off+n > len(all) {
		return nil, false
	}
	return all[off : off+n], true
}

// BytesOrString returns v's bytes when it is binary, or a string decoded with enc (utf8 by
// default). Used by hash.update, Buffer.byteLength and friends.
func (a *API) BytesOrString(v, enc goja.Value) ([]byte, bool) {
	if b, ok := Bytes(a.vm, v); ok {
		return b, true
	}
	if s, ok := v.Export().(string); ok {
		return Decode(s, a.encodingArg(enc, UTF8)), true
	}
	return nil, false
}

// encodingArg reads an optional encoding argument; unknown names throw like Node does.
func (a *API) encodingArg(v goja.Value, def Encoding) Encoding {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return def
	}
	enc, ok := ParseEncoding(v.String())
	if !ok {
		panic(a.typeError("ERR_UNKNOWN_ENCODING", "Unknown encoding: "+v.String()))
	}
	return enc
}

// EncodingArg is encodingArg for other packages: enc may be undefined (then def applies).
func (a *API) EncodingArg(v goja.Value, def Encoding) Encoding { return a.encodingArg(v, def) }

func (a *API) typeError(code, msg string) *goja.Object {
	e := a.vm.NewTypeError(msg)
	_ = e.Set("code", code)
	return e
}

func (a *API) rangeError(msg string) *goja.Object {
	ctor, _ := goja.AssertConstructor(a.vm.Get("RangeError"))
	e, err := ctor(nil, a.vm.ToValue(msg))
	if err != nil {
		panic(err)
	}
	_ = e.Set("code", "ERR_OUT_OF_RANGE")
	return e
}

func (a *API) thisBytes(call goja.FunctionCall) []byte {
	b, ok := Bytes(a.vm, call.This)
	if !ok {
		panic(a.vm.NewTypeError("argument must be a buffer"))
	}
	return b
}

func (a *API) requireBytes(v goja.Value, name string) []byte {
	b, ok := Bytes(a.vm, v)
	if !ok {
		panic(a.typeError("ERR_INVALID_ARG_TYPE", `The "`+name+`" argument must be an instance of Buffer or Uint8Array.`))
	}
	return b
}

func (a *API) patch() {
	vm := a.vm
	ctor := a.ctor
	proto := ctor.Get("prototype").ToObject(vm)
	origFrom := a.from
	u8proto := a.uint8Array.Get("prototype").ToObject(vm)
	u8indexOf, _ := goja.AssertFunction(u8proto.Get("indexOf"))
	u8subarray, _ := goja.AssertFunction(u8proto.Get("subarray"))

	set := func(o *goja.Object, name string, fn func(goja.FunctionCall) goja.Value) {
		_ = o.DefineDataProperty(name, vm.ToValue(fn), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}

	set(ctor, "from", func(call goja.FunctionCall) goja.Value {
		if s, ok := call.Argument(0).Export().(string); ok {
			return a.Wrap(Decode(s, a.encodingArg(call.Argument(1), UTF8)))
		}
		v, err := origFrom(ctor, call.Arguments...)
		if err != nil {
			panic(err)
		}
		return v
	})
	alloc := func(call goja.FunctionCall) goja.Value {
		size := call.Argument(0)
		if !isNumber(size) || size.ToFloat() < 0 || size.ToFloat() > 1<<32 {
			panic(a.typeError("ERR_INVALID_ARG_TYPE", `The "size" argument must be of type number.`))
		}
		buf := make([]byte, int(size.ToInteger()))
		fill := call.Argument(1)
		switch {
		case goja.IsUndefined(fill):
		case isString(fill):
			pat := Decode(fill.String(), a.encodingArg(call.Argument(2), UTF8))
			if len(pat) > 0 {
				for i := 0; i < len(buf); i += copy(buf[i:], pat) {
				}
			}
		default:
			if pat, ok := Bytes(vm, fill); ok && len(pat) > 0 {
				for i := 0; i < len(buf); i += copy(buf[i:], pat) {
				}
			} else if c := byte(fill.ToInteger()); c != 0 {
				for i := range buf {
					buf[i] = c
				}
			}
		}
		return a.Wrap(buf)
	}
	set(ctor, "alloc", alloc)
	set(ctor, "allocUnsafe", alloc)
	set(ctor, "allocUnsafeSlow", alloc)
	set(ctor, "isBuffer", func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(a.IsBuffer(call.Argument(0)))
	})
	set(ctor, "isEncoding", func(call goja.FunctionCall) goja.Value {
		if !isString(call.Argument(0)) {
			return vm.ToValue(false)
		}
		_, ok := ParseEncoding(call.Argument(0).String())
		return vm.ToValue(ok)
	})
	set(ctor, "byteLength", func(call goja.FunctionCall) goja.Value {
		b, ok := a.BytesOrString(call.Argument(0), call.Argument(1))
		if !ok {
			panic(a.typeError("ERR_INVALID_ARG_TYPE", `The "string" argument must be of type string or an instance of Buffer or ArrayBuffer.`))
		}
		return vm.ToValue(len(b))
	})
	set(ctor, "compare", func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(bytes.Compare(a.requireBytes(call.Argument(0), "buf1"), a.requireBytes(call.Argument(1), "buf2")))
	})

	set(proto, "toString", func(call goja.FunctionCall) goja.Value {
		b := a.thisBytes(call)
		enc := a.encodingArg(call.Argument(0), UTF8)
		start, end := clampRange(call.Argument(1), call.Argument(2), len(b))
		return vm.ToValue(Encode(b[start:end], enc))
	})
	set(proto, "toJSON", func(call goja.FunctionCall) goja.Value {
		b := a.thisBytes(call)
		data := make([]any, len(b))
		for i, c := range b {
			data[i] = int64(c)
		}
		o := vm.NewObject()
		_ = o.Set("type", "Buffer")
		_ = o.Set("data", vm.NewArray(data...))
		return o
	})
	// Node's slice shares memory (unlike Uint8Array#slice); subarray keeps the Buffer species.
	set(proto, "slice", func(call goja.FunctionCall) goja.Value {
		v, err := u8subarray(call.This, call.Arguments...)
		if err != nil {
			panic(err)
		}
		return v
	})
	set(proto, "compare", func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(bytes.Compare(a.thisBytes(call), a.requireBytes(call.Argument(0), "target")))
	})
	set(proto, "copy", func(call goja.FunctionCall) goja.Value {
		src := a.thisBytes(call)
		dst := a.requireBytes(call.Argument(0), "target")
		ts := intArg(call.Argument(1), 0)
		ss := intArg(call.Argument(2), 0)
		se := intArg(call.Argument(3), len(src))
		if ts < 0 || ss < 0 {
			panic(a.rangeError("The value of \"targetStart\" is out of range."))
		}
		se = min(se, len(src))
		if ts >= len(dst) || ss >= se {
			return vm.ToValue(0)
		}
		return vm.ToValue(copy(dst[ts:], src[ss:se]))
	})
	set(proto, "write", func(call goja.FunctionCall) goja.Value {
		b := a.thisBytes(call)
		// write(string[, offset[, length]][, encoding])
		args := call.Arguments[min(1, len(call.Arguments)):]
		var enc goja.Value = goja.Undefined()
		if n := len(args); n > 0 && isString(args[n-1]) {
			enc = args[n-1]
			args = args[:n-1]
		}
		off := 0
		if len(args) > 0 {
			off = intArg(args[0], 0)
		}
		if off < 0 || off > len(b) {
			panic(a.rangeError(`The value of "offset" is out of range.`))
		}
		limit := len(b) - off
		if len(args) > 1 {
			limit = min(limit, max(intArg(args[1], limit), 0))
		}
		data := Decode(call.Argument(0).String(), a.encodingArg(enc, UTF8))
		return vm.ToValue(copy(b[off:off+limit], data))
	})
	indexOf := func(call goja.FunctionCall) int {
		needle := call.Argument(0)
		if isNumber(needle) {
			v, err := u8indexOf(call.This, call.Arguments...)
			if err != nil {
				panic(err)
			}
			return int(v.ToInteger())
		}
		b := a.thisBytes(call)
		var enc goja.Value = goja.Undefined()
		start := 0
		if isString(call.Argument(1)) {
			enc = call.Argument(1)
		} else {
			start = intArg(call.Argument(1), 0)
			enc = call.Argument(2)
		}
		if start < 0 {
			start = max(len(b)+start, 0)
		}
		if start > len(b) {
			return -1
		}
		nb, ok := a.BytesOrString(needle, enc)
		if !ok {
			panic(a.typeError("ERR_INVALID_ARG_TYPE", `The "value" argument must be one of type number or string or an instance of Buffer or Uint8Array.`))
		}
		i := bytes.Index(b[start:], nb)
		if i < 0 {
			return -1
		}
		return i + start
	}
	set(proto, "indexOf", func(call goja.FunctionCall) goja.Value { return vm.ToValue(indexOf(call)) })
	set(proto, "includes", func(call goja.FunctionCall) goja.Value { return vm.ToValue(indexOf(call) >= 0) })
}

func isNumber(v goja.Value) bool {
	switch v.Export().(type) {
	case int64, float64:
		return true
	}
	return false
}

func isString(v goja.Value) bool {
	_, ok := v.Export().(string)
	return ok
}

func intArg(v goja.Value, def int) int {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return def
	}
	f := v.ToFloat()
	if f != f {
		return def
	}
	return int(v.ToInteger())
}

// clampRange applies Node's toString(enc, start, end) coercions.
func clampRange(startV, endV goja.Value, n int) (int, int) {
	start := max(intArg(startV, 0), 0)
	end := intArg(endV, n)
	end = min(end, n)
	if start >= end {
		return 0, 0
	}
	return start, end
}
