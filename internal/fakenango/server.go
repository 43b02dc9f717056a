// Package fakenango is an in-process fake Nango server for tests: an httptest server that
// enforces what the real server enforces for the CLI's requests (routes in routes.go, the
// deploy schema in validate.go): secret-key auth and its error shapes, the CLI-version gate, strict
// deploy body validation, realistic deploy differences computed from what is already
// deployed, connections/integrations/metadata/environment variables set up by the test,
// stored records behind GET /records (Environment.SetRecords), deployed actions' answers behind
// POST /action/trigger (Environment.SetActionResult), the provider catalog behind
// GET /providers/:provider (SetProviders), and a /proxy that forwards to scripted provider
// responses. Every request is recorded.
//
// It is a test helper, importable by tests of any package and by testscript commands
// (internal/cli/script_fakenango_test.go); it never accepts what the real server refuses.
package fakenango

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// DefaultSecretKey is the key of the "dev" environment every server starts with (a UUID v4,
// the one the reference recordings used).
const DefaultSecretKey = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b"

// MinDeployCLIVersion is the oldest CLI version the deploy routes accept.
const MinDeployCLIVersion = "0.39.25"

// Server is a running fake Nango server.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234 (no trailing slash).
	URL string

	mu sync.Mutex
	// enforceCLIVersion, when set, rejects a User-Agent CLI version greater than it on every
	// route (the server's FLAG_ENFORCE_CLI_VERSION).
	enforceCLIVersion string
	forwardAllHeaders bool
	envs              []*Environment
	requests          []Request
	overrides         []*route
	providers         []*route
	catalog           map[string]json.RawMessage // GET /providers/:provider (providers.go)
	srv               *httptest.Server
}

// New starts a server with one environment, "dev", whose secret key is DefaultSecretKey.
func New() *Server {
	s := &Server{}
	s.envs = append(s.envs, newEnvironment(s, "dev", DefaultSecretKey))
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	return s
}

// Close stops the server and closes its connections.
func (s *Server) Close() { s.srv.Close() }

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Dev returns the "dev" environment.
func (s *Server) Dev() *Environment { return s.Environment("dev") }

// Environment returns the named environment, or nil.
func (s *Server) Environment(name string) *Environment {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.envs {
		if e.name == name {
			return e
		}
	}
	return nil
}

// AddEnvironment adds an environment reached with secretKey (which must be a UUID v4 for
// requests to pass authentication, as on the real server).
func (s *Server) AddEnvironment(name, secretKey string) *Environment {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := newEnvironment(s, name, secretKey)
	s.envs = append(s.envs, e)
	return e
}

// EnforceCLIVersion makes every route reject a CLI (per its User-Agent) newer than
// serverVersion, as a server with FLAG_ENFORCE_CLI_VERSION=true does. "" turns it off.
func (s *Server) EnforceCLIVersion(serverVersion string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enforceCLIVersion = serverVersion
}

// ForwardAllResponseHeaders makes /proxy pass every provider header on success (an account
// flag on the real server); by default only content-type, mcp-session-id, x-request-id and
// x-correlation-id are passed, as for a buffered answer.
func (s *Server) ForwardAllResponseHeaders(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forwardAllHeaders = on
}

// Response is a scripted answer, for a server route (Respond) or a provider endpoint
// behind /proxy (Provider).
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Delay waits before answering (or before dropping).
	Delay time.Duration
	// Drop closes the connection without answering.
	Drop bool
	// Stream sends this many bytes of filler after Body, generated as they are written (a
	// server streaming gigabytes, without holding them): clients must bound what they read.
	Stream int64
	// Times limits how many requests this answer serves; 0 means no limit. Answers for the
	// same route are used in the order they were added, so a sequence (page 1, page 2, …)
	// is a series of Times: 1 answers.
	Times int
}

// JSON returns a Response with a JSON body and Content-Type.
func JSON(status int, v any) Response {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: data}
}

type route struct {
	method string // "" or "*": any
	path   string // exact, or a prefix when it ends with "*"
	query  url.Values
	hasQ   bool
	resp   Response
	used   int
}

func newRoute(method, target string, r Response) *route {
	rt := &route{method: strings.ToUpper(method), resp: r}
	if rt.method == "*" {
		rt.method = ""
	}
	p, q, hasQ := strings.Cut(target, "?")
	rt.path = p
	if hasQ {
		rt.hasQ = true
		rt.query, _ = url.ParseQuery(q)
	}
	if rt.resp.Status == 0 {
		rt.resp.Status = http.StatusOK
	}
	return rt
}

func (rt *route) matches(method, path string, query url.Values) bool {
	if rt.resp.Times > 0 && rt.used >= rt.resp.Times {
		return false
	}
	if rt.method != "" && rt.method != method {
		return false
	}
	if strings.HasSuffix(rt.path, "*") {
		if !strings.HasPrefix(path, strings.TrimSuffix(rt.path, "*")) {
			return false
		}
	} else if rt.path != path {
		return false
	}
	if rt.hasQ && !hasParams(query, rt.query) {
		return false
	}
	return true
}

// hasParams reports whether query carries every parameter of want with the same values
// (other parameters may be present).
func hasParams(query, want url.Values) bool {
	for k, wv := range want {
		qv := query[k]
		if len(qv) != len(wv) {
			return false
		}
		for i := range wv {
			if wv[i] != qv[i] {
				return false
			}
		}
	}
	return true
}

func pick(routes []*route, method, path string, query url.Values) *Response {
	for _, rt := range routes {
		if rt.matches(method, path, query) {
			rt.used++
			r := rt.resp
			return &r
		}
	}
	return nil
}

// Respond scripts the answer of a server route, replacing its normal behaviour (after the
// request is recorded; authentication is skipped too, so any failure can be scripted).
// path is exact, or a prefix when it ends with "*"; it may carry query parameters that the
// request must have. method "*" matches any.
func (s *Server) Respond(method, path string, r Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.overrides = append(s.overrides, newRoute(method, path, r))
}

// Provider scripts what the provider answers behind /proxy for method and endpoint (the
// path after /proxy, e.g. "/v1/contacts"; "/v1/contacts?cursor=p2" also needs the query to
// carry cursor=p2, other parameters allowed; a trailing "*" matches a path prefix). The
// first matching answer that has uses left wins, so register specific queries first. The server still authenticates the request and checks the
// connection first, as the real one does. Unscripted endpoints answer 404.
func (s *Server) Provider(method, endpoint string, r Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.providers = append(s.providers, newRoute(method, endpoint, r))
}

// Request is one recorded request.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
	// Status is what the server answered (0 when the connection was dropped).
	Status int
}

// JSONBody decodes the body as JSON (nil when empty or not JSON).
func (r Request) JSONBody() any {
	if len(r.Body) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(r.Body, &v) != nil {
		return nil
	}
	return v
}

// MarshalJSON writes the request in the shape of the reference recordings
// (`*.requests.jsonl`): {method, path, query, headers, body, status}.
func (r Request) MarshalJSON() ([]byte, error) {
	headers := map[string]string{}
	for k, v := range r.Header {
		headers[k] = strings.Join(v, ", ")
	}
	var body any
	if len(r.Body) > 0 {
		if b := r.JSONBody(); b != nil {
			body = b
		} else {
			body = string(r.Body)
		}
	}
	query := r.Query
	if query == nil {
		query = url.Values{}
	}
	return json.Marshal(struct {
		Method  string            `json:"method"`
		Path    string            `json:"path"`
		Query   url.Values        `json:"query"`
		Headers map[string]string `json:"headers"`
		Body    any               `json:"body"`
		Status  int               `json:"status"`
	}{r.Method, r.Path, query, headers, body, r.Status})
}

// Requests returns the recorded requests, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the recorded requests with this method and path.
func (s *Server) RequestsTo(method, path string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
