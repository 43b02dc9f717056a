package vitest

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/paginate"
	"github.com/nango-go/nango/pkg/jsjson"
)

// host builds the object vitest.js and nangomock.js receive: the clock, console capture, and
// the Nango mocks' access to fixtures, the replay engine and the provider catalog.
func (fr *fileRun) host(rt *jsruntime.Runtime) (*goja.Object, error) {
	h := rt.VM().NewObject()
	fr.runnerHost(rt.VM(), h)
	if err := fr.mockHost(rt, h); err != nil {
		return nil, err
	}
	return h, nil
}

// runnerHost is what vitest.js needs: the test file, the clock, console capture, promise
// state.
func (fr *fileRun) runnerHost(vm *goja.Runtime, h *goja.Object) {
	_ = h.Set("testFile", filepath.Base(fr.abs))
	_ = h.Set("realNow", func() float64 { return float64(time.Now().UnixNano()) / 1e6 })
	_ = h.Set("setNow", func(v goja.Value) {
		if v == nil || goja.IsUndefined(v) {
			fr.fixed.Store(false)
			return
		}
		fr.frozen.Store(v.ToInteger())
		fr.fixed.Store(true)
	})
	_ = h.Set("takeConsole", func() []any {
		fr.conMu.Lock()
		defer fr.conMu.Unlock()
		out := make([]any, len(fr.console))
		for i, l := range fr.console {
			out[i] = l
		}
		fr.console = nil
		return out
	})
	// settled is a promise's state and value when it has settled already (an async vi.mock
	// factory that never awaits), for require, which cannot wait.
	_ = h.Set("settled", func(v goja.Value) map[string]any {
		p, ok := v.Export().(*goja.Promise)
		if !ok {
			return map[string]any{"state": "value", "value": v}
		}
		switch p.State() {
		case goja.PromiseStateFulfilled:
			return map[string]any{"state": "fulfilled", "value": p.Result()}
		case goja.PromiseStateRejected:
			return map[string]any{"state": "rejected", "value": p.Result()}
		}
		return map[string]any{"state": "pending"}
	})
}

// mockHost is what nangomock.js needs: fixtures, the replay engine, the provider catalog and
// the pagination helpers.
func (fr *fileRun) mockHost(rt *jsruntime.Runtime, h *goja.Object) error {
	vm := rt.VM()
	throw := jsThrower(vm)
	_ = h.Set("join", func(dir, rel string) string { return filepath.ToSlash(filepath.Join(dir, rel)) })
	_ = h.Set("readMock", func(path string) string {
		b, err := os.ReadFile(path)
		if err == nil {
			_, err = jsjson.Parse(jsjson.TrimBOM(b))
		}
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				err = errors.New("no such file")
			}
			throw(fmt.Errorf("Failed to load mock data from %s: %v", path, err))
		}
		return string(jsjson.TrimBOM(b))
	})
	var repMu sync.Mutex
	replayers := map[string]*mocks.Replayer{}
	_ = h.Set("lookup", func(mocksDir, script, method, endpoint, params, headers, bodyKind, bodyText string, soft bool) string {
		req, err := jsRequest(method, endpoint, params, headers, bodyKind, bodyText)
		if err != nil {
			throw(err)
		}
		repMu.Lock()
		key := mocksDir + "\x00" + script + "\x00" + strconv.FormatBool(soft)
		rp := replayers[key]
		if rp == nil {
			// ExactOnly: the harness looks up exactly the identity's hash, with no fallback
			// to the wire identity (vitest-harness.md §3.1 "Lookup").
			rp = mocks.NewReplayer(mocks.Layout{Root: filepath.FromSlash(mocksDir)}, script)
			rp.ExactOnly = true
			rp.SoftMiss = soft
			replayers[key] = rp
		}
		repMu.Unlock()
		resp, err := rp.Lookup(req)
		if err != nil {
			var mr *mocks.MissingRecordingError
			if errors.As(err, &mr) {
				throw(fmt.Errorf("%s\n  %s", mr.Error(), mr.Hint()))
			}
			throw(err)
		}
		return responseJSON(resp)
	})
	fr.testJSONHost(vm, h)
	return fr.paginateHost(vm, h)
}

// responseJSON is a replayed response as the mocks return it: {data, headers?, status?}.
func responseJSON(resp *mocks.Response) string {
	out := jsjson.Value{Kind: jsjson.Object, Members: []jsjson.Member{{Key: "data", Value: resp.Data}}}
	if resp.HasHeaders {
		out.Members = append(out.Members, jsjson.Member{Key: "headers", Value: resp.Headers})
	}
	if resp.HasStatus {
		out.Members = append(out.Members, jsjson.Member{Key: "status", Value: jsjson.Value{Kind: jsjson.Number, Num: float64(resp.Status)}})
	}
	return string(jsjson.MustStringify(out))
}

// jsRequest builds a mocks.Request from what the mocks pass: entries as JSON text
// (JSON.stringify(Object.entries(x))) and the body as bodyOf's kind and text.
func jsRequest(method, endpoint, params, headers, bodyKind, bodyText string) (mocks.Request, error) {
	req := mocks.Request{Method: method, Endpoint: endpoint}
	var err error
	if req.Params, err = pairs(params); err != nil {
		return req, fmt.Errorf("params: %w", err)
	}
	if req.Headers, err = pairs(headers); err != nil {
		return req, fmt.Errorf("headers: %w", err)
	}
	switch bodyKind {
	case "string":
		req.Body = mocks.StringBody(bodyText)
	case "base64":
		raw, _ := base64.StdEncoding.DecodeString(bodyText)
		req.Body = mocks.BinaryBody(raw)
	case "json":
		req.Body = mocks.JSONBody(bodyText)
	}
	return req, nil
}

// testJSONHost is nango/test's part (nangotest.js): finding a test's .test.json and
// answering requests from it through mocks.TestFile.
func (fr *fileRun) testJSONHost(vm *goja.Runtime, h *goja.Object) {
	throw := jsThrower(vm)
	// The fixture is <dirname>/<test file stem>.test.json when dirname is the test file's own
	// folder (what nango/test reads from the stack), else <dirname>/<name>.test.json.
	_ = h.Set("findTestJSON", func(dirname, name string) string {
		var cands []string
		if filepath.Clean(dirname) == filepath.Dir(fr.abs) {
			stem := filepath.Base(fr.abs)
			if i := strings.Index(stem, ".test."); i >= 0 {
				cands = append(cands, filepath.Join(dirname, stem[:i]+".test.json"))
			}
		}
		cands = append(cands, filepath.Join(dirname, name+".test.json"))
		for _, c := range cands {
			if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
				return filepath.ToSlash(c)
			}
		}
		return ""
	})
	var mu sync.Mutex
	files := map[string]*mocks.TestFile{}
	_ = h.Set("lookupTestJSON", func(path, script, method, endpoint, params, headers, bodyKind, bodyText string) string {
		req, err := jsRequest(method, endpoint, params, headers, bodyKind, bodyText)
		if err != nil {
			throw(err)
		}
		mu.Lock()
		tf := files[path]
		if tf == nil {
			if tf, err = mocks.ReadTestFile(filepath.FromSlash(path)); err != nil {
				mu.Unlock()
				throw(err)
			}
			files[path] = tf
		}
		mu.Unlock()
		resp, err := tf.Lookup(script, req)
		if err != nil {
			var nm *mocks.NoTestMockError
			if errors.As(err, &nm) {
				throw(fmt.Errorf("%s\n  %s", nm.Error(), nm.Hint()))
			}
			throw(err)
		}
		return responseJSON(resp)
	})
}

// paginateHost is NangoSyncMock.paginate's part: the provider's defaults from the catalog and
// the pagination helpers of internal/paginate.
func (fr *fileRun) paginateHost(vm *goja.Runtime, h *goja.Object) error {
	throw := jsThrower(vm)
	_ = h.Set("providerPaginate", func(key string) goja.Value {
		lookup := fr.opts.PaginateDefaults
		if lookup == nil {
			//lint:ignore ST1005 the official harness's words, which test files may compare
			throw(fmt.Errorf("Provider config not found for %s: no provider catalog was given (run `nango providers update`, or set NANGO_PROVIDERS_FILE)", key))
		}
		get := paginate.Defaults(vm, func() (map[string]any, error) {
			m, err := lookup(key)
			if err != nil {
				//lint:ignore ST1005 the official harness's words, which test files may compare
				return nil, fmt.Errorf("Provider config not found for %s: %w", key, err)
			}
			return m, nil
		})
		f, _ := goja.AssertFunction(get)
		v, err := f(goja.Undefined())
		if err != nil {
			panic(err)
		}
		return v
	})
	pg, err := paginate.Install(vm)
	if err != nil {
		return err
	}
	internals := pg.ToObject(vm).Get("internals").ToObject(vm)
	_ = h.Set("paginate", pg)
	_ = h.Set("getPath", internals.Get("getPath"))
	_ = h.Set("parseLinkHeader", internals.Get("parseLinkHeader"))
	return nil
}

// jsThrower throws err into JavaScript as a plain Error with err's text, as the mocks'
// JavaScript original would (not goja's GoError, whose name would head the failure).
func jsThrower(vm *goja.Runtime) func(error) {
	return func(err error) {
		ctor, _ := goja.AssertConstructor(vm.Get("Error"))
		obj, cerr := ctor(nil, vm.ToValue(err.Error()))
		if cerr != nil {
			panic(vm.NewGoError(err))
		}
		panic(obj)
	}
}

// pairs reads JSON.stringify(Object.entries(x)): [[key, value], ...], values keeping their
// JavaScript types (a number param hashes differently from a string one).
func pairs(text string) ([]mocks.Entry, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	v, err := jsjson.ParseString(text)
	if err != nil {
		return nil, err
	}
	if v.Kind != jsjson.Array {
		return nil, fmt.Errorf("expected entries, got %s", v.Kind)
	}
	out := make([]mocks.Entry, 0, len(v.Items))
	for _, it := range v.Items {
		if it.Kind != jsjson.Array || len(it.Items) != 2 || it.Items[0].Kind != jsjson.String {
			return nil, fmt.Errorf("expected [key, value] pairs")
		}
		out = append(out, mocks.Entry{Key: it.Items[0].Str, Value: it.Items[1]})
	}
	return out, nil
}
