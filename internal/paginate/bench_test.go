package paginate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

const benchPages, benchRecords = 1000, 100

// benchBodies are 1,000 JSON pages of 100 records of 10 fields, chained by a cursor.
func benchBodies() []string {
	bodies := make([]string, benchPages)
	for p := range bodies {
		items := make([]map[string]any, benchRecords)
		for i := range items {
			id := p*benchRecords + i
			items[i] = map[string]any{"id": strconv.Itoa(id), "name": fmt.Sprintf("record %d", id), "email": fmt.Sprintf("r%d@example.com", id),
				"active": id%2 == 0, "score": float64(id) / 3, "created_at": "2025-01-01T00:00:00Z", "tags": []string{"a", "b"},
				"owner": map[string]any{"id": id % 7}, "count": id, "note": nil}
		}
		page := map[string]any{"items": items}
		if p < benchPages-1 {
			page["next"] = "c" + strconv.Itoa(p+1)
		}
		b, _ := json.Marshal(page)
		bodies[p] = string(b)
	}
	return bodies
}

// benchRuntime installs paginate and `proxy`, a proxy function that answers from memory:
// JSON-parsed (as a real proxy parses the provider's body) or, with parsed, a ready object
// so that only the helper's own cost is left to compare.
func benchRuntime(b *testing.B, bodies []string, parsed bool) *goja.Runtime {
	vm := goja.New()
	fn, err := Install(vm)
	if err != nil {
		b.Fatal(err)
	}
	_ = vm.Set("paginate", fn)
	_ = vm.Set("__body", func(cursor string) string {
		idx, _ := strconv.Atoi(strings.TrimPrefix(cursor, "c"))
		return bodies[idx]
	})
	src := `globalThis.proxy = (config) => Promise.resolve({ data: JSON.parse(__body((config.params && config.params.cursor) || 'c0')), status: 200, headers: {} });`
	if parsed {
		src = `const __pages = []; for (let i = 0; i < ` + strconv.Itoa(len(bodies)) + `; i++) { __pages.push(JSON.parse(__body('c' + i))); }
			globalThis.proxy = (config) => Promise.resolve({ data: __pages[Number(String((config.params && config.params.cursor) || 'c0').slice(1))], status: 200, headers: {} });`
	}
	if _, err := vm.RunString(src); err != nil {
		b.Fatal(err)
	}
	return vm
}

const benchPaged = `globalThis.__result = (async () => {
	let n = 0;
	for await (const page of paginate({ endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items' } }, proxy, null)) { n += page.length; }
	return n;
})();`

const benchManual = `globalThis.__result = (async () => {
	let n = 0, cursor;
	do {
		const params = {};
		if (cursor) { params.cursor = cursor; }
		const response = await proxy({ endpoint: '/items', method: 'GET', params });
		n += response.data.items.length;
		cursor = response.data.next;
	} while (cursor);
	return n;
})();`

func benchRun(b *testing.B, parsed bool, script string) {
	bodies := benchBodies()
	tb := &testing.T{}
	prg, err := goja.Compile("bench.js", lower(tb, script), false)
	if err != nil {
		b.Fatal(err)
	}
	vm := benchRuntime(b, bodies, parsed)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := vm.RunProgram(prg); err != nil {
			b.Fatal(err)
		}
		p := vm.Get("__result").Export().(*goja.Promise)
		if p.State() != goja.PromiseStateFulfilled || p.Result().ToInteger() != benchPages*benchRecords {
			b.Fatalf("state %v result %v", p.State(), p.Result())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/benchPages, "µs/page")
}

// BenchmarkPaginate pages through 1,000 pages of 100 records with nango.paginate; compare with
// BenchmarkManualPages, the same 1,000 requests made one by one through the same proxy
// function. The /parsed variants take JSON parsing out, leaving the helper's own cost.
func BenchmarkPaginate(b *testing.B) {
	b.Run("json", func(b *testing.B) { benchRun(b, false, benchPaged) })
	b.Run("parsed", func(b *testing.B) { benchRun(b, true, benchPaged) })
}

func BenchmarkManualPages(b *testing.B) {
	b.Run("json", func(b *testing.B) { benchRun(b, false, benchManual) })
	b.Run("parsed", func(b *testing.B) { benchRun(b, true, benchManual) })
}
