// Package crypto is the `crypto` module scripts may require, implemented in Go (goja and
// goja_nodejs have none). It covers what integration scripts use: createHash, createHmac,
// randomUUID, randomBytes, randomInt, timingSafeEqual, getHashes and getRandomValues. Anything
// else (ciphers, signing, webcrypto subtle) is absent, so a script using it fails with a
// TypeError at the call rather than getting a wrong answer.
package crypto

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime/modules/buffer"
)

var algorithms = map[string]func() hash.Hash{
	"md5":    md5.New,
	"sha1":   sha1.New,
	"sha224": sha256.New224,
	"sha256": sha256.New,
	"sha384": sha512.New384,
	"sha512": sha512.New,
}

// Algorithm returns the hash constructor for a Node algorithm name ("sha256", "SHA-256",
// "RSA-SHA256" all work).
func Algorithm(name string) (func() hash.Hash, bool) {
	n := strings.ToLower(name)
	n = strings.TrimPrefix(n, "rsa-")
	n = strings.ReplaceAll(n, "-", "")
	f, ok := algorithms[n]
	return f, ok
}

// New builds the module's exports. rand supplies randomness (crypto/rand.Reader in
// production, a fixed stream in tests).
func New(vm *goja.Runtime, buf *buffer.API, rand io.Reader) *goja.Object {
	m := &module{vm: vm, buf: buf, rand: rand}
	exports := vm.NewObject()
	_ = exports.Set("createHash", m.createHash)
	_ = exports.Set("createHmac", m.createHmac)
	_ = exports.Set("randomUUID", m.randomUUID)
	_ = exports.Set("randomBytes", m.randomBytes)
	_ = exports.Set("randomInt", m.randomInt)
	_ = exports.Set("timingSafeEqual", m.timingSafeEqual)
	_ = exports.Set("getRandomValues", m.getRandomValues)
	_ = exports.Set("getHashes", func() []string {
		return []string{"md5", "sha1", "sha224", "sha256", "sha384", "sha512"}
	})
	return exports
}

type module struct {
	vm   *goja.Runtime
	buf  *buffer.API
	rand io.Reader
}

func (m *module) errorWithCode(ctorName, code, msg string) *goja.Object {
	ctor, _ := goja.AssertConstructor(m.vm.Get(ctorName))
	e, err := ctor(nil, m.vm.ToValue(msg))
	if err != nil {
		panic(err)
	}
	_ = e.Set("code", code)
	return e
}

// data reads a string-or-binary argument the way hash.update(data, inputEncoding) does.
func (m *module) data(v, enc goja.Value, what string) []byte {
	b, ok := m.buf.BytesOrString(v, enc)
	if !ok {
		panic(m.errorWithCode("TypeError", "ERR_INVALID_ARG_TYPE",
			fmt.Sprintf("The %q argument must be of type string or an instance of Buffer, TypedArray, or DataView.", what)))
	}
	return b
}

// hashObject wraps a hash.Hash in the update/digest object both createHash and createHmac return.
func (m *module) hashObject(h hash.Hash) *goja.Object {
	o := m.vm.NewObject()
	done := false
	_ = o.Set("update", func(call goja.FunctionCall) goja.Value {
		if done {
			panic(m.errorWithCode("Error", "ERR_CRYPTO_HASH_FINALIZED", "Digest already called"))
		}
		h.Write(m.data(call.Argument(0), call.Argument(1), "data"))
		return o
	})
	_ = o.Set("digest", func(call goja.FunctionCall) goja.Value {
		if done {
			panic(m.errorWithCode("Error", "ERR_CRYPTO_HASH_FINALIZED", "Digest already called"))
		}
		done = true
		sum := h.Sum(nil)
		if enc := call.Argument(0); !goja.IsUndefined(enc) && enc.String() != "buffer" {
			return m.vm.ToValue(buffer.Encode(sum, m.buf.EncodingArg(enc, buffer.Hex)))
		}
		return m.buf.Wrap(sum)
	})
	return o
}

func (m *module) algorithm(v goja.Value) func() hash.Hash {
	f, ok := Algorithm(v.String())
	if !ok {
		panic(m.errorWithCode("Error", "ERR_OSSL_EVP_UNSUPPORTED", "Digest method not supported: "+v.String()))
	}
	return f
}

func (m *module) createHash(call goja.FunctionCall) goja.Value {
	return m.hashObject(m.algorithm(call.Argument(0))())
}

func (m *module) createHmac(call goja.FunctionCall) goja.Value {
	newHash := m.algorithm(call.Argument(0))
	key := m.data(call.Argument(1), goja.Undefined(), "key")
	return m.hashObject(hmac.New(newHash, key))
}

func (m *module) read(n int) []byte {
	b := make([]byte, n)
	if _, err := io.ReadFull(m.rand, b); err != nil {
		panic(m.vm.NewGoError(fmt.Errorf("reading random bytes: %w", err)))
	}
	return b
}

func (m *module) randomUUID() string {
	b := m.read(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (m *module) randomBytes(call goja.FunctionCall) goja.Value {
	size := call.Argument(0)
	n := size.ToFloat()
	if _, isNum := size.Export().(int64); !isNum {
		if _, isFloat := size.Export().(float64); !isFloat {
			panic(m.errorWithCode("TypeError", "ERR_INVALID_ARG_TYPE", `The "size" argument must be of type number.`))
		}
	}
	if n < 0 || n > 1<<31-1 || n != float64(int64(n)) {
		panic(m.errorWithCode("RangeError", "ERR_OUT_OF_RANGE", `The value of "size" is out of range.`))
	}
	b := m.buf.Wrap(m.read(int(n)))
	if cb, ok := goja.AssertFunction(call.Argument(1)); ok {
		// Node calls back asynchronously; a microtask keeps that ordering without the loop.
		then, _ := goja.AssertFunction(m.vm.Get("queueMicrotask"))
		if then == nil {
			_, err := cb(goja.Undefined(), goja.Null(), b)
			if err != nil {
				panic(err)
			}
			return goja.Undefined()
		}
		_, err := then(goja.Undefined(), m.vm.ToValue(func(goja.FunctionCall) goja.Value {
			if _, err := cb(goja.Undefined(), goja.Null(), b); err != nil {
				panic(err)
			}
			return goja.Undefined()
		}))
		if err != nil {
			panic(err)
		}
		return goja.Undefined()
	}
	return b
}

// randomInt([min,] max): uniform integer in [min, max), without modulo bias.
func (m *module) randomInt(call goja.FunctionCall) goja.Value {
	lo, hi := int64(0), call.Argument(0).ToInteger()
	if len(call.Arguments) > 1 {
		if _, isFn := goja.AssertFunction(call.Argument(1)); !isFn {
			lo, hi = call.Argument(0).ToInteger(), call.Argument(1).ToInteger()
		}
	}
	if hi <= lo || hi-lo > 1<<48 {
		panic(m.errorWithCode("RangeError", "ERR_OUT_OF_RANGE", `The value of "max" is out of range. It must be greater than the value of "min".`))
	}
	span := uint64(hi - lo)
	limit := (1 << 48) - (1<<48)%span
	for {
		b := m.read(8)
		v := binary.BigEndian.Uint64(b) >> 16
		if v < limit {
			return m.vm.ToValue(lo + int64(v%span))
		}
	}
}

func (m *module) timingSafeEqual(call goja.FunctionCall) goja.Value {
	a, ok1 := buffer.Bytes(m.vm, call.Argument(0))
	b, ok2 := buffer.Bytes(m.vm, call.Argument(1))
	if !ok1 || !ok2 {
		panic(m.errorWithCode("TypeError", "ERR_INVALID_ARG_TYPE", `The "buf1" and "buf2" arguments must be instances of ArrayBuffer, Buffer, TypedArray, or DataView.`))
	}
	if len(a) != len(b) {
		panic(m.errorWithCode("RangeError", "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH", "Input buffers must have the same byte length"))
	}
	return m.vm.ToValue(subtle.ConstantTimeCompare(a, b) == 1)
}

func (m *module) getRandomValues(call goja.FunctionCall) goja.Value {
	arr := call.Argument(0)
	b, ok := buffer.Bytes(m.vm, arr)
	if !ok {
		panic(m.errorWithCode("TypeError", "ERR_INVALID_ARG_TYPE", `The "typedArray" argument must be an instance of Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array or BigInt64Array.`))
	}
	if len(b) > 65536 {
		panic(m.errorWithCode("RangeError", "QuotaExceededError", "The ArrayBufferView's byte length exceeds the number of bytes of entropy available via this API (65536)"))
	}
	copy(b, m.read(len(b)))
	return arr
}
