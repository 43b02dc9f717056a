package codegen

import (
	"fmt"
	"strings"
)

// TestFileSpec is what the standard test file of one script needs (`nango generate:tests`).
type TestFileSpec struct {
	Integration string
	Name        string
	// Action: the script is an action (else a sync).
	Action bool
	// Import is the script's module as the test file imports it ("../syncs/issues.js").
	Import string
	// Models are the script's output models.
	Models []string
}

// RenderTestFile writes the standard vitest file of a sync or an action: it replays the
// script's recordings (<integration>/mocks/) through global.vitest.NangoSyncMock /
// NangoActionMock and compares what the script saved, deleted or returned with what was
// recorded, as the official harness's template does. It runs under `nango test` and under
// vitest with the project's setup file.
func RenderTestFile(s TestFileSpec) []byte {
	var b strings.Builder
	q := jsString
	models := q(strings.Join(s.Models, ","))
	if s.Action {
		fmt.Fprintf(&b, "import { describe, expect, it } from 'vitest';\n\nimport runAction from %s;\n\n", q(s.Import))
		fmt.Fprintf(&b, "describe(%s, () => {\n", q(s.Integration+" "+s.Name+" tests"))
		fmt.Fprintf(&b, "    const nangoMock = new global.vitest.NangoActionMock({\n        dirname: __dirname,\n        name: %s,\n        Model: %s\n    });\n\n", q(s.Name), models)
		b.WriteString("    it('returns the recorded output for the recorded input', async () => {\n")
		b.WriteString("        const input = await nangoMock.getInput();\n")
		b.WriteString("        const output = await runAction(nangoMock, input);\n")
		b.WriteString("        expect(output).toEqual(await nangoMock.getOutput());\n")
		b.WriteString("    });\n});\n")
		return []byte(b.String())
	}
	fmt.Fprintf(&b, "import { describe, expect, it, vi } from 'vitest';\n\nimport fetchData from %s;\n\n", q(s.Import))
	fmt.Fprintf(&b, "describe(%s, () => {\n", q(s.Integration+" "+s.Name+" tests"))
	fmt.Fprintf(&b, "    const nangoMock = new global.vitest.NangoSyncMock({\n        dirname: __dirname,\n        name: %s,\n        Model: %s\n    });\n", q(s.Name), models)
	fmt.Fprintf(&b, "    const models = %s.split(',');\n", models)
	b.WriteString("    const batchSaveSpy = vi.spyOn(nangoMock, 'batchSave');\n\n")
	b.WriteString("    it('saves the recorded records', async () => {\n")
	b.WriteString("        await fetchData(nangoMock);\n")
	b.WriteString("        for (const model of models) {\n")
	b.WriteString("            const saved = batchSaveSpy.mock.calls.flatMap((call) => (call[1] === model ? call[0] : []));\n")
	b.WriteString("            // compared after a JSON round trip, as the records are stored\n")
	b.WriteString("            expect(JSON.parse(JSON.stringify(saved))).toStrictEqual(await nangoMock.getBatchSaveData(model));\n")
	b.WriteString("        }\n    });\n\n")
	b.WriteString("    it('deletes the recorded records', async () => {\n")
	b.WriteString("        await fetchData(nangoMock);\n")
	b.WriteString("        for (const model of models) {\n")
	b.WriteString("            const deleted = await nangoMock.getBatchDeleteData(model);\n")
	b.WriteString("            if (deleted && deleted.length > 0) {\n")
	b.WriteString("                expect(nangoMock.batchDelete).toHaveBeenCalledWith(deleted, model);\n")
	b.WriteString("            }\n        }\n    });\n});\n")
	return []byte(b.String())
}

// jsString is v as a single-quoted JavaScript string, the style of the rest of the file.
func jsString(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(v) + "'"
}
