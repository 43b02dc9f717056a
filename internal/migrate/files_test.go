package migrate

import (
	"strings"
	"testing"
)

// TestHelpersAndPackageJSON: a helper's SDK type names move to an import from "nango" and
// its relative imports get .js; an existing package.json keeps its keys, loses nango and zod
// from dependencies and gets them pinned in devDependencies.
func TestHelpersAndPackageJSON(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"nango.yaml":           baseYAML,
		"shop/syncs/orders.ts": baseSync,
		"shop/helpers/map.ts": "import type { NangoSync, Order } from '../../models';\nimport { x } from './x';\nimport { y } from './y';\n\n" +
			"export async function map(nango: NangoSync): Promise<Order> { return { id: x + y }; }\n",
		"shop/helpers/x.ts":       "export const x = '1';\n",
		"shop/helpers/y/index.ts": "export const y = '2';\n",
		"shop/helpers/plain.ts":   "export const unchanged = 1;\n",
		"package.json":            `{"name":"mine","dependencies":{"nango":"0.60.5","lodash":"4.0.0","zod":"3.24.2"},"scripts":{"x":"y"}}`,
	})
	files := planFiles(buildPlan(t, dir))
	wantHelper := "import type { NangoSync } from \"nango\";\nimport type { Order } from \"../../models.js\";\nimport { x } from './x.js';\nimport { y } from './y/index.js';\n"
	if !strings.HasPrefix(files["shop/helpers/map.ts"], wantHelper) {
		t.Errorf("helper:\n%s\nwant prefix:\n%s", files["shop/helpers/map.ts"], wantHelper)
	}
	if _, changed := files["shop/helpers/plain.ts"]; changed {
		t.Error("a helper without anything to change is rewritten")
	}
	wantPkg := "{\n  \"name\": \"mine\",\n  \"dependencies\": {\n    \"lodash\": \"4.0.0\"\n  },\n  \"scripts\": {\n    \"x\": \"y\"\n  },\n  \"devDependencies\": {\n    \"nango\": \"0.71.10\",\n    \"zod\": \"4.3.6\"\n  }\n}"
	if files["package.json"] != wantPkg {
		t.Errorf("package.json:\n%s\nwant:\n%s", files["package.json"], wantPkg)
	}
}
