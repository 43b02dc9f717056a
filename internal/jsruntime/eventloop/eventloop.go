// Package eventloop is the single-goroutine event loop that drives one JavaScript VM.
//
// The VM is not goroutine-safe, so exactly one goroutine (the one inside Run) touches it. Other
// goroutines hand results back by enqueuing callbacks. The contract follows the pattern k6
// documented for its loop (our own code):
//
//   - RegisterCallback is called on the loop goroutine, before starting asynchronous work. It
//     reserves a slot that keeps the loop alive.
//   - The returned enqueue function may be called from any goroutine, exactly once (later calls
//     are ignored). It queues a callback that runs on the loop goroutine and releases the slot.
//
// Run returns when the caller's stop condition holds, when a callback fails, when the context
// ends, or when nothing is left that could produce more work (no queued callbacks, no timers, no
// reservations). The last case is how a promise that can never settle is detected, instead of
// hanging: the caller checks its promise after Run returns.
//
// Timers live in the loop (not one time.AfterFunc per timer) so that timers due at the same time
// run in the order they were created, as in Node.
package eventloop

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// Loop runs callbacks and timers on the goroutine that calls Run.
type Loop struct {
	mu       sync.Mutex
	queue    []func() error
	reserved int
	wake     chan struct{}

	// Only touched on the loop goroutine.
	timers  timerHeap
	byID    map[int]*timer
	nextID  int
	nextSeq uint64
	now     func() time.Time
}

// New returns an idle loop.
func New() *Loop {
	return &Loop{
		wake: make(chan struct{}, 1),
		byID: map[int]*timer{},
		now:  time.Now,
	}
}

// RegisterCallback reserves a slot that keeps the loop running until the returned enqueue
// function is called. Call it only on the loop goroutine (from inside a callback, or before
// Run). The enqueue function is safe to call from any goroutine; only its first call counts.
// Enqueueing after Run has returned is harmless: the callback is kept for a later Run.
func (l *Loop) RegisterCallback() (enqueue func(func() error)) {
	l.mu.Lock()
	l.reserved++
	l.mu.Unlock()
	var once sync.Once
	return func(fn func() error) {
		once.Do(func() {
			l.mu.Lock()
			l.queue = append(l.queue, fn)
			l.reserved--
			l.mu.Unlock()
			l.signal()
		})
	}
}

// Enqueue queues fn to run on the loop goroutine as soon as possible (setImmediate). Call it
// only on the loop goroutine; other goroutines must use RegisterCallback's enqueue.
func (l *Loop) Enqueue(fn func() error) {
	l.mu.Lock()
	l.queue = append(l.queue, fn)
	l.mu.Unlock()
}

func (l *Loop) signal() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Reserved reports how many reservations have not been delivered yet.
func (l *Loop) Reserved() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reserved
}

// TimerCount reports how many timers are scheduled.
func (l *Loop) TimerCount() int { return len(l.byID) }

type timer struct {
	id       int
	seq      uint64
	when     time.Time
	interval time.Duration // > 0 for an interval
	fn       func() error
	index    int
}

type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when.Equal(h[j].when) {
		return h[i].seq < h[j].seq
	}
	return h[i].when.Before(h[j].when)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) { t := x.(*timer); t.index = len(*h); *h = append(*h, t) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// SetTimer schedules fn after delay (once, or every interval when repeat is true) and returns
// its id, always > 0. Call it only on the loop goroutine.
func (l *Loop) SetTimer(delay time.Duration, repeat bool, fn func() error) int {
	if delay < 0 {
		delay = 0
	}
	l.nextID++
	l.nextSeq++
	t := &timer{id: l.nextID, seq: l.nextSeq, when: l.now().Add(delay), fn: fn}
	if repeat {
		// An interval of 0 would starve everything else; Node clamps to 1 ms as well.
		t.interval = max(delay, time.Millisecond)
	}
	heap.Push(&l.timers, t)
	l.byID[t.id] = t
	return t.id
}

// ClearTimer cancels a timer; unknown or already-run ids are ignored. Loop goroutine only.
func (l *Loop) ClearTimer(id int) {
	t, ok := l.byID[id]
	if !ok {
		return
	}
	delete(l.byID, id)
	if t.index >= 0 {
		heap.Remove(&l.timers, t.index)
	}
}

// ClearTimers cancels every timer (used when a run is over).
func (l *Loop) ClearTimers() {
	l.timers = nil
	clear(l.byID)
}

// Run runs first (when not nil) and then queued callbacks and due timers until one of:
//   - stop (when not nil) returns true after a callback: Run returns nil;
//   - a callback returns an error: Run returns it;
//   - ctx ends while the loop waits: Run returns context.Cause(ctx);
//   - nothing is queued, no timer is scheduled and no reservation is outstanding: Run returns nil.
//
// Timers and reservations left when Run returns stay in place; call ClearTimers to drop them.
func (l *Loop) Run(ctx context.Context, first func() error, stop func() bool) error {
	if first != nil {
		if err := first(); err != nil {
			return err
		}
		if stop != nil && stop() {
			return nil
		}
	}
	var wait *time.Timer
	defer func() {
		if wait != nil {
			wait.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		l.mu.Lock()
		batch := l.queue
		l.queue = nil
		l.mu.Unlock()
		for i, fn := range batch {
			if err := fn(); err != nil {
				l.requeue(batch[i+1:])
				return err
			}
			if stop != nil && stop() {
				l.requeue(batch[i+1:])
				return nil
			}
		}
		ran, err := l.runDueTimers(stop)
		if err != nil {
			return err
		}
		if ran && stop != nil && stop() {
			return nil
		}
		if len(batch) > 0 || ran {
			continue
		}

		l.mu.Lock()
		idle := len(l.queue) == 0
		reserved := l.reserved
		l.mu.Unlock()
		if !idle {
			continue
		}
		if reserved == 0 && len(l.timers) == 0 {
			return nil
		}
		var timerC <-chan time.Time
		if len(l.timers) > 0 {
			d := l.timers[0].when.Sub(l.now())
			if d <= 0 {
				continue
			}
			if wait == nil {
				wait = time.NewTimer(d)
			} else {
				wait.Reset(d)
			}
			timerC = wait.C
		}
		select {
		case <-l.wake:
		case <-timerC:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// requeue puts callbacks that were not run back at the front of the queue.
func (l *Loop) requeue(rest []func() error) {
	if len(rest) == 0 {
		return
	}
	l.mu.Lock()
	l.queue = append(append([]func() error{}, rest...), l.queue...)
	l.mu.Unlock()
}

// runDueTimers runs the timers whose time has come, in (deadline, creation) order. Timers that
// a callback schedules with a zero delay wait for the next turn, so an interval cannot starve
// the queue.
func (l *Loop) runDueTimers(stop func() bool) (bool, error) {
	now := l.now()
	ran := false
	var rearm []*timer
	defer func() {
		for _, t := range rearm {
			if _, live := l.byID[t.id]; live {
				heap.Push(&l.timers, t)
			}
		}
	}()
	for len(l.timers) > 0 && !l.timers[0].when.After(now) {
		t := heap.Pop(&l.timers).(*timer)
		if t.interval > 0 {
			t.when = now.Add(t.interval)
			l.nextSeq++
			t.seq = l.nextSeq
			rearm = append(rearm, t)
		} else {
			delete(l.byID, t.id)
		}
		ran = true
		if err := t.fn(); err != nil {
			return ran, err
		}
		if stop != nil && stop() {
			return ran, nil
		}
	}
	return ran, nil
}
