package jsruntime

import (
	"strings"
	"testing"
)

func TestParseStack(t *testing.T) {
	stack := "RangeError: bad\nsecond line of the message\n" +
		"\tat mustBePositive (/p/lib/check.ts:3:14(12))\n" +
		"\tat /p/build/x.cjs:10:2(5)\n" +
		"\tat push (native)\n" +
		"\tat native\n" +
		"    at run (/p/a%20b/x.ts:7:1)\n"
	got := parseStack(stack)
	want := []Frame{
		{Function: "mustBePositive", File: "/p/lib/check.ts", Line: 3, Column: 14},
		{File: "/p/build/x.cjs", Line: 10, Column: 2},
		{Function: "push", Native: true},
		{Native: true},
		{Function: "run", File: "/p/a b/x.ts", Line: 7, Column: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("frame %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	se := &ScriptError{Name: "RangeError", Message: "bad", Frames: got}
	if s := se.Format("/p"); s != "RangeError: bad\n    at mustBePositive (lib/check.ts:3:14)\n    at build/x.cjs:10:2\n    at run (a b/x.ts:7:1)" {
		t.Errorf("Format: %q", s)
	}
}

// Scripts can assign any string to error.stack; parsing it must never panic.
func FuzzParseStack(f *testing.F) {
	for _, seed := range []string{
		"Error: x\n\tat f (/a.ts:1:2(3))\n\tat native",
		"at (",
		"at :1:2",
		"at f (a:b:c)",
		"   at  ()",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, stack string) {
		frames := parseStack(stack)
		if len(frames) > strings.Count(stack, "at ") {
			t.Fatalf("%d frames from %q", len(frames), stack)
		}
		_ = (&ScriptError{Message: "m", Frames: frames}).Format("/")
	})
}
