package nangoyaml

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, src string) *Parsed {
	t.Helper()
	p, diags := Parse("nango.yaml", []byte(src))
	if p == nil || HasErrors(diags) {
		t.Fatalf("unexpected errors:\n%s", joinDiags(diags))
	}
	return p
}

func codes(diags []Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Code)
	}
	return out
}

// modelYAML wraps model definitions in a valid v2 file.
func modelYAML(models string) string {
	return "integrations:\n  p:\n    actions:\n      a:\n        endpoint: GET /a\nmodels:\n" + models
}

func TestJSParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"42", 42, true}, {"2.5", 2, true}, {"10abc", 10, true}, {"-3", -3, true}, {"+7", 7, true},
		{"  12", 12, true}, {"\u00a05", 5, true}, {"0x10", 0, true}, {"007", 7, true},
		{"abc", 0, false}, {"", 0, false}, {"-", 0, false}, {"1_000", 1, true}, {"1e3", 1, true},
		{"99999999999999999999999", 1e23, true},
	}
	for _, tt := range tests {
		got, ok := jsParseInt(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseInt(%q) = %v,%v; want %v,%v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRuns(t *testing.T) {
	tests := []struct{ runs, code, msg string }{
		{"every 30s", "", ""},
		{"every 1.5 hours", "", ""},
		{"every 5 minutes", "", ""},
		{"every 30min", "", ""},
		{"every 2 days", "", ""},
		{"every 1y", "", ""},
		{"1h", "", ""},
		{"every .5h", "", ""},
		{"every 5 MINUTES", "", ""},
		{"every 30000", "", ""}, // no unit = milliseconds
		{"every half day", "", ""},
		{"every quarter hour", "", ""},
		{"every month", "", ""},
		{"every 20s", "invalid_runs", "sync_interval_too_short"},
		{"every 29s", "invalid_runs", "sync_interval_too_short"},
		{"every 29999", "invalid_runs", "sync_interval_too_short"},
		{"every -5m", "invalid_runs", "sync_interval_too_short"},
		{"Every 5m", "invalid_runs", "sync_interval_invalid"},
		{"every  5m", "invalid_runs", "sync_interval_invalid"},
		{"daily", "invalid_runs", "sync_interval_invalid"},
		{"every yearasdad", "invalid_runs", "sync_interval_invalid"},
		{"every 0m", "invalid_runs", "sync_interval_invalid"},
		{"every 1.5.5m", "invalid_runs", "sync_interval_invalid"},
		{"every 5 ſ", "invalid_runs", "sync_interval_invalid"}, // no Unicode case folding
		{"every Half day", "invalid_runs", "sync_interval_invalid"},
		{"every " + strings.Repeat("1", 101), "invalid_runs", "sync_interval_invalid"},
		{"every ", CodeRunsMissingInterval, ""},
	}
	for _, tt := range tests {
		code, msg := checkRuns(tt.runs)
		if code != tt.code || (tt.msg != "" && msg != tt.msg) {
			t.Errorf("checkRuns(%q) = %q %q; want %q %q", tt.runs, code, msg, tt.code, tt.msg)
		}
	}
	if v, _ := parseMS("1y"); v != 365.25*24*3600*1000 {
		t.Errorf("1y = %v", v)
	}
}

func TestJSKeyOrder(t *testing.T) {
	p := mustParse(t, modelYAML("  M:\n    id: string\n    b: string\n    '2': string\n    a: string\n    '1': string\n    '01': string\n    '4294967295': string\n    '4294967294': string\n"))
	var names []string
	for _, f := range p.Model("M").Fields {
		names = append(names, f.Name)
	}
	want := []string{"1", "2", "4294967294", "id", "b", "a", "01", "4294967295"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("field order %v, want %v", names, want)
	}
	// the integer-like integration key comes first, so it decides the version
	src := "integrations:\n  legacy:\n    old:\n      type: sync\n      returns: M\n  '0':\n    actions:\n      a:\n        endpoint: /a\nmodels:\n  M:\n    id: string\n"
	_, diags := Parse("nango.yaml", []byte(src))
	if len(diags) == 0 || diags[0].Phase != PhaseSchema || diags[0].Path() != "integrations > legacy" {
		t.Errorf("want v2 schema errors on legacy, got %v", diags)
	}
}

func TestYAMLScalars(t *testing.T) {
	p := mustParse(t, modelYAML(`  M:
    hex: 0x1F
    oct: 012
    octo: 0o17
    bin: 0b101
    under: 1_000
    flt: .5
    exp: 1e3
    plus: +12
    yes: yes
    on: on
    tilde: ~
    empty:
    date: 2024-01-01
    quoted: '5'
    bool: True
`))
	got := map[string]string{}
	for _, f := range p.Model("M").Fields {
		b, _ := json.Marshal(f)
		got[f.Name] = string(b)
	}
	want := map[string]string{
		"hex":    `{"name":"hex","value":31,"tsType":true}`,
		"oct":    `{"name":"oct","value":12,"tsType":true}`,
		"octo":   `{"name":"octo","value":15,"tsType":true}`,
		"bin":    `{"name":"bin","value":5,"tsType":true}`,
		"under":  `{"name":"under","value":1,"tsType":true,"array":false,"optional":false}`,
		"flt":    `{"name":"flt","value":0.5,"tsType":true}`,
		"exp":    `{"name":"exp","value":1000,"tsType":true}`,
		"plus":   `{"name":"plus","value":12,"tsType":true}`,
		"yes":    `{"name":"yes","value":"yes","array":false,"optional":false}`,
		"on":     `{"name":"on","value":"on","array":false,"optional":false}`,
		"tilde":  `{"name":"tilde","value":null,"tsType":true}`,
		"empty":  `{"name":"empty","value":null,"tsType":true}`,
		"date":   `{"name":"date","value":[],"optional":false}`,
		"quoted": `{"name":"quoted","value":5,"tsType":true,"array":false,"optional":false}`,
		"bool":   `{"name":"bool","value":true,"tsType":true}`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %s, want %s", k, got[k], w)
		}
	}
}

func TestYAMLAnchorsAndMerge(t *testing.T) {
	p := mustParse(t, modelYAML(`  Base: &base
    id: string
    name: string
  M:
    <<: *base
    name: number
    extra: *base
`))
	var b strings.Builder
	for _, f := range p.Model("M").Fields {
		b.WriteString(f.Name + ":" + string(must(json.Marshal(f.Value))) + " ")
	}
	want := `id:"string" name:"number" extra:[{"name":"id","value":"string","tsType":true,"array":false,"optional":false},{"name":"name","value":"string","tsType":true,"array":false,"optional":false}] `
	if b.String() != want {
		t.Errorf("got %s\nwant %s", b.String(), want)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestLoadErrorsHavePositions(t *testing.T) {
	tests := []struct {
		name, src, code string
		line            int
	}{
		{"syntax (yaml.v3's line)", "integrations:\n  p:\n    actions:\n      bad: [unclosed\n", CodeYAMLSyntax, 3},
		// yaml.v3 reports the line of the block mapping it was parsing
		{"syntax, bad indentation", "integrations:\n  p:\n    actions: {}\n   bad: x\n", CodeYAMLSyntax, 1},
		{"duplicate key", "integrations:\n  p: {}\n  p: {}\nmodels: {}\n", CodeDuplicateKey, 3},
		{"empty", "", CodeEmptyFile, 1},
		{"comments only", "# nothing\n", CodeEmptyFile, 1},
		{"no integrations", "models: {}\n", CodeInvalidFileFormat, 1},
		{"no models", "integrations:\n  p:\n    actions:\n      a:\n        endpoint: /a\n", CodeMissingModelsKey, 1},
		{"scalar root", "hello\n", CodeInvalidFileFormat, 1},
		{"unknown tag", "integrations: !!binary abc\n", CodeYAMLSyntax, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := Parse("nango.yaml", []byte(tt.src))
			if p != nil || len(diags) != 1 || diags[0].Code != tt.code || diags[0].Severity != SeverityError {
				t.Fatalf("want one %s error, got %v", tt.code, diags)
			}
			if diags[0].Line != tt.line {
				t.Errorf("line %d, want %d (%s)", diags[0].Line, tt.line, diags[0])
			}
		})
	}
}

func TestDiagnosticPositions(t *testing.T) {
	src := `integrations:
  p:
    syncs:
      s:
        runs: every 5s
        endpoint: GET /s
        output: M
models:
  M:
    id: string
`
	_, diags := Parse("nango.yaml", []byte(src))
	if len(diags) != 1 || diags[0].Code != "invalid_runs" || diags[0].Line != 5 || diags[0].Column != 9 {
		t.Fatalf("want invalid_runs at 5:9, got %v", diags)
	}
	if got := diags[0].String(); got != "nango.yaml:5:9: error: sync_interval_too_short [invalid_runs]\n  at p > syncs > s" {
		t.Errorf("String() = %q", got)
	}
	src2 := strings.Replace(src, "        output: M\n", "        output: M\n        frequency: often\n", 1)
	_, diags = Parse("nango.yaml", []byte(src2))
	if len(diags) != 1 || diags[0].Code != "additionalProperties" || diags[0].Line != 8 || diags[0].Column != 9 {
		t.Fatalf("want additionalProperties at 8:9, got %v", diags)
	}
	if got := diags[0].String(); !strings.HasSuffix(got, "\n  additionalProperty: frequency") {
		t.Errorf("params not printed: %q", got)
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(diags[0]); err != nil {
		t.Fatal(err)
	}
	js := strings.TrimSpace(buf.String())
	want := `{"severity":"error","phase":"schema","code":"additionalProperties","message":"must NOT have additional properties","path":"integrations > p > syncs > s","params":{"additionalProperty":"frequency"},"file":"nango.yaml","line":8,"column":9}`
	if js != want {
		t.Errorf("json %s\nwant %s", js, want)
	}
	// model warnings point at the field
	_, diags = Parse("nango.yaml", []byte(modelYAML("  M:\n    id: string\n    kind: Unknown\n")))
	if len(diags) != 1 || diags[0].Code != "model_not_found_fallback" || diags[0].Line != 9 || diags[0].Severity != SeverityWarning {
		t.Fatalf("want warning at line 9, got %v", diags)
	}
}

func TestSchemaErrorOrder(t *testing.T) {
	src := `integrations:
  p:
    syncs:
      s:
        description: 5
        extra: x
        output: M
models:
  M:
    id: string
`
	_, diags := Parse("nango.yaml", []byte(src))
	var got []string
	for _, d := range diags {
		got = append(got, d.Path()+": "+d.Message)
	}
	want := []string{
		"integrations > p > syncs > s: must have required property 'runs'",
		"integrations > p > syncs > s: must NOT have additional properties",
		"integrations > p > syncs > s > description: description must be a string.",
		"integrations > p > syncs > s: An endpoint property is required to specify how to retrieve the data from the sync.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEndpointPatterns(t *testing.T) {
	sync := func(ep string) string {
		return "integrations:\n  p:\n    syncs:\n      s:\n        runs: every day\n        output: M\n        endpoint: " + ep + "\nmodels:\n  M:\n    id: string\n"
	}
	action := func(ep string) string {
		return "integrations:\n  p:\n    actions:\n      a:\n        endpoint: " + ep + "\nmodels:\n  M:\n    id: string\n"
	}
	tests := []struct {
		name, src string
		ok        bool
		method    string
		path      string
		group     string
	}{
		{"sync GET", sync("GET /items"), true, "GET", "/items", ""},
		{"sync default", sync("/items"), true, "GET", "/items", ""},
		{"sync tab separator keeps the quirky path", sync("\"GET\\t/items\""), true, "GET", "GET\t/items", ""},
		{"sync POST", sync("POST /items"), false, "", "", ""},
		{"sync braces", sync("GET /items/{M}"), false, "", "", ""},
		{"sync double space", sync("GET  /items"), false, "", "", ""},
		{"sync lowercase", sync("get /items"), false, "", "", ""},
		{"sync object group", sync("{path: /items, group: My Group}"), true, "GET", "/items", "My Group"},
		{"sync object group digits", sync("{path: /items, group: g1}"), false, "", "", ""},
		{"sync object POST", sync("{method: POST, path: /items}"), false, "", "", ""},
		{"action default POST", action("/items"), true, "POST", "/items", ""},
		{"action model path", action("DELETE /items/{M:id}"), true, "DELETE", "/items/{M:id}", ""},
		{"action object default", action("{path: /x}"), true, "POST", "/x", ""},
		{"action HEAD", action("HEAD /x"), false, "", "", ""},
		{"action list", action("[/a, /b]"), false, "", "", ""},
		{"action no slash", action("items"), false, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := Parse("nango.yaml", []byte(tt.src))
			if !tt.ok {
				if p != nil || len(diags) == 0 || diags[0].Phase != PhaseSchema {
					t.Fatalf("want schema errors, got %v", diags)
				}
				return
			}
			if p == nil {
				t.Fatalf("unexpected errors %v", diags)
			}
			var e Endpoint
			if s := syncOf(p, "p", "s"); s != nil {
				e = s.Endpoints[0]
			} else {
				e = *actionOf(p, "p", "a").Endpoint
			}
			if e.Method != tt.method || e.Path != tt.path || e.Group != tt.group {
				t.Errorf("got %+v", e)
			}
		})
	}
}

func TestEndpointChecks(t *testing.T) {
	src := `integrations:
  p:
    syncs:
      s:
        runs: every day
        output: [M, N]
        endpoint: [GET /m, /n]
      t:
        runs: every day
        output: O
        endpoint:
          path: /o/{O:id}
    actions:
      a:
        endpoint: GET /m
      b:
        endpoint: /m
      c:
        endpoint: PATCH /x/{Missing:id}
  q:
    actions:
      a:
        endpoint: GET /m
models:
  M: {id: string}
  N: {id: string}
  O: {id: string}
`
	_, diags := Parse("nango.yaml", []byte(src))
	var got []string
	for _, d := range diags {
		got = append(got, d.Code+" "+d.Path()+" "+d.Message)
	}
	want := []string{
		`model_not_found p > syncs > t > [endpoints] Model "O:id" does not exists`,
		`duplicate_endpoint p > actions > a > [endpoint] Endpoint "GET /m" is used multiple times. Please make sure all endpoints are unique.`,
		`model_not_found p > syncs > c > [endpoint] Model "Missing" does not exists`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestExtendsPrecedence(t *testing.T) {
	p := mustParse(t, modelYAML(`  A:
    a: string
    shared: string
  B:
    b: number
    shared: number
  OwnFirst:
    shared: boolean
    __extends: A, B
    own: string
  OwnLast:
    __extends: B,A
    shared: Date
`))
	fieldList := func(m string) string {
		var parts []string
		for _, f := range p.Model(m).Fields {
			parts = append(parts, f.Name+"="+f.Value.(string))
		}
		return strings.Join(parts, " ")
	}
	if got := fieldList("OwnFirst"); got != "shared=boolean a=string b=number own=string" {
		t.Errorf("OwnFirst: %s", got)
	}
	if got := fieldList("OwnLast"); got != "b=number shared=Date a=string" {
		t.Errorf("OwnLast: %s", got)
	}
	_, diags := Parse("nango.yaml", []byte(modelYAML("  A:\n    __extends: B\n  B:\n    __extends: A\n")))
	if len(diags) == 0 || diags[0].Code != CodeCyclicExtends {
		t.Errorf("want cyclic_extends, got %v", diags)
	}
	_, diags = Parse("nango.yaml", []byte(modelYAML("  A:\n    __extends: [B]\n  B:\n    id: string\n")))
	if len(diags) != 1 || diags[0].Code != CodeInvalidExtends {
		t.Errorf("want invalid_extends, got %v", diags)
	}
}

func TestModelResolution(t *testing.T) {
	p, diags := Parse("nango.yaml", []byte(modelYAML(`  Test:
    author: User
    assignee: User
    self: Test
    digits: 1Model
    generic: string
    strs: string[]
    lit: hello[]
    u: a | Integer
    obj: {n: 1}
  User:
    id: string
  1Model:
    id: string
`)))
	if p == nil {
		t.Fatal(diags)
	}
	var order []string
	for _, m := range p.Models {
		order = append(order, m.Name)
	}
	if !reflect.DeepEqual(order, []string{"User", "Test", "1Model"}) {
		t.Errorf("emission order %v", order)
	}
	var warns []string
	for _, d := range diags {
		warns = append(warns, d.Code+" "+d.Path()+" "+d.Message)
	}
	want := []string{
		"cyclic_model Test > User Cyclic import Test->User",
		"cyclic_model Test > User Cyclic import Test->User",
		`model_not_found_fallback Test > User > hello Model "hello" is not defined, using as string literal`,
		`model_not_found_fallback Test > User > a Model "a" is not defined, using as string literal`,
	}
	if !reflect.DeepEqual(warns, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
	f := p.Model("Test").Fields
	if f[3].Kind != FieldTSType || f[3].Value != 1.0 {
		t.Errorf("1Model must be the literal 1: %+v", f[3])
	}
	if f[6].Kind != FieldStringLiteral || f[6].Value != "hello" || !f[6].Array {
		t.Errorf("hello[]: %+v", f[6])
	}
	if f[7].Kind != FieldUnion || f[7].Fields()[1].Value != "number" {
		t.Errorf("union: %+v", f[7])
	}
	_, diags = Parse("nango.yaml", []byte(modelYAML("  T:\n    id: string\n    p: Pick<T>\n    e: '[]'\n")))
	if !reflect.DeepEqual(codes(diags), []string{"type_syntax_error", "type_syntax_error"}) || diags[0].Path() != "T > p" {
		t.Errorf("got %v", diags)
	}
	_, diags = Parse("nango.yaml", []byte(modelYAML("  Tee: string\n")))
	if !reflect.DeepEqual(codes(diags), []string{CodeInvalidModelBody}) {
		t.Errorf("got %v", diags)
	}
	p = func() *Parsed {
		p, _ := ParseWithOptions("nango.yaml", []byte(modelYAML("  T:\n    v: void\n    n: never\n")), Options{NeverVoidAliases: true})
		return p
	}()
	if p.Model("T").Fields[0].Kind != FieldTSType || p.Model("T").Fields[1].Value != "never" {
		t.Errorf("v0.59 aliases: %+v", p.Model("T").Fields)
	}
}

func TestAnonymousModels(t *testing.T) {
	src := `integrations:
  my-provider.v2:
    syncs:
      s:
        runs: every day
        endpoint: /s
        output: M
        input: string
    actions:
      do-the_thing.now:
        endpoint: /a
        output: boolean
        input: M | string
models:
  M:
    id: string
`
	p, diags := Parse("nango.yaml", []byte(src))
	if p == nil {
		t.Fatal(diags)
	}
	var names []string
	for _, m := range p.Models {
		names = append(names, m.Name)
	}
	want := []string{"M", "Anonymous_myproviderv2_sync_s_input", "Anonymous_myproviderv2_action_dothe_thingnow_output", "Anonymous_myproviderv2_action_dothe_thingnow_input"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("models %v", names)
	}
	if !reflect.DeepEqual(codes(diags), []string{"model_is_literal", "model_is_literal"}) {
		t.Errorf("want two model_is_literal (not for the union), got %v", diags)
	}
	a := actionOf(p, "my-provider.v2", "do-the_thing.now")
	if !reflect.DeepEqual(a.UsedModels, []string{"Anonymous_myproviderv2_action_dothe_thingnow_output", "Anonymous_myproviderv2_action_dothe_thingnow_input", "M"}) {
		t.Errorf("usedModels %v", a.UsedModels)
	}
	// v1 actions use _sync_ in the anonymous name
	v1 := "integrations:\n  demo-x:\n    write:\n      type: action\n      returns: boolean\nmodels: {}\n"
	p = mustParse(t, v1)
	if got := p.Integrations[0].Actions[0].Output[0]; got != "Anonymous_demox_sync_write_output" {
		t.Errorf("v1 anonymous name %s", got)
	}
}

func TestSyncDefaultsAndJSON(t *testing.T) {
	src := `integrations:
  p:
    syncs:
      s:
        runs: every day
        endpoint: /s
        output: M
        description: "  hi  "
        scopes: read,write, admin
        version: 0
        webhook-subscriptions: created
      t:
        runs: every day
        endpoint: /t
        output: N
        sync_type: incremental
        auto_start: false
        track_deletes: true
        version: 7
    actions:
      a:
        endpoint: /a
        version: 1.0.0
models:
  M: {id: string}
  N: {id: "<b>&\u2028"}
`
	p := mustParse(t, src)
	s := syncOf(p, "p", "s")
	if s.Description != "hi" || s.SyncType != "full" || !s.AutoStart || s.TrackDeletes || s.Version.String() != "" ||
		!reflect.DeepEqual(s.Scopes, []string{"read", "write", " admin"}) || !reflect.DeepEqual(s.WebhookSubscriptions, []string{"created"}) {
		t.Errorf("sync s: %+v", s)
	}
	tt := syncOf(p, "p", "t")
	if tt.SyncType != "incremental" || tt.AutoStart || !tt.TrackDeletes || !tt.Version.IsNumber || tt.Version.Number != 7 {
		t.Errorf("sync t: %+v", tt)
	}
	js := string(p.IntegrationsJSON())
	for _, frag := range []string{`"version": 7,`, `"version": "1.0.0",`, `"output": null,`, `"path": "/t"`} {
		if !strings.Contains(js, frag) {
			t.Errorf("IntegrationsJSON lacks %s:\n%s", frag, js)
		}
	}
	all := string(encodeJSON(p.configValue(), "  ")) // as `nango sync:config.check` prints it
	if !strings.Contains(all, `"value": "<b>&`+"\u2028"+`"`) {
		t.Errorf("strings must not be HTML-escaped: %s", all)
	}
}

func TestFormatNumber(t *testing.T) {
	tests := map[float64]string{
		1: "1", 1.5: "1.5", -3: "-3", 0.1: "0.1", 1e21: "1e+21", 1e20: "100000000000000000000",
		1e-7: "1e-7", 0.000001: "0.000001", 123456789012345680000: "123456789012345680000",
		1.2345e-10: "1.2345e-10", 2.5e25: "2.5e+25", math.Copysign(0, -1): "0", 31: "31",
	}
	for in, want := range tests {
		if got := (Version{IsNumber: true, Number: in}).String(); got != want {
			t.Errorf("version %v prints as %s, want %s", in, got, want)
		}
	}
	if got := string(encodeJSON(jsonArray{math.Inf(1), "\x01\"\\<>"}, "")); got != `[null,"\u0001\"\\<>"]` {
		t.Errorf("encodeJSON = %s", got)
	}
}

func TestV1Rules(t *testing.T) {
	src := `integrations:
  prov:
    s1:
      type: sync
      runs: whenever
      returns: [A, B]
      description: |
        multi
    s2:
      runs: every day
    s3: ~
    act:
      type: action
      description: "  x  "
models:
  A: {id: string}
  B: {id: string}
`
	p, diags := Parse("nango.yaml", []byte(src))
	if p == nil {
		t.Fatal(diags)
	}
	if !reflect.DeepEqual(codes(diags), []string{CodeV1SyncNoReturns}) || diags[0].Path() != "prov > s2" {
		t.Errorf("want one v1_sync_without_returns warning, got %v", diags)
	}
	in := p.Integrations[0]
	if len(in.Syncs) != 1 || in.Syncs[0].Description != "multi\n" || in.Syncs[0].Runs != "whenever" {
		t.Errorf("v1 sync: %+v", in.Syncs)
	}
	if len(in.Actions) != 1 || in.Actions[0].Description != "x" || in.Actions[0].Output != nil {
		t.Errorf("v1 action: %+v", in.Actions[0])
	}
	typo := "integrations:\n  p:\n    sync:\n      s:\n        runs: every day\n        endpoint: /s\n        output: A\nmodels:\n  A: {id: string}\n"
	_, diags = Parse("nango.yaml", []byte(typo))
	if !reflect.DeepEqual(codes(diags), []string{CodeV2KeyInV1File}) || diags[0].Line != 3 {
		t.Errorf("want v2_key_in_v1_file at line 3, got %v", diags)
	}
}

func TestIDRuleAndDuplicates(t *testing.T) {
	src := `integrations:
  p:
    syncs:
      s1:
        runs: every day
        endpoint: /a
        output: WithID
        input: Meta
      s2:
        runs: every day
        endpoint: /b
        output: Meta
      s3:
        runs: every day
        endpoint: /c
        output: Inherits
      s4:
        runs: every day
        endpoint: /d
        output: NoID
    actions:
      a:
        endpoint: /a
        output: [NoID, NoID]
models:
  Base:
    id?: number
  WithID: {id: string}
  Meta: {x: string}
  Inherits: {__extends: Base}
  NoID: {name: string}
`
	_, diags := Parse("nango.yaml", []byte(src))
	var got []string
	for _, d := range diags {
		got = append(got, d.Code+" "+d.Path())
	}
	want := []string{"duplicate_model p > syncs > s2 > [output]", "model_missing_id p > syncs > s4 > [output]", "duplicate_model p > actions > a > [output]"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v want %v", got, want)
	}
}

func TestScriptsEnumeration(t *testing.T) {
	src := `integrations:
  p:
    syncs:
      s:
        runs: every day
        endpoint: /s
        output: M
    actions:
      a:
        endpoint: /a
    on-events:
      post-connection-creation: [setup]
      pre-connection-deletion: [cleanup]
models:
  M: {id: string}
`
	p := mustParse(t, src)
	var got []string
	for _, s := range p.Scripts() {
		got = append(got, string(s.Type)+":"+s.Name+":"+s.Event+":"+s.Type.Dir())
		if s.Pos.Line == 0 {
			t.Errorf("%s has no position", s.Name)
		}
	}
	want := []string{"on-event:setup:post-connection-creation:on-events", "on-event:cleanup:pre-connection-deletion:on-events", "sync:s::syncs", "action:a::actions"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
	_, diags := Parse("nango.yaml", []byte(strings.Replace(src, "    on-events:", "    post-connection-scripts: [old]\n    on-events:", 1)))
	if !reflect.DeepEqual(codes(diags), []string{"both_post_connection_scripts_and_on_events_present"}) {
		t.Errorf("got %v", diags)
	}
}

func TestUnpatternedScriptNamesAreValidated(t *testing.T) {
	src := "integrations:\n  p:\n    actions:\n      my.action:\n        endpoint: 5\nmodels: {}\n"
	_, diags := Parse("nango.yaml", []byte(src))
	if len(diags) == 0 || diags[len(diags)-1].Path() != "integrations > p > actions > my.action > endpoint" {
		t.Errorf("got %v", diags)
	}
	p := mustParse(t, "integrations:\n  p:\n    actions:\n      my.action:\n        endpoint: /x\nmodels: {}\n")
	if actionOf(p, "p", "my.action") == nil {
		t.Error("dotted action name must be parsed")
	}
}

// Aliases are shared like js-yaml's references, so alias "bombs" decode cheaply; the models
// parser, which expands them, stops with models_too_large instead of running for minutes.
func TestAliasBombs(t *testing.T) {
	seqBomb := "integrations:\n  p:\n    actions:\n      a:\n        endpoint: /a\n        scopes: &a [x,x,x,x,x,x,x,x,x,x]\nx1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nx2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx3: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nx4: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nx5: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\nx6: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	_, diags := Parse("nango.yaml", []byte(seqBomb))
	if len(diags) != 6 || diags[0].Code != "additionalProperties" {
		t.Errorf("got %v", diags)
	}
	var b strings.Builder
	b.WriteString("integrations: {}\nmodels:\n  A: &a0 {x: string, y: string}\n")
	for i := 1; i < 30; i++ {
		fmt.Fprintf(&b, "  M%d: &a%d {a: *a%d, b: *a%d}\n", i, i, i-1, i-1)
	}
	_, diags = Parse("nango.yaml", []byte(b.String()))
	if !reflect.DeepEqual(codes(diags), []string{CodeModelsTooLarge}) {
		t.Errorf("got %v", diags)
	}
}

func TestSchemaPathsAreJSONPointerEscaped(t *testing.T) {
	_, diags := Parse("nango.yaml", []byte("integrations:\n  a/b~c:\n    actions:\n      x:\n        endpoint: /x\n        extra: 1\nmodels: {}\n"))
	if len(diags) != 1 || diags[0].Path() != "integrations > a~1b~0c > actions > x" {
		t.Errorf("got %v", diags)
	}
	// the models pattern only matches one-character names, whose body must be a mapping
	_, diags = Parse("nango.yaml", []byte(modelYAML("  A: string\n")))
	if len(diags) != 1 || diags[0].Path() != "models > A" || diags[0].Message != "must be object" {
		t.Errorf("got %v", diags)
	}
}

func TestEmptyValues(t *testing.T) {
	tests := []struct{ src, path, msg string }{
		{"integrations:\n  p:\n    actions:\n      a:\n        endpoint: /a\nmodels:\n", "models", "must be object"},
		{"integrations:\n  p:\n    syncs:\n      s:\nmodels: {}\n", "integrations > p > syncs > s", "must be object"},
		{"integrations:\n  p:\n    on-events:\n      post-connection-creation: x\nmodels: {}\n", "integrations > p > on-events > post-connection-creation", "post-connection-creation must be an array of strings."},
		{"integrations:\n  p:\n    on-events:\n      pre-connection-deletion: x\nmodels: {}\n", "integrations > p > on-events > pre-connection-deletion", "post-connection-creation must be an array of strings."},
	}
	for _, tt := range tests {
		_, diags := Parse("nango.yaml", []byte(tt.src))
		if len(diags) != 1 || diags[0].Path() != tt.path || diags[0].Message != tt.msg {
			t.Errorf("%q: got %v", tt.src, diags)
		}
	}
	p := mustParse(t, "integrations: {}\nmodels:\n  M:\n    id: string\n")
	if p.YamlVersion != YamlV1 || len(p.Models) != 1 || string(p.IntegrationsJSON()) != "[]" {
		t.Errorf("empty integrations: %+v %s", p, p.IntegrationsJSON())
	}
}

func TestYAMLDocuments(t *testing.T) {
	_, diags := Parse("nango.yaml", []byte("integrations: {}\nmodels: {}\n---\nfoo: bar\n"))
	if len(diags) != 1 || diags[0].Code != CodeYAMLSyntax || diags[0].Line != 3 {
		t.Errorf("two documents: %v", diags)
	}
	p := mustParse(t, "\ufeff---\nintegrations: {}\nmodels: {}\n...\n")
	if p.YamlVersion != YamlV1 {
		t.Errorf("BOM + explicit document: %+v", p)
	}
}

func TestVersionValues(t *testing.T) {
	for _, tt := range []struct {
		yaml, json string
		ok         bool
	}{
		{"7", `"version": 7`, true}, {"'7'", `"version": "7"`, true}, {"1.0.0", `"version": "1.0.0"`, true},
		{"1e20", `"version": 100000000000000000000`, true}, {"0x10", `"version": 16`, true}, {"0", `"version": ""`, true},
		{"1.5", "", false}, {"v1", "", false}, {".nan", "", false}, {"1_0", "", false}, {"'1.0'", "", false},
	} {
		src := "integrations:\n  p:\n    actions:\n      a:\n        endpoint: /a\n        version: " + tt.yaml + "\nmodels: {}\n"
		p, diags := Parse("nango.yaml", []byte(src))
		if !tt.ok {
			if p != nil || len(diags) != 1 || diags[0].Message != msgVersion {
				t.Errorf("version %s: want the version error, got %v", tt.yaml, diags)
			}
			continue
		}
		if p == nil {
			t.Errorf("version %s: %v", tt.yaml, diags)
			continue
		}
		if js := string(p.IntegrationsJSON()); !strings.Contains(js, tt.json+",") {
			t.Errorf("version %s: %s", tt.yaml, js)
		}
	}
}

// Issue 13, item 8: inline objects and lists nest at most maxModelDepth levels in one model
// (schema.json grows with the square of the depth); the error is at the first level too many.
func TestModelDepthLimit(t *testing.T) {
	nest := func(open, close string, n int) string {
		return strings.Repeat("a: "+open, n) + "b: string" + strings.Repeat(close, n)
	}
	for _, c := range []struct {
		name, body string
		deep       bool
	}{
		{"objects at the limit", "{" + nest("{", "}", maxModelDepth-1) + "}", false},
		{"objects past it", "{" + nest("{", "}", maxModelDepth) + "}", true},
		{"lists past it", "{" + strings.Repeat("a: [{", maxModelDepth/2) + "b: string" + strings.Repeat("}]", maxModelDepth/2) + "}", true},
		{"a chain of named models is not nesting", "{a: M1}\n  M1: {a: M2}\n  M2: {b: string}", false},
	} {
		_, diags := Parse("nango.yaml", []byte(modelYAML("  Deep: "+c.body+"\n")))
		got := codes(diags)
		if !c.deep {
			if len(got) != 0 {
				t.Errorf("%s: got %v", c.name, diags)
			}
			continue
		}
		if !reflect.DeepEqual(got, []string{CodeModelTooDeep}) {
			t.Errorf("%s: got %v", c.name, diags)
			continue
		}
		if d := diags[0]; d.Line == 0 || d.Column <= 9 || len(d.KeyPath) != maxModelDepth+1 {
			t.Errorf("%s: position %d:%d, path %v", c.name, d.Line, d.Column, d.KeyPath)
		}
	}
}

// syncOf returns the named sync of an integration, or nil.
func syncOf(p *Parsed, providerConfigKey, name string) *Sync {
	in := p.Integration(providerConfigKey)
	if in == nil {
		return nil
	}
	for _, s := range in.Syncs {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// actionOf returns the named action of an integration, or nil.
func actionOf(p *Parsed, providerConfigKey, name string) *Action {
	in := p.Integration(providerConfigKey)
	if in == nil {
		return nil
	}
	for _, a := range in.Actions {
		if a.Name == name {
			return a
		}
	}
	return nil
}
