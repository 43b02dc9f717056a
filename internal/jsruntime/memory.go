package jsruntime

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// DefaultMemoryLimit is Options.MemoryLimit when it is not set: Node's default heap limit on a
// 64-bit machine with 16 GB or more (scripts that run under Nango's runner fit in it), well
// below what a 2-core/24 GB machine has, so a runaway script stops with a message instead of
// being killed by the kernel's OOM killer (issue 13, item 6).
const DefaultMemoryLimit int64 = 4 << 30

// MemoryLimitError is the cause of a run stopped because the process's Go heap passed the
// limit. goja values live on the Go heap, so the heap is what a script grows.
type MemoryLimitError struct {
	Limit int64
	// Heap is the heap size measured when the run was stopped.
	Heap int64
}

func (e *MemoryLimitError) Error() string {
	return fmt.Sprintf("the script used more memory than the limit of %s (the heap reached %s)", formatBytes(e.Limit), formatBytes(e.Heap))
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// The memory guard is process-wide, as the heap is: while at least one run is registered, it
// samples the heap every memoryPoll and, past a run's limit, confirms with a collection (so
// garbage not yet collected does not count) and cancels each run whose limit is exceeded. The
// cancellation interrupts the VM even inside a tight loop (see Run). In `nango test`, several
// scripts share the process: all of them are stopped, since which one grew the heap is unknown.
const memoryPoll = 5 * time.Millisecond

type memRun struct {
	limit  int64
	cancel context.CancelCauseFunc
}

var memGuard struct {
	sync.Mutex
	runs map[*memRun]bool
	stop chan struct{}
}

// guardMemory registers a run with limit; the returned function unregisters it.
func guardMemory(limit int64, cancel context.CancelCauseFunc) func() {
	m := &memRun{limit: limit, cancel: cancel}
	memGuard.Lock()
	defer memGuard.Unlock()
	if memGuard.runs == nil {
		memGuard.runs = map[*memRun]bool{}
	}
	memGuard.runs[m] = true
	if memGuard.stop == nil {
		memGuard.stop = make(chan struct{})
		go watchMemory(memGuard.stop)
	}
	return func() {
		memGuard.Lock()
		defer memGuard.Unlock()
		delete(memGuard.runs, m)
		if len(memGuard.runs) == 0 && memGuard.stop != nil {
			close(memGuard.stop)
			memGuard.stop = nil
		}
	}
}

func watchMemory(stop chan struct{}) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() int64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(sample[0].Value.Uint64())
	}
	t := time.NewTicker(memoryPoll)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		h := heap()
		memGuard.Lock()
		lowest := int64(-1)
		for m := range memGuard.runs {
			if lowest < 0 || m.limit < lowest {
				lowest = m.limit
			}
		}
		memGuard.Unlock()
		if lowest < 0 || h <= lowest {
			continue
		}
		runtime.GC()
		if h = heap(); h <= lowest {
			continue
		}
		memGuard.Lock()
		for m := range memGuard.runs {
			if h > m.limit {
				m.cancel(&MemoryLimitError{Limit: m.limit, Heap: h})
			}
		}
		memGuard.Unlock()
	}
}
