package dev

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/watch"
)

func TestSummaryLine(t *testing.T) {
	cs := &iostreams.ColorScheme{}
	errDiag := scriptcheck.Diagnostic{Severity: scriptcheck.SeverityError, Code: "syntax", File: "a/syncs/x.ts", Line: 3, Column: 9, Message: "Unexpected \";\""}
	warnDiag := scriptcheck.Diagnostic{Severity: scriptcheck.SeverityWarning, Code: "deprecated-call", File: "a/syncs/y.ts", Line: 1, Message: "deprecated"}
	for _, tc := range []struct {
		name  string
		cycle watch.Cycle
		want  string
	}{
		{"start", watch.Cycle{Seq: 1, Start: true, Generated: []string{"models.ts"}, Built: []watch.Built{{Script: "a/x", OK: true}, {Script: "a/y", OK: true}}, Duration: 12345 * time.Microsecond},
			"✓ start: generated models.ts, rebuilt a/x, a/y in 12.3ms"},
		{"one script", watch.Cycle{Seq: 2, Changed: []string{"a/syncs/x.ts"}, Built: []watch.Built{{Script: "a/x", OK: true}}, Duration: 2 * time.Millisecond},
			"✓ a/syncs/x.ts: rebuilt a/x in 2ms"},
		{"failed, bundle kept", watch.Cycle{Seq: 3, Changed: []string{"a/syncs/x.ts"}, Built: []watch.Built{{Script: "a/x", Output: "dist/x-a.js", Kept: true}}, Diagnostics: []scriptcheck.Diagnostic{errDiag}, Duration: time.Millisecond},
			"✗ a/syncs/x.ts: failed a/x (kept last good dist/x-a.js) in 1ms"},
		{"yaml error", watch.Cycle{Seq: 4, Changed: []string{"nango.yaml"}, YAMLDiagnostics: []project.Diagnostic{{Severity: project.SeverityError, Message: "bad"}}},
			"✗ nango.yaml: 1 error in 0s"},
		{"removed, scaffolded, warning", watch.Cycle{Seq: 5, Changed: []string{"nango.yaml"}, Scaffolded: []string{"a/syncs/z.ts"}, Built: []watch.Built{{Script: "a/z", OK: true}}, Removed: []string{"dist/y-a.js"}, Diagnostics: []scriptcheck.Diagnostic{warnDiag}},
			"✓ nango.yaml: created a/syncs/z.ts, rebuilt a/z, removed dist/y-a.js in 0s (1 warning)"},
		{"nothing", watch.Cycle{Seq: 6, Changed: []string{"a/notes.ts", "b.ts", "c.ts", "d.ts"}},
			"✓ a/notes.ts, b.ts, c.ts and 1 more: nothing to rebuild in 0s"},
		{"yaml deleted", watch.Cycle{Seq: 8, Changed: []string{"nango.yaml"}, YAML: watch.YAMLDeleted, LastGood: true, YAMLDiagnostics: []project.Diagnostic{{Severity: project.SeverityError, Message: "nango.yaml was deleted"}}},
			"✗ nango.yaml: deleted (the last good nango.yaml stays in force and every bundle is kept until it is restored) in 0s"},
		{"yaml rejected", watch.Cycle{Seq: 9, Changed: []string{"nango.yaml"}, YAML: watch.YAMLRejected, LastGood: true, YAMLDiagnostics: []project.Diagnostic{{Severity: project.SeverityError, Message: "bad"}}},
			"✗ nango.yaml: 1 error (the last good nango.yaml stays in force and every bundle is kept until it is fixed) in 0s"},
		{"script while yaml deleted", watch.Cycle{Seq: 10, Changed: []string{"a/syncs/x.ts"}, YAML: watch.YAMLStillDeleted, LastGood: true, Built: []watch.Built{{Script: "a/x", OK: true}}},
			"✓ a/syncs/x.ts: rebuilt a/x (nango.yaml is still deleted: built against the last good one) in 0s"},
		{"script while yaml rejected", watch.Cycle{Seq: 11, Changed: []string{"a/syncs/x.ts"}, YAML: watch.YAMLStillRejected, LastGood: true, Built: []watch.Built{{Script: "a/x", OK: true}}},
			"✓ a/syncs/x.ts: rebuilt a/x (nango.yaml is still rejected: built against the last good one) in 0s"},
		{"yaml recovered", watch.Cycle{Seq: 12, Changed: []string{"nango.yaml"}, YAML: watch.YAMLRecovered},
			"✓ nango.yaml: accepted again in 0s"},
		{"yaml rejected at start, no last good", watch.Cycle{Seq: 1, Start: true, YAML: watch.YAMLRejected, YAMLDiagnostics: []project.Diagnostic{{Severity: project.SeverityError, Message: "bad"}}},
			"✗ start: 1 error in 0s"},
		{"full build after lost events", watch.Cycle{Seq: 7, Start: true, Built: []watch.Built{{Script: "a/x", OK: true}}},
			"✓ start (full build): rebuilt a/x in 0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := summaryLine(cs, &tc.cycle); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestWriteCycleListsErrorsWithPositions(t *testing.T) {
	var buf bytes.Buffer
	c := &watch.Cycle{Seq: 2, Changed: []string{"a/syncs/x.ts"}, Built: []watch.Built{{Script: "a/x", Output: "dist/x-a.js", Kept: true}},
		Diagnostics: []scriptcheck.Diagnostic{{Severity: scriptcheck.SeverityError, File: "a/syncs/x.ts", Line: 3, Column: 9, Message: "Unexpected \";\"", Detail: "    const x = ;"}}}
	writeCycle(&buf, &iostreams.ColorScheme{}, c)
	want := "a/syncs/x.ts:3:9: error: Unexpected \";\"\n    const x = ;\n✗ a/syncs/x.ts: failed a/x (kept last good dist/x-a.js) in 0s\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestJSONLines(t *testing.T) {
	var buf bytes.Buffer
	writeLine(&buf, newCycleJSON(&watch.Cycle{Seq: 1, Start: true, Built: []watch.Built{{Script: "a/x", File: "a/syncs/x.ts", Output: "dist/x-a.js", OK: true, Written: true}}}))
	writeLine(&buf, newTypecheckJSON(&watch.TypecheckReport{Seq: 1, Tool: "/bin/tsc", Err: errors.New("boom")}))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one line per object, got %q", buf.String())
	}
	var cyc struct {
		Type    string
		OK      bool
		Changed []string
		Rebuilt []struct{ Script, Output string }
	}
	if err := json.Unmarshal([]byte(lines[0]), &cyc); err != nil || cyc.Type != "cycle" || !cyc.OK || cyc.Changed == nil || len(cyc.Rebuilt) != 1 || cyc.Rebuilt[0].Output != "dist/x-a.js" {
		t.Errorf("cycle line %s (%v)", lines[0], err)
	}
	var tc struct {
		Type, Error string
		OK          bool
		Diagnostics []any
	}
	if err := json.Unmarshal([]byte(lines[1]), &tc); err != nil || tc.Type != "typecheck" || tc.OK || tc.Error != "boom" || tc.Diagnostics == nil {
		t.Errorf("typecheck line %s (%v)", lines[1], err)
	}
}
