package iostreams

import "testing"

func TestDiagnostic(t *testing.T) {
	on := &ColorScheme{enabled: true}
	off := &ColorScheme{}
	tests := []struct {
		text    string
		isError bool
		color   string
	}{
		{"a.ts:1:2: error: x", true, "\x1b[31ma.ts:1:2: error: x\x1b[0m"},
		{"a.ts:1:2: warning: x", false, "\x1b[33ma.ts:1:2: warning: x\x1b[0m"},
		{"a.ts:1:2: error: x\n  1 | code\n  hint", true, "\x1b[31ma.ts:1:2: error: x\x1b[0m\n\x1b[90m  1 | code\n  hint\x1b[0m"},
		{"trailing newline\n", true, "\x1b[31mtrailing newline\x1b[0m"},
	}
	for _, tc := range tests {
		if got := on.Diagnostic(tc.text, tc.isError); got != tc.color {
			t.Errorf("colour %q: got %q, want %q", tc.text, got, tc.color)
		}
		want := tc.text
		if want == "trailing newline\n" {
			want = "trailing newline"
		}
		if got := off.Diagnostic(tc.text, tc.isError); got != want {
			t.Errorf("no colour %q: got %q, want %q", tc.text, got, want)
		}
	}
}
