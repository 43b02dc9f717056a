package nangoyaml

import "testing"

func TestCount(t *testing.T) {
	diags := []Diagnostic{{Severity: SeverityError}, {Severity: SeverityWarning}, {Severity: SeverityError}}
	if got := Count(diags, SeverityError); got != 2 {
		t.Errorf("errors = %d, want 2", got)
	}
	if got := Count(diags, SeverityWarning); got != 1 {
		t.Errorf("warnings = %d, want 1", got)
	}
	if got := Count(nil, SeverityError); got != 0 {
		t.Errorf("nil = %d, want 0", got)
	}
}
