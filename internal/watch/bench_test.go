package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
)

// benchAction is the action of the reference's benchmark project
// (peer-cli/bench/make_bench_projects.sh), with a marker the benchmark changes.
const benchAction = `import type { NangoAction, CreateContactOutput, CreateContactInput } from '../../models';
import { tags } from '../helpers/tags';

export default async function runAction(nango: NangoAction, input: CreateContactInput): Promise<CreateContactOutput> {
    const conn = await nango.getConnection();
    await nango.log('MARKER ' + conn.connection_id, { level: 'info' });
    const res = await nango.post<{ id: string; created_at: string }>({
        endpoint: '/v1/contacts',
        data: { first_name: input.first_name, email: input.email, tags: tags(input.tags) },
        retries: 2
    });
    return { id: res.data.id, success: true, created_at: res.data.created_at, warnings: null };
}
`

// benchFiles is a project of n actions sharing one helper.
func benchFiles(n int) map[string]string {
	var y strings.Builder
	y.WriteString("integrations:\n  acme-crm:\n    actions:\n")
	files := map[string]string{
		"acme-crm/helpers/tags.ts": "export function tags(t: string[] | undefined): string[] {\n    return (t ?? []).map((s) => s.trim());\n}\n",
	}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("create-contact-%03d", i)
		fmt.Fprintf(&y, "      %s:\n        input: CreateContactInput\n        output: CreateContactOutput\n        endpoint: POST /contacts-%03d\n", name, i)
		files["acme-crm/actions/"+name+".ts"] = strings.Replace(benchAction, "MARKER", "v0", 1)
	}
	y.WriteString("models:\n  CreateContactInput:\n    first_name: string\n    email: string\n    tags?: string[]\n")
	y.WriteString("  CreateContactOutput:\n    id: string\n    success: boolean\n    created_at: string\n    warnings: string[] | null\n")
	files["nango.yaml"] = y.String()
	return files
}

// BenchmarkSaveToBundle100 is the time from saving one script of a 100-script project to
// its rebuilt bundle being on disk, through the whole loop: fsnotify, debounce (25 ms),
// checks, esbuild, atomic write. Target: median under 50 ms.
func BenchmarkSaveToBundle100(b *testing.B) {
	dir := writeProject(b, benchFiles(100))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cycles := make(chan *Cycle, 16)
	done := make(chan error, 1)
	go func() { done <- Run(ctx, Options{Dir: dir, OnCycle: func(c *Cycle) { cycles <- c }}) }()
	defer func() { cancel(); <-done }()
	if c := <-cycles; !c.OK() || len(c.Built) != 100 {
		b.Fatalf("start-up: %d built, ok=%v: %v", len(c.Built), c.OK(), c.Diagnostics)
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		name := fmt.Sprintf("create-contact-%03d", i%100+1)
		marker := fmt.Sprintf("save%d", i)
		p := filepath.Join(dir, "acme-crm", "actions", name+".ts")
		tmp := p + ".tmp~"
		if err := os.WriteFile(tmp, []byte(strings.Replace(benchAction, "MARKER", marker, 1)), 0o644); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := os.Rename(tmp, p); err != nil {
			b.Fatal(err)
		}
		for {
			var c *Cycle
			select {
			case c = <-cycles:
			case <-time.After(waitLimit):
				b.Fatal("no cycle")
			}
			if slices.Contains(c.BuiltIDs(), "acme-crm/"+name) {
				lat = append(lat, time.Since(start))
				break
			}
		}
		data, err := os.ReadFile(filepath.Join(dir, "dist", name+"-acme-crm.js"))
		if err != nil || !strings.Contains(string(data), marker) {
			b.Fatalf("bundle of %s does not hold %s (%v)", name, marker, err)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(ms(lat[len(lat)/2]), "ms/save-median")
	b.ReportMetric(ms(lat[len(lat)*9/10]), "ms/save-p90")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkRebuildOne compares the ways to rebuild one script of a 100-script project
// after a save (no watcher, no debounce): what the engine does (checks + esbuild build +
// write, through bundle.Compile), and a kept esbuild context per script (incremental
// rebuild: esbuild re-reads only changed files). The difference is what the engine would
// gain by keeping 100 contexts alive.
func BenchmarkRebuildOne(b *testing.B) {
	dir := writeProject(b, benchFiles(100))
	eng := NewEngine(dir, nil)
	if c := eng.Full(context.Background()); !c.OK() {
		b.Fatal(c.Diagnostics)
	}
	name := "create-contact-050"
	p := filepath.Join(dir, "acme-crm", "actions", name+".ts")
	save := func(i int) {
		if err := os.WriteFile(p, []byte(strings.Replace(benchAction, "MARKER", fmt.Sprintf("r%d", i), 1)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("engine", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			save(i)
			c := eng.Apply(context.Background(), Batch{Changes: map[string]Op{p: Written}})
			if c == nil || !c.OK() || len(c.Built) != 1 || !c.Built[0].Written {
				b.Fatalf("cycle: %+v", c)
			}
		}
	})
	b.Run("esbuild-context", func(b *testing.B) {
		bl := bundle.New(bundle.Options{ProjectDir: dir, Write: true})
		s := scriptcheck.Script{Integration: "acme-crm", Name: name, Kind: project.KindAction}
		ectx, cerr := api.Context(bl.BuildOptions(bundle.Target{Script: s, Entry: p}))
		if cerr != nil {
			b.Fatal(cerr)
		}
		defer ectx.Dispose()
		ectx.Rebuild()
		for i := 0; b.Loop(); i++ {
			save(i)
			r := ectx.Rebuild()
			if len(r.Errors) > 0 || len(r.OutputFiles) != 1 {
				b.Fatal(r.Errors)
			}
			res := &bundle.Result{Script: s, Entry: p, OutFile: bundle.OutputPath(dir, s), Code: r.OutputFiles[0].Contents}
			if err := bl.WriteResult(res); err != nil || !res.Written {
				b.Fatal(err)
			}
		}
	})
}
