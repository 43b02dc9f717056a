package paginate

import (
	"testing"

	"github.com/dop251/goja"
)

// TestAsyncProxy: with an event loop, the proxy's promise settles later, from the loop, not
// during the call. Here a tiny loop settles each pending request only after the script has
// yielded control, so every await in the helper really suspends.
func TestAsyncProxy(t *testing.T) {
	vm := goja.New()
	fn, err := Install(vm)
	if err != nil {
		t.Fatal(err)
	}
	must(t, vm.Set("paginate", fn))
	var pending []func() // settle functions, run one per loop turn
	must(t, vm.Set("later", func(resolve goja.Value, value goja.Value) {
		f, _ := goja.AssertFunction(resolve)
		pending = append(pending, func() { _, _ = f(goja.Undefined(), value) })
	}))
	src := lower(t, `
		const pages = { '': { items: [1, 2], next: 'b' }, b: { items: [3], next: 'c' }, c: { items: [4] } };
		const proxy = (c) => new Promise((resolve) => later(resolve, { data: pages[c.params.cursor || ''], status: 200, headers: {} }));
		const log = [];
		globalThis.__result = (async () => {
			const config = { endpoint: '/x', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items',
				on_page: () => new Promise((resolve) => later(resolve, undefined)) } };
			for await (const page of paginate(config, proxy, null)) {
				log.push(page);
				await new Promise((resolve) => later(resolve, undefined)); // the consumer's own async work
			}
			return log;
		})();`)
	if _, err := vm.RunString(src); err != nil {
		t.Fatal(err)
	}
	turns := 0
	for len(pending) > 0 {
		next := pending[0]
		pending = pending[1:]
		next()
		turns++
	}
	p := vm.Get("__result").Export().(*goja.Promise)
	if p.State() != goja.PromiseStateFulfilled {
		t.Fatalf("state %v: %v", p.State(), p.Result())
	}
	out, _ := vm.RunString(`JSON.stringify(log)`)
	if out.String() != `[[1,2],[3],[4]]` {
		t.Errorf("pages %s", out)
	}
	// 3 requests + 3 consumer waits + 3 on_page calls (cursor calls it after the last page too,
	// with nextPageParam undefined).
	if turns != 9 {
		t.Errorf("%d loop turns, want 9", turns)
	}
}
