package proxy

import (
	"context"

	"github.com/nango-go/nango/internal/nangoapi"
)

// URLFor is the provider URL req goes to, with the connection's secrets removed (for the
// `http [200] GET <url>` lines).
func (e *Engine) URLFor(req nangoapi.ProxyRequest) string {
	e.mu.Lock()
	data := e.templateData()
	e.mu.Unlock()
	u, err := e.url(req, data)
	if err != nil {
		return req.Endpoint
	}
	return e.redact(u)
}

// Refresh gets a new token now when force is set and the credentials allow it; otherwise
// only an expired one (nango.getConnection() answers with fresh credentials, as the
// reference server does).
func (e *Engine) Refresh(ctx context.Context, force bool) error {
	if force && e.canReauth() {
		return e.reauth(ctx)
	}
	return e.ensureToken(ctx)
}

// CredentialsCopy is a copy of the current credentials (a refresh may have changed them).
func (e *Engine) CredentialsCopy() map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]any, len(e.Conn.Credentials))
	for k, v := range e.Conn.Credentials {
		out[k] = v
	}
	return out
}

// SetMetadata replaces the metadata the templates see (after nango.setMetadata).
func (e *Engine) SetMetadata(m map[string]any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.Conn.Metadata = m
}
