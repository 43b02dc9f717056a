package bundle

import "testing"

func TestStripInlineSourceMap(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a();\n//# sourceMappingURL=data:application/json;base64,xyz\n", "a();\n"},
		{"a();\n//# sourceMappingURL=data:application/json;base64,xyz", "a();\n"},
		{"a();\n", "a();\n"},
		// Not the trailing comment: a string that mentions it, or code after it.
		{`s = "//# sourceMappingURL=data:x";` + "\n", `s = "//# sourceMappingURL=data:x";` + "\n"},
		{"//# sourceMappingURL=data:x\nb();\n", "//# sourceMappingURL=data:x\nb();\n"},
	}
	for _, tt := range tests {
		if got := string(StripInlineSourceMap([]byte(tt.in))); got != tt.want {
			t.Errorf("StripInlineSourceMap(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
