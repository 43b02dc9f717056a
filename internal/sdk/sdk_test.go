package sdk

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/records"
)

// fakeTransport answers from a table and remembers every call.
type fakeTransport struct {
	mu        sync.Mutex
	requests  []*Request
	answers   map[string]*Response // "METHOD path" → answer
	conn      string
	connCalls int
	metaCalls []string
}

func (f *fakeTransport) Proxy(_ context.Context, r *Request) (*Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r)
	if a, ok := f.answers[r.Wire.Method+" "+r.Wire.Endpoint]; ok {
		return a, nil
	}
	return &Response{Status: 404, HasStatus: true, HeadersJSON: []byte(`{"content-type":"application/json"}`), Body: []byte(`{"error":"none"}`)}, nil
}

func (f *fakeTransport) GetConnection(context.Context, ConnectionQuery) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.connCalls++
	return []byte(f.conn), nil
}

func (f *fakeTransport) SetMetadata(_ context.Context, _, _ string, m []byte, update bool) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.metaCalls = append(f.metaCalls, string(m))
	return []byte(`{"ok":true}`), nil
}

func (f *fakeTransport) GetEnvironmentVariables(context.Context) ([]byte, error) {
	return []byte(`[{"name":"A","value":"1"}]`), nil
}

func (f *fakeTransport) GetIntegration(_ context.Context, pck string, include []string) ([]byte, error) {
	return []byte(`{"unique_key":"` + pck + `","provider":"p","webhook_url":"https://hooks.example/x"}`), nil
}

func (f *fakeTransport) TriggerAction(_ context.Context, _, _, action string, input []byte) (*Response, error) {
	return &Response{Status: 200, HasStatus: true, Body: []byte(`{"action":"` + action + `","input":` + string(input) + `}`)}, nil
}

func (f *fakeTransport) ListRecords(context.Context, RecordsQuery) (*Response, error) {
	return nil, errors.New("fakeTransport: no records (see records_test.go for the live server)")
}

func (f *fakeTransport) Fetch(context.Context, *FetchRequest) (*FetchResponse, error) {
	return nil, errors.New("fakeTransport: no fetch (see fetch_test.go)")
}

type logLine struct {
	level jsruntime.LogLevel
	msg   string
}

type harness struct {
	t     *testing.T
	rt    *jsruntime.Runtime
	n     *Nango
	tr    *fakeTransport
	logs  []logLine
	store *records.Store
}

func newHarness(t *testing.T, props Props, tweak func(*Options)) *harness {
	t.Helper()
	h := &harness{t: t, tr: &fakeTransport{answers: map[string]*Response{},
		conn: `{"id":7,"connection_id":"c1","provider_config_key":"pck","metadata":{"m":1},"credentials":{"type":"OAUTH2","access_token":"tok"}}`}}
	rt, err := jsruntime.New(jsruntime.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.rt = rt
	if props.ScriptType == project.KindSync {
		h.store = records.New(records.Options{})
	}
	opts := Options{Props: props, Transport: h.tr, Store: h.store,
		Log: func(l jsruntime.LogLevel, m string) { h.logs = append(h.logs, logLine{l, m}) }}
	if tweak != nil {
		tweak(&opts)
	}
	_, err = rt.Run(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
		n, err := Install(rt, opts)
		h.n = n
		return nil, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// run evaluates an async function body with `nango` in scope and returns JSON.stringify of
// its result, or the error.
func (h *harness) run(body string) (string, error) {
	v, err := h.rt.Run(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
		fn, err := vm.RunString(`(async function (nango) {` + body + `})`)
		if err != nil {
			return nil, err
		}
		call, _ := goja.AssertFunction(fn)
		return call(goja.Undefined(), h.n.Value())
	})
	if err != nil {
		return "", err
	}
	b, err := h.rt.ToJSON(v)
	return string(b), err
}

func (h *harness) mustRun(body string) string {
	h.t.Helper()
	out, err := h.run(body)
	if err != nil {
		h.t.Fatalf("script failed: %v", err)
	}
	return out
}

func action() Props {
	return Props{ScriptType: project.KindAction, ConnectionID: "c1", ProviderConfigKey: "pck"}
}
func syncProps() Props {
	return Props{ScriptType: project.KindSync, ConnectionID: "c1", ProviderConfigKey: "pck"}
}

func TestRequestWireAndIdentity(t *testing.T) {
	h := newHarness(t, action(), nil)
	h.tr.answers["GET /v1/x?a=1&b=x+y"] = &Response{Status: 200, HasStatus: true, HeadersJSON: []byte(`{"content-type":"application/json","x-total":"3"}`), Body: []byte(`{"ok":true}`)}
	got := h.mustRun(`const r = await nango.get({ endpoint: 'v1/x', params: { a: 1, b: 'x y' }, headers: { 'X-Api': 'k' }, retries: 3, retryOn: [429] });
		return [r.status, r.statusText, r.data, r.headers['x-total']];`)
	if got != `[200,"OK",{"ok":true},"3"]` {
		t.Errorf("response %s", got)
	}
	r := h.tr.requests[0]
	if r.Wire.Method != "GET" || r.Wire.Endpoint != "/v1/x?a=1&b=x+y" || r.Wire.Retries != 3 || len(r.Wire.RetryOn) != 1 || r.Wire.RetryOn[0] != 429 ||
		r.Wire.ConnectionID != "c1" || r.Wire.ProviderConfigKey != "pck" || len(r.Wire.Headers) != 1 || r.Wire.Headers[0].Name != "X-Api" {
		t.Errorf("wire %+v", r.Wire)
	}
	if r.Wire.ContentType != "" || r.Wire.Body != nil {
		t.Errorf("a GET without data has no body: %+v", r.Wire)
	}
	// params keep their JSON types in the identity (a number stays a number)
	idText := string(mustIdentityJSON(t, r))
	if want := `{"method":"get","endpoint":"v1/x","params":[["a",1],["b","x y"]],"headers":[["X-Api","k"]]}`; idText != want {
		t.Errorf("identity %s, want %s", idText, want)
	}

	h.mustRun(`await nango.post({ endpoint: '/v1/y', data: { b: 2, a: [1] } }).catch(() => {});
		await nango.put({ endpoint: '/v1/z', data: 'raw text', headers: { 'Content-Type': 'text/plain' } }).catch(() => {});`)
	post, put := h.tr.requests[1], h.tr.requests[2]
	if string(post.Wire.Body) != `{"b":2,"a":[1]}` || post.Wire.ContentType != "application/json" {
		t.Errorf("JSON body %q %q", post.Wire.Body, post.Wire.ContentType)
	}
	if string(put.Wire.Body) != "raw text" || put.Wire.ContentType != "text/plain" || put.Wire.Method != "PUT" {
		t.Errorf("string body %+v", put.Wire)
	}
	if id := string(mustIdentityJSON(t, post)); !strings.Contains(id, `"data":"{\"b\":2,\"a\":[1]}"`) {
		t.Errorf("post identity %s", id)
	}

	if _, err := h.run(`await nango.get({ endpoint: '/v1/x?a=1', params: 'b=2' });`); err == nil || !strings.Contains(err.Error(), "Can not set query params in endpoint and in params") {
		t.Errorf("string params with a query in the endpoint: %v", err)
	}
	if _, err := h.run(`await nango.get({});`); err == nil || !strings.Contains(err.Error(), "endpoint is required") {
		t.Errorf("missing endpoint: %v", err)
	}
}

func mustIdentityJSON(t *testing.T, r *Request) []byte {
	t.Helper()
	id, err := newIdentity(r)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestHTTPErrorsAreAxiosLike(t *testing.T) {
	h := newHarness(t, action(), nil)
	h.tr.answers["GET /five"] = &Response{Status: 503, HasStatus: true, HeadersJSON: []byte(`{"retry-after":"5"}`), Body: []byte(`oops`)}
	got := h.mustRun(`const out = [];
		for (const ep of ['/four', '/five']) {
			try { await nango.get({ endpoint: ep }); out.push('no error'); }
			catch (e) { out.push([e instanceof Error, e.name, e.isAxiosError, e.message, e.status, e.code, e.response.status, e.response.data, Object.keys(e.response.headers)]); }
		}
		return out;`)
	want := `[[true,"AxiosError",true,"Request failed with status code 404",404,"ERR_BAD_REQUEST",404,{"error":"none"},["content-type"]],` +
		`[true,"AxiosError",true,"Request failed with status code 503",503,"ERR_BAD_RESPONSE",503,"oops",["retry-after"]]]`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestArrayBufferAndTextResponses(t *testing.T) {
	h := newHarness(t, action(), nil)
	h.tr.answers["GET /bin"] = &Response{Status: 200, HasStatus: true, HeadersJSON: []byte(`{}`), Body: []byte{0xff, 0x00, 'a'}}
	h.tr.answers["GET /json"] = &Response{Status: 200, HasStatus: true, HeadersJSON: []byte(`{}`), Body: []byte(`[1,2]`)}
	got := h.mustRun(`const b = await nango.get({ endpoint: '/bin', responseType: 'arraybuffer' });
		const t = await nango.get({ endpoint: '/json', responseType: 'text' });
		const j = await nango.get({ endpoint: '/json' });
		return [Buffer.isBuffer(b.data), b.data.length, b.data[0], typeof t.data, t.data, j.data];`)
	if got != `[true,3,255,"string","[1,2]",[1,2]]` {
		t.Errorf("got %s", got)
	}
}

func TestConnectionMemoAndMetadata(t *testing.T) {
	now := time.Unix(1000, 0)
	h := newHarness(t, action(), func(o *Options) { o.Now = func() time.Time { return now } })
	got := h.mustRun(`const a = await nango.getConnection(); const b = await nango.getConnection();
		const m = await nango.getMetadata(); const tok = await nango.getToken();
		return [a.connection_id, b.metadata, m, tok];`)
	if got != `["c1",{"m":1},{"m":1},"tok"]` {
		t.Errorf("got %s", got)
	}
	if h.tr.connCalls != 1 {
		t.Errorf("connection fetched %d times within 60 s, want 1 (memoized)", h.tr.connCalls)
	}
	h.mustRun(`await nango.getConnection(undefined, undefined, { forceRefresh: true });`)
	if h.tr.connCalls != 2 {
		t.Errorf("forceRefresh must bypass the memo (%d calls)", h.tr.connCalls)
	}
	h.mustRun(`await nango.setMetadata({ x: 1 }); await nango.updateMetadata({ y: 2 }); await nango.getConnection();`)
	if len(h.tr.metaCalls) != 2 || h.tr.metaCalls[0] != `{"x":1}` || h.tr.connCalls != 3 {
		t.Errorf("metadata writes %v, connection calls %d (setMetadata drops the memo)", h.tr.metaCalls, h.tr.connCalls)
	}
	now = now.Add(61 * time.Second)
	h.mustRun(`await nango.getConnection();`)
	if h.tr.connCalls != 4 {
		t.Errorf("the memo lasts 60 s (%d calls)", h.tr.connCalls)
	}
	if _, err := h.run(`await nango.setMetadata([1]);`); err == nil {
		t.Error("setMetadata of an array must fail")
	}
	got = h.mustRun(`return [await nango.getEnvironmentVariables(), await nango.getWebhookURL(), (await nango.getIntegration()).unique_key, await nango.triggerAction('pck', 'c1', 'other', { a: 1 })];`)
	if got != `[[{"name":"A","value":"1"}],"https://hooks.example/x","pck",{"action":"other","input":{"a":1}}]` {
		t.Errorf("got %s", got)
	}
}

func TestSyncMetadataStubAndLastSyncDate(t *testing.T) {
	d := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	p := syncProps()
	p.LastSyncDate = &d
	p.Variant = "v2"
	h := newHarness(t, p, func(o *Options) { o.MetadataStub = []byte(`{"stub":true}`) })
	got := h.mustRun(`const m = await nango.getMetadata(); const c = await nango.getConnection();
		return [m, c.metadata, nango.lastSyncDate.toISOString(), nango.variant, nango.modelFullName('A')];`)
	if got != `[{"stub":true},{"stub":true},"2024-01-02T03:04:05.000Z","v2","A::v2"]` {
		t.Errorf("got %s", got)
	}
	if h.tr.connCalls != 1 {
		t.Errorf("getMetadata with a stub must not fetch the connection (%d calls)", h.tr.connCalls)
	}
	// an action does not get the stub, and has no lastSyncDate
	a := newHarness(t, action(), func(o *Options) { o.MetadataStub = []byte(`{"stub":true}`) })
	if got := a.mustRun(`return [await nango.getMetadata(), nango.lastSyncDate === undefined, typeof nango.batchSave];`); got != `[{"m":1},true,"undefined"]` {
		t.Errorf("action got %s", got)
	}
	r := syncProps()
	r.Replay = true
	if got := newHarness(t, r, nil).mustRun(`return nango.lastSyncDate;`); got != `null` {
		t.Errorf("replayed sync lastSyncDate %s, want null", got)
	}
}

func TestLogFormatting(t *testing.T) {
	h := newHarness(t, action(), nil)
	h.mustRun(`nango.log('x', { a: 1 }, [1, 'b']); nango.log('careful', { level: 'warn' }); nango.log({ level: 'error' }); nango.log('v', { level: 'verbose' });`)
	want := []logLine{{"info", `x {"a":1} [1,"b"]`}, {"warn", "careful"}, {"info", `{"level":"error"}`}, {"debug", "v"}}
	if len(h.logs) != len(want) {
		t.Fatalf("logs %+v", h.logs)
	}
	for i, w := range want {
		if h.logs[i] != w {
			t.Errorf("log %d: %+v, want %+v", i, h.logs[i], w)
		}
	}
}

func TestBatchesAndActionError(t *testing.T) {
	var seen []string
	h := newHarness(t, syncProps(), func(o *Options) {
		o.OnBatch = func(op records.Op, model, text string) error {
			seen = append(seen, string(op)+" "+model+" "+text)
			return nil
		}
	})
	got := h.mustRun(`const r = await nango.batchSave([{ id: '1', n: 1 }, { id: '1', n: 2 }], 'M');
		await nango.batchDelete([{ id: '9' }], 'M'); await nango.batchUpdate([{ id: '1' }], 'M');
		return [r, await nango.tryAcquireLock({ key: 'k', ttlMs: 1 })];`)
	if got != `[true,true]` {
		t.Errorf("got %s", got)
	}
	if c := h.store.Counts(); c.Added != 1 || c.Deleted != 1 || c.Updated != 1 {
		t.Errorf("counts %+v", c)
	}
	if len(seen) != 3 || seen[0] != `save M [{"id":"1","n":1},{"id":"1","n":2}]` {
		t.Errorf("OnBatch saw %q", seen)
	}
	got = h.mustRun(`const e = new nango.ActionError({ code: 'x', message: 'nope' });
		return [e instanceof Error, e.type, e.payload, e.message];`)
	if got != `[true,"action_script_runtime_error",{"code":"x","message":"nope"},"nope"]` {
		t.Errorf("ActionError %s", got)
	}
	_, err := h.run(`throw new nango.ActionError({ code: 'x' });`)
	se, ok := err.(*jsruntime.ScriptError)
	if !ok {
		t.Fatalf("want a ScriptError, got %v", err)
	}
	f := h.n.Describe(se, "")
	if f.Type != ErrActionRuntime || string(f.Payload) != `{"code":"x"}` || f.Status != 500 {
		t.Errorf("failure %+v", f)
	}
}

func TestHeadersJSON(t *testing.T) {
	got := string(headersJSON(http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"a=1", "b=2"}}))
	if got != `{"content-type":"application/json","set-cookie":"a=1, b=2"}` {
		t.Errorf("got %s", got)
	}
}

func newIdentity(r *Request) ([]byte, error) {
	id, err := mocks.NewIdentity(r.Identity)
	if err != nil {
		return nil, err
	}
	return id.JSON(), nil
}
