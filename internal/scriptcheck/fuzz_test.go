package scriptcheck

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzAnalyze: any input, however broken, is analysed without panicking or hanging, and
// every position reported is inside the source.
func FuzzAnalyze(f *testing.F) {
	seeds := []string{
		"export default async function fetchData(nango: NangoSync): Promise<void> { await nango.batchSave([], 'A'); }",
		"import _ from 'lodash'; export { x as default } from './y';",
		"const t = `a${ `b${ nango.get() }` }c`; const r = /[/]x/g; const d = a / b / c;",
		"export default fetchData\nconst fetchData = async (n): { a: number } => { return 1 }",
		"for await (const x of y) { if (a) { return } }",
		"nango.get<{ a: Array<Map<string, number>> }>({ retryOn: [1] }).then(x => x)",
		"/* unterminated",
		"'unterminated",
		"`unterminated ${",
		"}}}{{{)))(((",
		"export default async (",
		"const f: (a: number) => void = function () { return 1 }",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	// the scripts of the recorded reference project
	root := filepath.Join("..", "..", "testdata", "compile", "acme", "acme-crm")
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(string(data))
			}
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, src string) {
		a := analyze(src)
		lines := 1
		for i := 0; i < len(src); i++ {
			if src[i] == '\n' {
				lines++
			}
		}
		check := func(what string, line int) {
			if line < 0 || line > lines {
				t.Fatalf("%s at line %d of a %d-line source", what, line, lines)
			}
		}
		for _, c := range a.calls {
			check("call", c.line)
		}
		for _, i := range a.imports {
			check("import", i.line)
		}
		if a.defaults != nil {
			check("default export", a.defaults.line)
			check("return", a.defaults.returnLine)
		}
	})
}
