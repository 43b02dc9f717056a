package jsruntime

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func TestBundledScriptUsesModulesAndForAwait(t *testing.T) {
	nm := nodeModules(t)
	rt, _ := newRuntime(t, Options{NodeModules: []string{filepath.Join(t.TempDir(), "node_modules"), nm}})
	prg := buildBundle(t, "scripts/features.ts", false)
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	input := map[string]any{"secret": "shh", "payload": `{"event":"push"}`}
	v, err := rt.Call(context.Background(), mod, "default", nil, input)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rt.ToJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha256.New, []byte("shh"))
	mac.Write([]byte(`{"event":"push"}`))
	sum := sha1.Sum([]byte(`{"event":"push"}`))
	want, _ := json.Marshal(map[string]any{})
	_ = want
	wantJSON := `{"signature":"` + hex.EncodeToString(mac.Sum(nil)) + `",` +
		`"sha1":"` + base64.StdEncoding.EncodeToString(sum[:]) + `",` +
		`"basic":"` + base64.StdEncoding.EncodeToString([]byte("user:shh")) + `",` +
		`"query":"q=is%3Aopen+label%3A%22good+first%22&per_page=100&page=2",` +
		`"viaModule":["1","3"],` +
		`"titles":["issue 1","issue 2","issue 3"],` +
		`"invalidPaths":["id","title","state"],` +
		`"uuid":true}`
	if string(got) != wantJSON {
		t.Errorf("result\n got %s\nwant %s", got, wantJSON)
	}
}

func TestUncaughtErrorTracePointsAtTypeScript(t *testing.T) {
	for _, banner := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain cjs", true: "banner wrapper"}[banner], func(t *testing.T) {
			rt, _ := newRuntime(t, Options{})
			prg := buildBundle(t, "scripts/throws.ts", banner)
			mod, err := rt.Load(context.Background(), prg)
			if err != nil {
				t.Fatal(err)
			}
			if v, err := rt.Call(context.Background(), mod, "default", nil, map[string]any{"count": 2}); err != nil || v.ToInteger() != 4 {
				t.Fatalf("count 2: got %v, %v", v, err)
			}
			_, err = rt.Call(context.Background(), mod, "default", nil, map[string]any{"count": -1})
			var se *ScriptError
			if !errors.As(err, &se) {
				t.Fatalf("want *ScriptError, got %T %v", err, err)
			}
			if se.Kind != KindError || se.Name != "RangeError" || se.Message != "count must be positive, got -1" {
				t.Errorf("got kind %q name %q message %q", se.Kind, se.Name, se.Message)
			}
			root := testdataDir(t)
			if len(se.Frames) < 2 {
				t.Fatalf("frames: %+v", se.Frames)
			}
			if f := se.Frames[0]; f.File != filepath.Join(root, "scripts", "lib", "check.ts") || f.Line != 3 || f.Column != 15 || f.Function != "mustBePositive" {
				t.Errorf("top frame %+v, want mustBePositive in scripts/lib/check.ts line 3", f)
			}
			if f := se.Frames[1]; f.File != filepath.Join(root, "scripts", "throws.ts") || f.Line != 10 {
				t.Errorf("second frame %+v, want scripts/throws.ts line 10", f)
			}
			text := se.Format(root)
			for _, want := range []string{"RangeError: count must be positive, got -1", "\n    at mustBePositive (scripts/lib/check.ts:3:15)", "\n    at run (scripts/throws.ts:10:"} {
				if !strings.Contains(text, want) {
					t.Errorf("trace %q lacks %q", text, want)
				}
			}
		})
	}
}

func TestTimeoutInterruptsEndlessLoop(t *testing.T) {
	rt, _ := newRuntime(t, Options{Timeout: 150 * time.Millisecond})
	prg := buildBundle(t, "scripts/loops.ts", false)
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = rt.Call(context.Background(), mod, "default")
	var se *ScriptError
	if !errors.As(err, &se) || se.Kind != KindTimeout {
		t.Fatalf("want a timeout ScriptError, got %T %v", err, err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("interrupt took %s", elapsed)
	}
	for _, want := range []string{"150ms", "--timeout", "still running"} {
		if !strings.Contains(se.Message, want) {
			t.Errorf("message %q lacks %q", se.Message, want)
		}
	}
	if len(se.Frames) == 0 || !strings.HasSuffix(se.Frames[0].File, "loops.ts") {
		t.Errorf("frames should point into loops.ts: %+v", se.Frames)
	}
	// The runtime stays usable after an interrupt.
	if got := evalJSON(t, rt, "1 + 1"); got != "2" {
		t.Errorf("after timeout: %s", got)
	}
}

func TestTimeoutFromContextDeadline(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	prg, err := Compile("/virtual/build/wait.cjs", `exports.default = () => new Promise((r) => setTimeout(r, 10000));`)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = rt.Call(ctx, mod, "default")
	var se *ScriptError
	if !errors.As(err, &se) || se.Kind != KindTimeout || !strings.Contains(se.Message, "awaiting") {
		t.Fatalf("want a timeout while awaiting, got %v", err)
	}
	if rt.Loop().TimerCount() != 0 {
		t.Errorf("timers left after the run: %d", rt.Loop().TimerCount())
	}
}

func TestCancelledContext(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := rt.Run(ctx, func(vm *goja.Runtime) (goja.Value, error) {
		return vm.RunString(`new Promise((r) => setTimeout(r, 10000))`)
	})
	var se *ScriptError
	if !errors.As(err, &se) || se.Kind != KindCancelled {
		t.Fatalf("want cancelled, got %v", err)
	}
}

func TestNeverResolvedPromiseIsReported(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	prg := buildBundle(t, "scripts/never.ts", false)
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := rt.Call(context.Background(), mod, "default")
		done <- err
	}()
	select {
	case err := <-done:
		var se *ScriptError
		if !errors.As(err, &se) || se.Kind != KindNeverResolved || !strings.Contains(se.Error(), "never resolved") {
			t.Fatalf("want never-resolved, got %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a promise nothing can settle hung the loop")
	}
}

// hostSleep installs `hostSleep(ms, value)`: a host function whose promise a goroutine settles.
func installHostSleep(rt *Runtime) {
	_ = rt.VM().Set("hostSleep", func(ms int, value string) *goja.Promise {
		return rt.Go(func(ctx context.Context) Settle {
			select {
			case <-time.After(time.Duration(ms) * time.Millisecond):
			case <-ctx.Done():
				return func(*goja.Runtime) (goja.Value, error) { return nil, ctx.Err() }
			}
			if value == "fail" {
				return func(vm *goja.Runtime) (goja.Value, error) {
					return nil, Reject(rt.NewError("request failed", map[string]any{"name": "AxiosError", "response": map[string]any{"status": 404}}))
				}
			}
			return func(vm *goja.Runtime) (goja.Value, error) { return vm.ToValue(value), nil }
		})
	})
}

func TestPromisesResolvedFromGoroutines(t *testing.T) {
	rt, logs := newRuntime(t, Options{})
	installHostSleep(rt)
	v, err := runJS(t, rt, `exports.default = async () => {
  const order = [];
  const all = await Promise.all([100, 5, 50].map(async (ms) => { const v = await hostSleep(ms, 'v' + ms); order.push(v); return v; }));
  let status;
  try { await hostSleep(5, 'fail'); } catch (e) { status = e.name + ' ' + e.response.status; }
  console.log('done');
  return { all, order, status };
};`)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := rt.ToJSON(v)
	if want := `{"all":["v100","v5","v50"],"order":["v5","v50","v100"],"status":"AxiosError 404"}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if l := logs.all(); len(l) != 1 || l[0] != "info: done" {
		t.Errorf("logs %q", l)
	}
}

func TestRegisterCallbackKeepsLoopAlive(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	_ = rt.VM().Set("later", func() *goja.Promise {
		p, resolve, _ := rt.VM().NewPromise()
		enqueue := rt.RegisterCallback()
		go func() {
			time.Sleep(30 * time.Millisecond)
			enqueue(func() error { return resolve("late") })
			enqueue(func() error { panic("a second enqueue must be ignored") })
		}()
		return p
	})
	if got := evalJSON(t, rt, "later()"); got != `"late"` {
		t.Errorf("got %s", got)
	}
}

// Timers created in one turn run in deadline order, ties in creation order, whatever the
// machine's load; microtasks run before any timer.
func TestTimersOrdering(t *testing.T) {
	rt, logs := newRuntime(t, Options{})
	_, err := runJS(t, rt, `exports.default = () => new Promise((resolve) => {
  const log = (m) => console.log(m);
  setTimeout(() => log('timeout 30'), 30);
  setTimeout(() => log('timeout 10 a'), 10);
  setTimeout(() => log('timeout 10 b'), 10);
  const cancelled = setTimeout(() => log('cancelled'), 5);
  clearTimeout(cancelled);
  setTimeout((a, b) => log('args ' + a + b), 15, 'x', 'y');
  setImmediate(() => log('immediate'));
  Promise.resolve().then(() => log('microtask'));
  queueMicrotask(() => log('queueMicrotask'));
  setTimeout(() => { log('end'); resolve(); }, 40);
  log('sync');
});`)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(logs.all(), "\n")
	want := strings.Join([]string{
		"info: sync", "info: microtask", "info: queueMicrotask", "info: immediate",
		"info: timeout 10 a", "info: timeout 10 b", "info: args xy", "info: timeout 30", "info: end",
	}, "\n")
	if got != want {
		t.Errorf("order\n%s\nwant\n%s", got, want)
	}
}

func TestIntervalUntilCleared(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	got := evalJSON(t, rt, `new Promise((resolve) => {
  let ticks = 0;
  const iv = setInterval((step) => { ticks += step; if (ticks === 3) { clearInterval(iv); setTimeout(() => resolve(ticks), 30); } }, 5, 1);
})`)
	if got != "3" {
		t.Errorf("got %s", got)
	}
}

func TestLeftoverTimersDoNotDelayTheResult(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	start := time.Now()
	if got := evalJSON(t, rt, `(setInterval(() => {}, 5), setTimeout(() => {}, 60000), 'ok')`); got != `"ok"` {
		t.Fatal(got)
	}
	if time.Since(start) > 2*time.Second {
		t.Error("a forgotten interval or timer held the run")
	}
}

func TestUnhandledRejectionFailsTheRun(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	_, err := runJS(t, rt, `exports.default = async () => {
  Promise.reject(new Error('nobody listens'));
  await new Promise((r) => setTimeout(r, 20));
  return 'finished';
};`)
	var se *ScriptError
	if !errors.As(err, &se) || !se.Unhandled || se.Message != "nobody listens" {
		t.Fatalf("want an unhandled rejection, got %v", err)
	}
	if !strings.HasPrefix(se.Error(), "unhandled promise rejection: Error: nobody listens") {
		t.Errorf("message %q", se.Error())
	}
}

func TestHandledLaterRejectionIsFine(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	if got := evalJSON(t, rt, `(async () => { const p = Promise.reject(new Error('x')); try { await p; } catch (e) { return e.message; } })()`); got != `"x"` {
		t.Errorf("got %s", got)
	}
}

func TestThrowInTimerCallbackFailsTheRun(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	_, err := runJS(t, rt, `exports.default = () => new Promise(() => { setTimeout(() => { throw new TypeError('in timer'); }, 1); });`)
	var se *ScriptError
	if !errors.As(err, &se) || se.Name != "TypeError" || se.Message != "in timer" {
		t.Fatalf("got %v", err)
	}
}

func TestNonErrorThrows(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	for expr, want := range map[string]string{
		`(async () => { throw 'plain string'; })()`:                        "plain string",
		`(async () => { throw {message: 'obj', name: 'ActionError'}; })()`: "ActionError: obj",
		`(async () => { throw {code: 42}; })()`:                            `{"code":42}`,
	} {
		_, err := runJS(t, rt, "exports.default = () => "+expr+";")
		var se *ScriptError
		if !errors.As(err, &se) || se.Header() != want {
			t.Errorf("%s: got %v, want header %q", expr, err, want)
		}
		if se != nil && se.Value == nil {
			t.Errorf("%s: the thrown value should be kept", expr)
		}
	}
}

func TestStackOverflowIsAnError(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	_, err := runJS(t, rt, `exports.default = () => { const f = (n) => f(n + 1) + 1; return f(0); };`)
	var se *ScriptError
	if !errors.As(err, &se) || se.Name != "RangeError" {
		t.Fatalf("got %v", err)
	}
	// Commands print a Cause's text in place of the header: goja's is a stack line.
	if se.Cause != nil || se.Header() != "RangeError: Maximum call stack size exceeded" {
		t.Errorf("cause %v, header %q", se.Cause, se.Header())
	}
	// 5,000 frames print as a capped trace: 10 innermost, a count, 5 outermost.
	lines := strings.Split(strings.TrimPrefix(se.StackTrace(""), "\n"), "\n")
	if len(lines) != stackHead+1+stackTail || !strings.HasPrefix(lines[stackHead], "    ... ") {
		t.Errorf("%d lines:\n%s", len(lines), strings.Join(lines, "\n"))
	}
}

func TestHostHelpers(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	vm := rt.VM()

	// ToJSON keeps the script's key order.
	v, err := vm.RunString(`({zeta: 1, alpha: {b: 2, a: [3, {y: 1, x: 2}]}, when: new Date(0), skip: undefined})`)
	if err != nil {
		t.Fatal(err)
	}
	b, err := rt.ToJSON(v)
	if err != nil || string(b) != `{"zeta":1,"alpha":{"b":2,"a":[3,{"y":1,"x":2}]},"when":"1970-01-01T00:00:00.000Z"}` {
		t.Errorf("ToJSON: %s %v", b, err)
	}
	if b, _ := rt.ToJSONIndent(v, "  "); !strings.Contains(string(b), "\n  \"zeta\": 1") {
		t.Errorf("ToJSONIndent: %s", b)
	}
	if b, err := rt.ToJSON(goja.Undefined()); b != nil || err != nil {
		t.Errorf("undefined: %q %v", b, err)
	}
	cyclic, _ := vm.RunString(`(() => { const o = {}; o.o = o; return o; })()`)
	if _, err := rt.ToJSON(cyclic); err == nil {
		t.Error("a cyclic value must not serialise")
	}

	// FromJSON gives native arrays: pushing through an alias is seen by the parent.
	data, err := rt.FromJSON([]byte(`{"items":[1,2]}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = vm.Set("data", data)
	if got, _ := vm.RunString(`const a = data.items; a.push(3); data.items.length + ':' + Array.isArray(data.items)`); got.String() != "3:true" {
		t.Errorf("FromJSON arrays: %s", got)
	}
	if _, err := rt.FromJSON([]byte(`{bad`)); err == nil {
		t.Error("bad JSON must fail")
	}

	// NewError + Throw: an axios-like error with response fields, caught in JS.
	_ = vm.Set("hostFail", func(call goja.FunctionCall) goja.Value {
		body, _ := rt.FromJSON([]byte(`{"error":"not found"}`))
		resp := vm.NewObject()
		_ = resp.Set("status", 404)
		_ = resp.Set("data", body)
		_ = resp.Set("headers", map[string]any{"content-type": "application/json"})
		rt.Throw(Reject(rt.NewError("Request failed with status code 404", map[string]any{"name": "AxiosError", "isAxiosError": true, "response": resp})))
		return nil
	})
	_ = vm.Set("hostGoError", func(call goja.FunctionCall) goja.Value {
		rt.Throw(errors.New("plain go failure"))
		return nil
	})
	got, err := vm.RunString(`(() => { try { hostFail(); } catch (e) { return [e instanceof Error, e.name, e.message, e.isAxiosError, e.response.status, e.response.data.error, e.response.headers['content-type']].join('|'); } })()`)
	if err != nil || got.String() != "true|AxiosError|Request failed with status code 404|true|404|not found|application/json" {
		t.Errorf("thrown host error: %v %v", got, err)
	}
	got, err = vm.RunString(`(() => { try { hostGoError(); } catch (e) { return e instanceof Error && e.message; } })()`)
	if err != nil || got.String() != "plain go failure" {
		t.Errorf("go error: %v %v", got, err)
	}

	// A Go error thrown through JS keeps its identity for errors.Is.
	sentinel := errors.New("sentinel")
	_ = vm.Set("hostSentinel", func(goja.FunctionCall) goja.Value { rt.Throw(sentinel); return nil })
	_, err = rt.Run(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
		return vm.RunString(`(async () => { hostSentinel(); })()`)
	})
	if !errors.Is(err, sentinel) {
		t.Errorf("errors.Is through JS: %v", err)
	}

	// Inspect matches console formatting.
	if s := rt.Inspect(v); !strings.HasPrefix(s, `{"zeta":1`) {
		t.Errorf("Inspect: %s", s)
	}
}

func TestRunReturnsPlainValues(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	v, err := rt.Run(context.Background(), func(vm *goja.Runtime) (goja.Value, error) { return vm.RunString(`40 + 2`) })
	if err != nil || v.ToInteger() != 42 {
		t.Errorf("got %v %v", v, err)
	}
	// A thenable that is not a Promise is awaited too.
	v, err = rt.Run(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
		return vm.RunString(`({ then(ok) { setTimeout(() => ok('thenable'), 1); } })`)
	})
	if err != nil || v.String() != "thenable" {
		t.Errorf("thenable: %v %v", v, err)
	}
}

func TestModuleExports(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	prg, err := Compile("/virtual/build/webhook.cjs", `
Object.defineProperty(exports, '__esModule', { value: true });
exports.default = { type: 'sync', models: ['A'] };
exports.onWebhookPayloadReceived = async (nango, payload) => ({ got: payload.id, nango: typeof nango });`)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	v, err := rt.Call(context.Background(), mod, "onWebhookPayloadReceived", rt.VM().NewObject(), map[string]any{"id": "evt_1"})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := rt.ToJSON(v); string(b) != `{"got":"evt_1","nango":"object"}` {
		t.Errorf("got %s", b)
	}
	if _, err := rt.Call(context.Background(), mod, "default"); err == nil || !strings.Contains(err.Error(), "not a function") {
		t.Errorf("calling an object export: %v", err)
	}
	if _, err := rt.Call(context.Background(), mod, "missing"); err == nil || !strings.Contains(err.Error(), `no "missing" export`) {
		t.Errorf("missing export: %v", err)
	}
	if b, _ := rt.ToJSON(mod.Export("default")); string(b) != `{"type":"sync","models":["A"]}` {
		t.Errorf("default object export: %s", b)
	}

	// module.exports = fn counts as the default export.
	v, err = runJS(t, rt, `module.exports = async () => 'fn';`)
	if err != nil || v.String() != "fn" {
		t.Errorf("module.exports = fn: %v %v", v, err)
	}
}

func TestLoadFailsOnTopLevelThrow(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	prg, err := Compile("/virtual/build/bad.cjs", "const x = 1;\nnull.boom;\n")
	if err != nil {
		t.Fatal(err)
	}
	_, err = rt.Load(context.Background(), prg)
	var se *ScriptError
	if !errors.As(err, &se) || se.Name != "TypeError" || len(se.Frames) == 0 || se.Frames[0].Line != 2 || se.Frames[0].Column != 6 {
		t.Fatalf("got %v (%+v)", err, se)
	}
}

func TestCompileRejectsSyntaxGojaCannotRun(t *testing.T) {
	_, err := Compile("/virtual/build/gen.cjs", "async function* g() { yield 1; }")
	if err == nil || !strings.Contains(err.Error(), "cannot run in the embedded runtime") {
		t.Errorf("got %v", err)
	}
}

func TestTopLevelTimersRunDuringTheCall(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	prg, err := Compile("/virtual/build/toplevel.cjs", `
let ready = false;
setTimeout(() => { ready = true; }, 5);
setInterval(() => {}, 1000); // must not keep Load waiting
exports.default = async () => { await new Promise((r) => setTimeout(r, 20)); return ready; };`)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Error("Load waited for top-level timers")
	}
	v, err := rt.Call(context.Background(), mod, "default")
	if err != nil || !v.ToBoolean() {
		t.Errorf("got %v %v", v, err)
	}
}

func TestCallWithJSONArguments(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	prg, err := Compile("/virtual/build/args.cjs", `exports.default = async (nango, input) => { input.items.push(3); return [Array.isArray(input.items), input.items.length, Object.keys(input)]; };`)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	v, err := rt.Call(context.Background(), mod, "default", goja.Undefined(), json.RawMessage(`{"z":1,"items":[1,2],"a":0}`))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := rt.ToJSON(v); string(b) != `[true,3,["z","items","a"]]` {
		t.Errorf("got %s", b)
	}
	if _, err := rt.Call(context.Background(), mod, "default", nil, json.RawMessage(`{bad`)); err == nil {
		t.Error("bad JSON argument must fail")
	}
}

func TestConsoleNeverPrintsObjectObject(t *testing.T) {
	rt, logs := newRuntime(t, Options{})
	if _, err := runJS(t, rt, `exports.default = async () => { console.log({ get boom() { throw new Error('getter'); } }); };`); err != nil {
		t.Fatal(err)
	}
	if l := logs.all(); len(l) != 1 || strings.Contains(l[0], "[object Object]") || !strings.Contains(l[0], "getter") {
		t.Errorf("got %q", l)
	}
}

func TestCallFunctionOnZeroYamlExport(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	prg, err := Compile("/virtual/build/zero.cjs", `exports.default = { type: 'action', name: 'x', exec: async function (nango, input) { return this.name + ':' + input.n; } };`)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		t.Fatal(err)
	}
	def := mod.Export("default").ToObject(rt.VM())
	v, err := rt.CallFunction(context.Background(), def.Get("exec"), def, nil, json.RawMessage(`{"n":7}`))
	if err != nil || v.String() != "x:7" {
		t.Errorf("got %v %v", v, err)
	}
	if _, err := rt.CallFunction(context.Background(), def.Get("type"), nil); err == nil {
		t.Error("calling a string must fail")
	}
}

func TestFormatMatchesConsole(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	obj, _ := rt.FromJSON([]byte(`{"a":[1,{"b":null}]}`))
	if got := rt.Format(rt.VM().ToValue("saved %d records"), rt.VM().ToValue(3), obj); got != `saved 3 records {"a":[1,{"b":null}]}` {
		t.Errorf("got %q", got)
	}
}

func TestCustomErrorWithCaptureStackTrace(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	_, err := runJS(t, rt, `class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    Error.captureStackTrace(this, ApiError);
  }
}
function fail() {
  throw new ApiError('upstream said no', 502);
}
exports.default = async function main() { fail(); };`)
	var se *ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("got %v", err)
	}
	if se.Header() != "ApiError: upstream said no" || len(se.Frames) == 0 || se.Frames[0].Function != "fail" || se.Frames[0].Line != 10 {
		t.Errorf("got %q %+v", se.Header(), se.Frames)
	}
	if status := se.Value.ToObject(rt.VM()).Get("status").ToInteger(); status != 502 {
		t.Errorf("status %d", status)
	}
}

// The seam for nango.paginate: a Go object iterated with a lowered `for await`, each page
// fetched on a goroutine.
func TestForAwaitOverHostAsyncIterable(t *testing.T) {
	rt, _ := newRuntime(t, Options{})
	vm := rt.VM()
	pages := [][]int{{1, 2}, {3}, {4, 5, 6}}
	nango := vm.NewObject()
	_ = nango.Set("paginate", func(config map[string]any) *goja.Object {
		iterable := vm.NewObject()
		_ = iterable.SetSymbol(rt.AsyncIteratorSymbol(), func(goja.FunctionCall) goja.Value {
			i := 0
			iter := vm.NewObject()
			_ = iter.Set("next", func() *goja.Promise {
				return rt.Go(func(ctx context.Context) Settle {
					time.Sleep(time.Millisecond) // a request
					return func(vm *goja.Runtime) (goja.Value, error) {
						res := vm.NewObject()
						if i >= len(pages) {
							_ = res.Set("done", true)
							return res, nil
						}
						items := []map[string]int{}
						for _, id := range pages[i] {
							items = append(items, map[string]int{"id": id})
						}
						page, _ := json.Marshal(items)
						i++
						v, err := rt.FromJSON(page)
						_ = res.Set("done", false)
						_ = res.Set("value", v)
						return res, err
					}
				})
			})
			return iter
		})
		return iterable
	})
	mod, err := rt.Load(context.Background(), buildBundle(t, "scripts/paginate.ts", false))
	if err != nil {
		t.Fatal(err)
	}
	v, err := rt.Call(context.Background(), mod, "default", nango)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := rt.ToJSON(v); string(b) != `{"pages":3,"ids":[1,2,3,4,5,6]}` {
		t.Errorf("got %s", b)
	}
}
