package scriptcheck

import (
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/scriptkind"
)

func checkZero(t *testing.T, typ scriptkind.Kind, src string, extra map[string]string) []Diagnostic {
	t.Helper()
	files := map[string]string{"acme/" + typ.Dir() + "/s.ts": src}
	for k, v := range extra {
		files[k] = v
	}
	dir := writeProject(t, files)
	s := Script{Integration: "acme", Name: "s", Kind: typ, Outputs: []string{"Contact"}}
	c := NewChecker(Project{Dir: dir, Zero: true})
	entry, _ := Locate(dir, s)
	return c.CheckScript(s, entry)
}

const zeroSyncHead = "import { createSync } from 'nango';\nimport * as z from 'zod';\n"

// TestZeroRules: each zero-yaml rule fires where the reference's does, at the offending text,
// and the yaml-era rules it replaced do not.
func TestZeroRules(t *testing.T) {
	sync := func(body string) string {
		return zeroSyncHead + "const sync = createSync({\n  models: { Contact: z.object({}) },\n  exec: async (nango) => {\n" + body +
			"  },\n  onWebhook: async (nango) => {\n    await nango.batchSave([], 'Contact');\n  }\n});\nexport default sync;\n"
	}
	tests := []struct {
		name  string
		typ   scriptkind.Kind
		src   string
		extra map[string]string
		want  []want
		msg   string // a part of the first diagnostic's message
	}{
		{name: "a clean sync (the batchSave in onWebhook is not exec's)", typ: scriptkind.Sync, src: sync(
			"    await nango.trackDeletesStart('Contact');\n    await nango.batchSave([], 'Contact');\n    await nango.trackDeletesEnd('Contact');\n")},
		{name: "exec is the last property: a batch call in a helper after it does not count", typ: scriptkind.Sync,
			src: zeroSyncHead + "export default createSync({\n  models: { Contact: z.object({}) },\n  exec: async (nango) => {\n" +
				"    await nango.trackDeletesStart('Contact');\n    await save(nango);\n    await nango.trackDeletesEnd('Contact');\n  }\n});\n" +
				"async function save(nango: any) {\n  await nango.batchSave([], 'Contact');\n}\n"},
		{name: "unawaited trackDeletesStart", typ: scriptkind.Sync, src: sync("    nango.trackDeletesStart('Contact');\n    await nango.trackDeletesEnd('Contact');\n"),
			want: []want{{CodeNotAwaited, SeverityError, 6, 5}}},
		{name: "trackDeletesEnd before a batch call", typ: scriptkind.Sync, src: sync(
			"    await nango.trackDeletesStart('Contact');\n    await nango.trackDeletesEnd('Contact');\n    await nango.batchSave([], 'Contact');\n"),
			want: []want{{CodeTrackDeletes, SeverityError, 7, 11}}, msg: "trackDeletesEnd for model 'Contact' should be called after any batching records function"},
		{name: "trackDeletesStart after a batch call, no end", typ: scriptkind.Sync, src: sync(
			"    await nango.batchSave([], 'Contact');\n    await nango.trackDeletesStart('Contact');\n"),
			want: []want{{CodeTrackDeletes, SeverityError, 7, 11}, {CodeTrackDeletes, SeverityError, 7, 11}}, msg: "is called but trackDeletesEnd is never called"},
		{name: "trackDeletesEnd twice", typ: scriptkind.Sync, src: sync(
			"    await nango.trackDeletesStart('Contact');\n    await nango.trackDeletesEnd('Contact');\n    await nango.trackDeletesEnd('Contact');\n"),
			want: []want{{CodeTrackDeletes, SeverityError, 8, 11}}, msg: "should be called only once per sync"},
		{name: "a model the sync does not declare", typ: scriptkind.Sync, src: sync("    await nango.batchSave([], 'Contacts');\n"),
			want: []want{{CodeInvalidModel, SeverityError, 6, 31}}, msg: `"Contacts" is not a model of sync "s"`},
		{name: "retryOn without retries, type arguments with semicolons", typ: scriptkind.Action,
			src:  "import { createAction } from 'nango';\nexport default createAction({ exec: async (nango) => {\n  await nango.get<{ a: string; b: number }>({ endpoint: '/x', retryOn: [429] });\n} });\n",
			want: []want{{CodeRetryOnNoRetries, SeverityError, 3, 9}}, msg: "Proxy call: 'retryOn'"},
		{name: "named exports; types, re-exports and wrapper names pass", typ: scriptkind.Action,
			src: "import { createAction } from 'nango';\nexport type T = string;\nexport interface I { a: string }\nexport { x } from './h.js';\n" +
				"export const helper = 1;\nexport async function f() {}\nconst a = 1, b = 2;\nexport { a, b as c, type T as U };\nexport default createAction({ exec: async () => {} });\n",
			extra: map[string]string{"acme/actions/h.ts": "export const x = 1;\n"},
			want:  []want{{CodeNamedExport, SeverityError, 5, 1}, {CodeNamedExport, SeverityError, 6, 1}, {CodeNamedExport, SeverityError, 8, 10}, {CodeNamedExport, SeverityError, 8, 13}},
			msg:   "Named export 'helper' is not allowed"},
		{name: "default export of a spread", typ: scriptkind.Action,
			src:  "import { createAction } from 'nango';\nconst action = createAction({ exec: async () => {} });\nexport default { ...action };\n",
			want: []want{{CodeDefaultExport, SeverityError, 3, 1}}, msg: "Invalid default export: should be createAction(), createSync() or createOnEvent()"},
		{name: "default export of a plain function", typ: scriptkind.Action, src: "export default async function run() {}\n",
			want: []want{{CodeDefaultExport, SeverityError, 1, 1}}},
		{name: "wrapper argument not an object", typ: scriptkind.Action, src: "import { createAction } from 'nango';\nconst def = {};\nexport default createAction(def);\n",
			want: []want{{CodeDefaultExport, SeverityError, 3, 29}}, msg: "Invalid function parameter, should be an object"},
		{name: "generic wrapper via a typed const", typ: scriptkind.Action,
			src: "import { createAction } from 'nango';\nconst action: unknown = createAction<{ a: 1 }>({ exec: async () => {} });\nexport default action;\n"},
		{name: "console in a helper: a warning at the helper's line", typ: scriptkind.Action,
			src:   "import { createAction } from 'nango';\nimport { h } from '../../shared/h.js';\nexport default createAction({ exec: async () => { h(); } });\n",
			extra: map[string]string{"shared/h.ts": "export const h = () => {\n  console.warn('x');\n};\n"},
			want:  []want{{CodeConsoleLogging, SeverityWarning, 2, 3}}, msg: "console.warn"},
		{name: "disallowed import in a helper names the zero-yaml list", typ: scriptkind.Action,
			src:   "import { createAction } from 'nango';\nimport { h } from '../../shared/h.js';\nexport default createAction({ exec: async () => { h(); } });\n",
			extra: map[string]string{"shared/h.ts": "import { inspect } from 'node:util';\nexport const h = inspect;\n"},
			want:  []want{{CodeDisallowedImport, SeverityError, 1, 25}}, msg: "Import of package 'node:util' is not allowed. Allowed packages are: nango/experimental, url, node:url, crypto, node:crypto, nango, zod, unzipper, soap, botbuilder"},
		{name: "nango/experimental and type-only imports are allowed", typ: scriptkind.Action,
			src: "import { createFunction } from 'nango/experimental';\nimport type { X } from 'axios';\nexport default createFunction({ exec: async () => {} });\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkZero(t, tt.typ, tt.src, tt.extra)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d diagnostics %v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Code != w.code || g.Severity != w.sev || g.Line != w.line || g.Column != w.col {
					t.Errorf("diagnostic %d: got %s [%s], want %s %s at %d:%d", i, g, g.Code, w.sev, w.code, w.line, w.col)
				}
			}
			if tt.msg != "" && !strings.Contains(got[0].Message, tt.msg) {
				t.Errorf("message %q does not contain %q", got[0].Message, tt.msg)
			}
		})
	}
}
