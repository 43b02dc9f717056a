package fakenango

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/nango-go/nango/internal/providers"
)

// The server's provider catalog behind GET /providers/:provider (public API since v0.42.11):
// authenticated with the secret key like every route, no query parameters allowed, a
// provider name of the usual characters, 404 for a name the catalog does not have, and the
// entry answered as {data: {...entry, name, logo_url}}. A server starts with no catalog (every
// name is unknown); SetProviders gives it one, as a deployment's providers.yaml does. An older
// server without the route is scripted with Respond("GET", "/providers/*", 404).

// SetProviders makes the server answer from cat (nil: no provider is known).
func (s *Server) SetProviders(cat *providers.Catalog) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catalog = map[string]json.RawMessage{}
	if cat == nil {
		return
	}
	for _, name := range cat.Names() {
		p, _ := cat.Get(name)
		if b, err := p.MarshalJSON(); err == nil {
			s.catalog[name] = b
		}
	}
}

var providerNameRe = regexp.MustCompile(`^[a-zA-Z0-9~:.@ _-]+$`)

func (s *Server) getProvider(r *http.Request, name string) answer {
	if q := r.URL.Query(); len(q) > 0 {
		var keys []string
		for _, k := range sortedKeys(q) {
			keys = append(keys, "'"+k+"'")
		}
		return jsonAnswer(400, zodError("invalid_query_params", []issue{{Code: "unrecognized_keys",
			Message: "Unrecognized key(s) in object: " + strings.Join(keys, ", "), Path: []any{}}}))
	}
	if !providerNameRe.MatchString(name) || len(name) > 255 {
		return jsonAnswer(400, zodError("invalid_uri_params", []issue{{Code: "invalid_string", Message: "Invalid", Path: []any{"provider"}}}))
	}
	entry, ok := s.catalog[name]
	if !ok {
		return jsonAnswer(404, errorBody("not_found", fmt.Sprintf("Unknown provider %s", name)))
	}
	var m map[string]any
	if err := json.Unmarshal(entry, &m); err != nil {
		return jsonAnswer(500, errorBody("server_error", err.Error()))
	}
	m["name"] = name
	m["logo_url"] = "https://app.nango.dev/images/template-logos/" + name + ".svg"
	return jsonAnswer(200, map[string]any{"data": m})
}
