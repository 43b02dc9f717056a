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

func TestZeroEntries(t *testing.T) {
	dir := t.TempDir()
	idx := "import './a/syncs/x.js';\n// import './a/syncs/commented.js';\nimport { y } from './a/actions/y.js';\n" +
		"import \"./a/actions/z\"\n  import './indented.js';\nimport '../outside.js';\nexport * from './re.js';\n"
	if err := os.WriteFile(filepath.Join(dir, ZeroIndexFile), []byte(idx), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ZeroEntries(dir)
	if want := []string{"./a/syncs/x.js", "./a/actions/z.js"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ZeroEntries = %v %v, want %v", got, err, want)
	}
	if !IsZero(dir) {
		t.Error("index.ts without nango.yaml is a zero-yaml project")
	}
	if err := os.WriteFile(filepath.Join(dir, DefinitionsFile), []byte("integrations: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if IsZero(dir) {
		t.Error("a nango.yaml project is not zero-yaml, even with an index.ts")
	}
	if got := SyntheticModel("ActionInput", "globex-erp", "get-order"); got != "ActionInput_globex_erp_getorder" {
		t.Errorf("SyntheticModel = %s", got)
	}
}

// TestZeroScriptsOfRecordedProject checks the Script fields filled from the recorded
// project's default exports, through Load (the format is detected).
func TestZeroScriptsOfRecordedProject(t *testing.T) {
	peer := peerZero(t)
	dir := copyTree(t, filepath.Join(peer, "project"))
	nm := zod4Modules(t)
	if err := os.Symlink(nm[0], filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	p, diags, err := Load(dir)
	if err != nil || p == nil || p.Format != FormatZero {
		t.Fatalf("Load: %v %v", err, diags)
	}
	var got []string
	for _, s := range p.Scripts {
		got = append(got, string(s.Kind)+" "+s.ID()+" "+s.SourceRel())
	}
	want := []string{
		"sync acme-crm/fetchContacts acme-crm/syncs/fetchContacts.ts",
		"action acme-crm/createContact acme-crm/actions/createContact.ts",
		"on-event acme-crm/setup-webhooks acme-crm/on-events/setup-webhooks.ts",
		"sync globex-erp/fetch-orders globex-erp/syncs/fetch-orders.ts",
		"action globex-erp/get-order globex-erp/actions/get-order.ts",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("scripts\n%v\nwant\n%v", got, want)
	}
	s := p.Scripts[0]
	if s.Runs != "every 30 minutes" || s.SyncType != "full" || s.AutoStart || s.Version != "1.2.0" || s.Input != "SyncMetadata_acme_crm_fetchContacts" ||
		!reflect.DeepEqual(s.Outputs, []string{"Contact", "Company"}) || len(s.Endpoints) != 2 || s.Endpoints[0] != (Endpoint{"GET", "/contacts", "Contacts"}) ||
		!reflect.DeepEqual(s.WebhookSubscriptions, []string{"contact.updated"}) || !reflect.DeepEqual(s.Zero.Features, []string{"checkpoints"}) ||
		s.Declared != (Position{"acme-crm/syncs/fetchContacts.ts", 15, 14}) {
		t.Errorf("fetchContacts %+v %+v", s, s.Zero)
	}
	if e := p.Scripts[2]; e.Event != "post-connection-creation" {
		t.Errorf("setup-webhooks event %q", e.Event)
	}
	if sch, err := p.Schema(); err != nil || sch == nil {
		t.Errorf("Schema: %v", err)
	}
}

// TestZeroNeedsZod4 says what to do when only zod 3 is found.
func TestZeroNeedsZod4(t *testing.T) {
	peer := peerZero(t)
	nm := os.Getenv("NANGO_TEST_NODE_MODULES")
	if nm == "" {
		t.Skip("NANGO_TEST_NODE_MODULES (zod 3) not set")
	}
	_, diags, err := LoadZero(filepath.Join(peer, "project"), ZeroOptions{NodeModules: []string{nm}})
	if err != nil || len(diags) == 0 || !strings.Contains(diags[0].Message, "zod 4") || !strings.Contains(diags[0].Message, "npm install zod@4.3.6") {
		t.Fatalf("want a zod 4 diagnostic, got %v %v", err, diags)
	}
}
