package jsruntime

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

// Runtime creation: every global installed, nothing loaded.
func BenchmarkNewRuntime(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// What a dry run of a trivial action costs in the runtime: new VM, load the (already compiled)
// bundle, call the default export, await it, convert the result to JSON.
func BenchmarkTrivialAction(b *testing.B) {
	prg := buildBundle(b, "scripts/trivial.ts", false)
	input := map[string]any{"name": "nango"}
	b.ReportAllocs()
	for b.Loop() {
		rt, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		mod, err := rt.Load(context.Background(), prg)
		if err != nil {
			b.Fatal(err)
		}
		v, err := rt.Call(context.Background(), mod, "default", nil, input)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rt.ToJSON(v); err != nil {
			b.Fatal(err)
		}
	}
}

// Compiling a bundle (done once per dry run).
func BenchmarkCompileTrivialBundle(b *testing.B) {
	root := testdataDir(b)
	res := api.Build(bundleOptions(root, "scripts/trivial.ts", false))
	code := string(res.OutputFiles[0].Contents)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile("/p/build/trivial.cjs", code); err != nil {
			b.Fatal(err)
		}
	}
}

// A new runtime requiring zod from node_modules (compiled files are cached per process).
func BenchmarkRequireZod(b *testing.B) {
	nm := nodeModules(b)
	prg, err := Compile("/p/build/zod.cjs", `const { z } = require('zod'); exports.default = async () => z.object({ id: z.string() }).parse({ id: 'x' }).id;`)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rt, err := New(Options{NodeModules: []string{nm}})
		if err != nil {
			b.Fatal(err)
		}
		mod, err := rt.Load(context.Background(), prg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rt.Call(context.Background(), mod, "default"); err != nil {
			b.Fatal(err)
		}
	}
}

// A sync-shaped loop: build and map 100,000 records of 10 fields each.
func BenchmarkMapRecords100k(b *testing.B) {
	prg := buildBundle(b, "scripts/records.ts", false)
	input := map[string]any{"count": 100000}
	b.ReportAllocs()
	for b.Loop() {
		rt, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		mod, err := rt.Load(context.Background(), prg)
		if err != nil {
			b.Fatal(err)
		}
		v, err := rt.Call(context.Background(), mod, "default", nil, input)
		if err != nil {
			b.Fatal(err)
		}
		if got := v.ToObject(rt.VM()).Get("count").ToInteger(); got != 100000 {
			b.Fatalf("count %d", got)
		}
	}
}

// TestWriteBenchBundles writes the benchmark scripts as bundles for .ci/bench.d/runtime.sh,
// which times them here and under node. It only runs when NANGO_BENCH_DIR is set.
func TestWriteBenchBundles(t *testing.T) {
	dir := os.Getenv("NANGO_BENCH_DIR")
	if dir == "" {
		t.Skip("NANGO_BENCH_DIR is not set (used by .ci/bench.d/runtime.sh)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	root := testdataDir(t)
	for _, name := range []string{"trivial", "records"} {
		res := api.Build(bundleOptions(root, "scripts/"+name+".ts", false))
		if len(res.Errors) > 0 {
			t.Fatalf("%s: %v", name, res.Errors[0].Text)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".cjs"), res.OutputFiles[0].Contents, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRunBenchScript runs the bundle NANGO_BENCH_SCRIPT with the JSON input
// NANGO_BENCH_INPUT through the runtime, as one process, for whole-process timings.
func TestRunBenchScript(t *testing.T) {
	script := os.Getenv("NANGO_BENCH_SCRIPT")
	if script == "" {
		t.Skip("NANGO_BENCH_SCRIPT is not set (used by .ci/bench.d/runtime.sh)")
	}
	code, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	var input any
	if err := json.Unmarshal([]byte(os.Getenv("NANGO_BENCH_INPUT")), &input); err != nil {
		t.Fatal(err)
	}
	prg, err := Compile(script, string(code))
	if err != nil {
		t.Fatal(err)
	}
	rt, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	inputV, _ := rt.FromJSON([]byte(os.Getenv("NANGO_BENCH_INPUT")))
	v, err := rt.Call(context.Background(), mod, "default", nil, inputV)
	if err != nil {
		t.Fatal(err)
	}
	out, err := rt.ToJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(string(out))
}
