package jsruntime

import (
	"errors"
	"strings"
	"testing"
)

// Issue 13, item 6: past Options.MemoryLimit a script is stopped with KindMemory, in a tight
// loop and while awaiting alike; a script below it is unaffected.
func TestMemoryLimitStopsTheScript(t *testing.T) {
	// First, while the test process's heap is small (the limit is on the process's heap).
	rt, _ := newRuntime(t, Options{MemoryLimit: 256 << 20})
	v, err := runJS(t, rt, `exports.default = () => { const a = []; for (let i = 0; i < 10000; i++) a.push({ id: i }); return a.length; };`)
	if err != nil || v.ToInteger() != 10000 {
		t.Fatalf("under the limit: %v %v", v, err)
	}
	for name, src := range map[string]string{
		"sync loop":  `exports.default = () => { const a = []; for (let i = 0; ; i++) a.push({ id: i, s: 'x' + i }); };`,
		"async loop": `exports.default = async () => { const a = []; for (let i = 0; ; i++) { a.push(new Uint8Array(1 << 20)); await null; } };`,
	} {
		t.Run(name, func(t *testing.T) {
			rt, _ := newRuntime(t, Options{MemoryLimit: 64 << 20, MemoryHint: "raise it"})
			_, err := runJS(t, rt, src)
			var se *ScriptError
			if !errors.As(err, &se) || se.Kind != KindMemory {
				t.Fatalf("got %v", err)
			}
			var ml *MemoryLimitError
			if !errors.As(se.Cause, &ml) || ml.Limit != 64<<20 || ml.Heap <= ml.Limit {
				t.Errorf("cause %#v", se.Cause)
			}
			if !strings.HasPrefix(se.Header(), "RangeError: the script used more memory than the limit of 64 MiB") || !strings.HasSuffix(se.Message, "; raise it") {
				t.Errorf("header %q", se.Header())
			}
		})
	}
	memGuard.Lock()
	left := len(memGuard.runs)
	memGuard.Unlock()
	if left != 0 {
		t.Errorf("%d runs still registered with the memory guard", left)
	}
}
