package proxy

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/providers"
)

// fakeProvider is a loopback API that enforces its authentication: every route answers
// 401 unless the request carries what accept says it must.
type fakeProvider struct {
	mu       sync.Mutex
	accept   func(r *http.Request) bool
	script   []int // statuses to answer before succeeding (per /flaky call)
	calls    int
	tokens   int
	token    string // token the token endpoint issues
	lastPath string
}

func (f *fakeProvider) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		r.ParseForm()
		if r.Form.Get("client_id") != "cid" || r.Form.Get("client_secret") != "csecret" {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":"invalid_client"}`)
			return
		}
		switch r.Form.Get("grant_type") {
		case "client_credentials":
		case "refresh_token":
			if r.Form.Get("refresh_token") != "rt1" {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"invalid_grant"}`)
				return
			}
		default:
			w.WriteHeader(400)
			return
		}
		f.tokens++
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"refresh_token":"rt2","expires_in":3600}`, f.token)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.calls++
		f.lastPath = r.URL.RequestURI()
		if !f.accept(r) {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"message":"bad credentials"}`)
			return
		}
		if len(f.script) > 0 {
			s := f.script[0]
			f.script = f.script[1:]
			if s == 429 {
				w.Header().Set("Retry-After", "2")
			}
			w.WriteHeader(s)
			fmt.Fprint(w, `{"error":"try later"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":true}`)
	})
	return mux
}

func catalogEntry(t *testing.T, yamlText string) *providers.Provider {
	t.Helper()
	c, err := providers.Parse([]byte(yamlText))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := c.Get("p")
	if !ok {
		t.Fatal("no provider p")
	}
	return p
}

func TestEngineInjectsCredentialsAndRetries(t *testing.T) {
	type tc struct {
		name     string
		catalog  string
		creds    map[string]any
		cfg      map[string]any
		accept   func(r *http.Request) bool
		script   []int
		req      nangoapi.ProxyRequest
		deadline time.Duration
		wantCode int
		wantWait []time.Duration
		wantPath string
		wantSave map[string]any
	}
	bearer := func(tok string) func(r *http.Request) bool {
		return func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+tok }
	}
	cases := []tc{
		{name: "oauth2 bearer", catalog: "auth_mode: OAUTH2\n    proxy: {base_url: BASE}", creds: map[string]any{"type": "OAUTH2", "access_token": "tok"},
			accept: bearer("tok"), req: nangoapi.ProxyRequest{Endpoint: "/items?x=1"}, wantCode: 200, wantPath: "/items?x=1"},
		{name: "oauth2 wrong token is the provider's 401 (no refresh possible)", catalog: "auth_mode: OAUTH2\n    proxy: {base_url: BASE}",
			creds: map[string]any{"type": "OAUTH2", "access_token": "bad"}, accept: bearer("tok"), req: nangoapi.ProxyRequest{Endpoint: "/items"}, wantCode: 401},
		{name: "api key in a query template", catalog: "auth_mode: API_KEY\n    proxy:\n        base_url: BASE\n        query:\n            api_key: ${apiKey}",
			creds:  map[string]any{"type": "API_KEY", "apiKey": "k1"},
			accept: func(r *http.Request) bool { return r.URL.Query().Get("api_key") == "k1" }, req: nangoapi.ProxyRequest{Endpoint: "items?a=b"}, wantCode: 200, wantPath: "/items?a=b&api_key=k1"},
		{name: "api key in a header template", catalog: "auth_mode: API_KEY\n    proxy:\n        base_url: BASE\n        headers:\n            x-api-key: ${apiKey}",
			creds:  map[string]any{"type": "API_KEY", "apiKey": "k1"},
			accept: func(r *http.Request) bool { return r.Header.Get("X-Api-Key") == "k1" }, req: nangoapi.ProxyRequest{Endpoint: "/items"}, wantCode: 200},
		{name: "basic", catalog: "auth_mode: BASIC\n    proxy: {base_url: BASE}", creds: map[string]any{"type": "BASIC", "username": "u", "password": "p"},
			accept: func(r *http.Request) bool { u, p, ok := r.BasicAuth(); return ok && u == "u" && p == "p" }, req: nangoapi.ProxyRequest{Endpoint: "/items"}, wantCode: 200},
		{name: "base url from connection config, fallback side unused", catalog: "auth_mode: BASIC\n    proxy: {base_url: 'BASE/${connectionConfig.tenant} || https://unused.invalid'}",
			creds: map[string]any{"type": "BASIC", "username": "u"}, cfg: map[string]any{"tenant": "acme"},
			accept: func(r *http.Request) bool { _, _, ok := r.BasicAuth(); return ok }, req: nangoapi.ProxyRequest{Endpoint: "/items"}, wantCode: 200, wantPath: "/acme/items"},
		{name: "oauth2 client credentials fetches a token", catalog: "auth_mode: OAUTH2_CC\n    token_url: BASE/oauth/token\n    proxy: {base_url: BASE}",
			creds:  map[string]any{"type": "OAUTH2_CC", "client_id": "cid", "client_secret": "csecret"},
			accept: bearer("issued"), req: nangoapi.ProxyRequest{Endpoint: "/items"}, wantCode: 200, wantSave: map[string]any{"token": "issued", "expires_at": "2030-01-01T01:00:00Z"}},
		{name: "429 waits retry-after", catalog: "auth_mode: OAUTH2\n    proxy:\n        base_url: BASE\n        retry: {after: retry-after}",
			creds: map[string]any{"type": "OAUTH2", "access_token": "tok"}, accept: bearer("tok"), script: []int{429},
			req: nangoapi.ProxyRequest{Endpoint: "/items", Retries: 2}, wantCode: 200, wantWait: []time.Duration{2 * time.Second}},
		{name: "503 twice with backoff", catalog: "auth_mode: OAUTH2\n    proxy: {base_url: BASE}",
			creds: map[string]any{"type": "OAUTH2", "access_token": "tok"}, accept: bearer("tok"), script: []int{503, 503},
			req: nangoapi.ProxyRequest{Endpoint: "/items", Retries: 3}, wantCode: 200, wantWait: []time.Duration{3 * time.Second, 6 * time.Second}},
		{name: "no retries by default", catalog: "auth_mode: OAUTH2\n    proxy: {base_url: BASE}",
			creds: map[string]any{"type": "OAUTH2", "access_token": "tok"}, accept: bearer("tok"), script: []int{503},
			req: nangoapi.ProxyRequest{Endpoint: "/items"}, wantCode: 503},
		{name: "retryOn adds a status, error_code list restricts", catalog: "auth_mode: OAUTH2\n    proxy:\n        base_url: BASE\n        retry: {error_code: ['500-502']}",
			creds: map[string]any{"type": "OAUTH2", "access_token": "tok"}, accept: bearer("tok"), script: []int{409, 503},
			req: nangoapi.ProxyRequest{Endpoint: "/items", Retries: 3, RetryOn: []int{409}}, wantCode: 503, wantWait: []time.Duration{3 * time.Second}},
		{name: "wait past the timeout is not taken", catalog: "auth_mode: OAUTH2\n    proxy:\n        base_url: BASE\n        retry: {after: retry-after}",
			creds: map[string]any{"type": "OAUTH2", "access_token": "tok"}, accept: bearer("tok"), script: []int{429},
			req: nangoapi.ProxyRequest{Endpoint: "/items", Retries: 2}, deadline: time.Second, wantCode: 429},
		{name: "expired token refreshed first", catalog: "auth_mode: OAUTH2\n    token_url: BASE/oauth/token\n    proxy: {base_url: BASE}",
			creds:  map[string]any{"type": "OAUTH2", "access_token": "old", "refresh_token": "rt1", "expires_at": "2020-01-01T00:00:00Z"},
			accept: bearer("issued"), req: nangoapi.ProxyRequest{Endpoint: "/items"}, wantCode: 200,
			wantSave: map[string]any{"access_token": "issued", "refresh_token": "rt2", "expires_at": "2030-01-01T01:00:00Z"}},
		{name: "401 refreshes once, a second 401 is the answer", catalog: "auth_mode: OAUTH2\n    token_url: BASE/oauth/token\n    proxy: {base_url: BASE}",
			creds:  map[string]any{"type": "OAUTH2", "access_token": "old", "refresh_token": "rt1"},
			accept: bearer("never"), req: nangoapi.ProxyRequest{Endpoint: "/items", Retries: 3}, wantCode: 401,
			wantSave: map[string]any{"access_token": "issued", "refresh_token": "rt2", "expires_at": "2030-01-01T01:00:00Z"}},
		{name: "script headers and baseUrlOverride", catalog: "auth_mode: OAUTH2\n    proxy: {base_url: https://unused.invalid}",
			creds: map[string]any{"type": "OAUTH2", "access_token": "tok"},
			accept: func(r *http.Request) bool {
				return r.Header.Get("Authorization") == "Bearer tok" && r.Header.Get("X-Custom") == "1"
			},
			req: nangoapi.ProxyRequest{Endpoint: "/items", BaseURLOverride: "BASE", Headers: []nangoapi.HeaderField{{Name: "x-custom", Value: "1"}}}, wantCode: 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fp := &fakeProvider{accept: c.accept, script: c.script, token: "issued"}
			srv := httptest.NewServer(fp.handler(t))
			defer srv.Close()
			p := catalogEntry(t, "p:\n    "+strings.ReplaceAll(c.catalog, "BASE", srv.URL)+"\n")
			var saved map[string]any
			var waits []time.Duration
			now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			req := c.req
			req.BaseURLOverride = strings.ReplaceAll(req.BaseURLOverride, "BASE", srv.URL)
			var debug []string
			e := &Engine{Provider: p, HTTP: srv.Client(), Now: func() time.Time { return now },
				Conn: &Connection{ID: "c1", Credentials: c.creds, ConnectionConfig: c.cfg, ClientID: "cid", ClientSecret: "csecret",
					Save: func(f map[string]any) error { saved = f; return nil }},
				Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil },
				Debug: func(s string) { debug = append(debug, s) }}
			ctx := context.Background()
			if c.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, now.Add(c.deadline))
				defer cancel()
			}
			resp, err := e.Do(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != c.wantCode {
				t.Fatalf("status %d, want %d (%s)", resp.Status, c.wantCode, resp.Body)
			}
			if fmt.Sprint(waits) != fmt.Sprint(c.wantWait) {
				t.Errorf("waits %v, want %v", waits, c.wantWait)
			}
			if c.wantPath != "" && fp.lastPath != c.wantPath {
				t.Errorf("path %s, want %s", fp.lastPath, c.wantPath)
			}
			if fmt.Sprint(saved) != fmt.Sprint(c.wantSave) {
				t.Errorf("saved %v, want %v", saved, c.wantSave)
			}
			for _, line := range debug {
				for _, secret := range []string{"k1", "csecret", "issued", "rt1"} {
					if strings.Contains(line, secret) {
						t.Errorf("debug line leaks %q: %s", secret, line)
					}
				}
			}
		})
	}
}

func TestEngineDecompresses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(`{"z":1}`))
		zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	}))
	defer srv.Close()
	e := &Engine{Conn: &Connection{ID: "c", BaseURL: srv.URL, Credentials: map[string]any{"type": "API_KEY", "apiKey": "k"}}, HTTP: srv.Client()}
	resp, err := e.Do(context.Background(), nangoapi.ProxyRequest{Endpoint: "/x", Decompress: true,
		Headers: []nangoapi.HeaderField{{Name: "accept-encoding", Value: "gzip"}}})
	if err != nil || string(resp.Body) != `{"z":1}` || resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("%v %q %v", err, resp.Body, resp.Header)
	}
}

func TestUnreachableProviderIsAnErrorWithoutSecrets(t *testing.T) {
	e := &Engine{Conn: &Connection{ID: "c", BaseURL: "http://127.0.0.1:1", Credentials: map[string]any{"type": "API_KEY", "apiKey": "supersecretapikey123"}},
		Provider: &providers.Provider{Proxy: providers.Proxy{Query: map[string]string{"key": "${apiKey}"}}},
		Sleep:    func(context.Context, time.Duration) error { return nil }}
	_, err := e.Do(context.Background(), nangoapi.ProxyRequest{Endpoint: "/x", Retries: 1})
	if err == nil || strings.Contains(err.Error(), "supersecretapikey123") || !strings.Contains(err.Error(), "did not answer") {
		t.Fatalf("got %v", err)
	}
}

func TestInterpolate(t *testing.T) {
	data := map[string]any{"apiKey": "k", "connectionConfig": map[string]any{"sub": "acme"}, "credentials": map[string]any{"username": "u", "password": "p"}}
	for in, want := range map[string]string{
		"https://${connectionConfig.sub}.x.io":                             "https://acme.x.io",
		"${connectionConfig.missing} || 2022-11-28":                        "2022-11-28",
		"Basic ${base64(${credentials.username}:${credentials.password})}": "Basic " + base64.StdEncoding.EncodeToString([]byte("u:p")),
		"Bearer ${apiKey}": "Bearer k",
	} {
		if got, _ := interpolate(in, data); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
	if _, ok := interpolate("${nope}", data); ok {
		t.Error("unresolved placeholder reported resolved")
	}
}
