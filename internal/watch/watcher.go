// Package watch is the engine of `nango dev`: a recursive file watcher that turns editors'
// bursts of events into one batch of changed paths, and a rebuild engine that keeps
// models.ts, .nango/* and every bundle in dist/ in step with nango.yaml and the scripts,
// rebuilding only the bundles a change can affect (esbuild's metafile gives each bundle's
// inputs).
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Clock is the time source of the debouncer and of cycle timings (a fake one in tests).
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// RealClock is the wall clock.
var RealClock Clock = realClock{}

// Op is what happened to a path during a batch (several may be set).
type Op uint8

const (
	// Created: the path appeared (a new file, the target of a rename, an atomic save).
	Created Op = 1 << iota
	// Written: the file's content changed in place.
	Written
	// Removed: the path was deleted or renamed away.
	Removed
)

// Batch is the set of paths that changed during one burst of events.
type Batch struct {
	// Changes maps absolute file paths to what happened to them.
	Changes map[string]Op
	// Overflow: the kernel dropped events (its queue was full); the project must be
	// rescanned as a whole.
	Overflow bool
}

// DefaultDebounce is how long the watcher waits after the last event of a burst before it
// hands the batch over. Editors' atomic saves (create temp, write, rename, chmod) and
// `git checkout` produce their events within a few milliseconds; 25 ms keeps a save-to-
// bundle time well under 50 ms while still seeing such a burst as one change.
const DefaultDebounce = 25 * time.Millisecond

// DefaultMaxWait bounds how long a continuous stream of events can delay a batch.
const DefaultMaxWait = 500 * time.Millisecond

// WatcherOptions configure NewWatcher.
type WatcherOptions struct {
	// Debounce is the quiet time that ends a burst (default DefaultDebounce).
	Debounce time.Duration
	// MaxWait is the longest a batch waits under a continuous stream (default
	// DefaultMaxWait).
	MaxWait time.Duration
	Clock   Clock
	// Logf receives debug messages (watch errors, folders added); nil: none.
	Logf func(format string, args ...any)
}

// Ignored reports whether a folder (relative to the project, slash-separated) is not
// watched: the bundles (dist/ at the root), packages (node_modules anywhere), generated
// files (.nango/) and every dot-folder (.git, .vscode, .idea, ...).
func Ignored(rel string) bool {
	if rel == "." || rel == "" {
		return false
	}
	if rel == "dist" {
		return true
	}
	for _, part := range strings.Split(rel, "/") {
		if part == "node_modules" || strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// Watcher watches a project folder and its sub-folders (those created later too) and
// delivers debounced batches of file changes.
type Watcher struct {
	root    string
	fsw     *fsnotify.Watcher
	opts    WatcherOptions
	batches chan Batch
	raw     chan rawEvent
	stop    chan struct{}
	done    sync.WaitGroup

	mu      sync.Mutex
	watched map[string]bool
}

// rawEvent is one event after folder handling: a file path and what happened to it, or an
// overflow.
type rawEvent struct {
	path     string
	op       Op
	overflow bool
}

// NewWatcher starts watching root (absolute). Close it to stop.
func NewWatcher(root string, opts WatcherOptions) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = DefaultMaxWait
	}
	if opts.Clock == nil {
		opts.Clock = RealClock
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	// a large buffer: `git checkout` of a big branch or an `npm install` next door can
	// produce thousands of events at once
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root:    filepath.Clean(root),
		fsw:     fsw,
		opts:    opts,
		batches: make(chan Batch),
		raw:     make(chan rawEvent, 256),
		stop:    make(chan struct{}),
		watched: map[string]bool{},
	}
	if err := w.addTree(w.root, nil); err != nil {
		fsw.Close()
		return nil, err
	}
	w.done.Add(2)
	go func() { defer w.done.Done(); w.readEvents() }()
	go func() {
		defer w.done.Done()
		debounce(w.raw, w.batches, w.stop, opts.Clock, opts.Debounce, opts.MaxWait)
	}()
	return w, nil
}

// Batches delivers the batches. A batch is held (and grows) until it is received, so a
// slow consumer gets everything that changed while it was busy, in one batch.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Close stops watching and waits for the watcher's goroutines to end.
func (w *Watcher) Close() error {
	select {
	case <-w.stop:
		return nil
	default:
	}
	close(w.stop)
	err := w.fsw.Close()
	w.done.Wait()
	return err
}

// Watched returns the number of folders being watched.
func (w *Watcher) Watched() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.watched)
}

// addTree watches dir and every folder below it that is not ignored. With found non-nil,
// it reports each file it sees (the files of a folder created while we were not yet
// watching it: they produced no event of their own).
func (w *Watcher) addTree(dir string, found func(path string)) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			return nil // a folder that vanished meanwhile
		}
		if d.IsDir() {
			if w.ignored(path) {
				return filepath.SkipDir
			}
			if err := w.fsw.Add(path); err != nil {
				if path == w.root {
					return err
				}
				w.opts.Logf("watch %s: %v", path, err)
				return filepath.SkipDir
			}
			w.mu.Lock()
			w.watched[path] = true
			w.mu.Unlock()
			return nil
		}
		if found != nil {
			found(path)
		}
		return nil
	})
}

func (w *Watcher) ignored(path string) bool {
	rel, err := filepath.Rel(w.root, path)
	if err != nil {
		return true
	}
	return Ignored(filepath.ToSlash(rel))
}

func (w *Watcher) send(ev rawEvent) {
	select {
	case w.raw <- ev:
	case <-w.stop:
	}
}

// readEvents turns fsnotify events into raw events: folders are added (and scanned) when
// they appear and forgotten when they go; Chmod is ignored (editors and indexers touch
// attributes all the time, the content did not change).
func (w *Watcher) readEvents() {
	for {
		select {
		case <-w.stop:
			return
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.opts.Logf("watch: event queue overflow, rescanning the project")
				w.send(rawEvent{overflow: true})
				continue
			}
			w.opts.Logf("watch: %v", err)
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.handle(ev)
		}
	}
}

func (w *Watcher) handle(ev fsnotify.Event) {
	path := filepath.Clean(ev.Name)
	switch {
	case ev.Has(fsnotify.Create):
		info, err := os.Lstat(path)
		if err == nil && info.IsDir() {
			if w.ignored(path) {
				return
			}
			// Watch it, then scan it: files written right after the mkdir produced no
			// event (the folder was not watched yet).
			w.opts.Logf("watch: new folder %s", path)
			w.addTree(path, func(p string) { w.send(rawEvent{path: p, op: Created}) })
			return
		}
		w.send(rawEvent{path: path, op: Created})
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		if w.forgetTree(path) {
			return // a folder: its files get their own events (or are gone with it)
		}
		w.send(rawEvent{path: path, op: Removed})
	case ev.Has(fsnotify.Write):
		w.send(rawEvent{path: path, op: Written})
	}
}

// forgetTree stops watching a removed or renamed folder and everything under it. It
// reports whether path was a watched folder.
func (w *Watcher) forgetTree(path string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.watched[path] {
		return false
	}
	prefix := path + string(filepath.Separator)
	for p := range w.watched {
		if p == path || strings.HasPrefix(p, prefix) {
			delete(w.watched, p)
			w.fsw.Remove(p) // already gone for a removed folder; needed for a renamed one
		}
	}
	return true
}

// debounce collects raw events into a batch and sends it on out once no event came for
// quiet (or maxWait after the first event of the batch). Until out takes it, the batch
// keeps growing; a new event restarts the quiet time.
func debounce(in <-chan rawEvent, out chan<- Batch, stop <-chan struct{}, clock Clock, quiet, maxWait time.Duration) {
	var (
		pending Batch
		first   time.Time
		timer   <-chan time.Time
		ready   bool
	)
	reset := func() { pending = Batch{Changes: map[string]Op{}} }
	reset()
	for {
		var send chan<- Batch
		if ready {
			send = out
		}
		select {
		case <-stop:
			return
		case ev := <-in:
			if len(pending.Changes) == 0 && !pending.Overflow {
				first = clock.Now()
			}
			if ev.overflow {
				pending.Overflow = true
			} else {
				pending.Changes[ev.path] |= ev.op
			}
			wait := quiet
			if left := maxWait - clock.Now().Sub(first); left < wait {
				wait = max(left, 0)
			}
			if wait == 0 {
				ready, timer = true, nil
			} else {
				ready, timer = false, clock.After(wait)
			}
		case <-timer:
			ready, timer = true, nil
		case send <- pending:
			ready = false
			reset()
		}
	}
}
