package migrate

import (
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/project"
)

func TestRewriteScriptDetails(t *testing.T) {
	src := "import type { NangoAction, NangoSync, Out, ProxyConfiguration } from '../../models';\n" +
		"import { helper } from '../helpers/util';\n\n" +
		"export default async function runAction(nango: NangoAction): Promise<Out> {\n" +
		"    const text = `line one\n" +
		"line two ${nango.connectionId ? `{nested}` : '}'}\n" +
		"end`;\n" +
		"    const re = /[}]/g; // a } in a regex and a comment\n" +
		"    return { id: await list(nango, text.replace(re, '')) };\n" +
		"}\n\n" +
		"async function list(nango: NangoSync, s: string): Promise<string> {\n" +
		"    const cfg: ProxyConfiguration = { endpoint: s };\n" +
		"    return helper(await nango.get(cfg));\n" +
		"}\n"
	s := &project.Script{Integration: "shop", Name: "do-it", Kind: project.KindAction, Outputs: []string{"Out"}}
	exists := func(rel string) bool { return rel == "shop/helpers/util.ts" }
	got, err := rewriteScript(scriptInput{s: s, rel: "shop/actions/do-it.ts", src: src, models: func(n string) bool { return n == "Out" }, exists: exists})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"import { createAction, ProxyConfiguration } from \"nango\";\nimport { helper } from '../helpers/util.js';\n\nimport { Out } from \"../../models.js\";\nimport * as z from \"zod\";\n",
		"    input: z.void(),\n    output: Out,\n",
		"    exec: async (nango): Promise<Out> => {\n        const text = `line one\nline two ${nango.connectionId ? `{nested}` : '}'}\nend`;\n        const re = /[}]/g;",
		"        return { id: await list(nango, text.replace(re, '')) };\n    }\n});\n",
		"export type NangoActionLocal = Parameters<typeof action[\"exec\"]>[0];\nexport default action;\n\nasync function list(nango: NangoActionLocal, s: string)",
		`    version: "0.0.1",`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks\n%s\n--- got:\n%s", want, got)
		}
	}
}

func TestRewriteOnEvent(t *testing.T) {
	src := "import type { NangoAction } from '../../models';\n\nexport default async function onEvent(nango: NangoAction) {\n    await nango.log('hi');\n}\n"
	s := &project.Script{Integration: "shop", Name: "welcome", Kind: project.KindOnEvent, Event: "post-connection-creation"}
	got, err := rewriteScript(scriptInput{s: s, rel: "shop/on-events/welcome.ts", src: src, models: func(string) bool { return false }, exists: func(string) bool { return false }})
	if err != nil {
		t.Fatal(err)
	}
	want := "import { createOnEvent } from \"nango\";\n\nconst onEvent = createOnEvent({\n    event: \"post-connection-creation\",\n    description: \"\",\n\n    exec: async nango => {\n        await nango.log('hi');\n    }\n});\n\nexport type NangoActionLocal = Parameters<typeof onEvent[\"exec\"]>[0];\nexport default onEvent;\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestZod4Record(t *testing.T) {
	for in, want := range map[string]string{
		"z.record(z.string())":                   "z.record(z.string(), z.string())",
		"z.record(z.string(), z.number())":       "z.record(z.string(), z.number())",
		"z.record(z.union([a, b])).optional()":   "z.record(z.string(), z.union([a, b])).optional()",
		"z.record(z.record(x))":                  "z.record(z.string(), z.record(z.string(), x))",
		"const s = 'z.record(x)'; myz.record(y)": "const s = 'z.record(x)'; myz.record(y)",
		"z.record(z.object({ a: x, b: y }))":     "z.record(z.string(), z.object({ a: x, b: y }))",
	} {
		if got := zod4Record(in); got != want {
			t.Errorf("zod4Record(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestZod4Errors(t *testing.T) {
	for in, want := range map[string]string{
		"r.error.errors.map((e) => e.message)":          "r.error.issues.map((e) => e.message)",
		"parse.error.errorsX":                           "parse.error.errorsX",
		"const s = 'r.error.errors'; // r.error.errors": "const s = 'r.error.errors'; // r.error.errors",
		"a.error.errors; b.error.errors":                "a.error.issues; b.error.issues",
	} {
		if got := zod4Errors(in); got != want {
			t.Errorf("zod4Errors(%q) = %q, want %q", in, got, want)
		}
	}
}
