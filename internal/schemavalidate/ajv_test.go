package schemavalidate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ajvScript validates each case with ajv as the reference CLI configures it (allErrors,
// discriminator, ajv-formats; the model's definition spread over the document as root)
// and prints the errors. It is test input, run only when NANGO_TEST_AJV_MODULES points
// at a node_modules folder with ajv 8 and ajv-formats 3 (never committed).
const ajvScript = `
const {Ajv} = require('ajv');
const addFormats = require('ajv-formats');
const fs = require('fs');
const [casesFile] = process.argv.slice(2);
const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
const byFile = {};
const out = cases.map(([schemaFile, model, data]) => {
  if (!byFile[schemaFile]) {
    const ajv = new Ajv({allErrors: true, discriminator: true, logger: false});
    addFormats(ajv);
    byFile[schemaFile] = {ajv, doc: JSON.parse(fs.readFileSync(schemaFile, 'utf8'))};
  }
  const {ajv, doc} = byFile[schemaFile];
  const v = ajv.compile({...doc, ...doc.definitions[model]});
  if (v(JSON.parse(data))) return [];
  return v.errors.map(e => e.instancePath + '|' + e.keyword + '|' + e.message + '|' + JSON.stringify(e.params));
});
process.stdout.write(JSON.stringify(out));
`

// TestAgainstAjv is a differential test: the table cases plus random mutations of a valid
// record must give ajv's errors, in ajv's order, with ajv's messages and params.
func TestAgainstAjv(t *testing.T) {
	mods := ajvModules(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	schemaFile, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "schemavalidate", "kinds.schema.json"))
	s := loadFixture(t, "kinds.schema.json")

	cases := [][2]string{}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(validKinds), &fields); err != nil {
		t.Fatal(err)
	}
	values := []string{`null`, `true`, `0`, `1.5`, `"x"`, `"2024-01-01T00:00:00Z"`, `[]`, `["a",1]`, `{}`,
		`{"street":"s","city":1}`, `[{"street":"s","city":"c","country":null,"zip":1}]`, `"active"`, `"male"`, `1`}
	rng := rand.New(rand.NewSource(1))
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	for i := 0; i < 400; i++ {
		var b strings.Builder
		b.WriteByte('{')
		n := 0
		for _, k := range keys {
			if rng.Intn(8) == 0 {
				continue // drop a field
			}
			v := string(fields[k])
			if rng.Intn(4) == 0 {
				v = values[rng.Intn(len(values))]
			}
			if n > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q:%s", k, v)
			n++
		}
		if rng.Intn(6) == 0 {
			b.WriteString(`,"extra":1`)
		}
		b.WriteByte('}')
		cases = append(cases, [2]string{"Kinds", b.String()})
	}
	for _, m := range []string{"Dynamic", "DynamicObjects", "Node", "Anonymous_acme_action_ping_output", "Integer", "Never", "RefNever", "Always"} {
		for _, v := range values {
			cases = append(cases, [2]string{m, v})
		}
		cases = append(cases, [2]string{m, `{"id":"x","k":{"str":1},"name":"n","children":[{"name":2,"children":[]}],"parent":{"name":"p"}}`})
		cases = append(cases, [2]string{m, `{"x":1,"id":true,"a/b":{"str":"s","t":1}}`})
	}

	var full []ajvCase
	for _, c := range cases {
		full = append(full, ajvCase{schemaFile, c[0], c[1]})
	}
	compareWithAjv(t, node, mods, map[string]*Schema{schemaFile: s}, full)
}

type ajvCase [3]string // schema file, model, data

// compareWithAjv runs every case through ajv in one node process and through our
// validator, and reports each difference in errors, order, messages or params.
func compareWithAjv(t *testing.T, node, mods string, schemas map[string]*Schema, cases []ajvCase) {
	t.Helper()
	dir := t.TempDir()
	casesFile := filepath.Join(dir, "cases.json")
	scriptFile := filepath.Join(dir, "ajv.js")
	b, _ := json.Marshal(cases)
	if err := os.WriteFile(casesFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(scriptFile, []byte(ajvScript), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, scriptFile, casesFile)
	cmd.Env = append(os.Environ(), "NODE_PATH="+mods)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var want [][]string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	failures := 0
	for i, c := range cases {
		res, err := schemas[c[0]].Validate(c[1], []byte(c[2]))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range res.Errors {
			// as JSON.stringify writes them: no HTML escaping ("<=" of a maximum)
			var p bytes.Buffer
			enc := json.NewEncoder(&p)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(e.Params)
			got = append(got, e.InstancePath+"|"+e.Keyword+"|"+e.Message+"|"+strings.TrimSuffix(p.String(), "\n"))
		}
		if strings.Join(got, "\n") != strings.Join(want[i], "\n") {
			failures++
			if failures <= 20 {
				t.Errorf("%s %s %s\n got:\n  %s\n ajv:\n  %s", filepath.Base(filepath.Dir(filepath.Dir(filepath.Dir(c[0])))), c[1], c[2], strings.Join(got, "\n  "), strings.Join(want[i], "\n  "))
			}
		}
	}
	t.Logf("%d cases compared with ajv, %d differ", len(cases), failures)
}

// TestGoldenAgainstAjv compares with ajv on every model of the reference's generated
// schema.json files, with minimal valid instances and random mutations of them.
func TestGoldenAgainstAjv(t *testing.T) {
	mods := ajvModules(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	root := sharedDir(t, "fixtures")
	files, _ := filepath.Glob(filepath.Join(root, "nango-yaml", "golden-v*", "*", "generated", ".nango", "schema.json"))
	files = append(files, filepath.Join(root, "peer-cli", "generate", "tree", ".nango", "schema.json"))
	values := []any{nil, true, 0, 1.5, "x", "2024-01-01T00:00:00Z", []any{}, []any{"a", 1.0}, map[string]any{}, map[string]any{"id": "1"}}
	rng := rand.New(rand.NewSource(2))
	schemas := map[string]*Schema{}
	var cases []ajvCase
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		schemas[file] = s
		var doc struct {
			Definitions map[string]any `json:"definitions"`
		}
		_ = json.Unmarshal(data, &doc)
		for _, m := range s.Models() {
			inst, ok := instance(doc.Definitions, doc.Definitions[m], 0)
			if !ok {
				inst = map[string]any{}
			}
			for i := 0; i < 12; i++ {
				v := mutate(rng, inst, values)
				b, _ := json.Marshal(v)
				cases = append(cases, ajvCase{file, m, string(b)})
			}
		}
	}
	compareWithAjv(t, node, mods, schemas, cases)
}

// mutate returns a copy of v with random changes: values replaced, fields dropped or added.
func mutate(rng *rand.Rand, v any, values []any) any {
	if rng.Intn(5) == 0 {
		return values[rng.Intn(len(values))]
	}
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if rng.Intn(6) == 0 {
				continue
			}
			out[k] = mutate(rng, e, values)
		}
		if rng.Intn(5) == 0 {
			out["extra"] = values[rng.Intn(len(values))]
		}
		return out
	case []any:
		out := []any{}
		for _, e := range x {
			out = append(out, mutate(rng, e, values))
		}
		if rng.Intn(3) == 0 {
			out = append(out, values[rng.Intn(len(values))])
		}
		return out
	}
	return v
}

// TestDateTimeAgainstAjv compares the date-time check with ajv-formats on random
// mutations of valid timestamps.
func TestDateTimeAgainstAjv(t *testing.T) {
	mods := ajvModules(t)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	base := []string{"2024-05-01T10:00:00.000Z", "2016-12-31T23:59:60Z", "2016-12-31T15:59:60-08:00",
		"2024-02-29 00:00:00+0530", "2024-05-01t10:00:00z"}
	chars := []rune("0123456789-:.TtZz+ \u00a0\u3000x")
	rng := rand.New(rand.NewSource(3))
	seen := map[string]bool{}
	var xs []string
	for i := 0; i < 10000; i++ {
		s := []rune(base[rng.Intn(len(base))])
		for n := rng.Intn(3) + 1; n > 0; n-- {
			p := rng.Intn(len(s) + 1)
			switch op := rng.Intn(3); {
			case op == 0 && len(s) > 0:
				s[min(p, len(s)-1)] = chars[rng.Intn(len(chars))]
			case op == 1:
				s = append(s[:p], append([]rune{chars[rng.Intn(len(chars))]}, s[p:]...)...)
			case len(s) > 0:
				q := min(p, len(s)-1)
				s = append(s[:q], s[q+1:]...)
			}
		}
		if !seen[string(s)] {
			seen[string(s)] = true
			xs = append(xs, string(s))
		}
	}
	dir := t.TempDir()
	b, _ := json.Marshal(xs)
	_ = os.WriteFile(filepath.Join(dir, "dt.json"), b, 0o644)
	script := `const {Ajv}=require('ajv');const addFormats=require('ajv-formats');
const ajv=new Ajv();addFormats(ajv);const v=ajv.compile({type:'string',format:'date-time'});
const xs=JSON.parse(require('fs').readFileSync(process.argv[2],'utf8'));
process.stdout.write(JSON.stringify(xs.map(x=>v(x))));`
	_ = os.WriteFile(filepath.Join(dir, "dt.js"), []byte(script), 0o644)
	cmd := exec.Command(node, filepath.Join(dir, "dt.js"), filepath.Join(dir, "dt.json"))
	cmd.Env = append(os.Environ(), "NODE_PATH="+mods)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var want []bool
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	bad := 0
	for i, x := range xs {
		if isDateTime([]byte(x)) != want[i] {
			bad++
			if bad <= 20 {
				t.Errorf("%q: ajv-formats says %v", x, want[i])
			}
		}
	}
	t.Logf("%d strings compared with ajv-formats, %d differ", len(xs), bad)
}

// ajvModules returns the node_modules folder holding ajv 8 and ajv-formats 3 (make test
// installs them into .cache/testdeps), or skips the test when there is none.
func ajvModules(t *testing.T) string {
	t.Helper()
	mods := os.Getenv("NANGO_TEST_AJV_MODULES")
	if mods == "" {
		t.Skip("NANGO_TEST_AJV_MODULES is not set (a node_modules folder with ajv@8 and ajv-formats@3)")
	}
	for _, pkg := range []string{"ajv", "ajv-formats"} {
		if _, err := os.Stat(filepath.Join(mods, pkg, "package.json")); err != nil {
			t.Skipf("%s is not installed in %s", pkg, mods)
		}
	}
	return mods
}
