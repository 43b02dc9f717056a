package nangoyaml

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes the parser panic or hang, that every error carries a
// position, and that a successful parse always marshals to valid JSON.
func FuzzParse(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte(benchYAML(3)))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, diags := Parse("nango.yaml", data)
		for _, d := range diags {
			if d.Severity == SeverityError && d.Line == 0 {
				t.Errorf("error without a line: %s", d)
			}
			_ = d.String()
		}
		if HasErrors(diags) {
			if p != nil {
				t.Errorf("result returned with errors")
			}
			return
		}
		if p == nil {
			t.Fatalf("no result and no error")
		}
		if js := p.IntegrationsJSON(); !json.Valid(js) {
			t.Errorf("invalid integrations JSON: %s", js)
		}
		if js, err := json.Marshal(p); err != nil || !json.Valid(js) {
			t.Errorf("invalid config JSON: %s (%v)", js, err)
		}
		for _, s := range p.Scripts() {
			if s.Integration == nil || s.Name == "" && s.Type != ScriptOnEvent && s.Type != ScriptPostConnection {
				t.Errorf("bad script %+v", s)
			}
		}
	})
}

// benchYAML builds a v2 nango.yaml with n integrations of 5 syncs and 5 actions each.
func benchYAML(n int) string {
	var b strings.Builder
	b.WriteString("integrations:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  provider-%d:\n    syncs:\n", i)
		for j := 0; j < 5; j++ {
			fmt.Fprintf(&b, "      sync-%d-%d:\n        description: Sync number %d of provider %d\n        runs: every %d minutes\n        sync_type: incremental\n        track_deletes: true\n        endpoint: GET /p%d/items-%d\n        output: Item%d_%d\n        scopes: read,write\n", i, j, j, i, 5+j, i, j, i, j)
		}
		b.WriteString("    actions:\n")
		for j := 0; j < 5; j++ {
			fmt.Fprintf(&b, "      action-%d-%d:\n        endpoint: POST /p%d/items-%d/{Item%d_%d:id}\n        input: Input%d_%d\n        output: Item%d_%d | boolean\n", i, j, i, j, i, j, i, j, i, j)
		}
		b.WriteString("    on-events:\n      post-connection-creation: [setup]\n")
	}
	b.WriteString("models:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  Base%d:\n    id: string\n    created_at: date\n    __string: any\n", i)
		for j := 0; j < 5; j++ {
			fmt.Fprintf(&b, "  Item%d_%d:\n    __extends: Base%d\n    name?: string | null\n    tags: string[]\n    status: open | closed\n    owner: Input%d_%d\n    address:\n      street: string\n      zip: number\n", i, j, i, i, j)
			fmt.Fprintf(&b, "  Input%d_%d:\n    id: string\n    query: string\n    limit?: integer\n", i, j)
		}
	}
	return b.String()
}

func BenchmarkParse(b *testing.B) {
	data := []byte(benchYAML(30)) // 300 scripts (150 syncs, 150 actions) + 330 models
	if p, diags := Parse("nango.yaml", data); p == nil || len(p.Scripts()) != 330 {
		b.Fatalf("bench input does not parse: %v", diags[:min(len(diags), 3)])
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Parse("nango.yaml", data)
	}
}
