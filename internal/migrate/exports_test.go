package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnexportUnimported: value exports no other file imports lose `export` (the zero-yaml
// compile check allows only the default); types, re-exports, the webhook handler and what a
// default import uses stay.
func TestUnexportUnimported(t *testing.T) {
	dir := t.TempDir()
	script := strings.Replace(baseSync, "Promise<void> {\n", "Promise<void> {\n    await nango.log(toOrder(LIMIT), helper, Kind.A, Shape, pages);\n", 1) +
		"\nexport function toOrder(id: number): Order {\n    return { id: String(id) };\n}\n" +
		"export async function* pages() {}\n" +
		"export const LIMIT = 10;\n" +
		"export const enum Kind { A }\n" +
		"export class Shape {}\n" +
		"const helper = 1;\n" +
		"interface Opts { a: string }\n" +
		"export { helper, Opts };\n" +
		"export type Id = string;\n" +
		"export interface Page { id: Id }\n" +
		"export { x } from '../helpers/x.js';\n" +
		"const s = `\nexport const notCode = 1;\n`;\n"
	writeTree(t, dir, map[string]string{
		"nango.yaml":           baseYAML,
		"shop/syncs/orders.ts": script,
		"shop/helpers/x.ts":    "export const x = 1;\n",
		// a default import of the script is still fine
		"shop/tests/orders.test.ts": "import fetchData from '../syncs/orders';\nfetchData(nangoMock);\n",
	})
	got := planFiles(buildPlan(t, dir))["shop/syncs/orders.ts"]
	for _, want := range []string{
		"\nfunction toOrder(id: number): Order {", "\nasync function* pages() {}", "\nconst LIMIT = 10;", "\nconst enum Kind { A }", "\nclass Shape {}",
		"\nexport { type Opts };\n", "\nexport type Id = string;", "\nexport interface Page { id: Id }", "\nexport { x } from '../helpers/x.js';",
		"\nexport const notCode = 1;\n`", "export default sync;",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("migrated script lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"export function", "export async function*", "export const LIMIT", "export const enum", "export class", "export { helper"} {
		if strings.Contains(got, bad) {
			t.Errorf("migrated script still has %q:\n%s", bad, got)
		}
	}
}

// TestUnexportKeepsWebhook: the webhook handler is a definition property, not an export to drop.
func TestUnexportKeepsWebhook(t *testing.T) {
	src := baseSync + "\nexport async function onWebhookPayloadReceived(nango: NangoSync, payload: any): Promise<void> {\n    await nango.log(payload, A);\n}\nexport const A = 1;\n"
	exports := valueExports(src, classify(src))
	if len(exports) != 1 || exports[0].name != "A" {
		t.Fatalf("exports = %+v, want only A", exports)
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"nango.yaml": strings.Replace(baseYAML, "runs: every hour", "runs: every hour\n        webhook-subscriptions:\n          - created", 1), "shop/syncs/orders.ts": src})
	got := planFiles(buildPlan(t, dir))["shop/syncs/orders.ts"]
	if !strings.Contains(got, "onWebhook: async (nango, payload") || !strings.Contains(got, "\nconst A = 1;") {
		t.Errorf("webhook or A not carried over:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.ts")); err == nil {
		t.Error("buildPlan wrote files")
	}
}

func TestReferences(t *testing.T) {
	for src, want := range map[string]int{
		"const a = 1;\nlog(a);\n":                                2,
		"const a = 1;\nlog(x.a, { a: 2 });\n":                    1,
		"function a() {}\ntype T = { a?: number; a: string };\n": 1,
		"const a = 1;\nf(c ? a : 0, { a });\n":                   3,
		"const a = 1;\nfunction g(a: number) {}\n":               1,
		"const a = 1;\n// a\nconst s = 'a';\n":                   1,
	} {
		if got := references(src, classify(src), "a"); got != want {
			t.Errorf("references(%q) = %d, want %d", src, got, want)
		}
	}
}
