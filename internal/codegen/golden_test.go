package codegen

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nango-go/nango/pkg/nangoyaml"
)

var update = flag.Bool("update", false, "rewrite the golden files of our own output (testdata/codegen/ours)")

const (
	copiedGoldens = "../../testdata/codegen/reference"
	sharedGoldens = "../../../shared/fixtures/nango-yaml"
)

// schemaJSONExceptions are cases whose .nango/schema.json we knowingly do not reproduce,
// because the reference's comes from running ts-json-schema-generator on broken TypeScript.
var schemaJSONExceptions = map[string]string{
	"models-empty-yaml-list":      "`()[]` is not valid TypeScript; the generator emits {\"$comment\": \"() =>[]\"}, we emit an empty-array schema",
	"upstream-v2-advanced-syntax": "a model named Record shadows TypeScript's Record, so the generator emits a $ref to a made-up definition",
}

// goldenCase is one reference golden folder: the input nango.yaml and what the reference wrote.
type goldenCase struct {
	name, tag, input, dir string
	expected              struct {
		Outcome string `json:"outcome"`
		Phase   string `json:"phase"`
		// ExistingFiles were in the project before the recorded run (e.g. a root-level script).
		ExistingFiles []string `json:"existing_files"`
	}
}

// referenceCases lists the golden folders under root (a copy in testdata, or ../shared), with
// the nango.yaml each was generated from.
func referenceCases(t *testing.T, root string, shared bool) []goldenCase {
	t.Helper()
	var out []goldenCase
	tags := []string{"golden-v0.58.7", "golden-v0.60.5"}
	if !shared {
		// Extra projects this repository recorded with the reference CLI itself.
		tags = append(tags, "recorded-v0.60.5")
	}
	for _, tag := range tags {
		entries, err := os.ReadDir(filepath.Join(root, tag))
		if err != nil {
			t.Fatalf("read goldens: %v", err)
		}
		for _, e := range entries {
			_, version, _ := strings.Cut(tag, "-v")
			c := goldenCase{name: e.Name(), tag: version, dir: filepath.Join(root, tag, e.Name())}
			b, err := os.ReadFile(filepath.Join(c.dir, "expected.json"))
			if err != nil {
				continue
			}
			if err := json.Unmarshal(b, &c.expected); err != nil {
				t.Fatalf("%s: %v", c.dir, err)
			}
			if c.expected.Outcome != "ok" && c.expected.Phase != "generate" {
				continue // rejected files are the parser's tests; nothing is generated
			}
			c.input = filepath.Join(c.dir, "nango.yaml")
			if shared {
				c.input = sharedInput(root, c.name)
			}
			if c.input == "" {
				t.Errorf("%s: no input nango.yaml found", c.dir)
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// sharedInput finds a golden folder's input in ../shared: cases/<name>, or upstream/<v>/<sub>
// for the upstream-<v>-<sub> folders.
func sharedInput(root, name string) string {
	p := filepath.Join(root, "cases", name, "nango.yaml")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if rest, ok := strings.CutPrefix(name, "upstream-"); ok {
		v, sub, _ := strings.Cut(rest, "-")
		p = filepath.Join(root, "upstream", v, sub, "nango.yaml")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func TestReferenceGoldens(t *testing.T) {
	for _, c := range referenceCases(t, copiedGoldens, false) {
		t.Run(c.tag+"/"+c.name, func(t *testing.T) { checkGolden(t, c) })
	}
}

// TestSharedReferenceGoldens walks the recorded fixtures themselves, so that a case added
// there is checked without copying it.
func TestSharedReferenceGoldens(t *testing.T) {
	if _, err := os.Stat(sharedGoldens); err != nil {
		t.Skipf("reference fixtures not present at %s", sharedGoldens)
	}
	for _, c := range referenceCases(t, sharedGoldens, true) {
		t.Run(c.tag+"/"+c.name, func(t *testing.T) { checkGolden(t, c) })
	}
}

// parseFor parses a case the way the reference release that recorded it did.
func parseFor(t *testing.T, c goldenCase) *nangoyaml.Parsed {
	t.Helper()
	data, err := os.ReadFile(c.input)
	if err != nil {
		t.Fatal(err)
	}
	opts := nangoyaml.Options{NeverVoidAliases: c.tag != "0.58.7"}
	p, diags := nangoyaml.ParseWithOptions("nango.yaml", data, opts)
	if p == nil || nangoyaml.HasErrors(diags) {
		for _, d := range diags {
			if d.Severity == nangoyaml.SeverityError && !referenceCodes[d.Code] {
				// A rule of our parser that the reference lacks (pkg/nangoyaml/COMPATIBILITY.md).
				t.Skipf("our parser rejects this file on purpose: %v", d)
			}
		}
		t.Fatalf("parse rejected a file the reference accepted: %v", diags)
	}
	return p
}

// referenceCodes are the error codes the reference itself reports (parser codes and ajv
// keywords); any other code is one of our parser's deliberate extra checks.
var referenceCodes = map[string]bool{
	"invalid_model_name": true, "model_extends_not_found": true, "type_syntax_error": true,
	"duplicate_model": true, "model_missing_id": true, "duplicate_endpoint": true,
	"model_not_found": true, "endpoints_mismatch": true, "invalid_runs": true,
	"both_post_connection_scripts_and_on_events_present": true, "failed_to_parse_array": true,
	"failed_to_parse_object": true, "failed_to_parse_union": true,
	nangoyaml.CodeErrorMessage: true, "additionalProperties": true, "required": true, "type": true,
	"enum": true, "pattern": true, "anyOf": true,
}

func checkGolden(t *testing.T, c goldenCase) {
	p := parseFor(t, c)
	gen := filepath.Join(c.dir, "generated")

	if c.expected.Phase == "generate" {
		// The reference exits 1 on a duplicate script name; we refuse before writing.
		_, err := Scaffolds(p, func(string) bool { return false })
		var dup *DuplicateScriptError
		if !errors.As(err, &dup) {
			t.Fatalf("want a duplicate script error, got %v", err)
		}
		if want := readGolden(t, filepath.Join(c.dir, "expected.json")); !strings.Contains(want, dup.Error()) {
			t.Errorf("message %q not in the reference's output", dup.Error())
		}
		return
	}

	files := Render(p, Options{Version: c.tag})
	want := readGolden(t, filepath.Join(gen, "models.ts"))
	got := string(files.ModelsTS)
	for _, part := range []struct{ name, from, to string }{
		{"header and Models", "", "// ------ /Models\n"},
		{"Flows", "// ------ Flows\n", ""},
	} {
		if g, w := section(got, part.from, part.to), section(want, part.from, part.to); g != w {
			t.Errorf("models.ts %s section differs:\n%s", part.name, diffLines(w, g))
		}
	}
	if !strings.Contains(got, "// ------ SDK\n\n"+strings.TrimRight(SDKDeclarations(), "\n")) {
		t.Error("models.ts has no SDK block")
	}
	if w := readGolden(t, filepath.Join(gen, ".nango", "schema.ts")); string(files.SchemaTS) != w {
		t.Errorf(".nango/schema.ts differs:\n%s", diffLines(w, string(files.SchemaTS)))
	}
	if w, err := os.ReadFile(filepath.Join(gen, ".nango", "nango.json")); err == nil && string(files.NangoJSON) != string(w) {
		t.Errorf(".nango/nango.json differs:\n%s", diffLines(string(w), string(files.NangoJSON)))
	}
	if reason, skip := schemaJSONExceptions[c.name]; skip {
		t.Logf("schema.json not compared: %s", reason)
	} else {
		w := readGolden(t, filepath.Join(gen, ".nango", "schema.json"))
		if string(files.SchemaJSON) != w && !sameJSON(t, files.SchemaJSON, []byte(w)) {
			t.Errorf(".nango/schema.json differs:\n%s", diffLines(w, string(files.SchemaJSON)))
		}
	}

	// Scaffolds: every file the reference created must be ours byte for byte (the example
	// sync: same import and signature, our own body). The upstream folders had their
	// scripts already, so the reference created none there.
	existing := map[string]bool{}
	for _, f := range c.expected.ExistingFiles {
		existing[f] = true
	}
	scaffolds, err := Scaffolds(p, func(rel string) bool { return existing[rel] })
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]string{}
	for _, s := range scaffolds {
		ours[s.Path] = string(s.Content)
	}
	theirs := referenceScaffolds(t, gen)
	for path, w := range theirs {
		g, ok := ours[path]
		switch {
		case !ok:
			t.Errorf("scaffold %s not generated", path)
		case strings.HasSuffix(path, "/"+ExampleSyncName+".ts"):
			if firstLines(g, 1) != firstLines(w, 1) || !strings.Contains(g, signatureLine(w)) {
				t.Errorf("example sync %s: import or signature differs:\n%s", path, firstLines(g, 3))
			}
		case g != w:
			t.Errorf("scaffold %s differs:\n%s", path, diffLines(w, g))
		}
	}
	if !strings.HasPrefix(c.name, "upstream-") && len(ours) != len(theirs) {
		t.Errorf("scaffolds: ours %v, reference %v", keys(ours), keys(theirs))
	}
}

func referenceScaffolds(t *testing.T, gen string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(gen, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(gen, path)
		rel = filepath.ToSlash(rel)
		if rel == ModelsFile || strings.HasPrefix(rel, ".nango/") {
			return nil
		}
		out[rel] = readGolden(t, path)
		return nil
	})
	return out
}

func signatureLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "export default async function") {
			return l
		}
	}
	return "\x00 no signature"
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// section returns s from the line `from` (start when empty) up to and including `to` (end
// when empty).
func section(s, from, to string) string {
	if from != "" {
		i := strings.Index(s, from)
		if i < 0 {
			return "<no " + strings.TrimSpace(from) + ">"
		}
		s = s[i:]
	}
	if to != "" {
		i := strings.Index(s, to)
		if i < 0 {
			return "<no " + strings.TrimSpace(to) + ">"
		}
		s = s[:i+len(to)]
	}
	return s
}

func sameJSON(t *testing.T, a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func readGolden(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// diffLines shows the first differing line with a little context.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + quote(wl) + "\n  got:  " + quote(gl)
		}
	}
	return "(equal)"
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestOurGoldens pins our complete output (SDK block and schema.json included) for a few
// projects, so that any change to it is a reviewed diff. -update rewrites them.
func TestOurGoldens(t *testing.T) {
	cases := []string{"init-template-yaml", "models-union-optional-nullable", "v2-scopes-and-misc", "upstream-v2-advanced-syntax"}
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			c := goldenCase{name: name, tag: "0.60.5", input: filepath.Join(copiedGoldens, "golden-v0.58.7", name, "nango.yaml")}
			p := parseFor(t, c)
			files := Render(p, Options{Version: c.tag})
			scaffolds, err := Scaffolds(p, func(string) bool { return false })
			if err != nil {
				t.Fatal(err)
			}
			out := map[string][]byte{
				ModelsFile:     files.ModelsTS,
				SchemaTSFile:   files.SchemaTS,
				SchemaJSONFile: files.SchemaJSON,
				NangoJSONFile:  files.NangoJSON,
			}
			for _, s := range scaffolds {
				out[s.Path] = s.Content
			}
			dir := filepath.Join("..", "..", "testdata", "codegen", "ours", name)
			for rel, data := range out {
				path := filepath.Join(dir, filepath.FromSlash(rel))
				if *update {
					os.MkdirAll(filepath.Dir(path), 0o755)
					if err := os.WriteFile(path, data, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(want, data) {
					t.Errorf("%s differs from the golden file (run with -update if intended):\n%s", rel, diffLines(string(want), string(data)))
				}
			}
		})
	}
}
