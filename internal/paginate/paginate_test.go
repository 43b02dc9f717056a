package paginate

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
)

// request is what the fake provider saw.
type request struct {
	Method string
	URL    string // path?query as sent
	Body   string
}

func (r request) String() string {
	if r.Body == "" {
		return r.Method + " " + r.URL
	}
	return r.Method + " " + r.URL + " " + r.Body
}

// provider is a local fake API: handle answers each request; every request is recorded.
type provider struct {
	srv      *httptest.Server
	mu       sync.Mutex
	requests []request
}

func newProvider(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, body string)) *provider {
	t.Helper()
	p := &provider{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		p.requests = append(p.requests, request{Method: r.Method, URL: r.URL.RequestURI(), Body: string(b)})
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		handle(w, r, string(b))
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *provider) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, len(p.requests))
	for i, r := range p.requests {
		out[i] = r.String()
	}
	return out
}

// runtime is a goja runtime with paginate installed as `paginate`, and `proxy`: a proxy
// function that performs the request against base (or config.baseUrlOverride) over HTTP and
// resolves with an axios-like response. Promises resolve synchronously from Go, so a script's
// async work completes before RunString returns.
type runtime struct {
	t  *testing.T
	vm *goja.Runtime
}

const testProxyJS = `
globalThis.proxy = function (config) {
	var base = config.baseUrlOverride || BASE;
	var url = base.replace(/\/$/, '') + '/' + String(config.endpoint).replace(/^\/+/, '');
	if (config.params) {
		var qs = Object.keys(config.params).map(function (k) {
			return encodeURIComponent(k) + '=' + encodeURIComponent(String(config.params[k]));
		}).join('&');
		if (qs) { url += (url.indexOf('?') >= 0 ? '&' : '?') + qs; }
	}
	var body = config.data === undefined ? '' : JSON.stringify(config.data);
	var r = __http(String(config.method).toUpperCase(), url, body);
	if (r.status >= 400) { return Promise.reject(new Error('Request failed with status code ' + r.status)); }
	return Promise.resolve({ data: r.body === '' ? '' : JSON.parse(r.body), status: r.status, headers: r.headers, config: config });
};
`

func newRuntime(t *testing.T, base string, withURL bool) *runtime {
	t.Helper()
	vm := goja.New()
	if withURL {
		installURL(t, vm)
	}
	fn, err := Install(vm)
	if err != nil {
		t.Fatal(err)
	}
	must(t, vm.Set("paginate", fn))
	must(t, vm.Set("BASE", base))
	must(t, vm.Set("__http", func(method, url, body string) map[string]any {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req, err := http.NewRequest(method, url, rd)
		if err != nil {
			panic(vm.NewGoError(err))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(vm.NewGoError(err))
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		headers := map[string]any{}
		for k, v := range resp.Header {
			headers[strings.ToLower(k)] = strings.Join(v, ", ")
		}
		return map[string]any{"status": resp.StatusCode, "headers": headers, "body": string(b)}
	}))
	if _, err := vm.RunString(testProxyJS); err != nil {
		t.Fatal(err)
	}
	return &runtime{t: t, vm: vm}
}

// installURL gives the runtime a URL class (backed by net/url) as the real runtime will have,
// so the helper's URL branch is exercised as well as its built-in parser.
func installURL(t *testing.T, vm *goja.Runtime) {
	t.Helper()
	must(t, vm.Set("__parseURL", func(s string) map[string]any {
		u, err := neturl.Parse(strings.TrimSpace(s))
		if err != nil || u.Scheme == "" || (u.Host == "" && u.Opaque == "") {
			panic(vm.NewTypeError("Invalid URL"))
		}
		origin := "null"
		if u.Scheme == "http" || u.Scheme == "https" {
			origin = strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
			origin = strings.TrimSuffix(strings.TrimSuffix(origin, ":443"), ":80")
		}
		path := u.EscapedPath()
		if path == "" {
			path = "/"
		}
		search := ""
		if u.RawQuery != "" {
			search = "?" + u.RawQuery
		}
		return map[string]any{"origin": origin, "pathname": path, "search": search}
	}))
	_, err := vm.RunString(`globalThis.URL = function URL(s) { const p = __parseURL(String(s)); this.origin = p.origin; this.pathname = p.pathname; this.search = p.search; };`)
	must(t, err)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// lower compiles src the way the bundler lowers user scripts for goja: async generators and
// for await become esbuild's helper calls.
func lower(t *testing.T, src string) string {
	t.Helper()
	res := api.Transform(src, api.TransformOptions{
		Loader:    api.LoaderJS,
		Target:    api.ESNext,
		Supported: map[string]bool{"async-generator": false, "for-await": false},
	})
	if len(res.Errors) > 0 {
		t.Fatalf("esbuild: %v", res.Errors[0].Text)
	}
	return string(res.Code)
}

// run executes body as the body of an async function (lowered by esbuild) and returns its
// result as JSON, or the rejection message prefixed with "error: ".
func (r *runtime) run(body string) string {
	r.t.Helper()
	src := lower(r.t, "globalThis.__result = (async () => {\n"+body+"\n})();")
	if _, err := r.vm.RunString(src); err != nil {
		r.t.Fatalf("run: %v", err)
	}
	p, ok := r.vm.Get("__result").Export().(*goja.Promise)
	if !ok {
		r.t.Fatal("script did not produce a promise")
	}
	switch p.State() {
	case goja.PromiseStateFulfilled:
		s, err := json.Marshal(p.Result().Export())
		if err != nil {
			r.t.Fatal(err)
		}
		return string(s)
	case goja.PromiseStateRejected:
		res := p.Result()
		if o, ok := res.(*goja.Object); ok {
			if m := o.Get("message"); m != nil {
				return "error: " + m.String()
			}
		}
		return "error: " + res.String()
	default:
		r.t.Fatal("script promise still pending")
		return ""
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	_ = json.NewEncoder(w).Encode(v)
}

// collect is the usual consumer: every page, as JSON, in order.
const collect = `
const pages = [];
for await (const page of paginate(config, proxy, defaults, options)) { pages.push(page); }
return pages;
`

type pagCase struct {
	name     string
	setup    string // JS defining config (and optionally defaults, options)
	base     string // path prefix appended to the server URL for BASE
	handle   func(w http.ResponseWriter, r *http.Request, body string)
	body     string // consumer; collect when empty
	want     string // JSON of the consumer's result
	requests []string
}

func runCases(t *testing.T, cases []pagCase) { runCasesURL(t, cases, false) }

func runCasesURL(t *testing.T, cases []pagCase, withURL bool) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newProvider(t, tc.handle)
			r := newRuntime(t, p.srv.URL+tc.base, withURL)
			must(t, r.vm.Set("SERVER", p.srv.URL))
			body := tc.body
			if body == "" {
				body = collect
			}
			got := r.run("let defaults = null; let options = {};\n" + tc.setup + "\n" + body)
			if got != tc.want {
				t.Errorf("result\n got: %s\nwant: %s", got, tc.want)
			}
			if tc.requests != nil {
				if seen := p.seen(); !reflect.DeepEqual(seen, tc.requests) {
					t.Errorf("requests\n got: %q\nwant: %q", seen, tc.requests)
				}
			}
		})
	}
}

// cursorPages answers ?cursor=<n> (or body page.cursor) from a list of pages.
func cursorAPI(pages []map[string]any) func(w http.ResponseWriter, r *http.Request, body string) {
	return func(w http.ResponseWriter, r *http.Request, body string) {
		idx := 0
		c := r.URL.Query().Get("cursor")
		if body != "" {
			var b map[string]any
			_ = json.Unmarshal([]byte(body), &b)
			if pg, ok := b["page"].(map[string]any); ok {
				if s, ok := pg["cursor"]; ok {
					c = fmt.Sprint(s)
				}
			}
		}
		if c != "" {
			fmt.Sscanf(strings.TrimPrefix(c, "c"), "%d", &idx)
		}
		if idx >= len(pages) {
			w.WriteHeader(404)
			return
		}
		writeJSON(w, pages[idx])
	}
}

func TestCursor(t *testing.T) {
	runCases(t, []pagCase{
		{
			name:  "three pages then empty cursor",
			setup: `const config = { endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items', limit: 2, limit_name_in_request: 'limit' } };`,
			handle: cursorAPI([]map[string]any{
				{"items": []int{1, 2}, "next": "c1"},
				{"items": []int{3, 4}, "next": "c2"},
				{"items": []int{5}, "next": ""},
			}),
			want:     `[[1,2],[3,4],[5]]`,
			requests: []string{"GET /items?limit=2", "GET /items?limit=2&cursor=c1", "GET /items?limit=2&cursor=c2"},
		},
		{
			name:   "whitespace cursor is trimmed and a blank one stops",
			setup:  `const config = { endpoint: 'items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items' } };`,
			handle: cursorAPI([]map[string]any{{"items": []int{1}, "next": "  c1\n"}, {"items": []int{2}, "next": "   "}}),
			want:   `[[1],[2]]`, requests: []string{"GET /items", "GET /items?cursor=c1"},
		},
		{
			name:   "numeric cursor is kept, a null one stops",
			setup:  `const config = { endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'meta.next', response_path: 'items' } };`,
			handle: cursorAPI([]map[string]any{{"items": []int{1}, "meta": map[string]any{"next": 1}}, {"items": []int{2}, "meta": map[string]any{"next": nil}}}),
			want:   `[[1],[2]]`, requests: []string{"GET /items", "GET /items?cursor=1"},
		},
		{
			name: "object or boolean cursor stops",
			setup: `const config = { endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items' } };
				const seen = []; config.paginate.on_page = ({ nextPageParam }) => { seen.push(nextPageParam === undefined ? 'undefined' : nextPageParam); };`,
			handle: cursorAPI([]map[string]any{{"items": []int{1}, "next": map[string]any{"a": 1}}}),
			body:   collect[:strings.LastIndex(collect, "return")] + "return [pages, seen];",
			want:   `[[[1]],["undefined"]]`, requests: []string{"GET /items"},
		},
		{
			name:   "an empty page ends without being yielded even with a next cursor",
			setup:  `const config = { endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items' } };`,
			handle: cursorAPI([]map[string]any{{"items": []int{1}, "next": "c1"}, {"items": []int{}, "next": "c2"}}),
			want:   `[[1]]`, requests: []string{"GET /items", "GET /items?cursor=c1"},
		},
		{
			name:   "an object page (no length) ends without being yielded",
			setup:  `const config = { endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next' } };`,
			handle: cursorAPI([]map[string]any{{"items": []int{1}, "next": "c1"}}),
			want:   `[]`, requests: []string{"GET /items"},
		},
		{
			name:   "lodash paths a.b[0].c for page and cursor",
			setup:  `const config = { endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'meta[0].cursors.after', response_path: 'data.groups[1].rows' } };`,
			handle: cursorAPI([]map[string]any{{"data": map[string]any{"groups": []any{map[string]any{"rows": []int{0}}, map[string]any{"rows": []int{7, 8}}}}, "meta": []any{map[string]any{"cursors": map[string]any{"after": "c1"}}}}, {"data": map[string]any{"groups": []any{}}}}),
			want:   `[[7,8]]`, requests: []string{"GET /items", "GET /items?cursor=c1"},
		},
		{
			name: "POST puts page parameters in the body with dotted keys expanded, keeping the body's fields",
			setup: `const config = { endpoint: '/search', method: 'POST', data: { query: 'x', 'filter.kind': 'a' },
				paginate: { type: 'cursor', cursor_name_in_request: 'page.cursor', cursor_path_in_response: 'next', response_path: 'items', limit: 2, limit_name_in_request: 'page.size' } };`,
			handle: cursorAPI([]map[string]any{{"items": []int{1, 2}, "next": "c1"}, {"items": []int{3}}}),
			want:   `[[1,2],[3]]`,
			requests: []string{
				`POST /search {"query":"x","filter":{"kind":"a"},"page":{"size":2}}`,
				`POST /search {"query":"x","filter":{"kind":"a"},"page":{"size":2,"cursor":"c1"}}`,
			},
		},
		{
			name: "in_body false keeps POST page parameters in the query, dotted keys flat",
			setup: `const config = { endpoint: '/search', method: 'post', data: { q: 1 },
				paginate: { in_body: false, type: 'cursor', cursor_name_in_request: 'page.cursor', cursor_path_in_response: 'next', response_path: 'items' } };`,
			handle: func(w http.ResponseWriter, r *http.Request, body string) {
				if r.URL.Query().Get("page.cursor") == "" {
					writeJSON(w, map[string]any{"items": []int{1}, "next": "c1"})
					return
				}
				writeJSON(w, map[string]any{"items": []int{2}})
			},
			want:     `[[1],[2]]`,
			requests: []string{`POST /search {"q":1}`, `POST /search?page.cursor=c1 {"q":1}`},
		},
		{
			name: "in_body true on GET sends a body",
			setup: `const config = { endpoint: '/items',
				paginate: { in_body: true, type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items' } };`,
			handle: func(w http.ResponseWriter, r *http.Request, body string) {
				if !strings.Contains(body, "cursor") {
					writeJSON(w, map[string]any{"items": []int{1}, "next": "c1"})
					return
				}
				writeJSON(w, map[string]any{"items": []int{2}})
			},
			want:     `[[1],[2]]`,
			requests: []string{`GET /items {}`, `GET /items {"cursor":"c1"}`},
		},
		{
			name: "the script's params object is the bag (mutated) and method is defaulted on its config",
			setup: `const params = { q: 'x' };
				const config = { endpoint: '/items', params, paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items', limit: 5, limit_name_in_request: 'limit' } };`,
			handle:   cursorAPI([]map[string]any{{"items": []int{1}, "next": "c1"}, {"items": []int{2}}}),
			body:     collect[:strings.LastIndex(collect, "return")] + "return [pages, params, config.method, config.paginate.type];",
			want:     `[[[1],[2]],{"cursor":"c1","limit":5,"q":"x"},"GET","cursor"]`,
			requests: []string{"GET /items?q=x&limit=5", "GET /items?q=x&limit=5&cursor=c1"},
		},
		{
			name:   "string params cannot hold page parameters",
			setup:  `const config = { endpoint: '/items', params: 'a=1', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', limit: 1, limit_name_in_request: 'limit' } };`,
			handle: cursorAPI(nil),
			want:   `error: Receiver is not an object: a=1`,
		},
	})
}

// linkAPI serves /items?page=N (pages 1..n) with the next link written by next(n).
func TestLink(t *testing.T) {
	pageHandler := func(last int, link func(r *http.Request, page int) (header string, body any)) func(w http.ResponseWriter, r *http.Request, body string) {
		return func(w http.ResponseWriter, r *http.Request, _ string) {
			page := 1
			fmt.Sscanf(r.URL.Query().Get("page"), "%d", &page)
			var next any
			if page < last {
				h, b := link(r, page+1)
				if h != "" {
					w.Header().Set("Link", h)
				}
				next = b
			}
			writeJSON(w, map[string]any{"data": []int{page * 10, page*10 + 1}, "next": next})
		}
	}
	var srv2 *httptest.Server
	other := newProvider(t, func(w http.ResponseWriter, r *http.Request, _ string) {
		writeJSON(w, map[string]any{"data": []int{99}})
	})
	srv2 = other.srv
	linkCases := []pagCase{
		{
			name:  "absolute Link header: origin becomes baseUrlOverride, params dropped after the first page",
			setup: `const config = { endpoint: '/items', params: { per_page: 2 }, paginate: { type: 'link', link_rel_in_response_header: 'next', response_path: 'data' } };`,
			handle: pageHandler(3, func(r *http.Request, p int) (string, any) {
				return fmt.Sprintf(`<http://%s/items?page=%d&per_page=2>; rel="next", <http://%s/items?page=3>; rel="last"`, r.Host, p, r.Host), nil
			}),
			want:     `[[10,11],[20,21],[30,31]]`,
			requests: []string{"GET /items?per_page=2", "GET /items?page=2&per_page=2", "GET /items?page=3&per_page=2"},
		},
		{
			name:  "relative body link is appended to a base with a path prefix (the prefix repeats)",
			base:  "/api/v2",
			setup: `const config = { endpoint: '/items', paginate: { type: 'link', link_path_in_response_body: 'next', response_path: 'data' } };`,
			handle: pageHandler(2, func(r *http.Request, p int) (string, any) {
				return "", fmt.Sprintf("/api/v2/items?page=%d", p)
			}),
			want:     `[[10,11],[20,21]]`,
			requests: []string{"GET /api/v2/items", "GET /api/v2/api/v2/items?page=2"},
		},
		{
			name:  "a header rel that is missing falls back to the body link",
			setup: `const config = { endpoint: '/items', paginate: { type: 'link', link_rel_in_response_header: 'next', link_path_in_response_body: 'next', response_path: 'data' } };`,
			handle: pageHandler(2, func(r *http.Request, p int) (string, any) {
				return `</elsewhere>; rel="prev"`, fmt.Sprintf("items?page=%d", p)
			}),
			want:     `[[10,11],[20,21]]`,
			requests: []string{"GET /items", "GET /items?page=2"},
		},
		{
			name:  "the same link twice stops",
			setup: `const config = { endpoint: '/items', paginate: { type: 'link', link_path_in_response_body: 'next', response_path: 'data' } };`,
			handle: func(w http.ResponseWriter, r *http.Request, _ string) {
				writeJSON(w, map[string]any{"data": []int{1}, "next": "/items?page=2"})
			},
			want:     `[[1],[1]]`,
			requests: []string{"GET /items", "GET /items?page=2"},
		},
		{
			name:  "empty and missing pages are yielded",
			setup: `const config = { endpoint: '/items', paginate: { type: 'link', link_path_in_response_body: 'next', response_path: 'data' } };`,
			handle: func(w http.ResponseWriter, r *http.Request, _ string) {
				switch r.URL.Query().Get("page") {
				case "":
					writeJSON(w, map[string]any{"data": []int{}, "next": "/items?page=2"})
				default:
					writeJSON(w, map[string]any{"other": 1})
				}
			},
			body:     `const pages = []; for await (const page of paginate(config, proxy, defaults, options)) { pages.push(page === undefined ? 'undefined' : page); } return pages;`,
			want:     `[[],"undefined"]`,
			requests: []string{"GET /items", "GET /items?page=2"},
		},
		{
			name: "an absolute link to another host overrides the base URL",
			setup: `const config = { endpoint: '/items', paginate: { type: 'link', link_path_in_response_body: 'next', response_path: 'data' } };
				const overrides = []; const inner = proxy; proxy = (c) => { overrides.push(c.baseUrlOverride === undefined ? null : c.baseUrlOverride); return inner(c); };`,
			handle: func(w http.ResponseWriter, r *http.Request, _ string) {
				writeJSON(w, map[string]any{"data": []int{1}, "next": srv2.URL + "/more?x=1#frag"})
			},
			body:     collect[:strings.LastIndex(collect, "return")] + "return [pages, overrides];",
			want:     fmt.Sprintf(`[[[1],[99]],[null,%q]]`, srv2.URL),
			requests: []string{"GET /items"},
		},
		{
			name:  "a limit without limit_name_in_request is sent under \"undefined\"",
			setup: `const config = { endpoint: '/items', paginate: { type: 'link', link_path_in_response_body: 'next', response_path: 'data', limit: 3 } };`,
			handle: func(w http.ResponseWriter, r *http.Request, _ string) {
				writeJSON(w, map[string]any{"data": []int{1}})
			},
			want:     `[[1]]`,
			requests: []string{"GET /items?undefined=3"},
		},
		{
			name: "POST link pagination keeps the body on every page",
			setup: `const config = { endpoint: '/search', method: 'POST', data: { q: 'x' },
				paginate: { type: 'link', link_path_in_response_body: 'next', response_path: 'data', limit: 2, limit_name_in_request: 'page.size' } };`,
			handle: pageHandler(2, func(r *http.Request, p int) (string, any) {
				return "", fmt.Sprintf("/search?page=%d", p)
			}),
			want:     `[[10,11],[20,21]]`,
			requests: []string{`POST /search {"q":"x","page":{"size":2}}`, `POST /search?page=2 {"q":"x","page":{"size":2}}`},
		},
	}
	t.Run("built-in URL parser", func(t *testing.T) { runCasesURL(t, linkCases, false) })
	t.Run("runtime URL class", func(t *testing.T) { runCasesURL(t, linkCases, true) })
	other.mu.Lock()
	defer other.mu.Unlock()
	if len(other.requests) != 2 || other.requests[0].URL != "/more?x=1" {
		t.Errorf("second host saw %v, want GET /more?x=1 once per run", other.requests)
	}
}

func TestOffset(t *testing.T) {
	items := func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	sized := func(sizes ...int) func(w http.ResponseWriter, r *http.Request, body string) {
		call := 0
		return func(w http.ResponseWriter, r *http.Request, _ string) {
			n := 0
			if call < len(sizes) {
				n = sizes[call]
			}
			call++
			writeJSON(w, map[string]any{"data": items(n)})
		}
	}
	runCases(t, []pagCase{
		{
			name: "by response size, string offsets in the query, short page stops before on_page",
			setup: `const seen = []; const config = { endpoint: '/items', paginate: { type: 'offset', offset_name_in_request: 'offset', response_path: 'data', limit: 2, limit_name_in_request: 'limit',
				on_page: async ({ nextPageParam, response }) => { seen.push([nextPageParam, typeof nextPageParam, response.status]); } } };`,
			handle:   sized(2, 2, 1),
			body:     collect[:strings.LastIndex(collect, "return")] + "return [pages.length, seen];",
			want:     `[3,[[0,"number",200],[2,"number",200]]]`,
			requests: []string{"GET /items?limit=2&offset=0", "GET /items?limit=2&offset=2", "GET /items?limit=2&offset=4"},
		},
		{
			name:     "per page from offset_start_value, stops on an empty page",
			setup:    `const config = { endpoint: '/items', paginate: { type: 'offset', offset_name_in_request: 'page', offset_calculation_method: 'per-page', offset_start_value: 1, response_path: 'data' } };`,
			handle:   sized(3, 3),
			want:     `[[0,1,2],[0,1,2]]`,
			requests: []string{"GET /items?page=1", "GET /items?page=2", "GET /items?page=3"},
		},
		{
			name:     "numbers in a POST body",
			setup:    `const config = { endpoint: '/q', method: 'POST', data: { filter: 'f' }, paginate: { type: 'offset', offset_name_in_request: 'page.offset', response_path: 'data', limit: '2', limit_name_in_request: 'page.limit' } };`,
			handle:   sized(2, 1),
			want:     `[[0,1],[0]]`,
			requests: []string{`POST /q {"filter":"f","page":{"limit":"2","offset":0}}`, `POST /q {"filter":"f","page":{"limit":"2","offset":2}}`},
		},
		{
			name:     "no limit: continues until an empty page",
			setup:    `const config = { endpoint: '/items', paginate: { type: 'offset', offset_name_in_request: 'start', response_path: 'data' } };`,
			handle:   sized(2, 1),
			want:     `[[0,1],[0]]`,
			requests: []string{"GET /items?start=0", "GET /items?start=2", "GET /items?start=3"},
		},
	})
}

func TestProviderDefaults(t *testing.T) {
	api := cursorAPI([]map[string]any{{"results": []int{1}, "paging": map[string]any{"next": map[string]any{"after": "c1"}}}, {"results": []int{2}}})
	hubspot := `{ type: 'cursor', cursor_path_in_response: 'paging.next.after', cursor_name_in_request: 'after', response_path: 'results', limit_name_in_request: 'limit' }`
	runCases(t, []pagCase{
		{
			name:  "defaults alone",
			setup: `defaults = ` + hubspot + `; const config = { endpoint: '/items' };`,
			handle: func(w http.ResponseWriter, r *http.Request, b string) {
				r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "after=", "cursor=", 1)
				api(w, r, b)
			},
			want:     `[[1],[2]]`,
			requests: []string{"GET /items", "GET /items?after=c1"},
		},
		{
			name:   "the script overrides some keys, the rest come from the provider",
			setup:  `defaults = () => (` + hubspot + `); const config = { endpoint: '/items', paginate: { limit: 10, cursor_name_in_request: 'cursor' } };`,
			handle: api, want: `[[1],[2]]`,
			requests: []string{"GET /items?limit=10", "GET /items?limit=10&cursor=c1"},
		},
		{
			name:  "the provider's in_body is ignored; the script's counts",
			setup: `defaults = Object.assign(` + hubspot + `, { in_body: true }); const config = { endpoint: '/items' };`,
			handle: func(w http.ResponseWriter, r *http.Request, b string) {
				writeJSON(w, map[string]any{"results": []int{1}})
			},
			want:     `[[1]]`,
			requests: []string{"GET /items"},
		},
		{
			name:   "a failing catalog lookup does not matter when the script names a type",
			setup:  `defaults = () => { throw new Error('no provider catalog'); }; const config = { endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'paging.next.after', response_path: 'results' } };`,
			handle: api, want: `[[1],[2]]`,
		},
		{
			name:   "a failing catalog lookup surfaces when the script relies on it",
			setup:  `defaults = () => { throw new Error('no provider catalog: run nango providers update'); }; const config = { endpoint: '/items' };`,
			handle: api, want: `error: no provider catalog: run nango providers update`, requests: []string{},
		},
		{
			name:   "no defaults and no type",
			setup:  `const config = { endpoint: '/items', paginate: { limit: 2 } };`,
			handle: api, want: `error: There was no pagination configuration for this integration or configuration passed in.`, requests: []string{},
		},
	})
}

func TestValidation(t *testing.T) {
	cases := map[string]string{
		`{ type: 'cursor', cursor_path_in_response: 'n' }`:                                        "Param cursor_name_in_request is required for cursor pagination",
		`{ type: 'cursor', cursor_name_in_request: 'c' }`:                                         "Param cursor_path_in_response is required for cursor pagination",
		`{ type: 'cursor', cursor_name_in_request: 'c', cursor_path_in_response: 'n', limit: 1 }`: "Param limit_name_in_request is required for cursor pagination when limit is set",
		`{ type: 'link' }`:   "Either param link_rel_in_response_header or link_path_in_response_body is required for link pagination",
		`{ type: 'offset' }`: "Param offset_name_in_request is required for offset pagination",
		`{ type: 'Cursor', cursor_name_in_request: 'c', cursor_path_in_response: 'n' }`: "Pagination type Cursor is not supported. Only cursor, link and offset pagination types are supported.",
	}
	for cfg, msg := range cases {
		r := newRuntime(t, "http://127.0.0.1:1", false)
		got := r.run(`const it = paginate({ endpoint: '/x', paginate: ` + cfg + ` }, proxy, null); try { await it.next(); return 'no error'; } catch (e) { return e.message; }`)
		if got != fmt.Sprintf("%q", msg) {
			t.Errorf("%s: got %s, want %q", cfg, got, msg)
		}
	}
}

// TestGeneratorTiming: the next request happens only when the consumer asks for the next
// page, on_page runs (and is awaited) after the consumer's body and before the next request,
// and return() stops everything.
func TestGeneratorTiming(t *testing.T) {
	p := newProvider(t, cursorAPI([]map[string]any{{"items": []int{1}, "next": "c1"}, {"items": []int{2}, "next": "c2"}, {"items": []int{3}}}))
	r := newRuntime(t, p.srv.URL, false)
	got := r.run(`
		const log = [];
		const traced = (c) => { log.push('request ' + (c.params.cursor || 'first')); return proxy(c); };
		const config = { endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items',
			on_page: ({ nextPageParam }) => new Promise((resolve) => { log.push('on_page start ' + nextPageParam); Promise.resolve().then(() => { log.push('on_page end'); resolve(); }); }) } };
		const it = paginate(config, traced, null);
		log.push('created');
		const a = await it.next();
		log.push('got ' + JSON.stringify(a));
		log.push('consumer works');
		const b = await it.next();
		log.push('got ' + JSON.stringify(b));
		const c = await it.return('bye');
		log.push('return ' + JSON.stringify(c));
		const d = await it.next();
		log.push('after ' + JSON.stringify(d));
		return log;`)
	want := `["created","request first","got {\"value\":[1],\"done\":false}","consumer works","on_page start c1","on_page end","request c1","got {\"value\":[2],\"done\":false}","return {\"value\":\"bye\",\"done\":true}","after {\"done\":true}"]`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if n := len(p.seen()); n != 2 {
		t.Errorf("%d requests, want 2 (return must stop pagination)", n)
	}
}

func TestForAwaitBreakAndConcurrentNext(t *testing.T) {
	p := newProvider(t, cursorAPI([]map[string]any{{"items": []int{1}, "next": "c1"}, {"items": []int{2}, "next": "c2"}, {"items": []int{3}}}))
	r := newRuntime(t, p.srv.URL, false)
	got := r.run(`
		const config = () => ({ endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items' } });
		const out = [];
		for await (const page of paginate(config(), proxy, null)) { out.push(page); break; }
		const it = paginate(config(), proxy, null);
		const all = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
		out.push(all.map((x) => x.done ? 'done' : x.value));
		const sym = typeof it[Symbol.for('Symbol.asyncIterator')] === 'function' && it[Symbol.for('Symbol.asyncIterator')]() === it;
		out.push(sym);
		return out;`)
	if want := `[[1],[[1],[2],[3],"done"],true]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if n := len(p.seen()); n != 4 {
		t.Errorf("%d requests, want 4 (1 before break, 3 for the full run)", n)
	}
}

func TestErrorsPropagate(t *testing.T) {
	p := newProvider(t, func(w http.ResponseWriter, r *http.Request, _ string) {
		if r.URL.Query().Get("cursor") == "" {
			writeJSON(w, map[string]any{"items": []int{1}, "next": "c1"})
			return
		}
		w.WriteHeader(500)
	})
	r := newRuntime(t, p.srv.URL, false)
	got := r.run(`
		const pages = [];
		try {
			for await (const page of paginate({ endpoint: '/items', paginate: { type: 'cursor', cursor_name_in_request: 'cursor', cursor_path_in_response: 'next', response_path: 'items' } }, proxy, null)) { pages.push(page); }
		} catch (e) { return [pages, e.message]; }`)
	if want := `[[[1]],"Request failed with status code 500"]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestReplayLegacyPage: while replaying, a response without headers (a legacy mock file)
// yields what it holds and ends pagination; a response with headers paginates as usual.
func TestReplayLegacyPage(t *testing.T) {
	cases := []struct{ name, paginate, responses, want string }{
		{"top-level arrays in key order", `{ type: 'cursor', cursor_name_in_request: 'c', cursor_path_in_response: 'next' }`,
			`[{ data: { a: [1], n: 2, b: [3], next: 'x' } }]`, `[[1],[3]]`},
		{"array body", `{ type: 'link', link_path_in_response_body: 'next' }`,
			`[{ data: [1, 2] }]`, `[[1,2]]`},
		{"response_path", `{ type: 'offset', offset_name_in_request: 'o', response_path: 'data.items' }`,
			`[{ data: { data: { items: [5] }, other: [6] } }]`, `[[5]]`},
		{"headers present: normal pagination, then a legacy page ends it", `{ type: 'cursor', cursor_name_in_request: 'c', cursor_path_in_response: 'next', response_path: 'items' }`,
			`[{ data: { items: [1], next: 'n1' }, headers: {} }, { data: { items: [2], more: [3], next: 'n2' } }]`, `[[1],[2]]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRuntime(t, "http://127.0.0.1:1", false)
			got := r.run(`
				const responses = ` + tc.responses + `;
				let calls = 0;
				const replayProxy = () => Promise.resolve(responses[calls++]);
				const pages = [];
				for await (const page of paginate({ endpoint: '/x', paginate: ` + tc.paginate + ` }, replayProxy, null, { replay: true })) { pages.push(page); }
				if (calls !== responses.length) { throw new Error('calls ' + calls); }
				return pages;`)
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	t.Run("replay puts POST page parameters in the body whatever in_body says", func(t *testing.T) {
		r := newRuntime(t, "http://127.0.0.1:1", false)
		got := r.run(`
			const seen = [];
			const replayProxy = (c) => { seen.push([c.params === undefined ? null : c.params, c.data === undefined ? null : c.data]); return Promise.resolve({ data: { items: [] }, headers: {} }); };
			const it = paginate({ endpoint: '/x', method: 'POST', paginate: { in_body: false, type: 'offset', offset_name_in_request: 'o', response_path: 'items' } }, replayProxy, null, { replay: true });
			await it.next();
			return seen;`)
		if want := `[[null,{"o":0}]]`; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
	t.Run("outside replay a response without headers paginates", func(t *testing.T) {
		r := newRuntime(t, "http://127.0.0.1:1", false)
		got := r.run(`
			const responses = [{ data: { items: [1], next: 'n' } }, { data: { items: [2] } }];
			let calls = 0;
			const pages = [];
			for await (const page of paginate({ endpoint: '/x', paginate: { type: 'cursor', cursor_name_in_request: 'c', cursor_path_in_response: 'next', response_path: 'items' } }, () => Promise.resolve(responses[calls++]), null)) { pages.push(page); }
			return pages;`)
		if want := `[[1],[2]]`; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}

func TestDefaultsFromGo(t *testing.T) {
	p := newProvider(t, cursorAPI([]map[string]any{{"results": []int{1}, "next": "c1"}, {"results": []int{2}}}))
	r := newRuntime(t, p.srv.URL, false)
	calls := 0
	must(t, r.vm.Set("lookups", func() int { return calls }))
	must(t, r.vm.Set("fromCatalog", Defaults(r.vm, func() (map[string]any, error) {
		calls++
		return map[string]any{"type": "cursor", "cursor_name_in_request": "cursor", "cursor_path_in_response": "next", "response_path": "results", "limit": 2, "limit_name_in_request": "limit"}, nil
	})))
	must(t, r.vm.Set("noCatalog", Defaults(r.vm, func() (map[string]any, error) {
		return nil, fmt.Errorf("no provider catalog found")
	})))
	must(t, r.vm.Set("noPaginate", Defaults(r.vm, func() (map[string]any, error) { return nil, nil })))
	got := r.run(`
		const it = paginate({ endpoint: '/items' }, proxy, fromCatalog);
		const before = lookups();
		const pages = [];
		for await (const page of it) { pages.push(page); }
		let e1, e2;
		try { await paginate({ endpoint: '/items' }, proxy, noCatalog).next(); } catch (e) { e1 = e.message; }
		try { await paginate({ endpoint: '/items' }, proxy, noPaginate).next(); } catch (e) { e2 = e.message; }
		return [before, lookups(), pages, e1, e2];`)
	want := `[0,1,[[1],[2]],"no provider catalog found","There was no pagination configuration for this integration or configuration passed in."]`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if seen := p.seen(); !reflect.DeepEqual(seen, []string{"GET /items?limit=2", "GET /items?limit=2&cursor=c1"}) {
		t.Errorf("requests %q", seen)
	}
}
