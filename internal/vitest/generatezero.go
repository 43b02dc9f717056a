package vitest

import (
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nango-go/nango/internal/project"
)

// ZeroSetupFiles are the files `nango generate:tests` writes at the root of a zero-yaml
// project (when absent) so that vitest itself runs the generated tests: a vitest config that
// loads a setup file, and the setup file that puts nango/test's mocks on globalThis.vitest.
// `nango test` needs neither: it serves nango/test and the globals itself.
var ZeroSetupFiles = []NewTestFile{
	{Path: "vite.config.ts", Content: []byte(`/// <reference types="vitest" />

// vitest's settings for this project's tests (https://vitest.dev/config/)
import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['**/*.{test,spec}.?(c|m)[jt]s?(x)'],
        setupFiles: 'vitest.setup.ts'
    }
});
`)},
	{Path: "vitest.setup.ts", Content: []byte(`// The mocks the test files build with new global.vitest.NangoSyncMock(...) and
// new global.vitest.NangoActionMock(...).
import { NangoActionMock, NangoSyncMock } from 'nango/test';

globalThis.vitest = { NangoActionMock, NangoSyncMock };
`)},
}

// zeroHasMocks: a zero-yaml function has recordings when tests/<name>.test.json,
// tests/<integration>-<name>.test.json or the legacy mocks/<name>/ exists.
func zeroHasMocks(dir string, s *project.Script) bool {
	base := filepath.Join(dir, s.Integration)
	for _, p := range []string{
		filepath.Join(base, "tests", s.Name+".test.json"),
		filepath.Join(base, "tests", s.Integration+"-"+s.Name+".test.json"),
		filepath.Join(base, "mocks", s.Name),
	} {
		if _, err := os.Stat(p); err == nil {
			return true
		}
	}
	return false
}

// zeroImport is the function's file as <integration>/tests/ imports it, with ".js".
func zeroImport(dir string, s *project.Script) string {
	rel, err := filepath.Rel(filepath.Join(dir, s.Integration, "tests"), filepath.Join(dir, filepath.FromSlash(s.Zero.Source)))
	if err != nil {
		rel = "../" + s.Zero.Dir + "/" + s.Name + ".ts"
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, ".") {
		rel = "./" + rel
	}
	return strings.TrimSuffix(rel, path.Ext(rel)) + ".js"
}

// renderZeroTestFile is the zero-yaml test of a function: the test calls the createSync /
// createAction object's exec with a nango/test mock that replays the .test.json. A sync's
// two tests each build a fresh mock, run the sync, and compare the batchSave (then the
// non-empty batchDelete) calls of each model, after a JSON round trip, with the recorded
// ones; an action's compares its output for the recorded input. Mocks are cleared and
// restored after each test.
func renderZeroTestFile(s *project.Script, imp string) []byte {
	q := strconv.Quote
	var b strings.Builder
	if s.Kind == project.KindAction {
		b.WriteString("import { describe, expect, it } from 'vitest';\n\nimport createAction from " + q(imp) + ";\n\n")
		b.WriteString("describe(" + q(s.Integration+" "+s.Name+" tests") + ", () => {\n")
		b.WriteString("    const nangoMock = new global.vitest.NangoActionMock({\n        dirname: __dirname,\n        name: " + q(s.Name) + ",\n        Model: " + q(strings.Join(s.Outputs, ",")) + "\n    });\n\n")
		b.WriteString("    it('returns the recorded output for the recorded input', async () => {\n")
		b.WriteString("        const input = await nangoMock.getInput();\n")
		b.WriteString("        const output = await createAction.exec(nangoMock, input);\n")
		b.WriteString("        expect(output).toEqual(await nangoMock.getOutput());\n    });\n});\n")
		return []byte(b.String())
	}
	models := strings.Join(s.Outputs, ",")
	b.WriteString("import { afterEach, describe, expect, it, vi } from 'vitest';\n\nimport createSync from " + q(imp) + ";\n\n")
	b.WriteString("describe(" + q(s.Integration+" "+s.Name+" tests") + ", () => {\n")
	b.WriteString("    const models = " + q(models) + ".split(',');\n\n")
	b.WriteString("    const newMock = () => new global.vitest.NangoSyncMock({ dirname: __dirname, name: " + q(s.Name) + ", Model: " + q(models) + " });\n\n")
	b.WriteString("    // the records of every call of a batchSave/batchDelete spy for one model, as plain JSON\n")
	b.WriteString("    const recordsOf = (spy, model) => JSON.parse(JSON.stringify(spy.mock.calls.flatMap((call) => (call[1] === model ? call[0] : []))));\n\n")
	b.WriteString("    afterEach(() => {\n        vi.clearAllMocks();\n        vi.restoreAllMocks();\n    });\n\n")
	b.WriteString("    it('saves the recorded records', async () => {\n")
	b.WriteString("        const nangoMock = newMock();\n        const spy = vi.spyOn(nangoMock, 'batchSave');\n")
	b.WriteString("        await createSync.exec(nangoMock);\n")
	b.WriteString("        for (const model of models) {\n            expect(recordsOf(spy, model)).toStrictEqual(await nangoMock.getBatchSaveData(model));\n        }\n    });\n\n")
	b.WriteString("    it('deletes the recorded records', async () => {\n")
	b.WriteString("        const nangoMock = newMock();\n        const spy = vi.spyOn(nangoMock, 'batchDelete');\n")
	b.WriteString("        await createSync.exec(nangoMock);\n")
	b.WriteString("        for (const model of models) {\n            const expected = await nangoMock.getBatchDeleteData(model);\n")
	b.WriteString("            if (expected && expected.length > 0) {\n                expect(recordsOf(spy, model)).toStrictEqual(expected);\n            }\n        }\n    });\n});\n")
	return []byte(b.String())
}
