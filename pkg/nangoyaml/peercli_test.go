package nangoyaml

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// referenceOutput renders diagnostics the way `nango generate` prints them (stdout, no
// colours), so recorded CLI output can be compared line for line.
func referenceOutput(diags []Diagnostic) string {
	var b strings.Builder
	errs, warns := split(diags)
	if len(errs) > 0 {
		if errs[0].Phase == PhaseSchema {
			b.WriteString("nango.yaml validation failed\n\n")
		}
		for _, d := range errs {
			if len(d.KeyPath) > 0 {
				b.WriteString(d.Path() + "\n")
			}
			b.WriteString("  error " + d.Message)
			if d.Code != CodeErrorMessage && d.Code != CodeInvalidFileFormat {
				b.WriteString(" [" + d.Code + "]")
			}
			b.WriteString("\n")
			for _, p := range d.Params {
				b.WriteString("  " + p.Name + ": " + p.Value + "\n")
			}
			b.WriteString("\n")
		}
		b.WriteString("Your nango.yaml contains some errors")
		return b.String()
	}
	for _, d := range warns {
		b.WriteString(d.Path() + "\n" + d.Message + " [" + d.Code + "]\n\n")
	}
	return b.String()
}

// TestPeerCLIGenerateErrors replays the recorded `nango generate` failures of the reference
// CLI 0.60.5 (peer-cli/errors: the good project with one change each).
func TestPeerCLIGenerateErrors(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "nangoyaml", "peer-cli", "*"))
	if len(dirs) == 0 {
		t.Fatal("no peer-cli cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "nango.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(dir, "generate.stdout"))
			if err != nil {
				t.Fatal(err)
			}
			parsed, diags := ParseWithOptions("nango.yaml", data, Options{NeverVoidAliases: true})
			if strings.HasPrefix(string(want), "no nango.yaml config found") {
				// the reference hides the YAML error; we report it with its line
				if len(diags) != 1 || diags[0].Code != CodeYAMLSyntax || diags[0].Line == 0 || parsed != nil {
					t.Fatalf("want one yaml_syntax error with a line, got %v", diags)
				}
				return
			}
			got := referenceOutput(diags)
			if strings.TrimRight(got, "\n") != strings.TrimRight(string(want), "\n") {
				t.Errorf("output differs\n--- want\n%s\n--- got\n%s", want, got)
			}
			if js, err := os.ReadFile(filepath.Join(dir, "nango.json")); err == nil {
				if parsed == nil {
					t.Fatalf("want a result")
				}
				if g := string(parsed.IntegrationsJSON()); g != string(js) {
					t.Errorf(".nango/nango.json differs\n--- want\n%s\n--- got\n%s", js, g)
				}
			}
		})
	}
}

// TestNangoJSONGolden compares IntegrationsJSON byte for byte with the .nango/nango.json
// files written by the reference 0.60.5.
func TestNangoJSONGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "nangoyaml", "v0.60.5", "*", "nango.json"))
	if len(files) == 0 {
		t.Fatal("no nango.json goldens")
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(filepath.Dir(f), "nango.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(f)
		p, diags := ParseWithOptions("nango.yaml", data, Options{NeverVoidAliases: true})
		if p == nil {
			t.Fatalf("%s: %v", f, diags)
		}
		if got := string(p.IntegrationsJSON()); got != string(want) {
			t.Errorf("%s differs\n--- want\n%s\n--- got\n%s", f, want, got)
		}
	}
}
