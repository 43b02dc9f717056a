package text

import "testing"

func TestPluralize(t *testing.T) {
	for n, want := range map[int]string{0: "0 scripts", 1: "1 script", 2: "2 scripts", -1: "-1 scripts"} {
		if got := Pluralize(n, "script"); got != want {
			t.Errorf("Pluralize(%d) = %q, want %q", n, got, want)
		}
	}
}
