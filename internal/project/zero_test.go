package project

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/pkg/nangoyaml"
)

// peerZero is ../shared/fixtures/peer-cli-zero: the recorded upstream zero-yaml CLI (0.71.10).
func peerZero(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../../shared/fixtures/peer-cli-zero")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/fixtures/peer-cli-zero is not present")
	}
	return dir
}

// zod4Modules is where make test installs zod 4 (NANGO_TEST_ZOD4_MODULES).
func zod4Modules(t *testing.T) []string {
	t.Helper()
	nm := os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if nm == "" {
		t.Skip("NANGO_TEST_ZOD4_MODULES not set (make test installs zod 4 there)")
	}
	if _, err := os.Stat(filepath.Join(nm, "zod", "package.json")); err != nil {
		t.Skipf("no zod in %s", nm)
	}
	return []string{nm}
}

// TestZodJSONSchemaTable converts the recorded table of zod expressions (the fixture's own
// cases.mjs, evaluated here) with our reader and compares each with what the reference's
// converter produced (output.json).
func TestZodJSONSchemaTable(t *testing.T) {
	dir := filepath.Join(peerZero(t), "zod-json-schema")
	nm := zod4Modules(t)
	src, err := os.ReadFile(filepath.Join(dir, "cases.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	// The cases themselves: from `const Shared` to the end of the `cases` object literal.
	text := string(src)
	start := strings.Index(text, "const Shared")
	end := strings.Index(text, "\n};\n")
	if start < 0 || end < 0 {
		t.Fatal("cases.mjs has changed shape")
	}
	code := "var z = require('zod');\n" + text[start:end+3] + "\nmodule.exports = { cases: cases };\n"
	var want map[string]any
	data, err := os.ReadFile(filepath.Join(dir, "output.json"))
	if err != nil || json.Unmarshal(data, &want) != nil {
		t.Fatal("output.json", err)
	}
	r, err := newZeroReader(t.TempDir(), ZeroOptions{NodeModules: nm})
	if err != nil {
		t.Fatal(err)
	}
	prg, err := jsruntime.Compile("cases.js", code)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := r.rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	wrap, err := r.rt.VM().RunString(`(function (cases) { var out = {}; Object.keys(cases).forEach(function (k) {
		out[k] = { type: 'sync', models: { Model: cases[k] } }; }); return out; })`)
	if err != nil {
		t.Fatal(err)
	}
	defsV, err := r.rt.CallFunction(context.Background(), wrap, nil, mod.Export("cases"))
	if err != nil {
		t.Fatal(err)
	}
	defs := defsV.ToObject(r.rt.VM())
	if n := len(defs.Keys()); n != len(want) || n < 50 {
		t.Fatalf("%d cases, %d recorded", n, len(want))
	}
	for _, label := range defs.Keys() {
		v, err := r.rt.CallFunction(context.Background(), r.extract, nil, defs.Get(label))
		if err != nil {
			t.Errorf("%s: %v", label, err)
			continue
		}
		var d struct {
			Models [][2]any
			Errors []any
		}
		if err := json.Unmarshal([]byte(v.String()), &d); err != nil || len(d.Models) != 1 || len(d.Errors) != 0 {
			t.Errorf("%s: %v %s", label, err, v.String())
			continue
		}
		if got := d.Models[0][1]; !reflect.DeepEqual(got, want[label]) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want[label])
			t.Errorf("%s:\n got %s\nwant %s", label, g, w)
		}
	}
}

// TestZeroFrequencyTable checks the shared frequency rule against the reference's getInterval
// on the recorded strings: accepted ones have an interval, the others an error or a crash.
func TestZeroFrequencyTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(peerZero(t), "zod-json-schema", "frequency.output.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]map[string]string
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	for in, w := range want {
		code, _ := nangoyaml.CheckRuns(in)
		_, ok := w["interval"]
		if ok != (code == "") {
			t.Errorf("%q: code %q, reference %v", in, code, w)
		}
	}
}

// TestZeroNangoJSONGolden reads the recorded project and compares its nango.json with the
// reference's, byte for byte (nothing in it varies between runs).
func TestZeroNangoJSONGolden(t *testing.T) {
	peer := peerZero(t)
	p, diags, err := LoadZero(filepath.Join(peer, "project"), ZeroOptions{NodeModules: zod4Modules(t)})
	if err != nil || p == nil {
		t.Fatalf("LoadZero: %v %v", err, diags)
	}
	got, err := p.NangoJSON()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(peer, "compile", ".nango", "nango.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("nango.json differs at line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("nango.json: %d lines, want %d", len(gl), len(wl))
	}
}
