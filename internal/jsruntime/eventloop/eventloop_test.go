package eventloop

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestRunEndsWhenNothingIsPending(t *testing.T) {
	l := New()
	ran := false
	if err := l.Run(context.Background(), func() error { ran = true; return nil }, nil); err != nil || !ran {
		t.Fatalf("ran=%v err=%v", ran, err)
	}
}

func TestCallbacksFromGoroutinesRunOnTheLoop(t *testing.T) {
	l := New()
	total := 0 // only touched on the loop goroutine; -race would flag anything else
	const n = 50
	err := l.Run(context.Background(), func() error {
		for i := 0; i < n; i++ {
			enqueue := l.RegisterCallback()
			go func(i int) {
				time.Sleep(time.Duration(i%5) * time.Millisecond)
				enqueue(func() error { total += i; return nil })
				enqueue(func() error { total += 1000000; return nil }) // ignored
			}(i)
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := n * (n - 1) / 2; total != want {
		t.Errorf("total %d, want %d", total, want)
	}
	if l.Reserved() != 0 {
		t.Errorf("reserved %d", l.Reserved())
	}
}

func TestCallbackErrorStopsTheLoopAndKeepsTheRest(t *testing.T) {
	l := New()
	boom := errors.New("boom")
	var ran []string
	err := l.Run(context.Background(), func() error {
		l.Enqueue(func() error { ran = append(ran, "a"); return boom })
		l.Enqueue(func() error { ran = append(ran, "b"); return nil })
		return nil
	}, nil)
	if !errors.Is(err, boom) || len(ran) != 1 {
		t.Fatalf("err=%v ran=%v", err, ran)
	}
	// The callback that did not run is still queued for a later Run.
	if err := l.Run(context.Background(), nil, nil); err != nil || len(ran) != 2 || ran[1] != "b" {
		t.Fatalf("second run: err=%v ran=%v", err, ran)
	}
}

func TestTimersRunInDeadlineThenCreationOrder(t *testing.T) {
	l := New()
	var order []int
	add := func(ms, id int) {
		l.SetTimer(time.Duration(ms)*time.Millisecond, false, func() error { order = append(order, id); return nil })
	}
	err := l.Run(context.Background(), func() error {
		add(20, 1)
		add(5, 2)
		add(5, 3)
		add(0, 4)
		cancelled := l.SetTimer(time.Millisecond, false, func() error { order = append(order, 99); return nil })
		l.ClearTimer(cancelled)
		l.ClearTimer(12345) // unknown ids are ignored
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{4, 2, 3, 1}
	if len(order) != len(want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
}

func TestIntervalRepeatsUntilCleared(t *testing.T) {
	l := New()
	ticks := 0
	var id int
	err := l.Run(context.Background(), func() error {
		id = l.SetTimer(2*time.Millisecond, true, func() error {
			ticks++
			if ticks == 4 {
				l.ClearTimer(id)
			}
			return nil
		})
		return nil
	}, nil)
	if err != nil || ticks != 4 || l.TimerCount() != 0 {
		t.Fatalf("ticks=%d timers=%d err=%v", ticks, l.TimerCount(), err)
	}
}

func TestStopCondition(t *testing.T) {
	l := New()
	done := false
	err := l.Run(context.Background(), func() error {
		l.SetTimer(time.Millisecond, false, func() error { done = true; return nil })
		l.SetTimer(time.Hour, false, func() error { return errors.New("must not run") })
		return nil
	}, func() bool { return done })
	if err != nil || !done {
		t.Fatalf("done=%v err=%v", done, err)
	}
	if l.TimerCount() != 1 {
		t.Errorf("the hour timer should still be scheduled, have %d", l.TimerCount())
	}
	l.ClearTimers()
	if l.TimerCount() != 0 {
		t.Error("ClearTimers left timers")
	}
}

func TestContextEndsAWaitingLoop(t *testing.T) {
	l := New()
	cause := errors.New("deadline for test")
	ctx, cancel := context.WithCancelCause(context.Background())
	time.AfterFunc(20*time.Millisecond, func() { cancel(cause) })
	var enqueue func(func() error)
	err := l.Run(ctx, func() error { enqueue = l.RegisterCallback(); return nil }, nil)
	if !errors.Is(err, cause) {
		t.Fatalf("err=%v", err)
	}
	// A late delivery after Run returned does not block or panic.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); enqueue(func() error { return nil }) }()
	wg.Wait()
}
