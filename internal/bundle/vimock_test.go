package bundle

import (
	"strings"
	"testing"
)

func TestFindViMocks(t *testing.T) {
	src := "import { vi } from 'vitest';\n" +
		"vi.mock('soap', () => ({ default: { a: ')' } }));\n" +
		"vi.mock(import(\"axios\"), async (orig) => {\n  // a comment with )\n  return { get: `x${(1)}` };\n});\n" +
		"// vi.mock('commented', () => ({}))\n" +
		"vi.mock(name, () => ({}));\n" +
		"vi.mock('auto');\n"
	got := FindViMocks(src)
	want := []struct{ spec, factory string }{
		{"soap", "() => ({ default: { a: ')' } })"},
		{"axios", "async (orig) => {\n  // a comment with )\n  return { get: `x${(1)}` };\n}"},
		{"", ""},
		{"auto", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d calls: %+v", len(got), got)
	}
	for i, w := range want {
		if got[i].Spec != w.spec || got[i].Factory != w.factory {
			t.Errorf("call %d: spec %q factory %q, want %q %q", i, got[i].Spec, got[i].Factory, w.spec, w.factory)
		}
	}
	blanked := blankCalls(src, got)
	if len(blanked) != len(src) || strings.Count(blanked, "\n") != strings.Count(src, "\n") {
		t.Errorf("blanking moved text:\n%s", blanked)
	}
	if strings.Contains(blanked, "vi.mock('soap'") || !strings.Contains(blanked, "void 0") || !strings.Contains(blanked, "// vi.mock('commented'") {
		t.Errorf("blanked:\n%s", blanked)
	}
	if m := MockedModules(src); strings.Join(m, ",") != "soap,axios,auto" {
		t.Errorf("MockedModules = %v", m)
	}
}
