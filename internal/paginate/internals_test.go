package paginate

import (
	"testing"

	"github.com/dop251/goja"
)

// internals returns the helper's building blocks (paginate.internals) in a fresh runtime.
func internals(t testing.TB) (*goja.Runtime, *goja.Object) {
	t.Helper()
	vm := goja.New()
	fn, err := Install(vm)
	if err != nil {
		t.Fatal(err)
	}
	return vm, fn.ToObject(vm).Get("internals").ToObject(vm)
}

func call(t testing.TB, vm *goja.Runtime, obj *goja.Object, name string, args ...any) string {
	t.Helper()
	f, ok := goja.AssertFunction(obj.Get(name))
	if !ok {
		t.Fatalf("%s is not a function", name)
	}
	vals := make([]goja.Value, len(args))
	for i, a := range args {
		if s, ok := a.(js); ok {
			v, err := vm.RunString("(" + string(s) + ")")
			if err != nil {
				t.Fatal(err)
			}
			vals[i] = v
			continue
		}
		vals[i] = vm.ToValue(a)
	}
	res, err := f(goja.Undefined(), vals...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if goja.IsUndefined(res) {
		return "undefined"
	}
	stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
	out, err := stringify(goja.Undefined(), res)
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// js marks an argument as JavaScript source (an object literal) rather than a string.
type js string

// Expected values are lodash 4.17 behaviour (toPath / set), checked against lodash itself.
func TestParsePath(t *testing.T) {
	vm, in := internals(t)
	cases := map[string]string{
		`a`:                 `["a"]`,
		`a.b`:               `["a","b"]`,
		`a.b[0].c`:          `["a","b","0","c"]`,
		`a["x.y"]`:          `["a","x.y"]`,
		`a['q\'s']`:         `["a","q's"]`,
		`a[]`:               `["a",""]`,
		`a[].b`:             `["a","","b"]`,
		`.a`:                `["","a"]`,
		`a.`:                `["a",""]`,
		`a..b`:              `["a","","b"]`,
		`..`:                `["","",""]`,
		`a[abc]`:            `["a","abc"]`,
		`a[1.5]`:            `["a","1.5"]`,
		`a[-1]`:             `["a","-1"]`,
		`a.[0]`:             `["a","0"]`,
		`[0]`:               `["0"]`,
		`a["b"c"]`:          `["a","\"b\"c\""]`,
		`a[ 1 ]`:            `["a"," 1 "]`,
		`a]b`:               `["a","b"]`,
		`a[b`:               `["a","b"]`,
		`a\.b`:              `["a\\","b"]`,
		`a["b\\c"]`:         `["a","b\\c"]`,
		`paging.next.after`: `["paging","next","after"]`,
	}
	for in_, want := range cases {
		if got := call(t, vm, in, "parsePath", in_); got != want {
			t.Errorf("parsePath(%q) = %s, want %s", in_, got, want)
		}
	}
}

func TestGetSetPath(t *testing.T) {
	vm, in := internals(t)
	gets := []struct{ obj, path, want string }{
		{`{"a.b": 1, "a": {"b": 2}}`, "a.b", `1`}, // a key written with a dot wins
		{`{"a": {"b": [{"c": 3}]}}`, "a.b[0].c", `3`},
		{`{"a": {"b": [{"c": 3}]}}`, "a.b.0.c", `3`},
		{`{"a": null}`, "a.b", "undefined"},
		{`{"a": "str"}`, "a.length", `3`},
		{`[10, 20]`, "[1]", `20`},
	}
	for _, g := range gets {
		if got := call(t, vm, in, "getPath", js(g.obj), g.path); got != g.want {
			t.Errorf("getPath(%s, %q) = %s, want %s", g.obj, g.path, got, g.want)
		}
	}
	sets := []struct{ obj, path, want string }{
		{`{}`, "a.b", `{"a":{"b":1}}`},
		{`{}`, "a[0].b", `{"a":[{"b":1}]}`},
		{`{}`, "a.0.b", `{"a":[{"b":1}]}`},
		{`{}`, "a[01]", `{"a":{"01":1}}`},
		{`{"a": "str"}`, "a.b", `{"a":{"b":1}}`},
		{`{}`, "__proto__.x", `{}`},
		{`{}`, "a.__proto__.x", `{"a":{}}`},
		{`{"a": {"k": 0}}`, "a.b", `{"a":{"k":0,"b":1}}`},
	}
	for _, s := range sets {
		if got := call(t, vm, in, "setPath", js(s.obj), s.path, 1); got != s.want {
			t.Errorf("setPath(%s, %q) = %s, want %s", s.obj, s.path, got, s.want)
		}
	}
	if got := call(t, vm, in, "getPath", js("{}"), "x"); got != "undefined" {
		t.Errorf("prototype untouched check: %s", got)
	}
	if v, _ := vm.RunString(`({}).x`); !goja.IsUndefined(v) {
		t.Error("setPath polluted Object.prototype")
	}
}

// Expected values follow parse-link-header 2.0 (checked against it) for the url and rel that
// pagination reads; unlike it, the link's query parameters are not copied into the entry.
func TestParseLinkHeader(t *testing.T) {
	vm, in := internals(t)
	cases := map[string]string{
		`<https://api.github.com/repos?page=2>; rel="next", <https://api.github.com/repos?page=5>; rel="last"`: `{"next":{"url":"https://api.github.com/repos?page=2","rel":"next"},"last":{"url":"https://api.github.com/repos?page=5","rel":"last"}}`,
		`</items?page=2>; rel=next`:                 `{"next":{"url":"/items?page=2","rel":"next"}}`,
		`<https://x/a>; rel="next last"; title="t"`: `{"next":{"url":"https://x/a","rel":"next","title":"t"},"last":{"url":"https://x/a","rel":"last","title":"t"}}`,
		`<https://x/a,b>; rel="next"`:               `{"next":{"url":"https://x/a,b","rel":"next"}}`,
		`garbage`:                                   `{}`,
		`<https://x/a>; foo=bar`:                    `{}`,
		``:                                          `null`,
	}
	for h, want := range cases {
		if got := call(t, vm, in, "parseLinkHeader", h); got != want {
			t.Errorf("parseLinkHeader(%q)\n got %s\nwant %s", h, got, want)
		}
	}
}

// Expected values are WHATWG URL results (origin, pathname+search), checked against Node's URL.
func TestAbsoluteURL(t *testing.T) {
	vm, in := internals(t)
	cases := map[string]string{
		"https://a.com/x?y=1#f": `{"origin":"https://a.com","path":"/x?y=1"}`,
		"HTTPS://A.com:443/x":   `{"origin":"https://a.com","path":"/x"}`,
		"http://a.com:8080":     `{"origin":"http://a.com:8080","path":"/"}`,
		"https:a.com/x":         `{"origin":"https://a.com","path":"/x"}`,
		"/x?y":                  `null`,
		"api.com/x":             `null`,
		"localhost:3000/x":      `{"origin":"null","path":"3000/x"}`,
		"https://u:p@a.com/p?":  `{"origin":"https://a.com","path":"/p"}`,
		"https://a.com?x=1":     `{"origin":"https://a.com","path":"/?x=1"}`,
		" https://a.com/x ":     `{"origin":"https://a.com","path":"/x"}`,
		"items?page=2":          `null`,
	}
	for u, want := range cases {
		if got := call(t, vm, in, "absoluteURL", u); got != want {
			t.Errorf("absoluteURL(%q) = %s, want %s", u, got, want)
		}
	}
}

// FuzzPaths: the path parser and get/set never throw or hang on any input.
func FuzzPaths(f *testing.F) {
	for _, s := range []string{"a.b[0].c", `a["x"]`, "..", "[]", `a['\'']`, "a[-1.5]"} {
		f.Add(s)
	}
	vm, in := internals(f)
	parse, _ := goja.AssertFunction(in.Get("parsePath"))
	set, _ := goja.AssertFunction(in.Get("setPath"))
	link, _ := goja.AssertFunction(in.Get("parseLinkHeader"))
	abs, _ := goja.AssertFunction(in.Get("absoluteURL"))
	f.Fuzz(func(t *testing.T, s string) {
		arg := vm.ToValue(s)
		if _, err := parse(goja.Undefined(), arg); err != nil {
			t.Fatalf("parsePath(%q): %v", s, err)
		}
		if _, err := set(goja.Undefined(), vm.NewObject(), arg, vm.ToValue(1)); err != nil {
			t.Fatalf("setPath(%q): %v", s, err)
		}
		if _, err := link(goja.Undefined(), arg); err != nil {
			t.Fatalf("parseLinkHeader(%q): %v", s, err)
		}
		if _, err := abs(goja.Undefined(), arg); err != nil {
			t.Fatalf("absoluteURL(%q): %v", s, err)
		}
		if v, _ := vm.RunString(`Object.keys(Object.prototype).length`); v.ToInteger() != 0 {
			t.Fatalf("setPath(%q) polluted Object.prototype", s)
		}
	})
}
