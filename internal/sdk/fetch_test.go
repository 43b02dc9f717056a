package sdk

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
)

// upstream is a plain HTTP server standing for any URL a script fetches.
func upstream(t *testing.T) (*httptest.Server, *[]*http.Request, *[]string) {
	t.Helper()
	var reqs []*http.Request
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		reqs = append(reqs, r)
		bodies = append(bodies, string(b))
		switch r.URL.Path {
		case "/json":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Add("X-Multi", "a")
			w.Header().Add("X-Multi", "b")
			_, _ = w.Write([]byte(`{"ok":true,"n":1}`))
		case "/missing":
			w.WriteHeader(404)
			_, _ = w.Write([]byte("not here"))
		case "/bytes":
			_, _ = w.Write([]byte{0, 1, 2, 255})
		case "/redirect":
			http.Redirect(w, r, "/json", http.StatusFound)
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &reqs, &bodies
}

func TestUncontrolledFetch(t *testing.T) {
	up, reqs, bodies := upstream(t)
	var logged []string
	h := newHarness(t, action(), func(o *Options) {
		o.Transport = &Live{HTTP: up.Client(), OnHTTP: func(status int, method, u string) {
			logged = append(logged, method+" "+u)
		}}
	})
	got := h.mustRun(`const r = await nango.uncontrolledFetch({ url: new URL('` + up.URL + `/json?q=1'), headers: { 'X-Key': 'k' } });
		const j = await r.json();
		let again;
		try { await r.text(); } catch (e) { again = e instanceof TypeError; }
		return [r.status, r.ok, r.headers.get('CONTENT-TYPE'), r.headers.get('x-multi'), r.headers.get('nope'), j, r.bodyUsed, again];`)
	if got != `[200,true,"application/json","a, b",null,{"ok":true,"n":1},true,true]` {
		t.Errorf("got %s", got)
	}
	r := (*reqs)[0]
	if r.Method != "GET" || r.URL.RawQuery != "q=1" || r.Header.Get("X-Key") != "k" || r.Header.Get("Authorization") != "" {
		t.Errorf("request %s %s %v", r.Method, r.URL, r.Header)
	}
	got = h.mustRun(`const r = await nango.uncontrolledFetch({ url: '` + up.URL + `/missing', method: 'post', body: 'x=1', headers: { 'content-type': 'text/plain' } });
		return [r.status, r.ok, r.statusText, await r.text()];`)
	if got != `[404,false,"Not Found","not here"]` {
		t.Errorf("got %s", got)
	}
	if r := (*reqs)[1]; r.Method != "POST" || (*bodies)[1] != "x=1" || r.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("post %s %q %v", r.Method, (*bodies)[1], r.Header)
	}
	got = h.mustRun(`const r = await nango.uncontrolledFetch({ url: '` + up.URL + `/bytes' });
		const b = await r.arrayBuffer(); return [b instanceof ArrayBuffer, Array.from(new Uint8Array(b))];`)
	if got != `[true,[0,1,2,255]]` {
		t.Errorf("bytes %s", got)
	}
	got = h.mustRun(`const r = await nango.uncontrolledFetch({ url: '` + up.URL + `/redirect' }); return [r.status, r.redirected, r.url.endsWith('/json')];`)
	if got != `[200,true,true]` {
		t.Errorf("redirect %s", got)
	}
	if len(logged) != 4 || !strings.HasPrefix(logged[0], "GET "+up.URL+"/json") {
		t.Errorf("http lines %v", logged)
	}
	for _, bad := range []string{`{ url: 'file:///etc/passwd' }`, `{ url: '/relative' }`, `{}`, `{ url: '` + up.URL + `', body: { a: 1 }, method: 'POST' }`, `{ url: '` + up.URL + `', body: 'x' }`} {
		if _, err := h.run(`await nango.uncontrolledFetch(` + bad + `);`); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	// Nothing is retried: one request per call, failures included.
	if len(*reqs) != 5 {
		t.Errorf("%d upstream requests, want 5", len(*reqs))
	}
}

func TestUncontrolledFetchHonoursTheRunTimeout(t *testing.T) {
	up, _, _ := upstream(t)
	rt, err := jsruntime.New(jsruntime.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var n *Nango
	start := time.Now()
	_, err = rt.Run(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
		var ierr error
		n, ierr = Install(rt, Options{Props: action(), Transport: &Live{HTTP: up.Client()}})
		if ierr != nil {
			return nil, ierr
		}
		fn, err := vm.RunString(`(async function (nango) { await nango.uncontrolledFetch({ url: '` + up.URL + `/slow' }); })`)
		if err != nil {
			return nil, err
		}
		call, _ := goja.AssertFunction(fn)
		return call(goja.Undefined(), n.Value())
	})
	if err == nil || time.Since(start) > 3*time.Second {
		t.Fatalf("slow fetch: %v after %v", err, time.Since(start))
	}
}

func TestUncontrolledFetchInReplay(t *testing.T) {
	h := newHarness(t, action(), func(o *Options) {
		o.Transport = &Replay{Replayer: mocks.NewReplayer(mocks.Layout{Root: t.TempDir()}, "s")}
	})
	_, err := h.run(`await nango.uncontrolledFetch({ url: 'https://example.com/x' });`)
	if err == nil || !strings.Contains(err.Error(), "not available in replay") || !strings.Contains(err.Error(), "https://example.com/x") {
		t.Errorf("replay: %v", err)
	}
}
