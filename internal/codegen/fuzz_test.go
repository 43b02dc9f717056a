package codegen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/pkg/nangoyaml"
)

// FuzzRender: whatever nango.yaml the parser accepts, rendering never panics, the JSON files
// are valid JSON, and scaffold paths stay inside the project.
func FuzzRender(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(copiedGoldens, "*", "*", "nango.yaml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add(benchYAML(3))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, diags := nangoyaml.ParseWithOptions("nango.yaml", data, ParseOptions)
		if p == nil || nangoyaml.HasErrors(diags) {
			return
		}
		files := Render(p, Options{Version: "0.60.5"})
		for name, b := range map[string][]byte{"schema.json": files.SchemaJSON, "nango.json": files.NangoJSON} {
			if !json.Valid(b) {
				t.Fatalf("%s is not valid JSON:\n%s", name, b)
			}
		}
		scaffolds, err := Scaffolds(p, func(string) bool { return false })
		if err != nil {
			return
		}
		for _, s := range scaffolds {
			clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(s.Path)))
			if !filepath.IsLocal(filepath.FromSlash(s.Path)) || clean != s.Path || strings.Count(s.Path, "/") != 2 {
				t.Fatalf("scaffold path %q escapes or is not <integration>/<dir>/<name>.ts", s.Path)
			}
		}
	})
}
