package bundle

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/scriptkind"
)

// benchScript is the action of the reference timings (peer-cli/bench/make_bench_projects.sh).
const benchScript = `import type { NangoAction, CreateContactOutput, CreateContactInput } from '../../models';

export default async function runAction(nango: NangoAction, input: CreateContactInput): Promise<CreateContactOutput> {
    const conn = await nango.getConnection();
    await nango.log(` + "`creating contact for connection ${conn.connection_id}`" + `, { level: 'info' });
    const res = await nango.post<{ id: string; created_at: string }>({
        endpoint: '/v1/contacts',
        data: { first_name: input.first_name, last_name: input.last_name, email: input.email, tags: input.tags ?? [] },
        retries: 2
    });
    return { id: res.data.id, success: true, created_at: res.data.created_at, warnings: null };
}
`

// benchProject writes n actions like the reference's benchmark project and describes it.
func benchProject(tb testing.TB, n int) scriptcheck.Project {
	tb.Helper()
	dir := tb.TempDir()
	proj := scriptcheck.Project{Dir: dir, Models: []string{"CreateContactInput", "CreateContactOutput"}}
	if err := os.MkdirAll(filepath.Join(dir, "acme-crm", "actions"), 0o755); err != nil {
		tb.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("create-contact-%02d", i)
		if err := os.WriteFile(filepath.Join(dir, "acme-crm", "actions", name+".ts"), []byte(benchScript), 0o644); err != nil {
			tb.Fatal(err)
		}
		proj.Scripts = append(proj.Scripts, scriptcheck.Script{Integration: "acme-crm", Name: name, Kind: scriptkind.Action, Outputs: []string{"CreateContactOutput"}})
	}
	return proj
}

func benchmarkCompile(b *testing.B, n int) {
	proj := benchProject(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// a fresh dist/ each time, so every bundle is written (the removal is not timed)
		b.StopTimer()
		os.RemoveAll(filepath.Join(proj.Dir, DistDir))
		b.StartTimer()
		rep := Compile(context.Background(), proj, CompileOptions{Write: true})
		if !rep.OK() {
			b.Fatal(rep.Diagnostics)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/script")
}

// Compile (checks + bundles + writes, no type check) of the reference's 30-script project;
// the whole command's target is under 150 ms (make bench times the binary).
func BenchmarkCompile30(b *testing.B) { benchmarkCompile(b, 30) }

// 300 scripts: the per-script cost must stay flat (linear growth).
func BenchmarkCompile300(b *testing.B) { benchmarkCompile(b, 300) }
