package scriptcheck

import "testing"

func TestCount(t *testing.T) {
	ds := []Diagnostic{{Severity: SeverityWarning}, {Severity: SeverityError}, {Severity: SeverityWarning}}
	if got := Count(ds, SeverityWarning); got != 2 {
		t.Errorf("warnings = %d, want 2", got)
	}
	if got := Count(ds, SeverityError); got != 1 {
		t.Errorf("errors = %d, want 1", got)
	}
}
