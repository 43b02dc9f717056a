package sdk

import (
	"context"
	"testing"

	"github.com/dop251/goja"
)

// TestRecordsJSONMatchesStringify checks the plain-data serializer against JSON.stringify,
// and that what it cannot write falls back to JSON.stringify (same text or same error).
func TestRecordsJSONMatchesStringify(t *testing.T) {
	h := newHarness(t, syncProps(), nil)
	rt, n := h.rt, h.n
	cases := []struct {
		src   string
		plain bool // written by the plain path (else JSON.stringify)
	}{
		{`[{ id: '1', name: 'Ada', n: 1, f: 1.5, neg: -0, big: 1e21, small: 1e-7, t: true, z: null, u: undefined, fn() {}, s: Symbol('x') }]`, true},
		{`[1, 'two', null, undefined, () => 1, [ [], {} ], NaN, Infinity, -Infinity, 2 ** 53, 0.1 + 0.2]`, true},
		{`[{ d: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), bad: new Date('nope') }]`, true},
		{`[{ old: new Date(-1e14) }]`, false},
		{`[{ 'quo"te': 'a\\b\n\t\u0001\u2028 é 😀 \u007f', '10': 'ten', '2': 'two', b: 1, a: 2 }]`, true},
		{`[{ s: 'lone \ud800 surrogate' }]`, false},
		{`[{ nested: { deeper: { deepest: [1, { x: 'y' }] } } }]`, true},
		{`[{ toJSON() { return { custom: true }; } }]`, false},
		{`[{ n: new Number(3), s: new String('s'), b: new Boolean(false) }]`, false},
		{`[new Map([[1, 2]]), new Set([1]), new Uint8Array([1, 2])]`, false},
		{`(() => { class R { constructor() { this.id = 'c'; } } return [new R()]; })()`, false},
		{`(() => { const o = Object.create(null); o.id = 'n'; return [o]; })()`, true},
		{`(() => { const o = {}; Object.defineProperty(o, 'hidden', { value: 1, enumerable: false }); o.shown = 2; Object.defineProperty(o, 'g', { get() { return 'got'; }, enumerable: true }); return [o]; })()`, true},
		{`(() => { const o = { a: 1 }; Object.defineProperties(o, { h: { value: 2 }, v: { value: 3, enumerable: true } }); return [o]; })()`, true},
		{`(() => { const o = Object.create(Object.prototype, { h: { value: 2 }, v: { value: 3, enumerable: true } }); return [o]; })()`, true},
		{`(() => { const o = { a: 1 }; Reflect.defineProperty(o, 'h', { value: 2 }); return [o]; })()`, true},
		{`[new Proxy({ a: 1, b: 2 }, { ownKeys() { return ['b']; }, getOwnPropertyDescriptor(t, k) { return { value: t[k], enumerable: true, configurable: true }; } })]`, false},
		{`[Proxy.revocable({ a: 1 }, { get() { return 'trapped'; } }).proxy]`, false},
		{`(() => { const a = [1]; a.extra = 'x'; a[3] = 4; return a; })()`, true},
		{`(() => { const o = { id: 'x' }; o.self = o; return [o]; })()`, false},
		{`[{ id: 10n }]`, false},
		{`'just a string'`, true},
		{`(() => { let d = 0; let o = {}; const root = o; while (d++ < 300) { o.c = {}; o = o.c; } return [root]; })()`, false},
	}
	for _, tc := range cases {
		_, err := rt.Run(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
			v, err := vm.RunString(tc.src)
			if err != nil {
				return nil, err
			}
			want, werr := rt.ToJSON(v)
			got, gerr := n.recordsJSON(v)
			if (werr == nil) != (gerr == nil) {
				t.Errorf("%s: error %v, JSON.stringify %v", tc.src, gerr, werr)
			} else if string(got) != string(want) {
				t.Errorf("%s:\n got %s\nwant %s", tc.src, got, want)
			}
			_, _, ok := newPlainJSON(vm, n.marks).appendValue(nil, v)
			if ok != tc.plain {
				t.Errorf("%s: plain path %v, want %v", tc.src, ok, tc.plain)
			}
			return nil, nil
		})
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
	}
	// The wrapped built-ins behave as before.
	got := h.mustRun(`const o = {}; const r = Object.defineProperty(o, 'x', { value: 1 });
		let threw = false; try { Proxy({}, {}); } catch (e) { threw = e instanceof TypeError; }
		return [r === o, Object.keys(o).length, o.x, Object.defineProperty.name, threw, new Proxy([], {}) instanceof Array, typeof Object.create(null)];`)
	if got != `[true,0,1,"defineProperty",true,true,"object"]` {
		t.Errorf("wrapped built-ins: %s", got)
	}
	// A toJSON on Object.prototype changes every object: the plain path steps aside.
	_, _ = rt.Run(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
		v, _ := vm.RunString(`Object.prototype.toJSON = function () { return 'patched'; }; [{ a: 1 }]`)
		want, _ := rt.ToJSON(v)
		got, _ := n.recordsJSON(v)
		if string(got) != string(want) || string(want) != `"patched"` {
			t.Errorf("patched prototype: got %s want %s", got, want)
		}
		return nil, nil
	})
}
