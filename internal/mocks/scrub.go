package mocks

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/nango-go/nango/pkg/jsjson"
)

// Redacted replaces a secret in recorded files.
const Redacted = "[redacted]"

// minSecretLen: shorter values cannot be told apart from ordinary data ("abc", "true"), and
// replacing them everywhere would corrupt the recordings; real keys and tokens are longer.
const minSecretLen = 6

// Scrubber keeps secrets out of recorded files. It knows secret values (the Nango secret
// key, every token, key and password of the connection's credentials) and removes them from
// every string written, whatever field they hide in; it also blanks the values of
// Authorization-like headers and key-like query params in the written request identity.
// Before a file is written, Check refuses it if a known secret survived.
// Safe for concurrent use.
type Scrubber struct {
	mu      sync.RWMutex
	secrets []string // longest first, so that a secret containing another is replaced whole
}

// NewScrubber knows the given secrets (empty and too-short values are ignored).
func NewScrubber(secrets ...string) *Scrubber {
	s := &Scrubber{}
	for _, v := range secrets {
		s.Add(v)
	}
	return s
}

// Add registers one secret value.
func (s *Scrubber) Add(secret string) {
	if s == nil || len(secret) < minSecretLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, have := range s.secrets {
		if have == secret {
			return
		}
	}
	s.secrets = append(s.secrets, secret)
	sort.SliceStable(s.secrets, func(i, j int) bool { return len(s.secrets[i]) > len(s.secrets[j]) })
}

// credentialFieldsNotSecret are credential fields that identify rather than authenticate;
// everything else in a credentials object is treated as a secret.
var credentialFieldsNotSecret = map[string]bool{
	"type": true, "expires_at": true, "expires_in": true, "token_type": true, "scope": true, "scopes": true,
	"region": true, "service": true, "username": true, "client_id": true, "organization_id": true,
	"user_id": true, "role_arn": true, "external_id": true, "created_at": true, "updated_at": true,
}

// AddCredentials registers every secret of a connection's credentials object (any auth
// mode, nested raw responses included): each string value except identifying fields such
// as type, expires_at, username or client_id.
func (s *Scrubber) AddCredentials(creds jsjson.Value) {
	var walk func(key string, v jsjson.Value)
	walk = func(key string, v jsjson.Value) {
		switch v.Kind {
		case jsjson.String:
			if !credentialFieldsNotSecret[strings.ToLower(key)] {
				s.Add(v.Str)
			}
		case jsjson.Array:
			for _, it := range v.Items {
				walk(key, it)
			}
		case jsjson.Object:
			for _, m := range v.Members {
				walk(m.Key, m.Value)
			}
		}
	}
	walk("", creds)
}

// AddConnection registers the secrets of a GET /connection response (its credentials).
func (s *Scrubber) AddConnection(conn jsjson.Value) {
	if creds, ok := conn.Get("credentials"); ok {
		s.AddCredentials(creds)
	}
}

func (s *Scrubber) list() []string {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.secrets
}

// String removes every known secret from str.
func (s *Scrubber) String(str string) string {
	for _, secret := range s.list() {
		if strings.Contains(str, secret) {
			str = strings.ReplaceAll(str, secret, Redacted)
		}
	}
	return str
}

// Value returns v with every known secret removed from its strings and property names.
func (s *Scrubber) Value(v jsjson.Value) jsjson.Value {
	if len(s.list()) == 0 {
		return v
	}
	switch v.Kind {
	case jsjson.String:
		v.Str = s.String(v.Str)
	case jsjson.Array:
		items := make([]jsjson.Value, len(v.Items))
		for i, it := range v.Items {
			items[i] = s.Value(it)
		}
		v.Items = items
	case jsjson.Object:
		ms := make([]jsjson.Member, len(v.Members))
		for i, m := range v.Members {
			ms[i] = jsjson.Member{Key: s.String(m.Key), Value: s.Value(m.Value)}
		}
		v.Members = ms
	}
	return v
}

// Check is the last guard before a file is written: it fails if a known secret appears in
// the bytes, raw or as JSON would escape it.
func (s *Scrubber) Check(path string, data []byte) error {
	text := string(data)
	for _, secret := range s.list() {
		quoted := string(jsjson.AppendQuoted(nil, secret))
		if strings.Contains(text, secret) || strings.Contains(text, quoted[1:len(quoted)-1]) {
			return fmt.Errorf("refusing to write %s: it would contain a secret", path)
		}
	}
	return nil
}

// sensitiveName reports whether a header or query param name carries credentials by
// convention (Authorization, X-Api-Key, api_key, access_token, Cookie, ...).
func sensitiveName(name string) bool {
	n := strings.ToLower(name)
	n = strings.TrimPrefix(n, "nango-proxy-")
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie", "key", "token", "code", "signature", "sig":
		return true
	}
	for _, part := range []string{"token", "secret", "password", "passwd", "api-key", "api_key", "apikey", "x-auth", "authorization", "session", "credential", "private-key", "private_key"} {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// scrubIdentity is the identity as written into a file: secrets removed, sensitive header
// and param values replaced. The file keeps the hash of the real identity as its name.
func (s *Scrubber) scrubIdentity(id Identity) Identity {
	out := id
	clean := func(es []Entry) []Entry {
		res := make([]Entry, len(es))
		for i, e := range es {
			v := s.Value(e.Value)
			if sensitiveName(e.Key) && v.Kind != jsjson.Null && v.Kind != jsjson.Undefined {
				v = jsjson.StringValue(Redacted)
			}
			res[i] = Entry{Key: e.Key, Value: v}
		}
		return res
	}
	out.Params = clean(id.Params)
	out.Headers = clean(id.Headers)
	out.Endpoint = s.String(id.Endpoint)
	out.Data = s.String(id.Data)
	return out
}

// scrubResponseHeaders drops credential-carrying response headers (Set-Cookie and the like)
// and removes secrets from the others.
func (s *Scrubber) scrubResponseHeaders(h jsjson.Value) jsjson.Value {
	if h.Kind != jsjson.Object {
		return s.Value(h)
	}
	out := jsjson.Value{Kind: jsjson.Object, Members: make([]jsjson.Member, 0, len(h.Members))}
	for _, m := range h.Members {
		if sensitiveName(m.Key) {
			continue
		}
		out.Members = append(out.Members, jsjson.Member{Key: m.Key, Value: s.Value(m.Value)})
	}
	return out
}
