package schemavalidate

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadFixture(t testing.TB, name string) *Schema {
	t.Helper()
	s, err := Load(filepath.Join("..", "..", "testdata", "schemavalidate", name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validKinds is a Kinds record that satisfies every field of the fixture.
const validKinds = `{"id":"k1","count":3,"big":12345678901234567890,"flag":false,` +
	`"created_at":"2024-05-01T10:00:00.000Z","anything":{"x":[1]},"list":[1,"a",null],` +
	`"tags":["a"],"bag":{"k":1},"one":1,"yes":true,"hello":"hello","nothing":null,` +
	`"email":null,"gender":null,"status":"active",` +
	`"mixed":[{"street":"s","city":"c","country":null}],` +
	`"address":{"street":"s","city":"c","country":"UK"},"addresses":[],"nested":{"inner":"i"}}`

// with returns validKinds with one member's text replaced (new == "" removes it).
func with(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(validKinds, old) {
		t.Fatalf("fixture has no %q", old)
	}
	if new == "" {
		out := strings.Replace(validKinds, old+",", "", 1)
		return out
	}
	return strings.Replace(validKinds, old, new, 1)
}

func errLines(errs []Error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.InstancePath+"|"+e.Keyword+"|"+e.Message+"|"+e.SchemaPath)
	}
	return out
}

func TestValidateKinds(t *testing.T) {
	s := loadFixture(t, "kinds.schema.json")
	tests := []struct {
		name  string
		model string
		data  string
		want  []string
	}{
		{"valid record", "Kinds", validKinds, nil},
		{"optional field present", "Kinds", with(t, `"id":"k1"`, `"id":"k1","optional":"o"`), nil},
		{"string gets number", "Kinds", with(t, `"id":"k1"`, `"id":1`),
			[]string{"/id|type|must be string|#/properties/id/type"}},
		{"missing required", "Kinds", with(t, `"email":null`, ""),
			[]string{"|required|must have required property 'email'|#/required"}},
		{"additional property", "Kinds", with(t, `"id":"k1"`, `"id":"k1","zzz":1`),
			[]string{"|additionalProperties|must NOT have additional properties|#/additionalProperties"}},
		{"date-time bad text", "Kinds", with(t, `"created_at":"2024-05-01T10:00:00.000Z"`, `"created_at":"yesterday"`),
			[]string{`/created_at|format|must match format "date-time"|#/properties/created_at/format`}},
		{"date-time not a string", "Kinds", with(t, `"created_at":"2024-05-01T10:00:00.000Z"`, `"created_at":5`),
			[]string{"/created_at|type|must be string|#/properties/created_at/type"}},
		{"date-time without zone", "Kinds", with(t, `"created_at":"2024-05-01T10:00:00.000Z"`, `"created_at":"2024-05-01T10:00:00"`),
			[]string{`/created_at|format|must match format "date-time"|#/properties/created_at/format`}},
		{"enum with null outside", "Kinds", with(t, `"gender":null`, `"gender":"x"`),
			[]string{"/gender|enum|must be equal to one of the allowed values|#/properties/gender/enum"}},
		{"enum with null wrong type", "Kinds", with(t, `"gender":null`, `"gender":5`),
			[]string{"/gender|type|must be string,null|#/properties/gender/type",
				"/gender|enum|must be equal to one of the allowed values|#/properties/gender/enum"}},
		{"enum value allowed", "Kinds", with(t, `"gender":null`, `"gender":"female"`), nil},
		{"enum with escapes", "Kinds", with(t, `"status":"active"`, `"status":"\u0061ctive"`), nil},
		{"string enum wrong type", "Kinds", with(t, `"status":"active"`, `"status":5`),
			[]string{"/status|type|must be string|#/properties/status/type",
				"/status|enum|must be equal to one of the allowed values|#/properties/status/enum"}},
		{"const number", "Kinds", with(t, `"one":1`, `"one":2`),
			[]string{"/one|const|must be equal to constant|#/properties/one/const"}},
		{"const number as 1.0", "Kinds", with(t, `"one":1`, `"one":1.0`), nil},
		{"const wrong type", "Kinds", with(t, `"one":1`, `"one":"1"`),
			[]string{"/one|type|must be number|#/properties/one/type",
				"/one|const|must be equal to constant|#/properties/one/const"}},
		{"const true", "Kinds", with(t, `"yes":true`, `"yes":false`),
			[]string{"/yes|const|must be equal to constant|#/properties/yes/const"}},
		{"const string", "Kinds", with(t, `"hello":"hello"`, `"hello":"bye"`),
			[]string{"/hello|const|must be equal to constant|#/properties/hello/const"}},
		{"undefined field present", "Kinds", with(t, `"id":"k1"`, `"id":"k1","gone":null`),
			[]string{"/gone|not|must NOT be valid|#/properties/gone/not"}},
		{"null type", "Kinds", with(t, `"nothing":null`, `"nothing":0`),
			[]string{"/nothing|type|must be null|#/properties/nothing/type"}},
		{"type list accepts null", "Kinds", with(t, `"email":null`, `"email":"a@b.c"`), nil},
		{"type list rejects number", "Kinds", with(t, `"email":null`, `"email":1`),
			[]string{"/email|type|must be string,null|#/properties/email/type"}},
		{"anyOf second branch", "Kinds", with(t, `"mixed":[{"street":"s","city":"c","country":null}]`, `"mixed":true`), nil},
		{"anyOf null branch", "Kinds", with(t, `"mixed":[{"street":"s","city":"c","country":null}]`, `"mixed":null`), nil},
		{"anyOf no branch", "Kinds", with(t, `"mixed":[{"street":"s","city":"c","country":null}]`, `"mixed":"x"`),
			[]string{
				"/mixed|type|must be boolean|#/properties/mixed/anyOf/0/type",
				"/mixed|const|must be equal to constant|#/properties/mixed/anyOf/0/const",
				"/mixed|type|must be array|#/properties/mixed/anyOf/1/type",
				"/mixed|type|must be null|#/properties/mixed/anyOf/2/type",
				"/mixed|anyOf|must match a schema in anyOf|#/properties/mixed/anyOf",
			}},
		{"anyOf through $ref", "Kinds", with(t, `"mixed":[{"street":"s","city":"c","country":null}]`, `"mixed":[{"street":1,"city":"c","country":null}]`),
			[]string{
				"/mixed|type|must be boolean|#/properties/mixed/anyOf/0/type",
				"/mixed|const|must be equal to constant|#/properties/mixed/anyOf/0/const",
				"/mixed/0/street|type|must be string|#/definitions/Address/properties/street/type",
				"/mixed|type|must be null|#/properties/mixed/anyOf/2/type",
				"/mixed|anyOf|must match a schema in anyOf|#/properties/mixed/anyOf",
			}},
		{"$ref object: missing and extra", "Kinds", with(t, `"address":{"street":"s","city":"c","country":"UK"}`, `"address":{"street":"s","country":null,"zip":"1"}`),
			[]string{
				"/address|required|must have required property 'city'|#/definitions/Address/required",
				"/address|additionalProperties|must NOT have additional properties|#/definitions/Address/additionalProperties",
			}},
		{"$ref in items", "Kinds", with(t, `"addresses":[]`, `"addresses":[{"street":"s","city":"c","country":null},{"street":"s","city":2,"country":null}]`),
			[]string{"/addresses/1/city|type|must be string|#/definitions/Address/properties/city/type"}},
		{"inline object", "Kinds", with(t, `"nested":{"inner":"i"}`, `"nested":{"opt":"x"}`),
			[]string{
				"/nested|required|must have required property 'inner'|#/properties/nested/required",
				"/nested/opt|type|must be number|#/properties/nested/properties/opt/type",
			}},
		{"array items", "Kinds", with(t, `"tags":["a"]`, `"tags":["a",2,"c",null]`),
			[]string{
				"/tags/1|type|must be string|#/properties/tags/items/type",
				"/tags/3|type|must be string|#/properties/tags/items/type",
			}},
		{"object keyword gets array", "Kinds", with(t, `"bag":{"k":1}`, `"bag":[]`),
			[]string{"/bag|type|must be object|#/properties/bag/type"}},
		{"any array gets object", "Kinds", with(t, `"list":[1,"a",null]`, `"list":{}`),
			[]string{"/list|type|must be array|#/properties/list/type"}},
		{"any takes anything", "Kinds", with(t, `"anything":{"x":[1]}`, `"anything":null`), nil},
		{"all errors collected in schema order", "Kinds", with(t, `"id":"k1","count":3`, `"id":2,"count":"3"`),
			[]string{"/id|type|must be string|#/properties/id/type", "/count|type|must be number|#/properties/count/type"}},
		{"escaped key names a property", "Kinds", with(t, `"id":"k1"`, `"\u0069d":"k1"`), nil},
		{"root not an object", "Kinds", `[]`, []string{"|type|must be object|#/type"}},
		{"root null", "Kinds", `null`, []string{"|type|must be object|#/type"}},

		{"dynamic keys", "Dynamic", `{"id":"x","n":1,"s":"t"}`, nil},
		{"dynamic key wrong type", "Dynamic", `{"id":"x","b":true,"a/b~":[]}`,
			[]string{"/b|type|must be string,number|#/additionalProperties/type",
				"/a~1b~0|type|must be string,number|#/additionalProperties/type"}},
		{"dynamic key objects", "DynamicObjects", `{"k":{"str":1},"ok":{"str":"s"}}`,
			[]string{"/k/str|type|must be string|#/additionalProperties/properties/str/type"}},

		{"cycle valid", "Node", `{"name":"a","children":[{"name":"b","children":[]}],"parent":{"name":"p","children":[],"parent":null}}`, nil},
		{"cycle deep error", "Node", `{"name":"a","children":[{"name":"b","children":[{"name":1,"children":[]}]}]}`,
			[]string{"/children/0/children/0/name|type|must be string|#/definitions/Node/properties/name/type"}},
		{"cycle through anyOf", "Node", `{"name":"a","children":[],"parent":{"name":"p"}}`,
			[]string{
				"/parent|required|must have required property 'children'|#/definitions/Node/required",
				"/parent|type|must be null|#/properties/parent/anyOf/1/type",
				"/parent|anyOf|must match a schema in anyOf|#/properties/parent/anyOf",
			}},

		{"anonymous literal model", "Anonymous_acme_action_ping_output", `true`, nil},
		{"anonymous literal model wrong", "Anonymous_acme_action_ping_output", `"true"`,
			[]string{"|type|must be boolean|#/type"}},
		{"integer", "Integer", `2.0`, nil},
		{"integer fraction", "Integer", `1.5`, []string{"|type|must be integer|#/type"}},
		{"boolean model is spread away", "Never", `{}`, nil},
		{"false schema through $ref", "RefNever", `{"x":1}`, []string{"/x|false schema|boolean schema is false|#/definitions/Never"}},
		{"false schema through $ref, absent", "RefNever", `{}`, nil},
		{"true schema", "Always", `{"a":[1,2]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Validate(tt.model, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			got := errLines(res.Errors)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n got  %q\n want %q", got, tt.want)
			}
			if res.Valid() != (len(tt.want) == 0) {
				t.Errorf("Valid() = %v", res.Valid())
			}
		})
	}
}

func TestErrorParamsAndFields(t *testing.T) {
	s := loadFixture(t, "kinds.schema.json")
	res, err := s.Validate("Kinds", []byte(with(t, `"email":null`, `"zz/y":1`)))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 2 {
		t.Fatalf("errors: %v", errLines(res.Errors))
	}
	req, add := res.Errors[0], res.Errors[1]
	if req.Params["missingProperty"] != "email" || req.Field() != "email" || req.DisplayPath() != "root" {
		t.Errorf("required: %+v field %q", req, req.Field())
	}
	if add.Params["additionalProperty"] != "zz/y" || add.Field() != "zz/y" {
		t.Errorf("additional: %+v", add)
	}
	res, _ = s.Validate("Kinds", []byte(with(t, `"addresses":[]`, `"addresses":[{"street":"s","city":2,"country":null}]`)))
	e := res.Errors[0]
	if e.DisplayPath() != "addresses > 0 > city" || e.String() != "addresses > 0 > city: must be string [type]" {
		t.Errorf("display %q string %q", e.DisplayPath(), e.String())
	}
	if e.Params["type"] != "string" {
		t.Errorf("params %v", e.Params)
	}
	res, _ = s.Validate("Kinds", []byte(with(t, `"email":null`, `"email":1`)))
	if tl, ok := res.Errors[0].Params["type"].([]string); !ok || strings.Join(tl, ",") != "string,null" {
		t.Errorf("type list params %#v", res.Errors[0].Params)
	}
	b, err := json.Marshal(res.Errors[0])
	if err != nil {
		t.Fatal(err)
	}
	want := `{"instancePath":"/email","schemaPath":"#/properties/email/type","keyword":"type","params":{"type":["string","null"]},"message":"must be string,null"}`
	if string(b) != want {
		t.Errorf("json\n got  %s\n want %s", b, want)
	}
}

func TestModelsAndErrors(t *testing.T) {
	s := loadFixture(t, "kinds.schema.json")
	_, err := s.Validate("Missing", []byte(`{}`))
	var unknown *UnknownModelError
	if !errors.As(err, &unknown) || unknown.Code() != "model_not_found_Missing" {
		t.Fatalf("unknown model: %v", err)
	}
	if !strings.Contains(err.Error(), `"Missing"`) {
		t.Errorf("message does not name the model: %v", err)
	}
	if _, err := s.Validate("Kinds", []byte(`{"id":`)); err == nil {
		t.Error("malformed JSON accepted")
	}
	var nilSchema *Schema
	if res, err := nilSchema.Validate("Anything", []byte(`42`)); err != nil || !res.Valid() {
		t.Errorf("nil schema: %v %v", res, err)
	}
	v1, _ := s.Validator("Kinds")
	v2, _ := s.Validator("Kinds")
	if v1 != v2 {
		t.Error("validator not cached")
	}
	if !s.Has("Node") || s.Has("Nope") || len(s.Models()) != 10 {
		t.Errorf("models: %v", s.Models())
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct{ schema, want string }{
		{`{"definitions":{"A":{"type":"object","properties":{"b":{"$ref":"#/definitions/Missing"}}}}}`, "can't resolve reference #/definitions/Missing"},
		{`{"definitions":{"A":{"type":"strin"}}}`, `unknown type "strin"`},
		{`{"definitions":{"A":{"multipleOf":3}}}`, `keyword "multipleOf" is not supported`},
		{`{"definitions":{"A":{"type":"object","propertyNames":{"minLength":2}}}}`, `propertyNames other than {"type": "string"} is not supported`},
		{`{"definitions":{"A":{"type":"string","pattern":"(?<"}}}`, `is not a valid regular expression`},
		{`{"definitions":{"A":{"type":"string","format":"hostname"}}}`, `unknown format "hostname"`},
		{`{"definitions":{"A":{"$ref":"http://example.com/x"}}}`, "unsupported $ref"},
	}
	for _, tt := range tests {
		s, err := Parse([]byte(tt.schema))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Validate("A", []byte(`"x"`))
		var ce *CompileError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.schema, err, tt.want)
		}
		// cached: same error again
		if _, err2 := s.Validator("A"); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("compile error not cached: %v", err2)
		}
	}
	if _, err := Parse([]byte(`{`)); err == nil {
		t.Error("bad schema.json accepted")
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestSelfReferenceWithoutData(t *testing.T) {
	s, err := Parse([]byte(`{"definitions":{"A":{"anyOf":[{"$ref":"#/definitions/B"},{"type":"string"}]},"B":{"anyOf":[{"$ref":"#/definitions/A"},{"type":"number"}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Validate("A", []byte(`true`))
	if err != nil {
		t.Fatal(err)
	}
	if res.Valid() {
		t.Fatal("true accepted")
	}
	if res.Errors[len(res.Errors)-1].Keyword != "anyOf" {
		t.Errorf("last error %+v", res.Errors[len(res.Errors)-1])
	}
}

func TestFormats(t *testing.T) {
	good := []string{
		"2024-05-01T10:00:00.000Z", "2024-05-01t10:00:00z", "2024-05-01 10:00:00+02:00",
		"2024-02-29T00:00:00Z", "2024-05-01T10:00:00.123456789-0530", "2024-05-01T10:00:00+05",
		"2016-12-31T23:59:60Z", "2016-12-31T15:59:60-08:00", "2000-02-29T00:00:00Z",
	}
	bad := []string{
		"", "2024-05-01", "10:00:00Z", "2024-05-01T10:00:00", "2023-02-29T00:00:00Z",
		"1900-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-04-31T00:00:00Z", "2024-05-01T24:00:00Z",
		"2024-05-01T10:60:00Z", "2024-05-01T10:00:60Z", "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00+24:00",
		"2024-05-01T10:00:00+02:60", "2024-05-01TT10:00:00Z", "24-05-01T10:00:00Z", "2024-05-01T10:00:00 Z",
		"2024-5-01T10:00:00Z", "２０24-05-01T10:00:00Z", "2024-05-01T10:00:00+0:00",
	}
	for _, g := range good {
		if !isDateTime([]byte(g)) {
			t.Errorf("rejected %q", g)
		}
	}
	for _, b := range bad {
		if isDateTime([]byte(b)) {
			t.Errorf("accepted %q", b)
		}
	}
	if !isDate([]byte("2024-01-31")) || isDate([]byte("2024-01-32")) {
		t.Error("date")
	}
	if !isTime([]byte("10:00:00Z")) || isTime([]byte("10:00:00")) {
		t.Error("time")
	}
}
