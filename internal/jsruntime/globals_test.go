package jsruntime

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"hash"
	"strings"
	"testing"
)

func TestBufferEncodings(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	text := "héllo, wörld ✓ 𝄞"
	b := []byte(text)
	latin1 := func(bs []byte) string {
		rs := make([]rune, len(bs))
		for i, c := range bs {
			rs[i] = rune(c)
		}
		return string(rs)
	}
	quote := func(s string) string { q, _ := json.Marshal(s); return string(q) }
	tests := []struct {
		expr, want string
	}{
		{`Buffer.from(` + quote(text) + `).toString('hex')`, quote(hex.EncodeToString(b))},
		{`Buffer.from(` + quote(text) + `).toString('base64')`, quote(base64.StdEncoding.EncodeToString(b))},
		{`Buffer.from(` + quote(text) + `).toString('base64url')`, quote(base64.RawURLEncoding.EncodeToString(b))},
		{`Buffer.from(` + quote(text) + `, 'utf-8').toString('latin1')`, quote(latin1(b))},
		{`Buffer.from(` + quote(text) + `).toString('binary')`, quote(latin1(b))},
		{`Buffer.from(` + quote(text) + `).toString('UTF8')`, quote(text)},
		{`Buffer.from(` + quote(hex.EncodeToString(b)) + `, 'hex').toString()`, quote(text)},
		{`Buffer.from(` + quote(base64.StdEncoding.EncodeToString(b)) + `, 'base64').toString()`, quote(text)},
		{`Buffer.from(` + quote(base64.RawURLEncoding.EncodeToString(b)) + `, 'base64url').toString()`, quote(text)},
		{`Buffer.from(` + quote(base64.RawURLEncoding.EncodeToString(b)) + `, 'base64').toString()`, quote(text)},
		{`Buffer.from('aGVs bG8=\n', 'base64').toString()`, `"hello"`},
		{`Buffer.from('caf\u00e9', 'latin1').toString('hex')`, `"636166e9"`},
		{`Buffer.from('abzz', 'hex').length`, `1`},
		{`Buffer.from('hi', 'ucs2').toString('hex')`, `"68006900"`},
		{`Buffer.from([0xff, 0xfe, 0x41]).toString()`, "\"\ufffd\ufffdA\""},
		{`Buffer.from('user:pass').toString('base64')`, `"dXNlcjpwYXNz"`},
		{`Buffer.from('hello').toString('utf8', 1, 3)`, `"el"`},
		{`Buffer.alloc(4).toString('hex')`, `"00000000"`},
		{`Buffer.alloc(5, 'ab').toString()`, `"ababa"`},
		{`Buffer.alloc(3, 7).toString('hex')`, `"070707"`},
		{`Buffer.concat([Buffer.from('ab'), Buffer.from('cd')]).toString()`, `"abcd"`},
		{`Buffer.concat([Buffer.from('ab'), new Uint8Array([99])], 2).toString()`, `"ab"`},
		{`[Buffer.isBuffer(Buffer.from('x')), Buffer.isBuffer(new Uint8Array(1)), Buffer.isBuffer('x')]`, `[true,false,false]`},
		{`[Buffer.byteLength('héllo'), Buffer.byteLength('aGk=', 'base64'), Buffer.byteLength(Buffer.alloc(3))]`, `[6,2,3]`},
		{`[Buffer.from('x') instanceof Uint8Array, Buffer.from('x') instanceof Buffer, Buffer.from('abc').subarray(1) instanceof Buffer]`, `[true,true,true]`},
		{`(() => { const a = Buffer.from('hello'); const s = a.slice(1, 3); s[0] = 0x45; return [a.toString(), s.toString(), s instanceof Buffer]; })()`, `["hEllo","El",true]`},
		{`[Buffer.from('ab').equals(Buffer.from('ab')), Buffer.from('ab').equals(Buffer.from('ac'))]`, `[true,false]`},
		{`[Buffer.compare(Buffer.from('a'), Buffer.from('b')), Buffer.from('b').compare(Buffer.from('a'))]`, `[-1,1]`},
		{`(() => { const b = Buffer.from([1, 2, 3, 4, 5, 6]); return [b.readUInt8(0), b.readUInt16BE(0), b.readUInt16LE(0), b.readUInt32BE(1), b.readUInt32LE(2), b.readInt8(5)]; })()`, `[1,258,513,33752069,100992003,6]`},
		{`JSON.stringify(Buffer.from('hi'))`, `"{\"type\":\"Buffer\",\"data\":[104,105]}"`},
		{`[Buffer.from('hello world').indexOf('o'), Buffer.from('hello world').indexOf('o', 5), Buffer.from('hello').includes('ell'), Buffer.from('hello').indexOf(108)]`, `[4,7,true,2]`},
		{`(() => { const b = Buffer.alloc(6); const n = b.write('hé', 1); return [n, b.toString('hex')]; })()`, `[3,"0068c3a90000"]`},
		{`(() => { const b = Buffer.alloc(4); Buffer.from('xy').copy(b, 1); return b.toString('hex'); })()`, `"00787900"`},
		{`Buffer.from(new Uint8Array([1, 2]).buffer).toString('hex')`, `"0102"`},
		{`Buffer.from(new Uint8Array([1, 2, 3]).buffer, 1, 1).toString('hex')`, `"02"`},
		{`Buffer.from(Buffer.from('abc').subarray(1)).toString()`, `"bc"`},
		{`(() => { const a = Buffer.from('ab'); const b = Buffer.from(a); b[0] = 0x7a; return a.toString() + b.toString(); })()`, `"abzb"`},
		{`Buffer.from('hello').subarray(1, 4).toString('base64')`, `"ZWxs"`},
		{`require('crypto').createHash('sha256').update(Buffer.from('xhello').subarray(1)).digest('hex') === require('crypto').createHash('sha256').update('hello').digest('hex')`, `true`},
		{`[Buffer.isEncoding('utf-8'), Buffer.isEncoding('base64url'), Buffer.isEncoding('nope')]`, `[true,true,false]`},
		{`(() => { try { Buffer.from('x').toString('nope'); } catch (e) { return e.code; } })()`, `"ERR_UNKNOWN_ENCODING"`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if got := evalJSON(t, rt, tt.expr); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCryptoDigests(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	data := "The quick brown fox jumps over the lazy dog ✓"
	key := "s3cr3t-key"
	algs := map[string]func() hash.Hash{"md5": md5.New, "sha1": sha1.New, "sha256": sha256.New, "sha512": sha512.New}
	for name, newHash := range algs {
		h := newHash()
		h.Write([]byte(data))
		sum := h.Sum(nil)
		mac := hmac.New(newHash, []byte(key))
		mac.Write([]byte(data))
		macSum := mac.Sum(nil)
		tests := []struct{ expr, want string }{
			{`require('crypto').createHash('` + name + `').update(` + jsString(data) + `).digest('hex')`, jsString(hex.EncodeToString(sum))},
			{`require('crypto').createHash('` + strings.ToUpper(name) + `').update(` + jsString(data) + `).digest('base64')`, jsString(base64.StdEncoding.EncodeToString(sum))},
			{`require('node:crypto').createHash('` + name + `').update(Buffer.from(` + jsString(data) + `)).digest().toString('hex')`, jsString(hex.EncodeToString(sum))},
			{`(() => { const h = require('crypto').createHash('` + name + `'); for (const part of ` + jsString(data) + `.split(' ')) h.update(part + ' '); return h.digest('hex') === require('crypto').createHash('` + name + `').update(` + jsString(data+" ") + `).digest('hex'); })()`, `true`},
			{`require('crypto').createHmac('` + name + `', ` + jsString(key) + `).update(` + jsString(data) + `).digest('hex')`, jsString(hex.EncodeToString(macSum))},
			{`require('crypto').createHmac('` + name + `', Buffer.from(` + jsString(key) + `)).update(` + jsString(data) + `, 'utf8').digest('base64')`, jsString(base64.StdEncoding.EncodeToString(macSum))},
		}
		for _, tt := range tests {
			t.Run(name+"/"+tt.expr[:min(len(tt.expr), 60)], func(t *testing.T) {
				if got := evalJSON(t, rt, tt.expr); got != tt.want {
					t.Errorf("got %s, want %s", got, tt.want)
				}
			})
		}
	}
	others := []struct{ expr, want string }{
		{`require('crypto').createHash('sha256').update('6869', 'hex').digest('hex') === require('crypto').createHash('sha256').update('hi').digest('hex')`, `true`},
		{`require('crypto').timingSafeEqual(Buffer.from('abc'), Buffer.from('abc'))`, `true`},
		{`require('crypto').timingSafeEqual(Buffer.from('abc'), Buffer.from('abd'))`, `false`},
		{`(() => { try { require('crypto').timingSafeEqual(Buffer.from('a'), Buffer.from('ab')); } catch (e) { return [e.name, e.code]; } })()`, `["RangeError","ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH"]`},
		{`(() => { const b = require('crypto').randomBytes(16); return [b.length, b instanceof Buffer]; })()`, `[16,true]`},
		{`/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(require('crypto').randomUUID())`, `true`},
		{`require('crypto').randomUUID() !== require('crypto').randomUUID()`, `true`},
		{`(() => { const n = require('crypto').randomInt(5, 10); return n >= 5 && n < 10; })()`, `true`},
		{`(() => { try { require('crypto').createHash('whirlpool'); } catch (e) { return e.message; } })()`, `"Digest method not supported: whirlpool"`},
		{`(() => { const h = require('crypto').createHash('md5'); h.digest(); try { h.digest(); } catch (e) { return e.code; } })()`, `"ERR_CRYPTO_HASH_FINALIZED"`},
		{`require('crypto').getRandomValues(new Uint8Array(8)).length`, `8`},
	}
	for _, tt := range others {
		t.Run(tt.expr[:min(len(tt.expr), 70)], func(t *testing.T) {
			if got := evalJSON(t, rt, tt.expr); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Expected values come from node v20 running the same expressions.
func TestURLAndSearchParams(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	tests := []struct{ expr, want string }{
		{`new URLSearchParams({q: 'is:open label:"good first"', per_page: '100'}).toString()`, `"q=is%3Aopen+label%3A%22good+first%22&per_page=100"`},
		{`(() => { const p = new URLSearchParams('b=2&a=1&b=1'); p.append('c', 'x y'); p.sort(); return p.toString(); })()`, `"a=1&b=2&b=1&c=x+y"`},
		{`new URLSearchParams([['a', "~*-._!'()"], ['ü', 'é&=?#/']]).toString()`, `"a=%7E*-._%21%27%28%29&%C3%BC=%C3%A9%26%3D%3F%23%2F"`},
		{`(() => { const p = new URLSearchParams('a=1&a=2&b=3'); p.set('a', '9'); p.delete('b'); return p.toString() + '|' + p.getAll('a').join(',') + '|' + p.has('b'); })()`, `"a=9|9|false"`},
		{`JSON.stringify([...new URLSearchParams('x=%20y+z&w')])`, `"[[\"x\",\" y z\"],[\"w\",\"\"]]"`},
		{`(() => { const u = new URL('https://api.example.com/v1/items?page=1#frag'); u.searchParams.append('cursor', 'a b'); u.pathname = '/v2/items'; return u.toString() + '|' + u.host + '|' + u.origin; })()`, `"https://api.example.com/v2/items?page=1&cursor=a+b#frag|api.example.com|https://api.example.com"`},
		{`new URL('../x?y=1', 'https://h.com/a/b/c').href`, `"https://h.com/a/x?y=1"`},
		{`[new URL('x', 'https://h.com/a/b/c').href, new URL('/x', 'https://h.com/a/b/c').href, new URL('https://o.com/p', 'https://h.com/').href]`, `["https://h.com/a/b/x","https://h.com/x","https://o.com/p"]`},
		{`new URL('https://h.com/a') instanceof URL && require('url').URL === URL`, `true`},
		{`require('url').URLSearchParams === URLSearchParams && require('node:url').URL === URL`, `true`},
	}
	for _, tt := range tests {
		t.Run(tt.expr[:min(len(tt.expr), 60)], func(t *testing.T) {
			if got := evalJSON(t, rt, tt.expr); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestTextEncodingAndBase64(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	tests := []struct{ expr, want string }{
		{`Array.from(new TextEncoder().encode('hé✓'))`, `[104,195,169,226,156,147]`},
		{`new TextEncoder().encode('x') instanceof Uint8Array`, `true`},
		{`new TextDecoder().decode(new TextEncoder().encode('héllo 𝄞'))`, `"héllo 𝄞"`},
		{`new TextDecoder('utf-8').decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x61]).buffer)`, `"a"`},
		{`new TextDecoder('utf-8', {ignoreBOM: true}).decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x61])).length`, `2`},
		{`new TextDecoder().decode(Buffer.from('abc').subarray(1))`, `"bc"`},
		{`new TextDecoder().decode(new Uint8Array([0xff]))`, "\"\ufffd\""},
		{`(() => { try { new TextDecoder('utf-8', {fatal: true}).decode(new Uint8Array([0xff])); } catch (e) { return e.name; } })()`, `"TypeError"`},
		{`(() => { try { new TextDecoder('shift_jis'); } catch (e) { return e.name; } })()`, `"RangeError"`},
		{`(() => { const d = new Uint8Array(4); const r = new TextEncoder().encodeInto('héllo', d); return [r.read, r.written]; })()`, `[3,4]`},
		{`btoa('user:pass')`, `"dXNlcjpwYXNz"`},
		{`atob('dXNlcjpwYXNz')`, `"user:pass"`},
		{`atob(' aGk ')`, `"hi"`},
		{`(() => { try { btoa('✓'); } catch (e) { return e.name; } })()`, `"InvalidCharacterError"`},
		{`(() => { try { atob('a'); } catch (e) { return e.name; } })()`, `"InvalidCharacterError"`},
		{`(() => { const src = {d: new Date(0), m: new Map([['k', [1]]]), s: new Set([1]), n: null, nested: {a: [1, {b: 2}]}}; src.self = src; const c = structuredClone(src); return [c !== src, c.self === c, c.d instanceof Date && c.d.getTime() === 0, c.m.get('k')[0], c.s.has(1), c.nested.a[1].b, c.nested !== src.nested]; })()`, `[true,true,true,1,true,2,true]`},
		{`(() => { try { structuredClone({f() {}}); } catch (e) { return e.name; } })()`, `"DataCloneError"`},
		{`typeof queueMicrotask`, `"function"`},
		// Number#toLocaleString as node v20 prints it with its default (en-US) locale.
		{`[[1234.5],[1234567.891,"en-US"],[-9876543.21],[0.1+0.2],[42],[1234.5678,"en-US",{maximumFractionDigits:2}],[5,"en-US",{minimumFractionDigits:2}],[1234,"en-US",{useGrouping:false}],[-0.0001],[NaN],[Infinity]].map(([n,l,o])=>n.toLocaleString(l,o))`,
			`["1,234.5","1,234,567.891","-9,876,543.21","0.3","42","1,234.57","5.00","1234","-0","NaN","∞"]`},
	}
	for _, tt := range tests {
		t.Run(tt.expr[:min(len(tt.expr), 60)], func(t *testing.T) {
			if got := evalJSON(t, rt, tt.expr); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestConsoleFormatting(t *testing.T) {
	tests := []struct {
		name, code string
		want       []string
	}{
		{"object as JSON", `console.log('user', {id: 1, tags: ['a'], nested: {ok: true}})`, []string{`info: user {"id":1,"tags":["a"],"nested":{"ok":true}}`}},
		{"levels", `console.info('i'); console.debug('d'); console.warn('w'); console.error('e')`, []string{"info: i", "debug: d", "warn: w", "error: e"}},
		{"primitives", `console.log(1, -0, true, null, undefined, 10n, Symbol('s'))`, []string{"info: 1 -0 true null undefined 10n Symbol(s)"}},
		{"format specifiers", `console.log('%s has %d items (%i%%) %j', 'cart', 3, 42.9, {a: 1})`, []string{`info: cart has 3 items (42%) {"a":1}`}},
		{"circular", `const o = {name: 'o'}; o.self = o; o.list = [o]; console.log(o)`, []string{`info: {"name":"o","self":"[Circular]","list":["[Circular]"]}`}},
		{"shared but not circular", `const x = {v: 1}; console.log({a: x, b: x})`, []string{`info: {"a":{"v":1},"b":{"v":1}}`}},
		{"map set date", `console.log({m: new Map([['k', 1]]), s: new Set([1, 2]), d: new Date(0)})`, []string{`info: {"m":{"k":1},"s":[1,2],"d":"1970-01-01T00:00:00.000Z"}`}},
		{"buffer", `console.log(Buffer.from('hi'), {b: Buffer.from([1])})`, []string{`info: <Buffer 68 69> {"b":"<Buffer 01>"}`}},
		{"function", `console.log(function named() {}, () => 1, class K {})`, []string{"info: [Function: named] [Function: (anonymous)] [class K]"}},
		{"nested error", `console.log({err: new TypeError('bad')})`, []string{`info: {"err":{"name":"TypeError","message":"bad"}}`}},
		{"error props", `const e = new Error('http'); e.response = {status: 404}; console.error(e.message, {status: e.response.status})`, []string{`error: http {"status":404}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, logs := newRuntime(t, Options{})
			if _, err := runJS(t, rt, "exports.default = async () => { "+tt.code+" };"); err != nil {
				t.Fatal(err)
			}
			got := logs.all()
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestConsoleErrorHasMessageAndStack(t *testing.T) {
	rt, logs := newRuntime(t, Options{})
	if _, err := runJS(t, rt, `exports.default = async function main() {
  const e = new Error('boom');
  e.code = 'E_BOOM';
  console.error('failed:', e);
};`); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(logs.all(), "\n")
	for _, want := range []string{"error: failed: Error: boom", "    at main (/virtual/build/test.cjs:2:", `{"code":"E_BOOM"}`} {
		if !strings.Contains(got, want) {
			t.Errorf("console output %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "[object Object]") {
		t.Errorf("console output has [object Object]: %q", got)
	}
}
