package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/project"
)

const baseYAML = `integrations:
  shop:
    syncs:
      orders:
        runs: every hour
        output: Order
        endpoint: GET /orders
models:
  Order:
    id: string
`

const baseSync = `import type { NangoSync, Order } from '../../models';

export default async function fetchData(nango: NangoSync): Promise<void> {
    await nango.batchSave<Order>([{ id: '1' }], 'Order');
}
`

// TestRefusals: each project holds one thing that cannot be carried over; Build names it,
// exits 3 and (like every Build) writes nothing.
func TestRefusals(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"post-connection script", map[string]string{"nango.yaml": strings.Replace(baseYAML, "    syncs:", "    post-connection-scripts:\n      - setup\n    syncs:", 1)},
			"shop/setup: post-connection-scripts are deprecated"},
		{"missing script file", map[string]string{"shop/syncs/orders.ts": ""}, "shop/syncs/orders.ts: nango.yaml declares shop/orders but its file cannot be read"},
		{"no default function", map[string]string{"shop/syncs/orders.ts": "const x = 1;\nexport default x;\n"}, "shop/syncs/orders.ts: it has no `export default async function"},
		{"id not a string", map[string]string{"nango.yaml": strings.Replace(baseYAML, "id: string", "id: boolean", 1)}, `model "Order" has an id of type boolean`},
		{"optional id", map[string]string{"nango.yaml": strings.Replace(baseYAML, "id: string", "id?: string", 1)}, `model "Order" has an id that is not a string or a number`},
		{"model named models", map[string]string{"nango.yaml": baseYAML + "  models:\n    a: string\n"}, `model "models" has a name models.ts needs`},

		{"incremental with track deletes", map[string]string{"nango.yaml": strings.Replace(baseYAML, "runs: every hour", "runs: every hour\n        sync_type: incremental\n        track_deletes: true", 1)},
			"shop/orders: an incremental sync with track_deletes: true cannot be carried over"},
		{"index.ts exists", map[string]string{"index.ts": "// mine\n"}, "index.ts already exists"},
		{"export a test imports", map[string]string{
			"shop/syncs/orders.ts":      baseSync + "\nexport function toOrder(id: string): Order {\n    return { id };\n}\n",
			"shop/tests/orders.test.ts": "import fetchData, { toOrder } from '../syncs/orders';\n\nconsole.log(fetchData, toOrder('1'));\n",
		}, "shop/syncs/orders.ts: it exports toOrder, which shop/tests/orders.test.ts imports, but a zero-yaml function file may export only its default; move toOrder"},
		{"export list a helper re-exports", map[string]string{
			"shop/syncs/orders.ts":   baseSync + "\nconst LIMIT = 10;\nexport { LIMIT as limit };\n",
			"shop/helpers/limits.ts": "export { limit } from '../syncs/orders.js';\n",
		}, "it exports limit, which shop/helpers/limits.ts imports"},
		{"export nothing uses", map[string]string{
			"shop/syncs/orders.ts": baseSync + "\nexport function unused(o: { unused: number }): number {\n    return o.unused;\n}\n",
		}, "shop/syncs/orders.ts: it exports unused, which neither the file nor any other file uses, and a zero-yaml function file may export only its default; remove unused (dead code)"},
		{"namespace import", map[string]string{
			"shop/syncs/orders.ts": baseSync + "\nexport const LIMIT = 10;\n",
			"shop/helpers/all.ts":  "import * as orders from '../syncs/orders';\nexport const l = orders.LIMIT;\n",
		}, "it exports LIMIT, which shop/helpers/all.ts imports"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"nango.yaml": baseYAML, "shop/syncs/orders.ts": baseSync}
			for k, v := range tc.files {
				files[k] = v
			}
			if v, ok := tc.files["shop/syncs/orders.ts"]; ok && v == "" {
				delete(files, "shop/syncs/orders.ts")
			}
			writeTree(t, dir, files)
			before := snapshot(t, dir)
			p, diags, err := project.Load(dir)
			if err != nil || p == nil {
				t.Fatalf("load: %v %v", err, diags)
			}
			_, err = Build(p, testOpts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if exitcode.Of(err) != exitcode.Project || !strings.Contains(err.Error(), "nothing was written") {
				t.Errorf("exit %d, message %q: want 3 and 'nothing was written'", exitcode.Of(err), err)
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("files changed:\n%s\n---\n%s", before, after)
			}
		})
	}
}

func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			b.WriteString(rel + "\n" + string(data) + "\n")
		}
		return nil
	})
	return b.String()
}
