package jsruntime_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
)

// The seam the nango object builds on: a host object whose async methods do their I/O on a
// goroutine and settle their Promise back on the loop, errors shaped like axios errors, the
// script's result as JSON, and script failures as *ScriptError.
func Example() {
	rt, err := jsruntime.New(jsruntime.Options{
		Logger: jsruntime.LoggerFunc(func(level jsruntime.LogLevel, msg string) { fmt.Printf("[%s] %s\n", level, msg) }),
	})
	if err != nil {
		panic(err)
	}
	vm := rt.VM()

	nango := vm.NewObject()
	_ = nango.Set("get", func(path string) *goja.Promise {
		return rt.Go(func(ctx context.Context) jsruntime.Settle {
			// A real implementation sends an HTTP request with ctx here.
			status, body := 200, `{"items":[{"id":1},{"id":2}]}`
			if strings.HasSuffix(path, "/missing") {
				status, body = 404, `{"message":"Not Found"}`
			}
			return func(vm *goja.Runtime) (goja.Value, error) {
				data, err := rt.FromJSON([]byte(body))
				if err != nil {
					return nil, err
				}
				response := vm.NewObject()
				_ = response.Set("status", status)
				_ = response.Set("data", data)
				if status >= 400 {
					return nil, jsruntime.Reject(rt.NewError(fmt.Sprintf("Request failed with status code %d", status),
						map[string]any{"name": "AxiosError", "response": response}))
				}
				return response, nil
			}
		})
	})

	prg, err := jsruntime.Compile("/project/build/demo_actions_list.cjs", `
exports.default = async function list(nango, input) {
  const res = await nango.get('/items');
  try { await nango.get('/missing'); } catch (e) { console.warn(e.message, { status: e.response.status }); }
  return { count: res.data.items.length, first: res.data.items[0], label: input.label };
};`)
	if err != nil {
		panic(err)
	}
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		panic(err)
	}
	v, err := rt.Call(context.Background(), mod, "default", nango, json.RawMessage(`{"label":"demo"}`))
	if err != nil {
		var se *jsruntime.ScriptError
		if errors.As(err, &se) {
			fmt.Println(se.Format("/project")) // "TypeError: ...\n    at list (actions/list.ts:3:5)"
		}
		return
	}
	out, _ := rt.ToJSON(v)
	fmt.Println(string(out))
	// Output:
	// [warn] Request failed with status code 404 {"status":404}
	// {"count":2,"first":{"id":1},"label":"demo"}
}
