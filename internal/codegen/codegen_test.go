package codegen

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/pkg/nangoyaml"
)

func tsField(name string, value any, array bool) *nangoyaml.Field {
	return &nangoyaml.Field{Name: name, Value: value, Kind: nangoyaml.FieldTSType, TSType: true, Array: array}
}

func strp(s string) *string { return &s }

// The exact text of the reference's emission rules for models.ts, including its
// odd whitespace for nested objects and the brackets inside string-literal quotes.
func TestModelsTS(t *testing.T) {
	ref := &nangoyaml.Field{Name: "0", Value: "Ref", Kind: nangoyaml.FieldModel, Model: true}
	models := []*nangoyaml.Model{
		{Name: "Test", Fields: []*nangoyaml.Field{
			tsField("id", "number", false),
			tsField("1abc", "string", false),
			tsField("12", "string", false),
			tsField("01", "string", false),
			{Name: "q", Value: `it's a \ test`, Kind: nangoyaml.FieldStringLiteral},
			{Name: "a-b", Value: "hello", Kind: nangoyaml.FieldStringLiteral, Array: true, Optional: true},
			{Name: "u", Kind: nangoyaml.FieldUnion, Union: true, Value: []*nangoyaml.Field{tsField("0", "string", false), tsField("1", nil, false), ref}},
			{Name: "l", Kind: nangoyaml.FieldList, Array: true, Value: []*nangoyaml.Field{ref, {Name: "1", Value: true, Kind: nangoyaml.FieldYAMLLiteral}}},
			{Name: "o", Kind: nangoyaml.FieldObject, Value: []*nangoyaml.Field{
				tsField("street", "string", false),
				{Name: "geo", Kind: nangoyaml.FieldObject, Value: []*nangoyaml.Field{tsField("lat", "number", false)}},
			}},
			{Name: "__string", Dynamic: true, Kind: nangoyaml.FieldTSType, Value: "any"},
			{Name: "n", Value: 1.5, Kind: nangoyaml.FieldYAMLLiteral},
			{Name: "e", Kind: nangoyaml.FieldList, Array: true, Value: []*nangoyaml.Field{}},
		}},
		{Name: "Anonymous_p_action_a_output", IsAnon: true, Fields: []*nangoyaml.Field{tsField("output", "boolean", true)}},
	}
	var b strings.Builder
	writeModelsTS(&b, models)
	want := `export interface Test {
  [key: string]: any;
  id: number;
  "1abc": string;
  12: string;
  "01": string;
  q: 'it\'s a \\ test';
  "a-b"?: 'hello[]';
  u: string | null | Ref;
  l: (Ref | true)[];
  o: {  street: string;
  geo: {  lat: number;};};
  n: 1.5;
  e: ()[];
};

/** @deprecated It is recommended to use a Model */
export type Anonymous_p_action_a_output = boolean[]`
	if b.String() != want {
		t.Fatalf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func testParsed() *nangoyaml.Parsed {
	in := &nangoyaml.Integration{ProviderConfigKey: "github"}
	in.Syncs = []*nangoyaml.Sync{
		{Name: "issues", SyncType: "full", Output: []string{"Issue"}, Input: strp("Meta"), WebhookSubscriptions: []string{"issue.created"}, Pos: nangoyaml.Pos{Line: 4, Column: 7}},
		{Name: "github-issue-example", SyncType: "full", Output: []string{"GithubIssue"}},
	}
	in.Actions = []*nangoyaml.Action{
		{Name: "create", Output: []string{"Issue", "Comment"}, Input: strp("Issue")},
		{Name: "ping"},
	}
	in.OnEventScripts.PostConnectionCreation = []string{"setup"}
	in.OnEventScripts.PreConnectionDeletion = []string{}
	return &nangoyaml.Parsed{YamlVersion: nangoyaml.YamlV2, Integrations: []*nangoyaml.Integration{in},
		Models: []*nangoyaml.Model{{Name: "Issue", Fields: []*nangoyaml.Field{tsField("id", "string", false)}}}}
}

func TestScaffoldTemplates(t *testing.T) {
	got, err := Scaffolds(testParsed(), func(string) bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]string{}
	var order []string
	for _, s := range got {
		byPath[s.Path] = string(s.Content)
		order = append(order, s.Path)
	}
	wantOrder := "github/on-events/setup.ts github/syncs/issues.ts github/syncs/github-issue-example.ts github/actions/create.ts github/actions/ping.ts"
	if strings.Join(order, " ") != wantOrder {
		t.Fatalf("order = %v", order)
	}
	checks := map[string]string{
		"github/on-events/setup.ts": "import type { NangoAction } from '../../models';\n\nexport default async function onEvent(nango: NangoAction): Promise<void> {\n    // logic goes here\n}\n",
		"github/syncs/issues.ts": "import type { NangoSync, Issue, Meta } from '../../models';\n\n" +
			"export default async function fetchData(nango: NangoSync): Promise<void> {\n    // Integration code goes here\n    // to save data use await nango.batchSave\n    // to delete data use await nango.batchDelete\n}\n\n" +
			"export async function onWebhookPayloadReceived(nango: NangoSync, payload: any): Promise<void> {\n    // handle the subscription types you need\n    // use nango.batchUpdate for object change events\n}\n\n",
		"github/actions/create.ts": "import type { NangoAction, Issue, Comment, Issue } from '../../models';\n\nexport default async function runAction(nango: NangoAction, input: Issue): Promise<Issue | Comment> {\n    // Integration code goes here\n}\n",
		"github/actions/ping.ts":   "import type { NangoAction } from '../../models';\n\nexport default async function runAction(nango: NangoAction, _input?: void): Promise<void> {\n    // Integration code goes here\n}\n",
	}
	for p, want := range checks {
		if byPath[p] != want {
			t.Errorf("%s:\n%q\nwant\n%q", p, byPath[p], want)
		}
	}
	ex := byPath["github/syncs/github-issue-example.ts"]
	if !strings.HasPrefix(ex, "import type { NangoSync, GithubIssue } from '../../models';\n\n") ||
		!strings.Contains(ex, "export default async function fetchData(nango: NangoSync): Promise<void> {\n") {
		t.Errorf("example sync does not have the reference's import and signature:\n%s", ex)
	}
}

// Existing scripts — nested or at the project root — are never scaffolded again.
func TestScaffoldsSkipExisting(t *testing.T) {
	existing := map[string]bool{"issues.ts": true, "github/actions/create.ts": true, "github/on-events/setup.ts": true}
	got, err := Scaffolds(testParsed(), func(rel string) bool { return existing[rel] })
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, s := range got {
		paths = append(paths, s.Path)
	}
	if strings.Join(paths, " ") != "github/syncs/github-issue-example.ts github/actions/ping.ts" {
		t.Fatalf("scaffolds = %v", paths)
	}
}

func TestScaffoldDuplicateName(t *testing.T) {
	p := testParsed()
	in := p.Integrations[0]
	in.Actions = append(in.Actions, &nangoyaml.Action{Name: "issues", Pos: nangoyaml.Pos{Line: 12, Column: 7}})
	_, err := Scaffolds(p, func(string) bool { return false })
	var dup *DuplicateScriptError
	if !errors.As(err, &dup) {
		t.Fatalf("err = %v, want a DuplicateScriptError", err)
	}
	d := dup.Diagnostic()
	if d.Line != 12 || d.Code != CodeDuplicateScript || !strings.Contains(d.Message, "The action name issues is duplicated in the nango.yaml file.") || !strings.Contains(d.Message, "line 4") {
		t.Fatalf("diagnostic = %+v", d)
	}

	// The same name in two integrations is fine in the nested layout...
	p = testParsed()
	other := &nangoyaml.Integration{ProviderConfigKey: "gitlab", Syncs: []*nangoyaml.Sync{{Name: "issues", Output: []string{"Issue"}}}}
	p.Integrations = append(p.Integrations, other)
	if _, err := Scaffolds(p, func(string) bool { return false }); err != nil {
		t.Fatalf("same name in two integrations: %v", err)
	}
	// ...but not when both resolve to one root-level file.
	if _, err := Scaffolds(p, func(rel string) bool { return rel == "issues.ts" }); !errors.As(err, &dup) {
		t.Fatalf("root-level duplicate: err = %v", err)
	}
}

func TestSchemaJSONUnions(t *testing.T) {
	lit := func(v string) *nangoyaml.Field {
		return &nangoyaml.Field{Value: v, Kind: nangoyaml.FieldStringLiteral}
	}
	models := []*nangoyaml.Model{{Name: "T", Fields: []*nangoyaml.Field{
		{Name: "opt", Kind: nangoyaml.FieldUnion, Value: []*nangoyaml.Field{tsField("0", "string", false), tsField("1", nil, false), tsField("2", "undefined", false)}},
		{Name: "gender", Kind: nangoyaml.FieldUnion, Value: []*nangoyaml.Field{lit("male"), lit("female"), tsField("2", nil, false)}},
		{Name: "mixed", Kind: nangoyaml.FieldUnion, Value: []*nangoyaml.Field{tsField("0", "string", true), tsField("1", nil, false)}},
		{Name: "when", Value: "Date", Kind: nangoyaml.FieldTSType, Optional: true},
		{Name: "__string", Dynamic: true, Kind: nangoyaml.FieldTSType, Value: "number"},
	}}}
	got := string(buildSchemaJSON(models, "0.60.5"))
	want := `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "definitions": {
    "T": {
      "type": "object",
      "properties": {
        "opt": {
          "type": [
            "string",
            "null"
          ]
        },
        "gender": {
          "type": [
            "string",
            "null"
          ],
          "enum": [
            "male",
            "female",
            null
          ]
        },
        "mixed": {
          "anyOf": [
            {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            {
              "type": "null"
            }
          ]
        },
        "when": {
          "type": "string",
          "format": "date-time"
        }
      },
      "required": [
        "gender",
        "mixed"
      ],
      "additionalProperties": {
        "type": "number"
      }
    }
  },
  "$comment": "This file was generated by Nango (v0.60.5)"
}`
	if got != want {
		t.Fatalf("got:\n%s", got)
	}
}

func TestInitProjectRefusesExisting(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "proj")
	res, err := InitProject(dir, InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Created, " ") != ".nango/.gitkeep nango.yaml .env .gitignore" {
		t.Fatalf("created %v", res.Created)
	}
	os.WriteFile(filepath.Join(dir, "nango.yaml"), []byte("mine"), 0o644)
	if _, err := InitProject(dir, InitOptions{}); !errors.Is(err, ErrProjectExists) {
		t.Fatalf("second init: err = %v, want ErrProjectExists", err)
	}
	os.Remove(filepath.Join(dir, ".gitignore"))
	res, err = InitProject(dir, InitOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Created, " ") != ".gitignore" {
		t.Fatalf("forced init created %v", res.Created)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "nango.yaml")); string(b) != "mine" {
		t.Fatal("forced init replaced nango.yaml")
	}
}

// Generate writes nothing when a scaffold check fails, and does not rewrite files whose
// content is already right.
func TestGenerateAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "models.ts"), []byte("old"), 0o644)
	p := testParsed()
	p.Integrations[0].Actions = append(p.Integrations[0].Actions, &nangoyaml.Action{Name: "issues"})
	if _, err := Generate(dir, p, Options{Version: "0.60.5"}); err == nil {
		t.Fatal("want a duplicate error")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "models.ts")); string(b) != "old" {
		t.Fatal("models.ts changed by a failed generate")
	}
	if _, err := os.Stat(filepath.Join(dir, ".nango")); !os.IsNotExist(err) {
		t.Fatal(".nango created by a failed generate")
	}

	p = testParsed()
	res, err := Generate(dir, p, Options{Version: "0.60.5"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 4 || len(res.Scaffolds) != 5 {
		t.Fatalf("first run: %+v", res)
	}
	res, err = Generate(dir, p, Options{Version: "0.60.5"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 0 || len(res.Unchanged) != 4 || len(res.Scaffolds) != 0 {
		t.Fatalf("second run: %+v", res)
	}
}

func TestSDKNameWarning(t *testing.T) {
	dir := t.TempDir()
	yaml := "integrations:\n  p:\n    actions:\n      a:\n        endpoint: POST /a\n        output: ProxyConfiguration\nmodels:\n  ProxyConfiguration:\n    id: string\n  Issue:\n    id: string\n"
	os.WriteFile(filepath.Join(dir, "nango.yaml"), []byte(yaml), 0o644)
	_, diags, err := Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []nangoyaml.Diagnostic
	for _, d := range diags {
		if d.Code == CodeModelNameInSDK {
			got = append(got, d)
		}
	}
	if len(got) != 1 || got[0].Line != 8 || got[0].Severity != nangoyaml.SeverityWarning || !strings.Contains(got[0].Message, `"ProxyConfiguration"`) {
		t.Fatalf("warnings = %v", got)
	}
	if !sdkTypeNames["NangoSync"] || !sdkTypeNames["ActionError"] || !sdkTypeNames["Pagination"] {
		t.Fatalf("SDK names not found: %v", sdkTypeNames)
	}
}

// A name that would put a file outside the project is refused before anything is written.
func TestScaffoldUnsafeNames(t *testing.T) {
	for _, tc := range []struct{ integration, script string }{
		{"github", "../../escape"},
		{"..", "issues"},
		{"github", `a\b`},
		{"git/hub", "issues"},
	} {
		p := &nangoyaml.Parsed{Integrations: []*nangoyaml.Integration{{
			ProviderConfigKey: tc.integration,
			Syncs:             []*nangoyaml.Sync{{Name: tc.script, Output: []string{"Issue"}}},
		}}}
		_, err := Scaffolds(p, func(string) bool { return false })
		var unsafe *UnsafeNameError
		if !errors.As(err, &unsafe) {
			t.Errorf("%s/%s: err = %v, want UnsafeNameError", tc.integration, tc.script, err)
			continue
		}
		if d := unsafe.Diagnostic(); d.Code != CodeUnsafeName || d.Severity != nangoyaml.SeverityError {
			t.Errorf("diagnostic = %+v", d)
		}
	}
	dir := t.TempDir()
	yaml := "integrations:\n  github:\n    syncs:\n      ../../escape:\n        runs: every day\n        endpoint: GET /x\n        output: Issue\nmodels:\n  Issue:\n    id: string\n"
	os.WriteFile(filepath.Join(dir, "nango.yaml"), []byte(yaml), 0o644)
	out, err := checkAndGenerate(dir, Options{Version: "0.60.5"})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Failed() || !nangoyaml.HasErrors(out.Diagnostics) {
		t.Fatalf("generate accepted an escaping name: %+v", out.Diagnostics)
	}
	if _, err := os.Stat(filepath.Join(dir, "models.ts")); !os.IsNotExist(err) {
		t.Fatal("models.ts written for a rejected project")
	}
}

func TestScaffoldOnEventListedTwice(t *testing.T) {
	p := testParsed()
	p.Integrations[0].OnEventScripts.PreConnectionDeletion = []string{"setup"}
	got, err := Scaffolds(p, func(string) bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range got {
		if s.Path == "github/on-events/setup.ts" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("setup.ts planned %d times", n)
	}
}

// The generator's never/void rules, as the reference 0.60.5 applies them (recorded in
// testdata/codegen/reference/recorded-v0.60.5): never leaves unions, a required never makes
// the object never, void is not collapsed into a type list.
func TestSchemaJSONNeverVoid(t *testing.T) {
	union := func(name string, ms ...*nangoyaml.Field) *nangoyaml.Field {
		return &nangoyaml.Field{Name: name, Kind: nangoyaml.FieldUnion, Value: ms}
	}
	s := objectSchema([]*nangoyaml.Field{
		union("nu", tsField("0", "string", false), tsField("1", "never", false)),
		union("vu", tsField("0", "string", false), tsField("1", "void", false)),
	})
	got := string(compactJSON(s))
	want := string(compactJSON(obj("type", "object", "properties", obj(
		"nu", obj("type", "string"),
		"vu", obj("anyOf", []any{obj("type", "string"), obj("type", "null")}),
	), "required", []any{"nu", "vu"}, "additionalProperties", false)))
	if got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
	s = objectSchema([]*nangoyaml.Field{tsField("id", "string", false), {Name: "inner", Kind: nangoyaml.FieldObject, Value: []*nangoyaml.Field{tsField("n", "never", false)}}})
	if !isNeverSchema(s) {
		t.Fatalf("object with a required never property: %s", compactJSON(s))
	}
	opt := &nangoyaml.Field{Name: "n", Value: "never", Kind: nangoyaml.FieldTSType, Optional: true}
	if s = objectSchema([]*nangoyaml.Field{opt}); isNeverSchema(s) {
		t.Fatal("an optional never property must not make the object never")
	}
}
