package schemavalidate

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// zodValues are instances that hit each keyword zod's toJSONSchema writes on both sides of
// its limits: integer bounds, lengths counted by code point, patterns with lookaheads,
// formats, tuples, discriminated unions with none, one or two matching branches.
var zodValues = []string{
	`null`, `true`, `0`, `-1`, `1.5`, `2`, `3`, `6`, `9.5`, `10`, `0.3`, `1e-7`, `2e-7`, `-1e21`, `-2e21`,
	`9007199254740991`, `9007199254740992`, `-9007199254740992`, `1e300`,
	`""`, `"a"`, `"aa"`, `"aaaaa"`, `"aaaaaa"`, `"ab"`, `"😀😀"`, `"😀"`, `"é"`, `"\"q\\/x"`,
	`"x@y.co"`, `"x..y@y.co"`, `".x@y.co"`, `"X@Y.COM"`, `"a@b"`,
	`"https://example.com/a?b#c"`, `"mailto:x@y.co"`, `"example.com"`, `"http://[::1]:80/"`, `"http://a b"`,
	`"123e4567-e89b-12d3-a456-426614174000"`, `"123E4567-E89B-12D3-A456-426614174000"`, `"urn:uuid:123e4567-e89b-12d3-a456-426614174000"`,
	`"00000000-0000-0000-0000-000000000000"`, `"123e4567-e89b-02d3-a456-426614174000"`,
	`"2024-02-29"`, `"2023-02-29"`, `"2024-01-01T00:00:00Z"`,
	`[]`, `["a"]`, `["a","b"]`, `["a","b","c"]`, `[""]`, `["x",1]`, `["x","y"]`, `[1]`, `["x",1,true]`,
	`{}`, `{"a":"x"}`, `{"a":"x","b":"y"}`, `{"a":1,"b":2}`, `{"kind":"a","a":"x"}`, `{"kind":"b","b":1}`,
	`{"kind":"a","b":1}`, `{"kind":"c"}`, `{"x":1,"y":"z"}`, `{"n":2}`, `{"n":4}`, `{"n":2.5}`, `{"d":"2024-01-01T00:00:00Z"}`,
	`{"id":"r","children":[{"id":"c","children":[]}]}`, `{"id":"r","children":[{"id":1,"children":[{"x":1}]}]}`,
	`{"home":{"city":"p"},"work":{"city":""},"s":1}`, `{"home":{},"extra":1}`, `{"city":"p"}`, `{"s":"x"}`, `{"n":null}`,
}

// TestZodKeywordsAgainstAjv compares with ajv (as the reference configures it) on the
// committed zod fixture and on every schema of the recorded zod → JSON Schema table.
func TestZodKeywordsAgainstAjv(t *testing.T) {
	mods := ajvModules(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	schemas := map[string]*Schema{}
	var cases []ajvCase
	add := func(file string) {
		s, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		schemas[file] = s
		for _, m := range s.Models() {
			if _, err := s.Validator(m); err != nil {
				t.Errorf("%s: %v", m, err)
				continue
			}
			for _, v := range zodValues {
				cases = append(cases, ajvCase{file, m, v})
			}
		}
	}
	fixture, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "schemavalidate", "zod.schema.json"))
	add(fixture)
	if table := zodTable(t); table != "" {
		add(table)
	}
	compareWithAjv(t, node, mods, schemas, cases)
}

// zodTable writes the recorded zod → JSON Schema table (one definition per zod API) as a
// schema document, or returns "" when the reference fixtures are not there.
func zodTable(t *testing.T) string {
	dir := os.Getenv("SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	data, err := os.ReadFile(filepath.Join(dir, "fixtures", "peer-cli-zero", "zod-json-schema", "output.json"))
	if err != nil {
		t.Logf("zod table not available: %v", err)
		return ""
	}
	var table map[string]json.RawMessage
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"definitions": table})
	file := filepath.Join(t.TempDir(), "zod-table.schema.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestZodKeywords(t *testing.T) {
	s := loadFixture(t, "zod.schema.json")
	tests := []struct {
		model, data string
		want        []string
	}{
		{"Int", `9007199254740991`, nil},
		{"Int", `9007199254740992`, []string{"|maximum|must be <= 9007199254740991|#/maximum"}},
		{"Int", `1.5`, []string{"|type|must be integer|#/type"}},
		{"Int", `"1"`, []string{"|type|must be integer|#/type"}},
		{"Positive", `0`, []string{"|exclusiveMinimum|must be > 0|#/exclusiveMinimum"}},
		{"Positive", `"x"`, []string{"|type|must be number|#/type"}},
		{"Below", `10`, []string{"|exclusiveMaximum|must be < 10|#/exclusiveMaximum"}},
		{"Below", `0.3`, []string{"|multipleOf|must be multiple of 0.5|#/multipleOf"}},
		{"Tiny", `2e-7`, []string{"|maximum|must be <= 1e-7|#/maximum"}},
		{"Tiny", `-2e21`, []string{"|minimum|must be >= -1e+21|#/minimum"}},
		{"Short", `"a"`, []string{"|minLength|must NOT have fewer than 2 characters|#/minLength"}},
		{"Short", `"😀😀"`, nil},
		{"Short", `"aaaaaa"`, []string{"|maxLength|must NOT have more than 5 characters|#/maxLength"}},
		{"Pattern", `"ab"`, []string{`|pattern|must match pattern "^a+$"|#/pattern`}},
		{"Email", `"x..y@y.co"`, []string{`|pattern|must match pattern "` + emailPattern + `"|#/pattern`, `|format|must match format "email"|#/format`}},
		{"Email", `"x'@y.co"`, []string{`|pattern|must match pattern "` + emailPattern + `"|#/pattern`}},
		{"Email", `"a@b"`, []string{`|pattern|must match pattern "` + emailPattern + `"|#/pattern`, `|format|must match format "email"|#/format`}},
		{"Url", `"example.com"`, []string{`|format|must match format "uri"|#/format`}},
		{"Tags", `[]`, []string{"|minItems|must NOT have fewer than 1 items|#/minItems"}},
		{"Tags", `["a",""]`, []string{"/1|minLength|must NOT have fewer than 1 characters|#/items/minLength"}},
		{"Pair", `["x","y",3]`, []string{"/1|type|must be number|#/items/1/type"}},
		{"Disc", `{"kind":"a","a":"x"}`, nil},
		{"Disc", `{"kind":"c"}`, []string{
			"|required|must have required property 'a'|#/oneOf/0/required",
			"/kind|const|must be equal to constant|#/oneOf/0/properties/kind/const",
			"|required|must have required property 'b'|#/oneOf/1/required",
			"/kind|const|must be equal to constant|#/oneOf/1/properties/kind/const",
			"|oneOf|must match exactly one schema in oneOf|#/oneOf"}},
		{"Loose", `2`, []string{"|oneOf|must match exactly one schema in oneOf|#/oneOf"}},
		{"Both", `{"a":"x"}`, []string{"|required|must have required property 'b'|#/allOf/1/required"}},
		{"Rec", `{"x":"y"}`, []string{"/x|type|must be number|#/additionalProperties/type"}},
		{"Tree", `{"id":"r","children":[{"id":1,"children":[]}]}`, []string{"/children/0/id|type|must be string|#/properties/id/type"}},
		{"WithDefs", `{"home":{"city":""}}`, []string{"/home/city|minLength|must NOT have fewer than 1 characters|#/$defs/City/properties/city/minLength"}},
		{"OwnDefs", `{"n":4}`, []string{"/n|maximum|must be <= 3|#/definitions/N/maximum"}},
	}
	for _, tt := range tests {
		res, err := s.Validate(tt.model, []byte(tt.data))
		if err != nil {
			t.Fatalf("%s: %v", tt.model, err)
		}
		if got := errLines(res.Errors); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s %s:\n got  %q\n want %q", tt.model, tt.data, got, tt.want)
		}
	}
	res, _ := s.Validate("Loose", []byte(`2`))
	if p := paramsJSON(res.Errors[0].Params); p != `{"passingSchemas":[0,1]}` {
		t.Errorf("oneOf params %s", p)
	}
	res, _ = s.Validate("Int", []byte(`1e300`))
	if p := paramsJSON(res.Errors[0].Params); p != `{"comparison":"<=","limit":9007199254740991}` {
		t.Errorf("maximum params %s", p)
	}
}

const emailPattern = `^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$`
