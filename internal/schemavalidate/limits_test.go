package schemavalidate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// limitsSchema has the number, length and pattern keywords zod 4's JSON schemas carry
// (z.string().min(1), z.email()'s pattern, z.int()'s safe-integer bounds, z.number().positive(),
// z.record()'s propertyNames), as zero-yaml functions' models do.
const limitsSchema = `{"definitions":{
 "Contact":{"type":"object","properties":{
   "first_name":{"type":"string","minLength":1,"maxLength":5},
   "email":{"type":"string","format":"email","pattern":"^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$"},
   "employees":{"anyOf":[{"type":"integer","minimum":-9007199254740991,"maximum":9007199254740991},{"type":"null"}]},
   "price":{"type":"number","exclusiveMinimum":0,"maximum":100},
   "any":{"minimum":2,"exclusiveMaximum":10},
   "tags":{"type":"object","propertyNames":{"type":"string"},"additionalProperties":{"type":"string","pattern":"^a+$"}}
 },"required":["first_name"],"additionalProperties":false}}}`

func TestLimits(t *testing.T) {
	s, err := Parse([]byte(limitsSchema))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ data, want string }{
		{`{"first_name":"Ada","email":"ada@example.com","employees":50,"price":1,"any":"x","tags":{"k":"aa"}}`, ""},
		{`{"first_name":""}`, "/first_name|minLength|must NOT have fewer than 1 characters"},
		{`{"first_name":"Adalbert"}`, "/first_name|maxLength|must NOT have more than 5 characters"},
		// code points, not bytes or UTF-16 units
		{`{"first_name":"😀😀😀😀😀"}`, ""},
		{`{"first_name":"a","email":"a..b@example.com"}`, `/email|pattern|must match pattern "^(?!\.)`},
		{`{"first_name":"a","price":0}`, "/price|exclusiveMinimum|must be > 0"},
		{`{"first_name":"a","price":"1"}`, "/price|type|must be number"},
		{`{"first_name":"a","any":1}`, "/any|minimum|must be >= 2"},
		{`{"first_name":"a","any":10}`, "/any|exclusiveMaximum|must be < 10"},
		{`{"first_name":"a","employees":9007199254740993}`, "/employees|maximum|must be <= 9007199254740991"},
		{`{"first_name":"a","tags":{"k":"b"}}`, `/tags/k|pattern|must match pattern "^a+$"`},
	} {
		res, err := s.Validate("Contact", []byte(tc.data))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range res.Errors {
			got = append(got, e.InstancePath+"|"+e.Keyword+"|"+e.Message)
		}
		text := strings.Join(got, "\n")
		if tc.want == "" && text != "" || !strings.Contains(text, tc.want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.data, text, tc.want)
		}
	}
}

// TestLimitsAgainstAjv compares errors, order, messages and params with ajv on values around
// every limit of limitsSchema.
func TestLimitsAgainstAjv(t *testing.T) {
	mods := ajvModules(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	file := filepath.Join(t.TempDir(), "limits.schema.json")
	if err := os.WriteFile(file, []byte(limitsSchema), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Parse([]byte(limitsSchema))
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string][]string{
		"first_name": {`""`, `"a"`, `"abcde"`, `"abcdef"`, `"😀😀😀😀😀"`, `"😀😀😀😀😀😀"`, `1`, `null`},
		"email":      {`"ada@example.com"`, `"a..b@example.com"`, `".a@example.com"`, `"x"`, `""`, `1`},
		"employees":  {`0`, `-9007199254740991`, `9007199254740993`, `1.5`, `null`, `"1"`},
		"price":      {`0`, `-1`, `0.01`, `100`, `100.5`, `"1"`, `null`},
		"any":        {`1`, `2`, `9.99`, `10`, `"x"`, `null`, `[]`},
		"tags":       {`{}`, `{"k":"a"}`, `{"k":"b"}`, `{"k":1}`, `[]`},
	}
	var cases []ajvCase
	for name, vals := range fields {
		for _, v := range vals {
			cases = append(cases, ajvCase{file, "Contact", `{"first_name":"a","` + name + `":` + v + `}`})
			if name == "first_name" {
				cases = append(cases, ajvCase{file, "Contact", `{"first_name":` + v + `,"email":"x","price":0,"any":10}`})
			}
		}
	}
	compareWithAjv(t, node, mods, map[string]*Schema{file: s}, cases)
}
