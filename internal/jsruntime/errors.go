package jsruntime

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
)

// ErrorKind tells apart the ways a script run can fail, so commands can pick exit codes and
// hints.
type ErrorKind string

const (
	// KindError: the script threw, rejected, or left a rejection unhandled.
	KindError ErrorKind = "error"
	// KindTimeout: the script ran past Options.Timeout or the context deadline.
	KindTimeout ErrorKind = "timeout"
	// KindCancelled: the context was cancelled (Ctrl-C).
	KindCancelled ErrorKind = "cancelled"
	// KindNeverResolved: the script's promise is pending and nothing can settle it any more.
	KindNeverResolved ErrorKind = "never-resolved"
	// KindMemory: the heap passed Options.MemoryLimit (Cause is a *MemoryLimitError).
	KindMemory ErrorKind = "memory"
)

// Frame is one stack frame, already mapped through the bundle's inline source map: File is
// the .ts source (absolute when the bundle was compiled under an absolute name).
type Frame struct {
	Function string `json:"function,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Native   bool   `json:"native,omitempty"`
}

// String formats the frame the way Node prints it (without the "at ").
func (f Frame) String() string { return f.format("") }

func (f Frame) format(root string) string {
	if f.Native {
		if f.Function != "" {
			return f.Function + " (native)"
		}
		return "native"
	}
	file := f.File
	if root != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
	}
	loc := file
	if f.Line > 0 {
		loc += ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column)
	}
	if f.Function != "" && f.Function != "<anonymous>" {
		return f.Function + " (" + loc + ")"
	}
	return loc
}

// ScriptError is a failed script run: an uncaught exception or rejection, a timeout, a
// cancellation, or a promise that never resolved.
type ScriptError struct {
	Kind ErrorKind
	// Name is the error's class name ("Error", "TypeError", "AxiosError"...); empty when the
	// script threw something that is not an Error.
	Name    string
	Message string
	Frames  []Frame
	// Value is what the script threw or rejected with; host code can inspect it (an
	// ActionError's payload, an HTTP error's response) while the runtime is alive. Nil for
	// timeouts and never-resolved runs.
	Value goja.Value
	// Unhandled is set when the failure is a rejected promise nobody awaited, rather than the
	// script's own result.
	Unhandled bool
	// Timeout is the limit that was exceeded (KindTimeout).
	Timeout time.Duration
	// Cause is the Go error behind the failure: the error a host function threw, or the
	// context's cause.
	Cause error
}

// Error returns the header line and the source-mapped stack, Node style.
func (e *ScriptError) Error() string { return e.Format("") }

// Unwrap returns Cause.
func (e *ScriptError) Unwrap() error { return e.Cause }

// Header is the first line: "TypeError: x is not a function".
func (e *ScriptError) Header() string {
	h := e.Message
	if e.Name != "" {
		h = e.Name + ": " + e.Message
		if e.Message == "" {
			h = e.Name
		}
	}
	if e.Unhandled {
		h = "unhandled promise rejection: " + h
	}
	return h
}

// Format is Error with frame paths made relative to root (the project directory) when they
// are inside it; native frames are left out.
func (e *ScriptError) Format(root string) string {
	var b strings.Builder
	b.WriteString(e.Header())
	b.WriteString(e.StackTrace(root))
	return b.String()
}

// Past this many frames a trace shows its innermost stackHead frames, one line saying how many
// were left out, and its outermost stackTail frames (the script's entry point): runaway
// recursion reaches Options.MaxCallStackSize (5,000) frames, and printing them all buries the
// message (issue 13, item 10). Node prints 10 frames (Error.stackTraceLimit).
const (
	stackHead = 10
	stackTail = 5
)

// StackTrace returns the frames, one "\n    at ..." line each (empty when there are none),
// capped as described at stackHead.
func (e *ScriptError) StackTrace(root string) string {
	frames := make([]Frame, 0, len(e.Frames))
	for _, f := range e.Frames {
		if !f.Native {
			frames = append(frames, f)
		}
	}
	var b strings.Builder
	for i, f := range frames {
		if len(frames) > stackHead+stackTail+1 && i >= stackHead && i < len(frames)-stackTail {
			if i == stackHead {
				fmt.Fprintf(&b, "\n    ... %d more frames", len(frames)-stackHead-stackTail)
			}
			continue
		}
		b.WriteString("\n    at ")
		b.WriteString(f.format(root))
	}
	return b.String()
}

// asScriptError converts whatever a run produced into a *ScriptError.
func (r *Runtime) asScriptError(err error, kind ErrorKind) *ScriptError {
	var se *ScriptError
	if errors.As(err, &se) {
		return se
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return r.scriptError(ex, kind)
	}
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		// No Cause: Cause is for a host error with its own message, and goja's for this one is
		// a stack line (commands print a Cause's text instead of the header).
		se := &ScriptError{Kind: KindError, Name: "RangeError", Message: "Maximum call stack size exceeded", Frames: gojaFrames(so.Stack())}
		r.fixColumns(se.Frames)
		return se
	}
	var rj *rejection
	if errors.As(err, &rj) {
		return r.valueError(rj.v, nil, kind)
	}
	return &ScriptError{Kind: kind, Name: "Error", Message: err.Error(), Cause: err}
}

func (r *Runtime) scriptError(ex *goja.Exception, kind ErrorKind) *ScriptError {
	return r.valueError(ex.Value(), ex.Stack(), kind)
}

// runError classifies an error that ended the loop, telling timeouts and cancellations apart
// from script failures.
func (r *Runtime) runError(ctx context.Context, err error, timeout time.Duration) *ScriptError {
	var intr *goja.InterruptedError
	isIntr := errors.As(err, &intr)
	if ctx.Err() == nil && !isIntr {
		return r.asScriptError(err, KindError)
	}
	cause := context.Cause(ctx)
	if cause == nil && isIntr {
		cause = intr.Unwrap()
	}
	se := &ScriptError{Kind: KindCancelled, Name: "Error", Cause: cause}
	if isIntr {
		se.Frames = gojaFrames(intr.Stack())
		r.fixColumns(se.Frames)
	}
	var ml *MemoryLimitError
	if errors.As(cause, &ml) {
		se.Kind = KindMemory
		se.Name = "RangeError"
		se.Message = ml.Error() + " and was stopped; " + r.opts.MemoryHint
		return se
	}
	var tc *timeoutCause
	if errors.As(cause, &tc) || errors.Is(cause, context.DeadlineExceeded) {
		se.Kind = KindTimeout
		se.Timeout = timeout
		limit := "its deadline"
		if timeout > 0 {
			limit = timeout.String()
		}
		where := "awaiting something that did not settle in time"
		if isIntr {
			where = "still running (a long or endless loop?)"
		}
		se.Message = fmt.Sprintf("the script did not finish within %s and was stopped while %s; %s", limit, where, r.opts.TimeoutHint)
		return se
	}
	se.Message = "the script was cancelled"
	return se
}

// valueError builds a ScriptError from a thrown or rejected JS value. frames are the throw
// site's frames, used when the value carries no stack of its own.
func (r *Runtime) valueError(v goja.Value, frames []goja.StackFrame, kind ErrorKind) *ScriptError {
	se := &ScriptError{Kind: kind, Value: v}
	obj, isObj := v.(*goja.Object)
	if isObj && isErrorLike(obj) {
		se.Name = valueString(obj.Get("name"))
		se.Message = valueString(obj.Get("message"))
		if stack := valueString(obj.Get("stack")); stack != "" {
			se.Frames = parseStack(stack)
		}
		if gv := obj.Get("value"); gv != nil && se.Name == "GoError" {
			if err, ok := gv.Export().(error); ok {
				se.Cause = err
				se.Name = "Error"
			}
		}
	} else {
		se.Message = r.Inspect(v)
		if isObj {
			if m := valueString(obj.Get("message")); m != "" {
				se.Message = m
				se.Name = valueString(obj.Get("name"))
			}
		}
	}
	if len(se.Frames) == 0 && len(frames) > 0 {
		se.Frames = gojaFrames(frames)
	}
	r.fixColumns(se.Frames)
	return se
}

// fixColumns makes every column 1-based, as Node prints them: goja reports positions in
// generated code 1-based but passes source-mapped columns through 0-based. A frame is mapped
// when its file is not one of the programs this runtime compiled itself.
func (r *Runtime) fixColumns(frames []Frame) {
	for i := range frames {
		f := &frames[i]
		if f.Native || f.Line == 0 || r.programNames[f.File] {
			continue
		}
		f.Column++
	}
}

func isErrorLike(o *goja.Object) bool {
	if o.ClassName() == "Error" {
		return true
	}
	isString := func(v goja.Value) bool {
		if v == nil {
			return false
		}
		_, ok := v.Export().(string)
		return ok
	}
	return isString(o.Get("stack")) && isString(o.Get("message"))
}

func valueString(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	return v.String()
}

func gojaFrames(st []goja.StackFrame) []Frame {
	out := make([]Frame, 0, len(st))
	for i := range st {
		f := &st[i]
		if f.SrcName() == "<native>" {
			out = append(out, Frame{Function: nativeName(f.FuncName()), Native: true})
			continue
		}
		p := f.Position()
		out = append(out, Frame{Function: f.FuncName(), File: cleanFile(p.Filename), Line: p.Line, Column: p.Column})
	}
	return out
}

func nativeName(n string) string {
	if n == "<native>" {
		return ""
	}
	return n
}

// parseStack reads goja's Error.stack text: a header, then one "\tat fn (file:line:col(pc))"
// line per frame.
func parseStack(stack string) []Frame {
	var frames []Frame
	for _, line := range strings.Split(stack, "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "at ") {
			continue
		}
		t = strings.TrimPrefix(t, "at ")
		var fn, loc string
		if strings.HasSuffix(t, ")") {
			if i := strings.Index(t, " ("); i >= 0 {
				fn, loc = t[:i], t[i+2:len(t)-1]
			}
		}
		if loc == "" && fn == "" {
			loc = t
		}
		if loc == "native" {
			frames = append(frames, Frame{Function: fn, Native: true})
			continue
		}
		// Drop goja's "(pc)" suffix, then split "file:line:col".
		if i := strings.LastIndex(loc, "("); i > 0 && strings.HasSuffix(loc, ")") {
			loc = loc[:i]
		}
		f := Frame{Function: fn, File: loc}
		if i := strings.LastIndex(loc, ":"); i > 0 {
			if col, err := strconv.Atoi(loc[i+1:]); err == nil {
				if j := strings.LastIndex(loc[:i], ":"); j > 0 {
					if ln, err := strconv.Atoi(loc[j+1 : i]); err == nil {
						f.File, f.Line, f.Column = loc[:j], ln, col
					}
				}
			}
		}
		f.File = cleanFile(f.File)
		frames = append(frames, f)
	}
	return frames
}

// cleanFile undoes the URL escaping goja applies to source-mapped names.
func cleanFile(name string) string {
	name = strings.TrimPrefix(name, "file://")
	if strings.Contains(name, "%") {
		if u, err := url.PathUnescape(name); err == nil {
			return u
		}
	}
	return name
}

// Compile parses a CommonJS bundle (esbuild output with its inline source map) once; the result
// can be loaded into any number of runtimes. name should be the bundle's absolute path: frames
// in error traces resolve the map's source paths against it. Both plain CommonJS output and the
// Banner/Footer form `(function(module, exports, require) { ... })` are accepted. Only inline
// (data:) source maps are read; a sourceMappingURL pointing at a file is ignored.
func Compile(name, code string) (*Program, error) {
	banner := strings.HasPrefix(strings.TrimLeft(code, " \t\r\n"), "(function(module, exports, require)")
	src := code
	if !banner {
		// Same line as the first line of code, so line numbers (and the source map) still match.
		src = "(function(exports, require, module, __filename, __dirname){" + code + "\n})"
	}
	ast, err := goja.Parse(name, src, parser.WithSourceMapLoader(func(string) ([]byte, error) { return nil, nil }))
	if err != nil {
		return nil, fmt.Errorf("%s cannot run in the embedded runtime: %w", name, err)
	}
	prg, err := goja.CompileAST(ast, false)
	if err != nil {
		return nil, fmt.Errorf("%s cannot run in the embedded runtime: %w", name, err)
	}
	return &Program{name: name, prg: prg, banner: banner}, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
