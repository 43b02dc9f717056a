package exitcode

import (
	"errors"
	"fmt"
	"testing"
)

type usageErr struct{}

func (usageErr) Error() string  { return "bad flag" }
func (usageErr) ExitCode() Code { return Usage }

func TestOf(t *testing.T) {
	base := errors.New("boom")
	for _, tc := range []struct {
		name string
		err  error
		want Code
	}{
		{"nil", nil, OK},
		{"plain", base, Failure},
		{"coded", WithCode(Auth, base), Auth},
		{"wrapped by fmt", fmt.Errorf("context: %w", Errorf(Conflict, "busy")), Conflict},
		{"hint keeps the code", WithHint(Errorf(Script, "threw"), "fix it"), Script},
		{"hint on a plain error", WithHint(base, "fix it"), Failure},
		{"silent", Silent(Mismatch), Mismatch},
		{"coder", fmt.Errorf("x: %w", usageErr{}), Usage},
		{"outermost code wins", WithCode(Project, Errorf(Auth, "inner")), Project},
	} {
		if got := Of(tc.err); got != tc.want {
			t.Errorf("%s: Of = %d, want %d", tc.name, got, tc.want)
		}
	}
	if WithCode(Auth, nil) != nil || WithHint(nil, "h") != nil {
		t.Error("wrapping nil must stay nil")
	}
}

func TestHintOf(t *testing.T) {
	inner := WithHint(Errorf(Project, "bad"), "inner hint")
	if got := HintOf(fmt.Errorf("outer: %w", inner)); got != "inner hint" {
		t.Errorf("HintOf = %q", got)
	}
	if got := HintOf(WithHint(inner, "outer hint")); got != "outer hint" {
		t.Errorf("HintOf = %q, want the outermost", got)
	}
	if got := HintOf(errors.New("x")); got != "" {
		t.Errorf("HintOf = %q, want none", got)
	}
}
