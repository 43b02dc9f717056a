package schemavalidate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// sharedDir is the read-only reference material beside the project; tests that read it
// skip when it is absent.
func sharedDir(t *testing.T, rel string) string {
	t.Helper()
	dir := os.Getenv("SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("reference fixtures not available (%s): %v", p, err)
	}
	return p
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestReferenceActionInvalidInput replays the reference's `dryrun --validation --input
// {"first_name":1}`: same errors, same order, same paths as its printed report.
func TestReferenceActionInvalidInput(t *testing.T) {
	dir := sharedDir(t, "fixtures/peer-cli")
	s, err := Load(filepath.Join(dir, "generate/tree/.nango/schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Validate("CreateContactInput", []byte(`{"first_name":1}`))
	if err != nil {
		t.Fatal(err)
	}
	got := NewReport(res, []byte(`{"first_name":1}`)).Text()
	ref, err := os.ReadFile(filepath.Join(dir, "dryrun/action-invalid-input.stdout"))
	if err != nil {
		t.Fatal(err)
	}
	// The reference's error blocks follow its "data:" line; ours must match them line for line.
	refText := ansi.ReplaceAllString(string(ref), "")
	refErrors := refText[strings.Index(refText, "\nroot\n")+1:]
	gotErrors := got[strings.Index(got, "\nroot\n")+1:]
	if gotErrors != refErrors {
		t.Errorf("error blocks differ\n got:\n%s\n reference:\n%s", gotErrors, refErrors)
	}
	if !strings.HasPrefix(got, "model: CreateContactInput\ndata: {\n  \"first_name\": 1\n}\n\n") {
		t.Errorf("header:\n%s", got)
	}
}

// TestReferenceActionOutputDate: the reference validated the action's output before the
// JSON round trip, so a Date failed "must be string" (action-validation fixture). We
// validate the JSON the script's output becomes, where that field is a valid date-time.
func TestReferenceActionOutputDate(t *testing.T) {
	dir := sharedDir(t, "fixtures/peer-cli")
	s, err := Load(filepath.Join(dir, "generate/tree/.nango/schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := `{"id":"new-123","success":true,"created_at":"2025-03-04T05:06:07.000Z","warnings":null}`
	res, err := s.Validate("CreateContactOutput", []byte(out))
	if err != nil || !res.Valid() {
		t.Fatalf("%v %v", errLines(res.Errors), err)
	}
	res, _ = s.Validate("CreateContactOutput", []byte(`{"id":"new-123","success":true,"created_at":{},"warnings":null}`))
	if got := errLines(res.Errors); len(got) != 1 || got[0] != "/created_at|type|must be string|#/properties/created_at/type" {
		t.Errorf("got %q", got)
	}
}

// TestReferenceSyncRecords validates every record the reference's sync dry run printed:
// it printed no "Invalid record payload" warning, so all of them must pass.
func TestReferenceSyncRecords(t *testing.T) {
	dir := sharedDir(t, "fixtures/peer-cli")
	s, err := Load(filepath.Join(dir, "generate/tree/.nango/schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "dryrun/sync.stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	model, buf, n := "", "", 0
	sc := bufio.NewScanner(f)
	header := regexp.MustCompile(`^"A batch (save|delete) call would (save|delete) the following data(?: to the (\w+) model)?:"$`)
	for sc.Scan() {
		line := sc.Text()
		if m := header.FindStringSubmatch(line); m != nil {
			model = m[3]
			continue
		}
		if model == "" {
			continue
		}
		buf += line + "\n"
		if line == "}" {
			res, err := s.Validate(model, []byte(buf))
			if err != nil || !res.Valid() {
				t.Errorf("%s record %s: %v %v", model, buf, errLines(res.Errors), err)
			}
			buf = ""
			n++
		}
	}
	if n != 5 {
		t.Errorf("validated %d records, want 5", n)
	}
}

// TestGoldenSchemas compiles every model of the reference's generated schema.json files
// and checks that a minimal instance built from each model validates while a value of the
// wrong type does not.
func TestGoldenSchemas(t *testing.T) {
	root := sharedDir(t, "fixtures/nango-yaml")
	files, _ := filepath.Glob(filepath.Join(root, "golden-v*", "*", "generated", ".nango", "schema.json"))
	if len(files) == 0 {
		t.Skip("no golden schema.json files")
	}
	models := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var doc struct {
			Definitions map[string]any `json:"definitions"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for _, m := range s.Models() {
			models++
			v, err := s.Validator(m)
			if err != nil {
				t.Errorf("%s %s: %v", file, m, err)
				continue
			}
			inst, ok := instance(doc.Definitions, doc.Definitions[m], 0)
			if !ok {
				continue // a required cycle (models-cyclic-*) has no finite instance
			}
			b, _ := json.Marshal(inst)
			res, err := v.Validate(b)
			if err != nil || !res.Valid() {
				t.Errorf("%s %s: minimal instance %s rejected: %v %v", file, m, b, errLines(res.Errors), err)
			}
			if def, _ := doc.Definitions[m].(map[string]any); def["type"] == "object" {
				res, _ := v.Validate([]byte(`"not an object"`))
				if res.Valid() {
					t.Errorf("%s %s: string accepted for an object model", file, m)
				}
			}
		}
	}
	t.Logf("%d schema files, %d models", len(files), models)
}

// instance builds a minimal value that satisfies schema sch.
func instance(defs map[string]any, sch any, depth int) (any, bool) {
	if depth > 20 {
		return nil, false
	}
	s, ok := sch.(map[string]any)
	if !ok {
		return nil, sch == true
	}
	if ref, ok := s["$ref"].(string); ok {
		return instance(defs, defs[strings.TrimPrefix(ref, "#/definitions/")], depth+1)
	}
	if c, ok := s["const"]; ok {
		return c, true
	}
	if e, ok := s["enum"].([]any); ok {
		return e[0], true
	}
	if any, ok := s["anyOf"].([]any); ok {
		for _, b := range any {
			if v, ok := instance(defs, b, depth+1); ok {
				return v, true
			}
		}
		return nil, false
	}
	if _, ok := s["not"]; ok {
		return nil, false
	}
	t := s["type"]
	if list, ok := t.([]any); ok {
		t = list[0]
	}
	switch t {
	case "string":
		if s["format"] == "date-time" {
			return "2024-01-01T00:00:00.000Z", true
		}
		return "s", true
	case "number", "integer":
		return 1, true
	case "boolean":
		return true, true
	case "null":
		return nil, true
	case "array":
		return []any{}, true
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]any)
		names := make([]string, 0, len(req))
		for _, r := range req {
			names = append(names, r.(string))
		}
		sort.Strings(names)
		for _, r := range names {
			v, ok := instance(defs, props[r], depth+1)
			if !ok {
				return nil, false
			}
			out[r] = v
		}
		return out, true
	case nil:
		return "anything", true
	}
	panic(fmt.Sprintf("unexpected type %v", t))
}
