package codegen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nango-go/nango/pkg/nangoyaml"
)

// benchYAML is the reference benchmark's project shape (peer-cli/bench): n actions sharing
// two models.
func benchYAML(n int) []byte {
	var b strings.Builder
	b.WriteString("integrations:\n  acme-crm:\n    actions:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "      create-contact-%03d:\n        description: Creates a contact (%d)\n        input: CreateContactInput\n"+
			"        output: CreateContactOutput\n        endpoint: POST /contacts-%03d\n        version: 1.0.0\n", i, i, i)
	}
	b.WriteString("\nmodels:\n  CreateContactInput:\n    first_name: string\n    last_name?: string\n    email: string\n    company_id?: integer\n    tags?: string[]\n" +
		"  CreateContactOutput:\n    id: string\n    success: boolean\n    created_at: string\n    warnings: string[] | null\n")
	return []byte(b.String())
}

// BenchmarkRender: parse nango.yaml and build every generated file in memory.
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{1, 30, 300} {
		data := benchYAML(n)
		b.Run(fmt.Sprintf("scripts=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				p, diags := nangoyaml.ParseWithOptions("nango.yaml", data, ParseOptions)
				if p == nil || nangoyaml.HasErrors(diags) {
					b.Fatal(diags)
				}
				Render(p, Options{Version: "0.60.5"})
			}
		})
	}
}

// BenchmarkCheckAndGenerate: what `nango generate` does on disk, on a project whose scripts
// exist (every file but the first run's is unchanged, as in everyday use).
func BenchmarkCheckAndGenerate(b *testing.B) {
	for _, n := range []int{1, 30, 300} {
		dir := b.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "nango.yaml"), benchYAML(n), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("scripts=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				out, err := checkAndGenerate(dir, Options{Version: "0.60.5"})
				if err != nil || out.Failed() {
					b.Fatal(err, out.Diagnostics)
				}
			}
		})
	}
}
