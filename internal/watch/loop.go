package watch

import (
	"context"
	"path/filepath"
	"time"

	"github.com/nango-go/nango/internal/scriptcheck"
	"github.com/nango-go/nango/internal/typecheck"
)

// Options configure Run and Once.
type Options struct {
	// Dir is the absolute project folder.
	Dir string
	// Typecheck is the compiler run after each cycle that built something (nil: none).
	Typecheck *typecheck.Tool
	// Debounce is the quiet time that ends a burst of events (default DefaultDebounce).
	Debounce time.Duration
	Clock    Clock
	// Logf receives debug messages of the watcher; nil: none.
	Logf func(format string, args ...any)
	// OnCycle is called after each cycle, OnTypecheck after each type check that was not
	// superseded by a newer cycle. Both are called from Run's goroutine, one at a time.
	OnCycle     func(*Cycle)
	OnTypecheck func(*TypecheckReport)
}

// TypecheckReport is the outcome of a background type check.
type TypecheckReport struct {
	// Seq is the cycle whose sources were checked.
	Seq int
	// Tool is the compiler's path.
	Tool        string
	Diagnostics []scriptcheck.Diagnostic
	// Err is set when the compiler could not run.
	Err      error
	Duration time.Duration
}

// OK reports whether the check found no error.
func (r *TypecheckReport) OK() bool { return r.Err == nil && !scriptcheck.HasErrors(r.Diagnostics) }

func (o *Options) defaults() {
	if o.Clock == nil {
		o.Clock = RealClock
	}
	if o.OnCycle == nil {
		o.OnCycle = func(*Cycle) {}
	}
	if o.OnTypecheck == nil {
		o.OnTypecheck = func(*TypecheckReport) {}
	}
	o.Dir = filepath.Clean(o.Dir)
}

// Once runs one full cycle and, when a compiler is given, the type check (in the
// foreground). The report is nil without a compiler or when nothing was built.
func Once(ctx context.Context, opts Options) (*Cycle, *TypecheckReport) {
	opts.defaults()
	eng := NewEngine(opts.Dir, opts.Clock)
	c := eng.Full(ctx)
	opts.OnCycle(c)
	if opts.Typecheck == nil || len(c.Built) == 0 {
		return c, nil
	}
	r := runTypecheck(ctx, opts, c.Seq, eng.Entries())
	opts.OnTypecheck(r)
	return c, r
}

// Run watches the project until ctx is cancelled: a full cycle first, then one cycle per
// batch of changes, each followed by a type check in the background (a newer cycle cancels
// a check still running). It returns nil when ctx is cancelled, after the running cycle
// finished and the compiler process (if any) exited; an error only when watching could
// not start.
func Run(ctx context.Context, opts Options) error {
	opts.defaults()
	// Watch before the first build, so that a save during it is not missed.
	w, err := NewWatcher(opts.Dir, WatcherOptions{Debounce: opts.Debounce, Clock: opts.Clock, Logf: opts.Logf})
	if err != nil {
		return err
	}
	defer w.Close()
	eng := NewEngine(opts.Dir, opts.Clock)
	tc := &background{opts: opts, results: make(chan *TypecheckReport)}
	defer tc.stop()

	cycle := func(c *Cycle) {
		if c == nil {
			return
		}
		// A stop that arrives during a cycle still gets that cycle reported: its files were
		// written or removed, and the person watching must see it (testdata/script/dev_watch.txtar).
		opts.OnCycle(c)
		if ctx.Err() == nil && opts.Typecheck != nil && (len(c.Built) > 0 || len(c.Generated) > 0) {
			tc.start(ctx, c.Seq, eng.Entries())
		}
	}
	cycle(eng.Full(ctx))
	for {
		select {
		case <-ctx.Done():
			return nil
		case b := <-w.Batches():
			cycle(eng.Apply(ctx, b))
		case r := <-tc.results:
			opts.OnTypecheck(r)
		}
	}
}

// background runs at most one type check at a time.
type background struct {
	opts    Options
	results chan *TypecheckReport
	cancel  context.CancelFunc
	done    chan struct{}
}

// start cancels the running check (waiting for its process to exit) and starts another.
func (b *background) start(ctx context.Context, seq int, files []string) {
	b.stop()
	if len(files) == 0 {
		return
	}
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	b.cancel, b.done = cancel, done
	go func() {
		defer close(done)
		r := runTypecheck(cctx, b.opts, seq, files)
		if cctx.Err() != nil {
			return // superseded or stopped: its findings are about older sources
		}
		select {
		case b.results <- r:
		case <-cctx.Done():
		}
	}()
}

func (b *background) stop() {
	if b.cancel == nil {
		return
	}
	b.cancel()
	<-b.done
	b.cancel, b.done = nil, nil
}

func runTypecheck(ctx context.Context, opts Options, seq int, files []string) *TypecheckReport {
	start := opts.Clock.Now()
	res, err := typecheck.Run(ctx, opts.Typecheck, opts.Dir, files)
	r := &TypecheckReport{Seq: seq, Tool: opts.Typecheck.Path, Err: err}
	if res != nil {
		r.Diagnostics = scriptcheck.Dedupe(res.Diagnostics)
	}
	r.Duration = opts.Clock.Now().Sub(start)
	return r
}
