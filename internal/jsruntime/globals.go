package jsruntime

import (
	"encoding/base64"
	"math"
	neturl "net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
	nodeurl "github.com/dop251/goja_nodejs/url"

	"github.com/nango-go/nango/internal/jsruntime/modules/buffer"
)

// installURL sets the URL and URLSearchParams globals from goja_nodejs/url (WHATWG URL on
// Go's net/url) and keeps its exports for require('url').
func (r *Runtime) installURL() {
	vm := r.vm
	module := vm.NewObject()
	exports := vm.NewObject()
	_ = module.Set("exports", exports)
	nodeurl.Require(vm, module)
	r.urlExports = module.Get("exports").ToObject(vm)

	// goja_nodejs resolves relative references wrongly ("../x" against /a/b/c gives /x);
	// resolve them with net/url first (RFC 3986, what WHATWG URL does for these cases).
	wrapV, err := vm.RunProgram(urlWrapperProgram)
	if err != nil {
		panic(err)
	}
	wrap, _ := goja.AssertFunction(wrapV)
	fixed, err := wrap(goja.Undefined(), r.urlExports.Get("URL"), vm.ToValue(resolveURLReference))
	if err != nil {
		panic(err)
	}
	_ = r.urlExports.Set("URL", fixed)
	_ = vm.Set("URL", r.urlExports.Get("URL"))
	_ = vm.Set("URLSearchParams", r.urlExports.Get("URLSearchParams"))
}

var urlWrapperProgram = goja.MustCompile("nango:url.js", `(function (Base, resolve) {
  return class URL extends Base {
    constructor(input, base) {
      if (base === undefined) super(input);
      else super(resolve(String(input), String(base)), String(base));
    }
  };
})`, true)

// resolveURLReference returns ref resolved against base, or ref unchanged when either does not
// parse (the URL constructor then reports the error).
func resolveURLReference(ref, base string) string {
	b, err := neturl.Parse(base)
	if err != nil || !b.IsAbs() {
		return ref
	}
	u, err := neturl.Parse(ref)
	if err != nil || u.IsAbs() {
		return ref
	}
	return b.ResolveReference(u).String()
}

// installTimers sets setTimeout/setInterval/setImmediate and their clear functions on top of
// the event loop. Ids are numbers, as in browsers (Node returns objects, but scripts only pass
// them back to clear*).
func (r *Runtime) installTimers() {
	vm := r.vm
	schedule := func(call goja.FunctionCall, repeat, immediate bool) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			e := vm.NewTypeError(`The "callback" argument must be of type function. Received ` + r.Inspect(call.Argument(0)))
			_ = e.Set("code", "ERR_INVALID_ARG_TYPE")
			panic(e)
		}
		var delay time.Duration
		var extra []goja.Value
		if immediate {
			extra = append(extra, call.Arguments[min(1, len(call.Arguments)):]...)
		} else {
			// Node: a delay that is not a number in [1, 2^31-1] becomes 1 ms.
			ms := call.Argument(1).ToFloat()
			if math.IsNaN(ms) || ms < 1 || ms > math.MaxInt32 {
				ms = 1
			}
			delay = time.Duration(ms * float64(time.Millisecond))
			extra = append(extra, call.Arguments[min(2, len(call.Arguments)):]...)
		}
		id := r.loop.SetTimer(delay, repeat, func() error {
			_, err := fn(goja.Undefined(), extra...)
			return err
		})
		return vm.ToValue(id)
	}
	clear := func(call goja.FunctionCall) goja.Value {
		if v := call.Argument(0); !goja.IsUndefined(v) && !goja.IsNull(v) {
			r.loop.ClearTimer(int(v.ToInteger()))
		}
		return goja.Undefined()
	}
	set := func(name string, fn func(goja.FunctionCall) goja.Value) {
		_ = vm.GlobalObject().DefineDataProperty(name, vm.ToValue(fn), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	set("setTimeout", func(c goja.FunctionCall) goja.Value { return schedule(c, false, false) })
	set("setInterval", func(c goja.FunctionCall) goja.Value { return schedule(c, true, false) })
	set("setImmediate", func(c goja.FunctionCall) goja.Value { return schedule(c, false, true) })
	set("clearTimeout", clear)
	set("clearInterval", clear)
	set("clearImmediate", clear)
}

// installBase64 sets atob/btoa (the WHATWG "forgiving base64" rules).
func (r *Runtime) installBase64() {
	vm := r.vm
	invalidChar := func(msg string) *goja.Object {
		e := r.NewError(msg, map[string]any{"name": "InvalidCharacterError", "code": 5})
		return e
	}
	_ = vm.Set("btoa", func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) == 0 {
			panic(vm.NewTypeError(`The "data" argument must be specified`))
		}
		s := call.Argument(0).String()
		b := make([]byte, 0, len(s))
		for _, c := range s {
			if c > 0xff {
				panic(invalidChar("Invalid character"))
			}
			b = append(b, byte(c))
		}
		return vm.ToValue(base64.StdEncoding.EncodeToString(b))
	})
	_ = vm.Set("atob", func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) == 0 {
			panic(vm.NewTypeError(`The "data" argument must be specified`))
		}
		s := strings.Map(func(c rune) rune {
			switch c {
			case ' ', '\t', '\n', '\f', '\r':
				return -1
			}
			return c
		}, call.Argument(0).String())
		if len(s)%4 == 0 && strings.HasSuffix(s, "=") {
			s = strings.TrimSuffix(strings.TrimSuffix(s, "="), "=")
		}
		if len(s)%4 == 1 {
			panic(invalidChar("The string to be decoded is not correctly encoded."))
		}
		b, err := base64.RawStdEncoding.DecodeString(s)
		if err != nil {
			panic(invalidChar("The string to be decoded is not correctly encoded."))
		}
		return vm.ToValue(buffer.Encode(b, buffer.Latin1))
	})
}

// installEncoding adds the Go halves of TextEncoder/TextDecoder to the prelude's host object.
func (r *Runtime) installEncoding(host *goja.Object) {
	vm := r.vm
	u8, _ := goja.AssertConstructor(vm.Get("Uint8Array"))
	_ = host.Set("encodeUTF8", func(s string) goja.Value {
		v, err := u8(nil, vm.ToValue(vm.NewArrayBuffer([]byte(s))))
		if err != nil {
			panic(err)
		}
		return v
	})
	_ = host.Set("encodeInto", func(s string, dest goja.Value) goja.Value {
		b, ok := buffer.Bytes(vm, dest)
		if !ok {
			panic(vm.NewTypeError(`The "dest" argument must be an instance of Uint8Array.`))
		}
		read, written := 0, 0
		for _, c := range s {
			n := utf8.RuneLen(c)
			if n < 0 {
				c, n = utf8.RuneError, 3
			}
			if written+n > len(b) {
				break
			}
			utf8.EncodeRune(b[written:], c)
			written += n
			read++
			if c > 0xffff {
				read++ // two UTF-16 code units
			}
		}
		return vm.NewArray(read, written)
	})
	_ = host.Set("decodeUTF8", func(input goja.Value, fatal, ignoreBOM bool) string {
		b, ok := buffer.Bytes(vm, input)
		if !ok {
			panic(vm.NewTypeError(`The "input" argument must be an instance of ArrayBuffer or ArrayBufferView.`))
		}
		if !ignoreBOM && len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
			b = b[3:]
		}
		if fatal && !utf8.Valid(b) {
			e := vm.NewTypeError("The encoded data was not valid for encoding utf-8")
			_ = e.Set("code", "ERR_ENCODING_INVALID_ENCODED_DATA")
			panic(e)
		}
		return buffer.Encode(b, buffer.UTF8)
	})
}
