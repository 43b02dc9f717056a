package jsruntime

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
)

// testdataDir is testdata/jsruntime as an absolute path.
func testdataDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "jsruntime"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// bundleOptions are the settings goja-esbuild.md §2.2 recommends (and internal/bundle uses):
// CommonJS, everything goja runs natively left alone, async iteration/using/decorators lowered,
// inline source map, allowed modules external.
func bundleOptions(root, entry string, banner bool) api.BuildOptions {
	name := strings.TrimSuffix(filepath.Base(entry), filepath.Ext(entry))
	opts := api.BuildOptions{
		EntryPoints:    []string{filepath.Join(root, entry)},
		AbsWorkingDir:  root,
		Outfile:        filepath.Join(root, "build", "test_actions_"+name+".cjs"),
		Bundle:         true,
		Write:          false,
		Format:         api.FormatCommonJS,
		Platform:       api.PlatformNode,
		External:       []string{"zod", "crypto", "url", "node:*", "nango"},
		Target:         api.ESNext,
		Supported:      map[string]bool{"async-generator": false, "for-await": false, "using": false, "decorators": false},
		Sourcemap:      api.SourceMapInline,
		SourcesContent: api.SourcesContentInclude,
		LegalComments:  api.LegalCommentsNone,
		Charset:        api.CharsetUTF8,
		LogLevel:       api.LogLevelSilent,
	}
	if banner {
		opts.Banner = map[string]string{"js": "(function(module, exports, require) {"}
		opts.Footer = map[string]string{"js": "})"}
	}
	return opts
}

var bundleCache sync.Map

// buildBundle bundles testdata/jsruntime/<entry> with esbuild's Go API and compiles it.
func buildBundle(t testing.TB, entry string, banner bool) *Program {
	t.Helper()
	key := entry + map[bool]string{true: "#banner", false: ""}[banner]
	if p, ok := bundleCache.Load(key); ok {
		return p.(*Program)
	}
	root := testdataDir(t)
	opts := bundleOptions(root, entry, banner)
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		t.Fatalf("esbuild %s:\n%s", entry, strings.Join(msgs, "\n"))
	}
	prg, err := Compile(opts.Outfile, string(res.OutputFiles[0].Contents))
	if err != nil {
		t.Fatal(err)
	}
	bundleCache.Store(key, prg)
	return prg
}

// logRecorder collects console output.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (l *logRecorder) Log(level LogLevel, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(level)+": "+msg)
}

func (l *logRecorder) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

func newRuntime(t testing.TB, opts Options) (*Runtime, *logRecorder) {
	t.Helper()
	logs := &logRecorder{}
	if opts.Logger == nil {
		opts.Logger = logs
	}
	rt, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return rt, logs
}

// runJS loads a CommonJS module source and calls its default export with args.
func runJS(t testing.TB, rt *Runtime, src string, args ...any) (goja.Value, error) {
	t.Helper()
	prg, err := Compile("/virtual/build/test.cjs", src)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := rt.Load(context.Background(), prg)
	if err != nil {
		return nil, err
	}
	return rt.Call(context.Background(), mod, "default", args...)
}

// evalJSON runs `exports.default = async () => (<expr>)` and returns its JSON.
func evalJSON(t testing.TB, rt *Runtime, expr string) string {
	t.Helper()
	v, err := runJS(t, rt, "exports.default = async () => ("+expr+");")
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	b, err := rt.ToJSON(v)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return string(b)
}

// nodeModules returns $NANGO_TEST_NODE_MODULES or skips.
func nodeModules(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("NANGO_TEST_NODE_MODULES")
	if dir == "" {
		t.Skip("NANGO_TEST_NODE_MODULES is not set (make test installs zod there)")
	}
	if _, err := os.Stat(filepath.Join(dir, "zod", "package.json")); err != nil {
		t.Skipf("zod is not installed in NANGO_TEST_NODE_MODULES=%s", dir)
	}
	return dir
}
