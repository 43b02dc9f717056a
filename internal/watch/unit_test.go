package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/typecheck"
)

// fakeClock is a Clock that moves only when told to.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	calls   int
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Unix(1_700_000_000, 0)} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- f.now
		return ch
	}
	f.waiters = append(f.waiters, fakeWaiter{at: f.now.Add(d), ch: ch})
	return ch
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	kept := f.waiters[:0]
	for _, w := range f.waiters {
		if !w.at.After(f.now) {
			w.ch <- f.now
		} else {
			kept = append(kept, w)
		}
	}
	f.waiters = kept
}

// waitCalls waits until After was called n times (the debouncer took an event).
func (f *fakeClock) waitCalls(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		f.mu.Lock()
		c := f.calls
		f.mu.Unlock()
		if c >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("debouncer did not take event %d", n)
		}
		time.Sleep(time.Millisecond)
	}
}

type debounceRig struct {
	t     *testing.T
	clock *fakeClock
	in    chan rawEvent
	out   chan Batch
	sent  int
}

func newDebounceRig(t *testing.T, quiet, maxWait time.Duration) *debounceRig {
	r := &debounceRig{t: t, clock: newFakeClock(), in: make(chan rawEvent), out: make(chan Batch)}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { debounce(r.in, r.out, stop, r.clock, quiet, maxWait); close(done) }()
	t.Cleanup(func() { close(stop); <-done })
	return r
}

func (r *debounceRig) send(ev rawEvent) {
	r.in <- ev
	r.sent++
	r.clock.waitCalls(r.t, r.sent)
}

func (r *debounceRig) none() {
	r.t.Helper()
	select {
	case b := <-r.out:
		r.t.Fatalf("batch delivered too early: %+v", b)
	default:
	}
}

func (r *debounceRig) batch() Batch {
	r.t.Helper()
	select {
	case b := <-r.out:
		return b
	case <-time.After(waitLimit):
		r.t.Fatal("no batch")
		return Batch{}
	}
}

func TestDebounceMergesABurst(t *testing.T) {
	r := newDebounceRig(t, 25*time.Millisecond, 500*time.Millisecond)
	// an atomic save: temp created, written, renamed away; target created
	r.send(rawEvent{path: "/p/.a.ts.tmp", op: Created})
	r.clock.Advance(5 * time.Millisecond)
	r.send(rawEvent{path: "/p/.a.ts.tmp", op: Written})
	r.send(rawEvent{path: "/p/.a.ts.tmp", op: Removed})
	r.clock.Advance(20 * time.Millisecond) // 25 ms after the first event, 20 after the last
	r.none()
	r.send(rawEvent{path: "/p/a.ts", op: Created})
	r.clock.Advance(24 * time.Millisecond)
	r.none()
	r.clock.Advance(time.Millisecond)
	b := r.batch()
	want := map[string]Op{"/p/.a.ts.tmp": Created | Written | Removed, "/p/a.ts": Created}
	if len(b.Changes) != len(want) || b.Overflow {
		t.Fatalf("batch %+v, want %v", b, want)
	}
	for p, op := range want {
		if b.Changes[p] != op {
			t.Errorf("%s: op %b, want %b", p, b.Changes[p], op)
		}
	}
	// the next event starts a new batch
	r.send(rawEvent{path: "/p/b.ts", op: Written})
	r.clock.Advance(25 * time.Millisecond)
	if b := r.batch(); len(b.Changes) != 1 || b.Changes["/p/b.ts"] != Written {
		t.Errorf("second batch %+v", b)
	}
}

func TestDebounceMaxWaitUnderAContinuousStream(t *testing.T) {
	r := newDebounceRig(t, 25*time.Millisecond, 100*time.Millisecond)
	r.send(rawEvent{path: "/p/0.ts", op: Written})
	for i := 1; i <= 4; i++ {
		r.clock.Advance(20 * time.Millisecond)
		r.none()
		r.send(rawEvent{path: fmt.Sprintf("/p/%d.ts", i), op: Written})
	}
	// 80 ms in: at most 20 ms left of the maximum wait
	r.clock.Advance(20 * time.Millisecond)
	if b := r.batch(); len(b.Changes) != 5 {
		t.Errorf("batch has %d paths, want 5", len(b.Changes))
	}
}

func TestDebounceHeldBatchKeepsGrowingAndOverflow(t *testing.T) {
	r := newDebounceRig(t, 25*time.Millisecond, 500*time.Millisecond)
	r.send(rawEvent{path: "/p/a.ts", op: Written})
	r.clock.Advance(25 * time.Millisecond) // ready, but nobody takes it yet
	r.send(rawEvent{overflow: true})
	r.clock.Advance(25 * time.Millisecond)
	b := r.batch()
	if !b.Overflow || b.Changes["/p/a.ts"] != Written {
		t.Errorf("batch %+v: want a.ts and the overflow together", b)
	}
}

func TestIgnored(t *testing.T) {
	for rel, want := range map[string]bool{
		".": false, "acme": false, "acme/syncs": false, "dist": true, "acme/dist": false,
		"node_modules": true, "acme/node_modules/x": true, ".nango": true, ".git": true, "acme/.cache": true,
	} {
		if got := Ignored(rel); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestWatcherNewFoldersAndIgnoredOnes(t *testing.T) {
	dir := writeProject(t, map[string]string{"nango.yaml": "x", "node_modules/p/i.ts": "x", "dist/a.js": "x"})
	w, err := NewWatcher(dir, WatcherOptions{Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if n := w.Watched(); n != 1 {
		t.Errorf("watching %d folders at start, want 1 (the root; dist and node_modules skipped)", n)
	}
	seen := map[string]Op{}
	until := func(p string) {
		t.Helper()
		for seen[p] == 0 {
			select {
			case b := <-w.Batches():
				for q, op := range b.Changes {
					seen[q] |= op
				}
			case <-time.After(waitLimit):
				t.Fatalf("no event for %s; seen %v", p, seen)
			}
		}
	}
	write := func(rel string) string {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// a tree created at once: found by scanning the new folder
	deep := write("a/b/c/deep.ts")
	until(deep)
	// a tree moved in (git checkout, unzip, mv) gives one event, for its top folder only
	outside := t.TempDir()
	if err := os.MkdirAll(filepath.Join(outside, "m", "n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "m", "n", "moved.ts"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(outside, "m"), filepath.Join(dir, "m")); err != nil {
		t.Fatal(err)
	}
	until(filepath.Join(dir, "m", "n", "moved.ts"))
	until(write("m/n/after.ts"))
	// now watched: a later file in it has its own event
	until(write("a/b/c/later.ts"))
	// files in ignored folders give no event: the marker written after them comes first
	for _, rel := range []string{"node_modules/p/j.ts", "dist/b.js", ".git/x", "a/node_modules/q.ts"} {
		write(rel)
	}
	marker := write("marker.ts")
	until(marker)
	for p := range seen {
		if strings.Contains(p, "node_modules") || strings.Contains(p, "dist") || strings.Contains(p, ".git") {
			t.Errorf("event in an ignored folder: %s", p)
		}
	}
	// a removed folder is no longer watched
	if err := os.RemoveAll(filepath.Join(dir, "a")); err != nil {
		t.Fatal(err)
	}
	until(filepath.Join(dir, "a/b/c/deep.ts"))
	deadline := time.Now().Add(waitLimit)
	if err := os.RemoveAll(filepath.Join(dir, "m")); err != nil {
		t.Fatal(err)
	}
	for w.Watched() != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("still watching %d folders after removing a/ and m/", w.Watched())
		}
		select {
		case <-w.Batches():
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// fakeTSC writes a compiler stand-in: its first run records its pid and sleeps (a slow
// check that a newer cycle must cancel); later runs print one type error.
func fakeTSC(t *testing.T) (tool *typecheck.Tool, state string) {
	t.Helper()
	state = t.TempDir()
	script := filepath.Join(state, "tsc")
	body := fmt.Sprintf(`#!/bin/sh
n=$(cat %[1]s/count 2>/dev/null || echo 0)
n=$((n+1))
echo $n > %[1]s/count
if [ $n = 1 ]; then echo $$ > %[1]s/pid1.tmp; mv %[1]s/pid1.tmp %[1]s/pid1; exec sleep 120; fi
echo "acme/syncs/tickets.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'."
exit 2
`, state)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return &typecheck.Tool{Path: script, Major: 5}, state
}

func TestTypecheckInBackgroundNewerCycleCancels(t *testing.T) {
	tool, state := fakeTSC(t)
	s := startSession(t, projectFiles(), func(o *Options) { o.Typecheck = tool })
	// wait until the first (slow) check runs
	deadline := time.Now().Add(waitLimit)
	for {
		if _, err := os.Stat(filepath.Join(state, "pid1")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first type check did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	data, _ := os.ReadFile(filepath.Join(state, "pid1"))
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))

	s.saveAtomic("acme/syncs/tickets.ts", syncScript("Ticket", "", "tickets v2"))
	cs := s.until(hasBuilt("acme/tickets"))
	var r *TypecheckReport
	select {
	case r = <-s.checks:
	case <-time.After(waitLimit):
		t.Fatal("no type check report")
	}
	if r.Seq != cs[len(cs)-1].Seq {
		t.Errorf("first report is for cycle %d, want %d (the superseded check must not report)", r.Seq, cs[len(cs)-1].Seq)
	}
	if r.OK() || len(r.Diagnostics) != 1 || r.Diagnostics[0].File != "acme/syncs/tickets.ts" || r.Diagnostics[0].Line != 3 || r.Diagnostics[0].Column != 7 {
		t.Errorf("report %+v", r)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("the cancelled check (pid %d) is still running: %v", pid, err)
	}
}

func TestTypecheckRealTSC(t *testing.T) {
	nm := os.Getenv("NANGO_TEST_NODE_MODULES")
	if nm == "" {
		t.Skip("NANGO_TEST_NODE_MODULES not set: typescript is needed")
	}
	tool := typecheck.Find(t.TempDir(), filepath.Join(nm, ".bin"))
	if tool == nil {
		t.Skip("no tsc in NANGO_TEST_NODE_MODULES")
	}
	s := startSession(t, projectFiles(), func(o *Options) { o.Typecheck = tool })
	r := <-s.checks
	if !r.OK() {
		t.Fatalf("start-up type check: %v %v", r.Err, r.Diagnostics)
	}
	bad := strings.Replace(syncScript("Ticket", "", "tickets typed"), "    const rows", "    const n: number = 'x';\n    await nango.log(String(n));\n    const rows", 1)
	s.saveAtomic("acme/syncs/tickets.ts", bad)
	c := s.until(hasBuilt("acme/tickets"))[0]
	if !c.OK() {
		t.Fatalf("a type error must not fail the bundle: %v", c.Diagnostics)
	}
	for {
		select {
		case r = <-s.checks:
		case <-time.After(2 * waitLimit):
			t.Fatal("no type check report")
		}
		if r.Seq >= c.Seq {
			break
		}
	}
	if r.OK() || !slices.ContainsFunc(r.Diagnostics, func(d TypecheckDiag) bool {
		return d.File == "acme/syncs/tickets.ts" && d.Line == 5 && strings.Contains(d.Message, "TS2322")
	}) {
		t.Errorf("report %v %v: want TS2322 at acme/syncs/tickets.ts:5", r.Err, r.Diagnostics)
	}
}

func TestOnceReportsFailure(t *testing.T) {
	files := projectFiles()
	files["acme/syncs/deals.ts"] = "export default async function fetchData(nango: any) {\n    nango.batchSave([], 'Deal');\n}\n"
	dir := writeProject(t, files)
	var got []*Cycle
	c, tc := Once(context.Background(), Options{Dir: dir, OnCycle: func(c *Cycle) { got = append(got, c) }})
	if tc != nil {
		t.Error("a type check ran without a compiler")
	}
	if len(got) != 1 || got[0] != c {
		t.Fatalf("OnCycle called %d times", len(got))
	}
	if c.OK() {
		t.Fatal("an unawaited batchSave gave an ok cycle")
	}
	if !slices.ContainsFunc(c.Diagnostics, func(d TypecheckDiag) bool { return d.File == "acme/syncs/deals.ts" && d.Line == 2 && d.Column == 5 }) {
		t.Errorf("no error at acme/syncs/deals.ts:2:5: %v", c.Diagnostics)
	}
	if _, err := os.Stat(filepath.Join(dir, "dist", "deals-acme.js")); !os.IsNotExist(err) {
		t.Error("a failed script was bundled")
	}
	if _, err := os.Stat(filepath.Join(dir, "dist", "contacts-acme.js")); err != nil {
		t.Error("the other scripts were not bundled")
	}
}

// TypecheckDiag is the diagnostic type of reports (an alias to keep the predicates short).
type TypecheckDiag = scriptcheck.Diagnostic
