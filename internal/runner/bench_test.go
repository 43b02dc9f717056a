package runner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/sdk"
)

// noNetwork is a transport for scripts that make no request: any call fails the run.
type noNetwork struct{ *sdk.Replay }

func (noNetwork) Proxy(context.Context, *sdk.Request) (*sdk.Response, error) {
	return nil, errors.New("no request expected")
}

func writeProject(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// loadScript loads one script of the project in dir as the dry run does.
func loadScript(tb testing.TB, dir, name string) *Script {
	tb.Helper()
	p, err := project.LoadValid(dir, "test")
	if err != nil {
		tb.Fatal(err)
	}
	decl, err := p.FindRunnable(name, "")
	if err != nil {
		tb.Fatal(err)
	}
	s, err := Load(context.Background(), p, decl, LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

const bigSyncYAML = `integrations:
  acme:
    syncs:
      big:
        runs: every hour
        output: Row
        endpoint: GET /rows
models:
  Row:
    id: string
    name: string
    email: string
    age: number
    active: boolean
    city: string
    country: string
    score: number
    created_at: string
    tag: string
`

const bigSyncTS = `import type { NangoSync, Row } from '../../models';

export default async function fetchData(nango: NangoSync): Promise<void> {
    const rows: Row[] = [];
    for (let i = 0; i < 100000; i++) {
        rows.push({ id: 'r' + i, name: 'Name ' + i, email: 'user' + i + '@example.com', age: i % 90, active: i % 2 === 0,
            city: 'City ' + (i % 100), country: 'UK', score: i * 1.5, created_at: '2024-05-01T10:00:00.000Z', tag: 't' + (i % 7) });
        if (rows.length === 1000) {
            await nango.batchSave(rows.splice(0), 'Row');
        }
    }
    await nango.batchSave(rows, 'Row');
}
`

// BenchmarkSync100kRecords runs a sync that maps 100,000 records of 10 fields through
// batchSave (100 calls of 1,000, each validated against the model and de-duplicated).
func BenchmarkSync100kRecords(b *testing.B) {
	dir := writeProject(b, map[string]string{"nango.yaml": bigSyncYAML, "acme/syncs/big.ts": bigSyncTS})
	s := loadScript(b, dir, "big")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := Run(context.Background(), s, noNetwork{&sdk.Replay{}},
			Options{Props: sdk.Props{ConnectionID: "c", ProviderConfigKey: "acme"}})
		if err != nil {
			b.Fatal(err)
		}
		if !out.OK() {
			b.Fatalf("%s: %s", out.Failure.Type, out.Failure.Message)
		}
		if c := out.Store.Counts(); c.Added != 100000 {
			b.Fatalf("added %d", c.Added)
		}
	}
}
