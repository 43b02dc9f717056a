// Package fakeprovider is a provider API on loopback for local mode's tests: it enforces
// one way of authenticating (bearer token, Basic, API key in a query parameter or a header)
// on every route, runs an OAuth2 token endpoint that checks client credentials and refresh
// tokens, and answers with scripted responses (fakenango.Routes). A request that does not
// authenticate gets 401, never data.
package fakeprovider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/nango-go/nango/internal/fakenango"
)

// TokenPath is the token endpoint (token_url: <URL>/oauth/token).
const TokenPath = "/oauth/token"

// Auth is how requests must authenticate. Kind: "bearer" (a token in Tokens), "basic"
// (Name:Value), "query" (parameter Name=Value), "header" (header Name: Value).
type Auth struct {
	Kind, Name, Value string
}

// Server is a running fake provider.
type Server struct {
	URL    string
	Routes fakenango.Routes

	srv *httptest.Server
	mu  sync.Mutex
	// auth, the accepted bearer tokens and refresh tokens, and the OAuth client.
	auth                   Auth
	tokens, refresh        map[string]bool
	clientID, clientSecret string
	issued                 int
	rejectAll              bool
	requests               []string
}

// New starts a server that accepts nothing until SetAuth.
func New() *Server {
	s := &Server{tokens: map[string]bool{}, refresh: map[string]bool{}, auth: Auth{Kind: "bearer"}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// SetAuth sets how requests authenticate (a bearer Value is accepted as a token).
func (s *Server) SetAuth(a Auth) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth = a
	if a.Kind == "bearer" && a.Value != "" {
		s.tokens[a.Value] = true
	}
}

// SetClient sets the OAuth client the token endpoint accepts.
func (s *Server) SetClient(id, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clientID, s.clientSecret = id, secret
}

// AddRefreshToken makes rt valid for the refresh_token grant.
func (s *Server) AddRefreshToken(rt string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refresh[rt] = true
}

// RejectAll makes every API request 401, even with a freshly issued token (a revoked app).
func (s *Server) RejectAll(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectAll = on
}

// Requests lists "METHOD /path?query STATUS", in order.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == TokenPath {
		status := s.token(w, r)
		s.log(r, status)
		return
	}
	s.mu.Lock()
	ok := !s.rejectAll && s.authenticated(r)
	s.mu.Unlock()
	if !ok {
		writeJSON(w, 401, map[string]any{"message": "Bad credentials"})
		s.log(r, 401)
		return
	}
	resp := s.Routes.Pick(r.Method, r.URL.Path, r.URL.Query())
	if resp == nil {
		writeJSON(w, 404, map[string]any{"error": fmt.Sprintf("fake provider: no response scripted for %s %s", r.Method, r.URL.RequestURI())})
		s.log(r, 404)
		return
	}
	time.Sleep(resp.Delay)
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.Status)
	w.Write(resp.Body)
	s.log(r, resp.Status)
}

func (s *Server) log(r *http.Request, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, fmt.Sprintf("%s %s %d", r.Method, r.URL.RequestURI(), status))
}

// authenticated checks the request against s.auth; callers hold s.mu.
func (s *Server) authenticated(r *http.Request) bool {
	a := s.auth
	switch a.Kind {
	case "bearer":
		tok, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return found && s.tokens[tok]
	case "basic":
		u, p, ok := r.BasicAuth()
		return ok && u == a.Name && p == a.Value
	case "query":
		return a.Value != "" && r.URL.Query().Get(a.Name) == a.Value
	case "header":
		return a.Value != "" && r.Header.Get(a.Name) == a.Value
	}
	return false
}

// token is the OAuth2 token endpoint: client_credentials and refresh_token grants, the
// client authenticated in the form or with Basic.
func (s *Server) token(w http.ResponseWriter, r *http.Request) int {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		writeJSON(w, 400, map[string]any{"error": "invalid_request"})
		return 400
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clientID == "" || id != s.clientID || secret != s.clientSecret {
		writeJSON(w, 401, map[string]any{"error": "invalid_client"})
		return 401
	}
	out := map[string]any{"token_type": "bearer", "expires_in": 3600}
	grant := r.PostForm.Get("grant_type")
	if grant == "refresh_token" && !s.refresh[r.PostForm.Get("refresh_token")] {
		writeJSON(w, 400, map[string]any{"error": "invalid_grant"})
		return 400
	}
	s.issued++
	switch grant {
	case "client_credentials":
		out["access_token"] = fmt.Sprintf("cc-token-%d", s.issued)
	case "refresh_token":
		out["access_token"] = fmt.Sprintf("refreshed-token-%d", s.issued)
		rt := fmt.Sprintf("refresh-token-%d", s.issued)
		out["refresh_token"] = rt
		s.refresh[rt] = true
	default:
		writeJSON(w, 400, map[string]any{"error": "unsupported_grant_type"})
		return 400
	}
	s.tokens[out["access_token"].(string)] = true
	writeJSON(w, 200, out)
	return 200
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
