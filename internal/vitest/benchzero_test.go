package vitest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/pkg/jsjson"
)

// BenchmarkZeroSuite1000 runs a zero-yaml test suite of 1,000 test files, the shape of
// upstream's integrations repository (issue 17's `make bench` figure): 100 integrations of 5
// syncs and 5 actions, each function its own createSync/createAction file importing zod 4,
// its tests/<name>.test.json written by mocks.TestRecorder (what dryrun --save writes) and
// the test file generate:tests writes (renderZeroTestFile), replayed through nango/test's
// mocks. It reports the wall time per suite (ns/op), the files, and the process's peak RSS
// during the runs (peak-RSS-MB, Linux only: VmHWM after clearing it). Skipped without zod 4
// (NANGO_TEST_ZOD4_MODULES, which make test and make bench set).
func BenchmarkZeroSuite1000(b *testing.B) {
	nm := os.Getenv("NANGO_TEST_ZOD4_MODULES")
	if nm == "" || !fileExists(filepath.Join(nm, "zod", "package.json")) {
		b.Skip("zod 4 is not installed (NANGO_TEST_ZOD4_MODULES, see make testdeps): the functions import it")
	}
	dir := b.TempDir()
	const integrations, perKind = 100, 5
	for i := 0; i < integrations; i++ {
		writeZeroBenchIntegration(b, dir, fmt.Sprintf("crm%03d", i), perKind)
	}
	var index strings.Builder
	for i := 0; i < integrations; i++ {
		for j := 0; j < perKind; j++ {
			fmt.Fprintf(&index, "import './crm%03d/syncs/items%d.js';\nimport './crm%03d/actions/get-item%d.js';\n", i, j, i, j)
		}
	}
	writeBenchFile(b, filepath.Join(dir, project.ZeroIndexFile), index.String())
	clearPeakRSS()
	b.ResetTimer()
	files := 0
	for n := 0; n < b.N; n++ {
		res, err := RunFiles(context.Background(), Options{ProjectDir: dir, NodeModules: []string{nm}})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Status != StatusPass {
				b.Fatalf("%s: %s", r.Path, Describe(r))
			}
		}
		files = len(res)
	}
	b.StopTimer()
	if files != 2*integrations*perKind {
		b.Fatalf("ran %d files, want %d", files, 2*integrations*perKind)
	}
	b.ReportMetric(float64(files), "files")
	if kb := peakRSSKB(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
	}
}

// writeZeroBenchIntegration writes n syncs and n actions of one integration with their
// recordings and tests.
func writeZeroBenchIntegration(b *testing.B, dir, integ string, n int) {
	for j := 0; j < n; j++ {
		sync := &project.Script{Name: fmt.Sprintf("items%d", j), Integration: integ, Kind: project.KindSync, Outputs: []string{"Item"}}
		writeBenchFile(b, filepath.Join(dir, integ, "syncs", sync.Name+".ts"), `import { createSync } from 'nango';
import * as z from 'zod';

const Item = z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()) });

export default createSync({
    description: 'Items, two pages',
    frequency: 'every hour',
    autoStart: true,
    models: { Item },
    exec: async (nango) => {
        for (const page of ['1', '2']) {
            const res = await nango.get({ endpoint: '/v1/items', params: { page } });
            await nango.batchSave(res.data.items.map((i) => Item.parse({ id: String(i.id), name: i.name, tags: i.tags })), 'Item');
        }
    }
});
`)
		rec := mocks.NewTestRecorder(mocks.TestFilePath(dir, integ, sync.Name), false, nil)
		rec.DeclareModels("Item")
		for page := 1; page <= 2; page++ {
			var items, saved []string
			for k := 0; k < 10; k++ {
				id := page*100 + k
				items = append(items, fmt.Sprintf(`{"id":%d,"name":"item %d","tags":["a","b"],"extra":{"x":%d}}`, id, id, k))
				saved = append(saved, fmt.Sprintf(`{"id":"%d","name":"item %d","tags":["a","b"]}`, id, id))
			}
			body := mustJSON(b, `{"items":[`+strings.Join(items, ",")+`]}`)
			req := mocks.Request{Method: "GET", Endpoint: "/v1/items", Params: []mocks.Entry{{Key: "page", Value: jsjson.StringValue(strconv.Itoa(page))}}}
			if _, err := rec.RecordResponse(req, 200, mustJSON(b, `{"content-type":"application/json"}`), body); err != nil {
				b.Fatal(err)
			}
			if err := rec.RecordBatchSave("Item", "["+strings.Join(saved, ",")+"]"); err != nil {
				b.Fatal(err)
			}
		}
		commitBench(b, rec, dir, sync)

		action := &project.Script{Name: fmt.Sprintf("get-item%d", j), Integration: integ, Kind: project.KindAction, Outputs: []string{"ItemOutput"}}
		writeBenchFile(b, filepath.Join(dir, integ, "actions", action.Name+".ts"), `import { createAction } from 'nango';
import * as z from 'zod';

export default createAction({
    description: 'One item',
    endpoint: { method: 'GET', path: '/item' },
    input: z.object({ id: z.string() }),
    output: z.object({ id: z.string(), name: z.string(), price: z.number() }),
    exec: async (nango, input) => {
        const res = await nango.get({ endpoint: '/v1/items/' + input.id });
        return { id: String(res.data.id), name: res.data.name, price: res.data.price_cents / 100 };
    }
});
`)
		rec = mocks.NewTestRecorder(mocks.TestFilePath(dir, integ, action.Name), true, nil)
		rec.RecordInput(mustJSON(b, `{"id":"7"}`))
		rec.RecordOutput(mustJSON(b, `{"id":"7","name":"seven","price":19.99}`))
		if _, err := rec.RecordResponse(mocks.Request{Method: "GET", Endpoint: "/v1/items/7"}, 200, mustJSON(b, `{}`), mustJSON(b, `{"id":7,"name":"seven","price_cents":1999}`)); err != nil {
			b.Fatal(err)
		}
		commitBench(b, rec, dir, action)
	}
}

// commitBench writes the recording and the test generate:tests writes for it.
func commitBench(b *testing.B, rec *mocks.TestRecorder, dir string, s *project.Script) {
	if err := rec.Commit(); err != nil {
		b.Fatal(err)
	}
	imp := "../syncs/" + s.Name + ".js"
	if s.Kind == project.KindAction {
		imp = "../actions/" + s.Name + ".js"
	}
	writeBenchFile(b, filepath.Join(dir, s.Integration, "tests", s.Integration+"-"+s.Name+".test.ts"), string(renderZeroTestFile(s, imp)))
}

func writeBenchFile(b *testing.B, path, text string) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
}

func mustJSON(b *testing.B, text string) jsjson.Value {
	v, err := jsjson.ParseString(text)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// clearPeakRSS resets the kernel's peak-RSS counter of this process (Linux: writing 5 to
// /proc/self/clear_refs), so that peakRSSKB measures the runs, not the setup before them.
func clearPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSKB is VmHWM of /proc/self/status in kB (0 where there is none).
func peakRSSKB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return kb
		}
	}
	return 0
}
